import ceasefire
import ceasefire.errors


def test_public_api_every_error_exported():
    errors = [name for name in dir(ceasefire.errors) if name.endswith("Error")]
    assert errors
    for name in errors:
        assert name in ceasefire.__all__, name


def test_public_api_every_name_resolves():
    for name in ceasefire.__all__:
        assert getattr(ceasefire, name) is not None, name


def test_public_api_unknown_name_is_attribute_error():
    try:
        ceasefire.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
