import subprocess
import sys

import pytest

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


@pytest.mark.parametrize("module", ["ceasefire.api.app", "ceasefire.events.ledger", "ceasefire.agreements.engine"])
def test_public_api_ledger_side_does_not_load_spacy(module):
    # serving, the ledger, violations and reports need no NLP model: loading spaCy would add about 2 s to each
    code = f"import sys, {module}; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("module", "call"),
    [
        ("ceasefire.events.assemble", "ceasefire.events.assemble.default_actors()"),
        ("ceasefire.nlp.actors", "ceasefire.nlp.actors.ActorDictionary.load().resolve('SDF')"),
    ],
)
def test_public_api_actor_dictionary_does_not_load_spacy(module, call):
    # the ledger and the UCDP/ACLED importers resolve names through the dictionary, without parsing
    code = f"import sys, {module}; {call}; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"
