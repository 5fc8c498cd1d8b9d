"""The text ledger end to end over hand-built records: the Hama attack of 3 March 2019 (UCDP 281723)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from events_records import hama_reports, southfront_report

from ceasefire.events.assemble import first_toponym_in_sentence
from ceasefire.events.importers import import_ucdp
from ceasefire.events.ledger import build_ledger
from ceasefire.models import Document

DATA = Path(__file__).parent.parent / "data" / "events"


def fill(store, builders) -> list:
    toponyms = []
    for b in builders:
        store.write_document(b.doc)
        store.write_mentions(b.doc.id, b.mentions)
        store.write_claims(b.doc.id, b.claims)
        toponyms += b.toponyms
    return toponyms


def build(store, settings, toponyms, locate=first_toponym_in_sentence) -> int:
    return build_ledger(store, settings, toponyms=toponyms, locate=locate)


# None: the geo stage's event_location, as the pipeline runs it.
@pytest.mark.parametrize("locate", [first_toponym_in_sentence, None], ids=["first-toponym", "geo-event-location"])
def test_ledger_hama_attack_is_one_event_with_two_sources(store, settings, locate):
    toponyms = fill(store, hama_reports())
    assert build(store, settings, toponyms, locate) == 2  # Masasneh on 3 March, al-Baghuz on 1 March
    (hama,) = store.events(origin="text", near=(35.29, 36.66), km=5)
    assert hama.event_date == date(2019, 3, 3) and hama.time_precision == 1
    assert hama.location in ("Masasneh", "Masasinah")
    assert sorted(hama.sources) == ["SOHR", "South Front"]
    assert len(hama.documents) == 4
    figures = sorted((c.value_low, c.value_high, c.status) for c in hama.claims if c.kind == "fatalities")
    assert figures == [(6, 6, None), (17, None, None), (20, 20, "superseded"), (27, 27, None), (30, 30, None)]
    assert hama.fatalities_low <= 33 <= (hama.fatalities_high or 33)  # UCDP's best estimate
    assert hama.fatalities_best == 33
    assert "(revised from 20)" in hama.notes
    assert not hama.disputed


def test_ledger_rebuild_is_idempotent(store, settings):
    toponyms = fill(store, hama_reports())
    build(store, settings, toponyms)
    first = store.events()
    build(store, settings, toponyms)
    assert store.events() == first


def test_ledger_syndicated_copy_is_one_source(store, settings):
    original = southfront_report()
    copy = southfront_report()
    text = copy.doc.text + " "  # another document id, same reporting
    copy_doc = Document(**{**copy.doc.__dict__, "id": "copy-of-southfront", "text": text, "publisher": "Other Mirror", "original_source": None, "syndication_group": original.doc.id})
    copy.doc = copy_doc
    copy.mentions = [m.__class__(**{**m.__dict__, "document_id": copy_doc.id}) for m in copy.mentions]
    ids = {m.id: n.id for m, n in zip(southfront_report().mentions, copy.mentions)}
    copy.claims = [c.__class__(**{**c.__dict__, "document_id": copy_doc.id, "mention_id": ids[c.mention_id], "publisher": "Other Mirror"}) for c in copy.claims]
    copy.toponyms = [t.__class__(**{**t.__dict__, "document_id": copy_doc.id}) for t in copy.toponyms]
    toponyms = fill(store, [original, copy])
    build(store, settings, toponyms)
    (hama,) = store.events(near=(35.29, 36.66), km=5)
    assert hama.sources == ("South Front",)
    assert sorted(c.status or "" for c in hama.claims if c.kind == "fatalities") == ["", "", "duplicate", "duplicate"]
    assert (hama.fatalities_low, hama.fatalities_high) == (23, None)


def test_ledger_keeps_imported_events_apart(store, settings):
    import_ucdp(store, DATA / "ucdp_small.csv")
    imported = store.events(origin="ucdp")
    toponyms = fill(store, hama_reports())
    build(store, settings, toponyms)
    assert store.events(origin="ucdp") == imported
    assert all(e.origin == "text" and not e.origin_id for e in store.events(origin="text"))


@pytest.mark.slow
@pytest.mark.shared
def test_ledger_range_contains_ucdp_best_of_the_shared_row(store, settings, shared_dir):
    import_ucdp(store, shared_dir / "data" / "ucdp" / "ged_syria_2016_2019.csv.gz")
    (gold,) = [e for e in store.events(origin="ucdp", since=date(2019, 3, 3), until=date(2019, 3, 3)) if e.origin_id == "281723"]
    toponyms = fill(store, hama_reports())
    build(store, settings, toponyms)
    (hama,) = store.events(origin="text", near=(gold.latitude, gold.longitude), km=5)
    assert hama.fatalities_low <= gold.fatalities_best <= (hama.fatalities_high or gold.fatalities_best)


def test_ledger_undated_reports_are_left_out_with_one_warning(store, settings, caplog):
    """"Yesterday" in a document with no publication date dates nothing: its event is left out, and the ledger says
    so in one line for all such documents, not one per document."""
    import logging

    from ceasefire.pipeline import run_flow

    text = "Rebels shelled {town} yesterday, killing three soldiers."
    undated = [Document(id=f"u{i}".ljust(64, "0"), text=text.format(town=town), published=None)
               for i, town in enumerate(["Kafr Nabudah", "Khan Shaykhun", "Latamina"])]
    dated = Document(id="d".ljust(64, "0"), text=text.format(town="Kafr Zita"), published=date(2019, 3, 5))
    with caplog.at_level(logging.WARNING, logger="ceasefire.events"):
        events = run_flow(undated + [dated], settings, store)
    assert [(e.event_date, e.documents) for e in events] == [(date(2019, 3, 4), (dated.id,))]
    warnings = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].startswith("ledger: 3 event(s) of 3 document(s) left out: no date in the text and no publication date")
