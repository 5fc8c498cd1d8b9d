from datetime import date

import pytest

from ceasefire.models import Claim, Document, Event, Mention, Violation
from ceasefire.store import EventFilter, open_store
from ceasefire.store.duckdb import DuckDBStore


def _event(event_id: str, lat: float, lon: float, day: date = date(2019, 3, 3)) -> Event:
    claim = Claim(document_id="d1", mention_id="d1:0:5", kind="fatalities", start=5, end=20, value_low=17, source="a military source")
    return Event(event_id=event_id, event_date=day, event_type="Battles", sub_event_type="Armed clash",
                 latitude=lat, longitude=lon, claims=(claim,), sources=("SouthFront",), documents=("d1",))


def test_store_document_written_once(any_store):
    doc = Document(id="abc123def", text="Fighting near Masasneh.", title="t", published=date(2019, 3, 5), tags=("Syria",))
    assert any_store.write_document(doc, raw=b"raw", minhash=b"\x00")
    assert not any_store.write_document(doc)
    assert any_store.count_documents() == 1
    assert any_store.document("abc123") == doc


def test_store_mentions_and_claims_replace_per_document(any_store):
    m = Mention("d1", 0, 0, 30, "attack", 5, 11, "Battles", "Armed clash", 0.9)
    any_store.write_mentions("d1", [m])
    any_store.write_mentions("d1", [m])
    assert any_store.mentions("d1") == [m]
    c = Claim(document_id="d1", mention_id=m.id, kind="fatalities", start=0, end=10, value_low=17)
    any_store.write_claims("d1", [c, c])
    assert any_store.claims("d1") == [c, c]


def test_store_events_round_trip_and_spatial_filter(any_store):
    near = _event("e1", 35.29, 36.66)
    far = _event("e2", 34.45, 40.92)
    assert any_store.write_events([near, far]) == 2
    assert any_store.events() == [near, far]
    assert any_store.events(near=(35.30, 36.67), km=5) == [near]
    assert any_store.events_in((34.45, 40.92, 1.0), (date(2019, 1, 1), None)) == [far]
    assert any_store.events(since=date(2019, 3, 4)) == []
    assert any_store.event("e2") == far and any_store.event("e3") is None


def test_store_events_page_and_count_in_the_database(any_store):
    days = [date(2019, 3, d) for d in range(1, 8)]
    events = [_event(f"e{d.day}", 35.29, 36.66, day=d) for d in days]
    any_store.write_events(events)
    assert any_store.events(limit=3) == events[:3]
    assert any_store.events(limit=3, offset=5) == events[5:]
    assert any_store.events(offset=6) == events[6:]
    assert any_store.events(limit=2, newest_first=True) == events[::-1][:2]
    assert any_store.count_events() == 7
    assert any_store.count_events(EventFilter(since=date(2019, 3, 6))) == 2
    assert any_store.count_events(EventFilter(near=(34.45, 40.92), km=5)) == 0
    nearby = EventFilter(near=(35.30, 36.67), km=5, until=date(2019, 3, 2))
    assert any_store.count_events(nearby) == 2 and any_store.select_events(nearby, limit=1) == events[:1]


def test_store_weekly_counts_and_points_summarise_in_the_database(any_store):
    # 2019-03-03 is a Sunday: it belongs to the week of Monday 2019-02-25; the 4th starts a new week.
    events = [_event("e1", 35.29, 36.66, date(2019, 3, 3)), _event("e2", 34.45, 40.92, date(2019, 3, 4)),
              _event("e3", 34.45, 40.92, date(2019, 3, 10))]
    unlocated = Event("e4", date(2019, 3, 5), "Protests", "Peaceful protest", origin="ucdp")
    any_store.write_events([*events, unlocated])
    assert any_store.weekly_event_counts() == [
        (date(2019, 2, 25), "Battles", 1), (date(2019, 3, 4), "Battles", 2), (date(2019, 3, 4), "Protests", 1)]
    assert any_store.weekly_event_counts(EventFilter(event_type="Protests")) == [(date(2019, 3, 4), "Protests", 1)]
    assert sorted(any_store.event_points()) == [(36.66, 35.29, "text"), (40.92, 34.45, "text"), (40.92, 34.45, "text")]
    assert any_store.event_points(EventFilter(near=(35.30, 36.67), km=5)) == [(36.66, 35.29, "text")]
    assert any_store.event_points(EventFilter(origin="ucdp")) == []


def test_store_violations_idempotent(any_store):
    v = Violation("sochi", "r1", "e1", date(2019, 3, 3), "Ansar al-Tawhid", "inside", "dmz", 0.0, 35.29, 36.66)
    any_store.write_violations([v, v])
    assert any_store.violations("sochi") == [v]


def test_store_duckdb_migrations_recorded_once(tmp_path):
    path = str(tmp_path / "x.duckdb")
    with DuckDBStore(path) as s:
        first = s.con.execute("SELECT count(*) FROM migrations").fetchone()[0]
    with DuckDBStore(path) as s:
        assert s.migrate() == []
        assert s.con.execute("SELECT count(*) FROM migrations").fetchone()[0] == first


def test_store_toponyms_keep_resolved_place(any_store):
    from ceasefire.models import Place, Toponym

    place = Place(id="ucdp:1", name="Masasinah", latitude=35.29, longitude=36.664, country_code="SY", alternate_names=("Masasneh",))
    resolved = Toponym("d1", 10, 18, "Masasneh", place=place, geo_precision=2, relation="near")
    unresolved = Toponym("d1", 30, 35, "Nowhere")
    any_store.write_toponyms("d1", [resolved, unresolved])
    any_store.write_toponyms("d1", [resolved, unresolved])
    assert any_store.toponyms("d1") == [resolved, unresolved]


@pytest.mark.server
def test_store_postgis_reopen_applies_no_migration(postgis_url):
    from ceasefire.store.postgis import PostgisStore

    with PostgisStore(postgis_url) as first:
        first.migrate()
    with PostgisStore(postgis_url) as again:
        assert again.migrate() == []


def test_store_postgis_unreachable_server_is_one_line_error():
    from ceasefire.errors import StoreError

    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")


def test_store_events_rewrite_updates_and_last_copy_wins(any_store):
    any_store.write_events([_event("e1", 35.29, 36.66)])
    moved = _event("e1", 35.30, 36.70, day=date(2019, 3, 4))
    stale = _event("e1", 1.0, 1.0)
    assert any_store.write_events([stale, moved]) == 1
    assert any_store.events() == [moved]


def test_store_duckdb_unusable_folder_is_one_line_error(tmp_path):
    from ceasefire.errors import StoreError

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create its folder"):
        open_store(str(blocker / "ledger.duckdb"))


def test_store_duckdb_loads_spatial_offline_on_the_first_distance_query(tmp_path):
    with DuckDBStore(str(tmp_path / "lazy.duckdb")) as lazy:
        assert lazy.con.execute("SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'spatial' AND loaded").fetchone()[0] == 0
        lazy.write_events([_event("e1", 35.29, 36.66)])
        assert [e.event_id for e in lazy.events(near=(35.30, 36.67), km=5)] == ["e1"]
        assert lazy.con.execute("SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'spatial' AND loaded").fetchone()[0] == 1


def test_store_single_threaded_writes_keep_everything_and_restore_the_threads(any_store):
    embedded = isinstance(any_store, DuckDBStore)
    threads = (lambda: any_store.con.execute("SELECT current_setting('threads')").fetchone()[0]) if embedded else (lambda: None)
    before = threads()
    document = Document(id="f" * 64, text="Shelling was reported in Khan Shaykhun.")
    with any_store.single_threaded():
        assert threads() == (1 if embedded else None)
        assert any_store.write_document(document)
    assert any_store.has_document(document.id)
    assert threads() == before


def test_store_reads_do_not_depend_on_the_order_rows_were_written_in(any_store):
    """One date claimed for two mentions, killed and injured at one span: the ledger listed such claims (and its
    notes the figures) in the order the workers' results had arrived."""
    first = Mention("d2", 0, 0, 60, "clashes", 0, 7, "Battles", "Armed clash", 0.9)
    second = Mention("d2", 1, 61, 120, "shelling", 61, 69, "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.8)
    claims = [
        Claim("d2", first.id, "date", 40, 50, value_text="2019-03-04"),
        Claim("d2", second.id, "date", 40, 50, value_text="2019-03-04"),
        Claim("d2", first.id, "fatalities", 10, 20, value_low=0.0, value_high=29.0),
        Claim("d2", first.id, "injuries", 10, 20, value_low=0.0, value_high=29.0),
    ]
    any_store.write_mentions("d2", [second, first])
    any_store.write_claims("d2", claims)
    read = any_store.claims("d2"), any_store.mentions("d2")
    any_store.write_mentions("d2", [first, second])
    any_store.write_claims("d2", claims[::-1])
    assert (any_store.claims("d2"), any_store.mentions("d2")) == read
    assert sorted(map(repr, read[0])) == sorted(map(repr, claims))
