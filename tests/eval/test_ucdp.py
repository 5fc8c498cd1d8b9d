from datetime import date
from pathlib import Path

import pytest

from ceasefire.eval.ged import read_ged
from ceasefire.events.importers import import_ucdp
from ceasefire.eval.ucdp import UcdpScore, build_evaluation_set, evaluate_ucdp, fatality_interval_contains
from ceasefire.models import Document, Event
from ceasefire.settings import Settings
from ceasefire.store import open_store

GED = Path(__file__).parents[1] / "data" / "ucdp_ged_small.csv"
JSON_KEYS = {
    "documents", "gold_events", "predicted_events", "matched", "recall", "recall_place_named",
    "precision_lower_bound", "median_location_error_km", "share_exact_date",
    "share_interval_contains_ucdp_best", "share_actors_agree", "seconds", "by_year", "by_admin1",
    "by_type_of_violence", "worst_misses",
}


def headline_flow(documents: list[Document], settings, store) -> list[Event]:
    """A stand-in for the NLP flow: fixed events for two of the fixture's headlines."""
    events = []
    for document in documents:
        store.write_document(document)
        if "Masasneh" in document.text:  # UCDP 9001: same day, same place, 3 killed, actors agree
            events.append(Event(
                "e-masasneh", date(2019, 3, 4), "Explosions/Remote violence", "Shelling/artillery/missile attack",
                actor1="Military Forces of Syria", actor2="Civilians", latitude=35.29, longitude=36.664,
                fatalities_low=3, fatalities_high=3, documents=(document.id,),
            ))
        if "al-Baghuz" in document.text:  # UCDP 9002 (a two-day event): 2 km off, one day late, open-ended count
            events.append(Event(
                "e-baghuz", date(2019, 3, 6), "Battles", "Armed clash", actor1="Syrian Democratic Forces",
                actor2="Islamic State", latitude=34.466, longitude=40.943, fatalities_low=13, documents=(document.id,),
            ))
        if "Kafr Nabl" in document.text:  # UCDP 9006, but located 40 km away: a miss
            events.append(Event(
                "e-kafr-nabl", date(2017, 5, 2), "Battles", "Armed clash", latitude=35.614 + 0.36, longitude=36.561,
                documents=(document.id,),
            ))
    return events


def store_events_flow(documents: list[Document], settings, store) -> list[Event]:
    """A flow that would cheat: it returns every event in the store it is given, as if it found them."""
    from dataclasses import replace

    return [replace(e, origin="text") for e in store.events()] + headline_flow(documents, settings, store)


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> UcdpScore:
    settings = Settings().replace(db=str(tmp_path_factory.mktemp("user") / "user.duckdb"))
    return evaluate_ucdp(GED, settings, sample=None, flow=headline_flow)


def test_ucdp_scores_hand_built_events(result):
    assert (result.documents, result.gold_events, result.predicted_events, result.matched) == (6, 6, 3, 2)
    assert result.stored_documents == 6
    assert result.recall == pytest.approx(2 / 6, abs=1e-4)
    assert result.precision_lower_bound == pytest.approx(2 / 3, abs=1e-4)
    assert result.median_location_error_km == pytest.approx(1.0, abs=0.1)
    assert result.share_exact_date == 0.5  # Baghuz is a day after UCDP's range
    assert result.share_interval_contains_ucdp_best == 1.0  # 3..3 holds 3; 13..open holds 14
    assert result.share_actors_agree == 0.5  # Baghuz agrees; Masasneh has "Civilians" where UCDP has insurgents
    assert result.share_one_side_agrees == 1.0
    assert result.share_figure_stated == 1.0  # both matches state a figure
    assert result.share_bounded_contains_best == 1.0  # only Masasneh's 3..3 is bounded, and it holds 3
    assert result.by_year["2019"] == {"gold_events": 4, "matched": 2, "recall": 0.5, "place_named": 1, "recall_place_named": 1.0}
    assert result.place_named_events == 3  # Masasneh, Busra al-Harir, Kafr Nabl (not "Al Baghuz Fawqani")
    assert set(result.by_type_of_violence) == {"state-based", "non-state", "one-sided"}


def test_ucdp_worst_misses_explain_the_miss(result):
    misses = {m["ucdp_id"]: m for m in result.worst_misses}
    assert set(misses) == {"9003", "9004", "9005", "9006"}
    assert misses["9006"]["cause"] == "too far"
    assert misses["9006"]["produced"][0]["distance_km"] == pytest.approx(40, abs=0.5)
    assert misses["9004"]["cause"] == "no event"
    assert misses["9004"]["documents"][0]["text"] == "R3591"
    assert misses["9003"]["cause"] == "taken"  # its only nearby event went to 9002
    assert result.miss_causes == {"no event": 2, "too far": 1, "taken": 1}
    assert result.miss_causes_place_named == {"no event": 1, "too far": 1}
    # Misses whose place the headline names come first.
    assert [m["place_named"] for m in result.worst_misses] == sorted((m["place_named"] for m in result.worst_misses), reverse=True)


def test_ucdp_json_has_exactly_the_design_keys(result):
    assert set(result.as_json()) == JSON_KEYS


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_ucdp_sampling_is_deterministic(seed):
    ged = read_ged(GED)
    first, second = build_evaluation_set(ged, 3, seed), build_evaluation_set(ged, 3, seed)
    assert first == second
    assert len(first.citations) == 3
    keys = {c.key for c in first.citations}
    # Gold = exactly the events citing a sampled document.
    assert {e.id for e in first.gold} == {e.id for e in ged.events if keys & {c.key for c in e.citations}}


def test_ucdp_sampling_depends_on_the_seed(shared_dir):
    ged = read_ged(shared_dir / "data" / "ucdp" / "ged_syria_2016_2019.csv.gz")
    assert build_evaluation_set(ged, 50, 0).citations != build_evaluation_set(ged, 50, 1).citations


def test_ucdp_since_until_filter_gold(settings):
    scored = evaluate_ucdp(GED, settings, sample=None, since=date(2019, 1, 1), until=date(2019, 3, 31), flow=headline_flow)
    assert scored.gold_events == 3 and scored.matched == 2


def test_ucdp_score_ignores_events_imported_into_the_users_store(settings):
    before = evaluate_ucdp(GED, settings, sample=None, flow=store_events_flow)
    with open_store(settings) as users_store:
        assert import_ucdp(users_store, GED).imported == 6
        assert len(users_store.events(origin="ucdp")) == 6
    after = evaluate_ucdp(GED, settings, sample=None, flow=store_events_flow)
    assert (after.matched, after.predicted_events, after.recall) == (before.matched, before.predicted_events, before.recall) == (2, 3, pytest.approx(2 / 6, abs=1e-4))


@pytest.mark.parametrize(
    "low, high, best, contains",
    [(3, 3, 3, True), (17, None, 20, True), (17, None, 16, False), (None, None, 0, True), (None, None, 2, False), (None, 5, 4, True)],
)
def test_ucdp_fatality_interval(low, high, best, contains):
    event = Event("e", date(2019, 1, 1), "Battles", "Armed clash", fatalities_low=low, fatalities_high=high)
    assert fatality_interval_contains(event, best) is contains


# ------------------------------------------------------------------- the command
def _invoke(*args: str):
    from click.testing import CliRunner

    from ceasefire.cli import main

    return CliRunner().invoke(main, ["eval", "ucdp", *args])


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "file not found"),
        ("id,year\n1,2019\n", "missing column(s) type_of_violence"),
        (GED.read_text(encoding="utf-8").replace("35.290", "north"), "column 'latitude' is 'north'"),
    ],
)
def test_ucdp_command_bad_input_exits_1_naming_the_file(tmp_path, content, message):
    path = tmp_path / "ged.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = _invoke(str(path), "--db", str(tmp_path / "user.duckdb"))
    assert result.exit_code == 1
    assert "Error: " in result.output and str(path) in result.output and message in result.output


@pytest.mark.parametrize("flag", [["--since", "2019-99-01"], ["--sample", "-3"], ["--format", "xml"]])
def test_ucdp_command_bad_flags_exit_2(tmp_path, flag):
    assert _invoke(str(GED), *flag).exit_code == 2


@pytest.mark.slow
def test_ucdp_command_runs_the_real_flow(tmp_path):
    """The whole flow on the hand-written GED rows: one JSON object with the design keys, and the
    same figures when the user's database already holds the UCDP events."""
    import json

    db = str(tmp_path / "user.duckdb")
    first = _invoke(str(GED), "--sample", "0", "--format", "json", "--db", db)
    assert first.exit_code == 0, first.output
    scored = json.loads(first.output)
    assert set(scored) == JSON_KEYS
    assert scored["documents"] == 6 and scored["gold_events"] == 6
    with open_store(db) as users_store:
        assert import_ucdp(users_store, GED).imported == 6
    again = json.loads(_invoke(str(GED), "--sample", "0", "--format", "json", "--db", db).output)
    assert {k: v for k, v in again.items() if k != "seconds"} == {k: v for k, v in scored.items() if k != "seconds"}



@pytest.mark.parametrize("configured, expected", [((), ("SY",)), (("IQ",), ("IQ",))])
def test_ucdp_flow_monitors_the_ged_countries(tmp_path, configured, expected):
    # The monitor follows the theatre being scored, as its user would configure it; a focus the user set is kept.
    seen = []

    def flow(documents, settings, store):
        seen.append(settings.focus_countries)
        return []

    settings = Settings().replace(db=str(tmp_path / "user.duckdb"), focus_countries=configured)
    evaluate_ucdp(GED, settings, sample=None, flow=flow)
    assert seen == [expected]
