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


@pytest.mark.parametrize(
    "call",
    [
        "ceasefire.events.assemble.default_locator()",  # the geo stage's event_location, as the ledger locates events
        "ceasefire.geo.event_location",
        "ceasefire.geo.ucdp_where_prec",
        "ceasefire.events.build_ledger",
    ],
)
def test_public_api_ledger_locator_does_not_load_spacy(call):
    # the ledger runs in the flow's main process, which never parses: importing spaCy cost it about 1.2 CPU-s
    code = f"import sys, ceasefire.events.assemble, ceasefire.geo, ceasefire.events; {call}; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("first", ["import ceasefire.geo.geoparse, ceasefire.geo.resolve", "import ceasefire.geo"])
def test_public_api_geo_names_stay_the_functions(first):
    # ceasefire.geo imports its names on first use; the submodules geoparse.py and resolve.py never hide the
    # functions of the same names, whichever is imported first
    code = (f"{first}; import types, ceasefire.geo as geo; from ceasefire.geo import geoparse, resolve, Gazetteer, event_location; "
            "print(all(callable(f) and not isinstance(f, types.ModuleType) for f in (geo.geoparse, geo.resolve, geoparse, resolve)), "
            "geo.geoparse is geoparse, sorted(geo.__all__) == sorted(n for n in geo.__all__ if getattr(geo, n) is not None))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["True", "True", "True"]


@pytest.mark.parametrize("package", ["ceasefire", "ceasefire.geo", "ceasefire.events"])
def test_public_api_unknown_names_are_attribute_errors(package):
    import importlib

    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'no_such_name'"):
        getattr(importlib.import_module(package), "no_such_name")
