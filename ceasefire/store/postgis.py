"""The server backend: PostgreSQL with PostGIS, for several writers and readers.

The driver (psycopg 3) is an optional dependency: ``pip install ceasefire[postgis]``.
The schema comes from the same numbered migrations as the DuckDB backend,
translated to PostgreSQL types; events get a PostGIS geography column so that
distance queries use a GiST index.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any, Iterable, Iterator, Optional, Sequence

from ..errors import StoreError
from ..models import Claim, Document, Event, Mention, Toponym, Violation
from .base import EventFilter, Store
from .migrations import load_migrations
from .rows import (
    CLAIM_COLUMNS,
    CLAIM_ORDER,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    MENTION_ORDER,
    TOPONYM_COLUMNS,
    TOPONYM_ORDER,
    VIOLATION_COLUMNS,
    claim_from_row,
    claim_row,
    document_from_row,
    document_row,
    event_from_row,
    event_row,
    mention_from_row,
    mention_row,
    order_by,
    toponym_from_row,
    toponym_row,
    violation_from_row,
    violation_row,
)

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "the PostGIS store needs psycopg 3: pip install 'ceasefire[postgis]' (or psycopg[binary])"
    ) from exc

_TYPES = [
    (re.compile(r"\bVARCHAR\[\]"), "TEXT[]"),
    (re.compile(r"\bVARCHAR\b"), "TEXT"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bDOUBLE\b(?! PRECISION)"), "DOUBLE PRECISION"),
]

_POSTGIS_EXTRAS = """
CREATE EXTENSION IF NOT EXISTS postgis;
ALTER TABLE events ADD COLUMN IF NOT EXISTS geog geography(Point, 4326)
    GENERATED ALWAYS AS (CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL
                         ELSE ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography END) STORED;
CREATE INDEX IF NOT EXISTS events_geog ON events USING gist (geog);
CREATE INDEX IF NOT EXISTS events_date ON events (event_date);
"""


# A migration whose first line is this marker uses DuckDB-only SQL and is not applied here.
DUCKDB_ONLY = "-- backend: duckdb"


def translate(sql: str) -> str:
    """DuckDB migration SQL as PostgreSQL SQL (types only; the statements are portable)."""
    for pattern, replacement in _TYPES:
        sql = pattern.sub(replacement, sql)
    return sql


class PostgisStore(Store):
    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.con = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"{_redact(url)}: cannot connect to PostgreSQL ({str(exc).strip()})") from exc
        self._tx: Optional[psycopg.Transaction] = None
        self.migrate()

    # ------------------------------------------------------------ lifecycle
    def migrate(self) -> list[str]:
        with self.con.transaction():
            # One migrator at a time, also across processes.
            self.con.execute("SELECT pg_advisory_xact_lock(8041977)")
            self.con.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)")
            done = {r["name"] for r in self.con.execute("SELECT name FROM migrations").fetchall()}
            applied = []
            for name, sql in load_migrations() + [("postgis_extras.sql", _POSTGIS_EXTRAS)]:
                if name in done or sql.lstrip().startswith(DUCKDB_ONLY):
                    continue
                for statement in _statements(translate(sql)):
                    self.con.execute(statement)
                self.con.execute("INSERT INTO migrations(name) VALUES (%s)", [name])
                applied.append(name)
        return applied

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.con.transaction():
            yield

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.con.execute(sql, list(params)).fetchall()

    @staticmethod
    def _insert_sql(table: str, columns: Sequence[str], conflict: str = "") -> str:
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("%s" for _ in columns)
        return f"INSERT INTO {table} ({cols}) VALUES ({marks}) {conflict}"

    @staticmethod
    def _upsert(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c not in key)
        keys = ", ".join(f'"{k}"' for k in key)
        return PostgisStore._insert_sql(table, columns, f"ON CONFLICT ({keys}) DO UPDATE SET {updates}")

    @staticmethod
    def _cols(columns: Sequence[str], prefix: str = "") -> str:
        return ", ".join(f'{prefix}"{c}"' for c in columns)

    # ------------------------------------------------------------ documents
    def write_document(self, document: Document, raw: Optional[bytes] = None, minhash: Optional[bytes] = None) -> bool:
        with self.transaction():
            cur = self.con.execute(
                self._insert_sql("documents", DOCUMENT_COLUMNS + ["minhash"], "ON CONFLICT (id) DO NOTHING"),
                document_row(document) + [minhash],
            )
            if cur.rowcount == 0:
                return False
            if raw is not None and document.raw_sha256:
                self.con.execute(
                    "INSERT INTO raw_inputs(sha256, content) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                    [document.raw_sha256, raw],
                )
        return True

    def has_document(self, document_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = %s", [document_id]).fetchone() is not None

    def document(self, document_id: str) -> Optional[Document]:
        cols = self._cols(DOCUMENT_COLUMNS)
        rows = self._dicts(f"SELECT {cols} FROM documents WHERE id = %s", [document_id])
        if not rows and len(document_id) >= 6:
            rows = self._dicts(f"SELECT {cols} FROM documents WHERE starts_with(id, %s) LIMIT 2", [document_id])
            if len(rows) > 1:
                raise StoreError(f"document id prefix {document_id!r} is ambiguous; give more characters")
        return document_from_row(rows[0]) if rows else None

    def documents(self) -> list[Document]:
        return [document_from_row(r) for r in self._dicts(f"SELECT {self._cols(DOCUMENT_COLUMNS)} FROM documents ORDER BY ingested_at, id")]

    def count_documents(self) -> int:
        return self.con.execute("SELECT count(*) AS n FROM documents").fetchone()["n"]

    def document_signatures(self) -> Iterator[tuple[str, Optional[str], bytes]]:
        for row in self._dicts("SELECT id, syndication_group, minhash FROM documents WHERE minhash IS NOT NULL ORDER BY ingested_at, id"):
            yield row["id"], row["syndication_group"], bytes(row["minhash"])

    # ---------------------------------------------------- mentions / claims
    def _replace(self, table: str, columns: Sequence[str], document_id: str, rows: list[list[Any]]) -> None:
        with self.transaction():
            self.con.execute(f"DELETE FROM {table} WHERE document_id = %s", [document_id])
            if rows:
                with self.con.cursor() as cur:
                    cur.executemany(self._insert_sql(table, columns), rows)

    def _select(self, table: str, columns: Sequence[str], document_id: Optional[str], order: str) -> list[dict[str, Any]]:
        where, params = ("WHERE document_id = %s", [document_id]) if document_id else ("", [])
        return self._dicts(f"SELECT {self._cols(columns)} FROM {table} {where} ORDER BY {order}", params)

    def write_mentions(self, document_id: str, mentions: Sequence[Mention]) -> None:
        self._replace("mentions", MENTION_COLUMNS, document_id, [mention_row(m) for m in mentions])

    def mentions(self, document_id: Optional[str] = None) -> list[Mention]:
        return [mention_from_row(r) for r in self._select("mentions", MENTION_COLUMNS, document_id, order_by(MENTION_ORDER, ' COLLATE "C"'))]

    def write_claims(self, document_id: str, claims: Sequence[Claim]) -> None:
        self._replace("claims", CLAIM_COLUMNS, document_id, [claim_row(c) for c in claims])

    def claims(self, document_id: Optional[str] = None) -> list[Claim]:
        return [claim_from_row(r) for r in self._select("claims", CLAIM_COLUMNS, document_id, order_by(CLAIM_ORDER, ' COLLATE "C"'))]

    def write_toponyms(self, document_id: str, toponyms: Sequence[Toponym]) -> None:
        self._replace("toponyms", TOPONYM_COLUMNS, document_id, [toponym_row(t) for t in toponyms])

    def toponyms(self, document_id: Optional[str] = None) -> list[Toponym]:
        return [toponym_from_row(r) for r in self._select("toponyms", TOPONYM_COLUMNS, document_id, order_by(TOPONYM_ORDER, ' COLLATE "C"'))]

    def mark_extracted(self, document_id: str, pipeline: str, mentions: int, claims: int, toponyms: int) -> None:
        self.con.execute(
            self._upsert("extractions", ["document_id", "pipeline", "mentions", "claims", "toponyms"], ["document_id"]),
            [document_id, pipeline, mentions, claims, toponyms],
        )

    def unextracted_documents(self, pipeline: str) -> list[Document]:
        rows = self._dicts(
            f"SELECT {self._cols(DOCUMENT_COLUMNS, 'd.')} FROM documents d "
            "LEFT JOIN extractions x ON x.document_id = d.id AND x.pipeline = %s "
            "WHERE x.document_id IS NULL ORDER BY d.ingested_at, d.id",
            [pipeline],
        )
        return [document_from_row(r) for r in rows]

    # --------------------------------------------------------------- events
    def write_events(self, events: Iterable[Event]) -> int:
        # COPY into a staging table, then one upsert: several times faster than a row-by-row
        # INSERT for the tens of thousands of rows of an ACLED/UCDP import.
        rows = {event.event_id: event_row(event) for event in events}
        if not rows:
            return 0
        columns = self._cols(EVENT_COLUMNS)
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in EVENT_COLUMNS if c != "event_id")
        with self.transaction(), self.con.cursor() as cur:
            cur.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS events_incoming AS SELECT {columns} FROM events WITH NO DATA"
            )
            cur.execute("TRUNCATE events_incoming")
            with cur.copy(f"COPY events_incoming ({columns}) FROM STDIN") as copy:
                for row in rows.values():
                    copy.write_row(row)
            # Keys are unique in the staging table (the dict above), so one upsert can touch each row once.
            cur.execute(
                f"INSERT INTO events ({columns}) SELECT {columns} FROM events_incoming "
                f'ON CONFLICT ("event_id") DO UPDATE SET {updates}'
            )
            cur.execute("TRUNCATE events_incoming")
        return len(rows)

    def delete_events(self, origin: str) -> int:
        return self.con.execute("DELETE FROM events WHERE origin = %s", [origin]).rowcount

    @staticmethod
    def _event_where(found: EventFilter) -> tuple[str, list[Any]]:
        where, params = found.conditions("%s")
        if found.near is not None:
            lat, lon = found.near
            where.append("ST_DWithin(geog, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)")
            params += [lon, lat, found.radius_m]
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def select_events(self, found: EventFilter, limit: Optional[int] = None, offset: int = 0, newest_first: bool = False) -> list[Event]:
        where, params = self._event_where(found)
        order = "event_date DESC NULLS LAST, event_id DESC" if newest_first else "event_date, event_id"
        sql = f"SELECT {self._cols(EVENT_COLUMNS)} FROM events{where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        if offset:
            sql += " OFFSET %s"
            params.append(offset)
        return [event_from_row(r) for r in self._dicts(sql, params)]

    def count_events(self, found: EventFilter = EventFilter()) -> int:
        where, params = self._event_where(found)
        return int(self._dicts(f"SELECT count(*) AS n FROM events{where}", params)[0]["n"])

    def weekly_event_counts(self, found: EventFilter = EventFilter()) -> list[tuple[date, str, int]]:
        where, params = self._event_where(found)
        sql = (f"SELECT date_trunc('week', event_date)::date AS week, event_type, count(*) AS n FROM events{where} "
               "GROUP BY 1, 2 ORDER BY 1, 2")
        return [(r["week"], r["event_type"], int(r["n"])) for r in self._dicts(sql, params) if r["week"] is not None]

    def event_points(self, found: EventFilter = EventFilter()) -> list[tuple[float, float, str]]:
        where, params = self._event_where(replace(found, located=True))
        rows = self._dicts(f"SELECT longitude, latitude, origin FROM events{where}", params)
        return [(r["longitude"], r["latitude"], r["origin"]) for r in rows]

    def event(self, event_id: str) -> Optional[Event]:
        rows = self._dicts(f"SELECT {self._cols(EVENT_COLUMNS)} FROM events WHERE event_id = %s", [event_id])
        return event_from_row(rows[0]) if rows else None

    # ----------------------------------------------------------- violations
    def write_violations(self, violations: Iterable[Violation]) -> int:
        rows = [violation_row(v) for v in violations]
        if rows:
            with self.transaction(), self.con.cursor() as cur:
                cur.executemany(self._upsert("violations", VIOLATION_COLUMNS, ["agreement", "rule", "event_id"]), rows)
        return len(rows)

    def violations(self, agreement: Optional[str] = None) -> list[Violation]:
        where, params = ("WHERE agreement = %s", [agreement]) if agreement else ("", [])
        rows = self._dicts(f"SELECT {self._cols(VIOLATION_COLUMNS)} FROM violations {where} ORDER BY event_date, event_id", params)
        return [violation_from_row(r) for r in rows]


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
