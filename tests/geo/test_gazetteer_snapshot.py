"""The gazetteer's memory-mapped snapshot: the same answers as reading the DuckDB file, in a fraction of the memory."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from ceasefire.geo import Gazetteer
from ceasefire.geo.snapshot import KeyIndex, StringColumn
from ceasefire.geo.tables import PlaceRecord, write_gazetteer

PLACES = [
    PlaceRecord("t:1", "Masasinah", 35.29, 36.66, "P", "PPL", "SY", "Hama", None, "10", None, 0, "ucdp", alternate_names=["Masasneh"]),
    PlaceRecord("t:2", "Hama", 35.13, 36.75, "P", "PPLA", "SY", "Hama", None, "10", None, 460_000, "geonames"),
    PlaceRecord("t:3", "Hama Governorate", 35.2, 37.0, "A", "ADM1", "SY", "Hama", None, "10", None, 1_600_000, "geonames",
                alternate_names=["Hama", "Ḥamāh"]),
    PlaceRecord("t:4", "Syria", 35.0, 38.0, "A", "PCLI", "SY", None, None, None, None, 17_000_000, "geonames", demonyms=["Syrian"]),
    PlaceRecord("t:5", "Baghuz Fawqani", 34.46, 40.94, "P", "PPL", "SY", "Deir ez-Zor", None, "07", None, 0, "geonames",
                alternate_names=["al-Baghuz", "Baghouz"]),
    PlaceRecord("t:6", "Zürich", 47.37, 8.54, "P", "PPLA", "CH", "Zurich", None, "ZH", None, 400_000, "geonames"),
]


@pytest.fixture()
def small_gazetteer(tmp_path: Path) -> Path:
    path = tmp_path / "gazetteer.duckdb"
    write_gazetteer(path, PLACES, {"source": "test"})
    return path


@pytest.mark.parametrize("values", [["b", None, "ä", "", "Ḥamāh"], ["only"], []])
def test_gazetteer_snapshot_string_column_round_trip(tmp_path: Path, values: list) -> None:
    column = StringColumn.from_strings(values)
    column.save(tmp_path, "c")
    loaded = StringColumn.load(tmp_path, "c")
    assert len(loaded) == len(values) and loaded.tolist() == values and list(loaded) == values
    if values:
        assert loaded[-1] == values[-1] and loaded[np.int64(0)] == values[0]
        picked = loaded[np.array([len(values) - 1, 0])]
        assert picked.dtype == object and picked.tolist() == [values[-1], values[0]]
    with pytest.raises(IndexError):
        loaded[len(values)]


@pytest.mark.parametrize("key, expected", [("a", (0, 2)), ("b", (2, 3)), ("é", (3, 6)), ("ab", (0, 0)), ("", (0, 0)), ("z", (0, 0)),
                                           ("ḥ", (6, 7))])
def test_gazetteer_snapshot_key_index_ranges(key: str, expected: tuple[int, int]) -> None:
    # code point order, as Python sorts strings and DuckDB sorts VARCHAR
    index = KeyIndex.from_sorted(["a", "a", "b", "é", "é", "é", "ḥ"])
    assert index.range(key) == expected


def test_gazetteer_snapshot_same_answers_as_duckdb(small_gazetteer: Path) -> None:
    from_duckdb = Gazetteer._read((small_gazetteer,))
    Gazetteer._cache.clear()
    from_snapshot = Gazetteer.open(small_gazetteer)
    assert Gazetteer.snapshot_path(small_gazetteer).is_dir()
    assert isinstance(from_snapshot.columns["latitude"], np.memmap)
    assert len(from_snapshot) == len(from_duckdb) == len(PLACES)
    for idx in range(len(PLACES)):
        assert from_snapshot.place(idx) == from_duckdb.place(idx)
        assert from_snapshot.admin1_of(idx) == from_duckdb.admin1_of(idx)
    for name in ["Hama", "Masasneh", "Masasna", "al Baghuz", "Baghouz", "Syrian", "Zurich", "Zürich", "Nowhere", "Ḥamāh"]:
        assert from_snapshot.candidates(name) == from_duckdb.candidates(name), name
        assert from_snapshot.lookup(name) == from_duckdb.lookup(name), name
    assert {p.name for p in from_snapshot.lookup("Hama", "SY")[:2]} == {"Hama", "Hama Governorate"}


def test_gazetteer_snapshot_rewritten_when_the_gazetteer_changes(small_gazetteer: Path) -> None:
    Gazetteer._cache.clear()
    assert len(Gazetteer.open(small_gazetteer)) == len(PLACES)
    write_gazetteer(small_gazetteer, PLACES[:2], {"source": "test"})
    stat = small_gazetteer.stat()
    os.utime(small_gazetteer, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert len(Gazetteer.open(small_gazetteer)) == 2
    Gazetteer._cache.clear()
    assert len(Gazetteer.open(small_gazetteer)) == 2  # read back from the rewritten snapshot


def test_gazetteer_snapshot_unreadable_falls_back_to_duckdb(small_gazetteer: Path) -> None:
    Gazetteer._cache.clear()
    Gazetteer.open(small_gazetteer)
    (Gazetteer.snapshot_path(small_gazetteer) / "keys.buffer.npy").write_bytes(b"not an array")
    Gazetteer._cache.clear()
    assert [p.name for p in Gazetteer.open(small_gazetteer).lookup("Masasneh")] == ["Masasinah"]


def test_gazetteer_snapshot_user_import_merged_after_bundled(small_gazetteer: Path, tmp_path: Path) -> None:
    user = tmp_path / "user.duckdb"
    write_gazetteer(user, [PlaceRecord("u:1", "Tall Rifat", 36.47, 37.1, "P", "PPL", "SY", "Aleppo", None, "09", None, 0, "user",
                                       alternate_names=["Tal Rifaat"])], {"source": "user"})
    Gazetteer._cache.clear()
    merged = Gazetteer.open(small_gazetteer, user)
    assert len(merged) == len(PLACES) + 1
    assert merged.place(len(PLACES)).id == "u:1" and merged.columns["source"][len(PLACES)] == "user"
    assert [p.id for p in merged.lookup("Tal Rifaat")] == ["u:1"]
    assert [p.id for p in merged.lookup("Masasneh")] == ["t:1"]


KEYS = sorted(["a", "a", "ab", "abc", "b", "ba", "bb", "c", "ca", "é", "é", "ḥ", "ḥa", "z"])


@pytest.mark.parametrize("sample", [1, 2, 3, 5, 64])
@pytest.mark.parametrize("key", sorted(set(KEYS)) + ["", "0", "aa", "abd", "bz", "d", "zz", "ḥb"])
def test_gazetteer_snapshot_key_index_sampled_search_finds_every_range(monkeypatch, sample: int, key: str) -> None:
    """The C bisection over every SAMPLE-th key, then the Python one in the block: the ranges of a full scan."""
    monkeypatch.setattr(KeyIndex, "SAMPLE", sample)
    rows = [i for i, k in enumerate(KEYS) if k == key]
    assert KeyIndex.from_sorted(KEYS).range(key) == ((rows[0], rows[-1] + 1) if rows else (0, 0))


def test_gazetteer_snapshot_categories_reproduce_the_columns(small_gazetteer: Path) -> None:
    Gazetteer._cache.clear()
    for gaz in (Gazetteer.open(small_gazetteer), Gazetteer._read((small_gazetteer,))):
        for name in ("feature_code", "country_code", "source", "admin2"):
            codes, distinct = gaz.categories(name)
            assert [distinct[c] for c in codes] == list(gaz.columns[name])


def test_gazetteer_snapshot_keeps_the_stored_tables(small_gazetteer: Path) -> None:
    Gazetteer._cache.clear()
    written = Gazetteer.open(small_gazetteer)
    Gazetteer._cache.clear()
    read_back = Gazetteer.open(small_gazetteer)
    assert set(read_back.stored) == set(written.stored) and any(name.endswith(".wkb") for name in read_back.stored)
    for name, array in written.stored.items():
        assert np.array_equal(read_back.stored[name], array)
