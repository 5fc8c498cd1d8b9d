"""The gazetteer's DuckDB tables, and the one writer the builder and the importer share.

``places``      one row per place (``idx`` is its row number), GeoJSON ``geometry`` where known
``names``       every name of every place, with its ``kind`` (name, alternate, demonym, abbreviation)
``name_index``  distinct (key, place) pairs sorted by key: exact and article-free keys
``skeleton_index`` distinct (skeleton, place) pairs sorted by skeleton
``meta``        what was built from what, when
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from ..errors import GazetteerError
from .names import name_key, skeleton_of_bare, strip_articles

SCHEMA_VERSION = "1"
SKELETON_POPULATION = 15_000

# Smaller is stronger: the resolver trusts an official name more than an alternate spelling.
NAME_KINDS = {"name": 0, "alternate": 1, "demonym": 2, "abbreviation": 3}

_SCHEMA = """
CREATE TABLE places (
    idx INTEGER, id VARCHAR, name VARCHAR, latitude DOUBLE, longitude DOUBLE,
    feature_class VARCHAR, feature_code VARCHAR, country_code VARCHAR,
    admin1 VARCHAR, admin2 VARCHAR, admin1_code VARCHAR, admin2_code VARCHAR,
    population BIGINT, source VARCHAR, geometry VARCHAR
);
CREATE TABLE names (place_idx INTEGER, name VARCHAR, kind VARCHAR);
CREATE TEMP TABLE name_keys (place_idx INTEGER, name VARCHAR, kind VARCHAR, key VARCHAR, bare VARCHAR, skeleton VARCHAR);
CREATE TABLE meta (key VARCHAR, value VARCHAR);
"""


@dataclass(eq=False)  # identity: builders find and replace records in long lists
class PlaceRecord:
    """A place on its way into the gazetteer (mutable: builders merge names into it)."""

    id: str
    name: str
    latitude: float
    longitude: float
    feature_class: Optional[str] = None
    feature_code: Optional[str] = None
    country_code: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    admin1_code: Optional[str] = None
    admin2_code: Optional[str] = None
    population: int = 0
    source: Optional[str] = None
    geometry: Optional[str] = None
    alternate_names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)

    def name_rows(self, idx: int) -> Iterable[tuple]:
        """(place_idx, name, kind, key, bare, skeleton) for each distinct name."""
        # Skeletons cost the most to compute: small places get one for their main name only.
        all_skeletons = self.population >= SKELETON_POPULATION or self.source in ("ucdp", "ocha", "user") or self.feature_class == "A"
        seen: set[str] = set()
        for kind, names in (("name", [self.name]), ("alternate", self.alternate_names), ("demonym", self.demonyms), ("abbreviation", self.abbreviations)):
            for name in names:
                name = (name or "").strip()
                if not name:
                    continue
                key = name_key(name)
                if not key or key in seen:
                    continue
                seen.add(key)
                bare = strip_articles(key)
                yield (idx, name, kind, key, bare, skeleton_of_bare(bare) if kind == "name" or all_skeletons else None)


def write_gazetteer(path: Path, places: Iterable[PlaceRecord], meta: dict[str, str]) -> int:
    """Write ``places`` to a new DuckDB gazetteer at ``path`` (replacing it); returns the number of places."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    place_rows, name_rows = [], []
    for idx, rec in enumerate(places):
        place_rows.append((idx, rec.id, rec.name, float(rec.latitude), float(rec.longitude), rec.feature_class, rec.feature_code,
                           rec.country_code, rec.admin1, rec.admin2, rec.admin1_code, rec.admin2_code, int(rec.population or 0),
                           rec.source, rec.geometry))
        name_rows.extend(rec.name_rows(idx))
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute(_SCHEMA)
            _bulk_insert(con, "places", place_rows)
            _bulk_insert(con, "name_keys", name_rows)
            con.execute("INSERT INTO names SELECT place_idx, name, kind FROM name_keys")
            _index_names(con)
            meta = {"schema_version": SCHEMA_VERSION, **meta}
            con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        finally:
            con.close()
    except duckdb.Error as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"{path}: cannot write the gazetteer ({exc})") from exc
    tmp.replace(path)
    return len(place_rows)


def _bulk_insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    # Columnar insert through pyarrow: executemany over a million rows would take minutes.
    import pyarrow as pa

    if not rows:
        return
    columns = list(zip(*rows))
    names = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    arrow = pa.table({name: pa.array(list(col)) if any(v is not None for v in col) else pa.nulls(len(col))
                      for name, col in zip(names, columns)})
    con.register("incoming", arrow)
    con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
    con.unregister("incoming")


def _index_names(con: duckdb.DuckDBPyConnection) -> None:
    # Keys and article-free keys share one sorted index; rank keeps the strongest kind per (key, place).
    con.execute("""
        CREATE TABLE name_index AS
        SELECT key, place_idx, min(rank)::TINYINT AS rank FROM (
            SELECT key, place_idx, CASE kind WHEN 'name' THEN 0 WHEN 'alternate' THEN 1 WHEN 'demonym' THEN 2 ELSE 3 END AS rank FROM name_keys
            UNION ALL
            SELECT bare, place_idx, CASE kind WHEN 'name' THEN 0 WHEN 'alternate' THEN 1 WHEN 'demonym' THEN 2 ELSE 3 END + 4 FROM name_keys WHERE bare <> key
        ) GROUP BY key, place_idx ORDER BY key, place_idx
    """)
    con.execute("""
        CREATE TABLE skeleton_index AS
        SELECT DISTINCT skeleton, place_idx FROM name_keys WHERE skeleton IS NOT NULL AND kind IN ('name', 'alternate') AND length(skeleton) >= 1
        ORDER BY skeleton, place_idx
    """)


def read_meta(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()
