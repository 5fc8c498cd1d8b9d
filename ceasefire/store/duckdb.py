"""The embedded default backend: one DuckDB file, spatial extension loaded offline."""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

import duckdb

from ..errors import StoreError
from ..models import Claim, Document, Event, Mention, Toponym, Violation
from .base import EventFilter, Store
from .columns import COLUMN_VALUES
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
    claim_from_values,
    claim_row,
    document_from_row,
    document_row,
    event_from_row,
    event_from_values,
    event_row,
    mention_from_values,
    mention_row,
    order_by,
    toponym_from_values,
    toponym_row,
    violation_from_row,
    violation_row,
)


def spatial_extension_path() -> Path:
    """The spatial extension shipped in the ``duckdb-extension-spatial`` wheel for this DuckDB version."""
    try:
        import duckdb_extension_spatial
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise StoreError("duckdb-extension-spatial is not installed; run `make` (or pip install -r requirements.lock)") from exc
    root = Path(duckdb_extension_spatial.__file__).parent / "extensions"
    wanted = root / f"v{duckdb.__version__}" / "spatial.duckdb_extension"
    if wanted.is_file():
        return wanted
    found = sorted(root.glob("*/spatial.duckdb_extension"))
    raise StoreError(
        f"no spatial extension for DuckDB {duckdb.__version__} in {root} (found {[p.parent.name for p in found]}); "
        "pin duckdb and duckdb-extension-spatial to the same version"
    )


_ID_SEPARATOR = "\x1f"


def _in_ids(column: str, ids: list[str]) -> tuple[str, Any]:
    """A condition "column is one of ids" and its one parameter.

    The ids go as one string split in SQL: DuckDB converts a list parameter value by value, and each value
    tries to import pandas (twice), a search of sys.path when pandas is not installed: 11 ms for 64 ids
    against 1 ms. A list parameter stays the way for ids holding the separator.
    """
    if any(_ID_SEPARATOR in i for i in ids):
        return f"list_contains(?, {column})", ids
    return f"list_contains(string_split(?, chr(31)), {column})", _ID_SEPARATOR.join(ids)


def connect(path: str = ":memory:", read_only: bool = False, spatial: bool = True) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with every automatic download switched off, spatial loaded from the wheel unless ``spatial`` is False."""
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    try:
        con = duckdb.connect(path, read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open the DuckDB database ({exc})") from exc
    if spatial:
        load_spatial(con)
    return con


def load_spatial(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"LOAD '{spatial_extension_path().as_posix()}'")


class DuckDBStore(Store):
    def __init__(self, path: str = "ceasefire.duckdb", read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot create its folder ({exc.strerror or exc})") from exc
        # Spatial is loaded on the first distance query: loading it costs 0.3-1 s, which every
        # API request and CLI command would pay, and most never measure a distance.
        self.con = connect(self.path, read_only=read_only, spatial=False)
        self._spatial_loaded = False
        self._depth = 0
        if not read_only:
            self.migrate()

    # ------------------------------------------------------------ lifecycle
    def migrate(self) -> list[str]:
        """Apply the SQL migrations not yet recorded; returns their names."""
        self.con.execute("CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)")
        done = {r[0] for r in self.con.execute("SELECT name FROM migrations").fetchall()}
        applied = []
        for name, sql in load_migrations():
            if name in done:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO migrations(name) VALUES (?)", [name])
            applied.append(name)
        return applied

    def _load_spatial(self) -> None:
        if not self._spatial_loaded:
            load_spatial(self.con)
            self._spatial_loaded = True

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:  # pragma: no cover
            pass

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # Nested calls join the outer transaction so a document and its mentions commit together.
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def single_threaded(self) -> Iterator[None]:
        # On small statements a second DuckDB thread mostly spins: an insert and commit of 64 rows cost 12 CPU-ms
        # against 6 with one; the ingest's document writes and the result writes took a third to a half less CPU
        # (docs/pipeline.md). Large reads (the ledger's) keep every thread.
        threads = self.con.execute("SELECT current_setting('threads')").fetchone()[0]
        self.con.execute("SET threads = 1")
        try:
            yield
        finally:
            self.con.execute(f"SET threads = {int(threads)}")

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    @staticmethod
    def _insert_sql(table: str, columns: Sequence[str], verb: str = "INSERT") -> str:
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        return f"{verb} INTO {table} ({cols}) VALUES ({marks})"

    # ------------------------------------------------------------ documents
    def write_document(self, document: Document, raw: Optional[bytes] = None, minhash: Optional[bytes] = None) -> bool:
        with self.transaction():
            if self.has_document(document.id):
                return False
            self.con.execute(
                self._insert_sql("documents", DOCUMENT_COLUMNS + ["minhash"]),
                document_row(document) + [minhash],
            )
            if raw is not None and document.raw_sha256:
                self.con.execute(
                    "INSERT INTO raw_inputs(sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [document.raw_sha256, raw],
                )
        return True

    def write_documents(self, items: Sequence[tuple[Document, Optional[bytes], Optional[bytes]]]) -> list[bool]:
        # One multi-row INSERT per table: DuckDB pays milliseconds per statement, not per row.
        ids = [document.id for document, _, _ in items]
        with self.transaction():
            found, param = _in_ids("id", ids)
            stored = {r[0] for r in self.con.execute(f"SELECT id FROM documents WHERE {found}", [param]).fetchall()}
            new: dict[str, tuple[Document, Optional[bytes], Optional[bytes]]] = {}
            for item in items:
                if item[0].id not in stored:
                    new.setdefault(item[0].id, item)
            if new:
                columns = DOCUMENT_COLUMNS + ["minhash"]
                rows = [document_row(document) + [minhash] for document, _, minhash in new.values()]
                self._insert_rows("documents", columns, rows)
            raws = {d.raw_sha256: raw for d, raw, _ in new.values() if raw is not None and d.raw_sha256}
            if raws:
                self._insert_rows("raw_inputs", ["sha256", "content"], [list(kv) for kv in raws.items()], "ON CONFLICT DO NOTHING")
        firsts = set()
        return [i not in stored and not (i in firsts or firsts.add(i)) for i in ids]

    def _insert_rows(self, table: str, columns: Sequence[str], rows: list[list[Any]], suffix: str = "") -> None:
        self._insert_columns(table, columns, [[row[i] for row in rows] for i in range(len(columns))], suffix)

    def _insert_columns(self, table: str, columns: Sequence[str], values: Sequence[Sequence[Any]], suffix: str = "") -> None:
        """Insert rows given column by column (``values[i]`` holds every row's value of ``columns[i]``)."""
        # Through Arrow: DuckDB's per-parameter conversion tries to import pandas for every value, which costs more than the insert.
        import pyarrow as pa

        _ceasefire_rows = pa.table(dict(zip(columns, values)))
        cols = ", ".join(f'"{c}"' for c in columns)
        # DuckDB finds the Arrow table by its local name (a replacement scan): register + unregister cost 5 ms more.
        self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _ceasefire_rows {suffix}")

    def has_document(self, document_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone() is not None

    def document(self, document_id: str) -> Optional[Document]:
        cols = ", ".join(f'"{c}"' for c in DOCUMENT_COLUMNS)
        rows = self._dicts(f"SELECT {cols} FROM documents WHERE id = ?", [document_id])
        if not rows and len(document_id) >= 6:
            rows = self._dicts(f"SELECT {cols} FROM documents WHERE starts_with(id, ?) LIMIT 2", [document_id])
            if len(rows) > 1:
                raise StoreError(f"document id prefix {document_id!r} is ambiguous; give more characters")
        return document_from_row(rows[0]) if rows else None

    def documents(self) -> list[Document]:
        cols = ", ".join(f'"{c}"' for c in DOCUMENT_COLUMNS)
        return [document_from_row(r) for r in self._dicts(f"SELECT {cols} FROM documents ORDER BY ingested_at, id")]

    def count_documents(self) -> int:
        return self.con.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document_signatures(self) -> Iterator[tuple[str, Optional[str], bytes]]:
        cur = self.con.execute("SELECT id, syndication_group, minhash FROM documents WHERE minhash IS NOT NULL ORDER BY ingested_at, id")
        while batch := cur.fetchmany(1000):
            yield from batch

    # ---------------------------------------------------- mentions / claims
    def _replace_document_rows(self, table: str, columns: Sequence[str], document_id: str, rows: list[list[Any]]) -> None:
        with self.transaction():
            self.con.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])
            if rows:
                self._insert_rows(table, columns, rows)

    def _select(self, table: str, columns: Sequence[str], order: Sequence[str], document_id: Optional[str]) -> list[tuple]:
        """A document's rows of ``table`` (every document's without one), as tuples in ``columns`` order: a dict
        per row cost as much as the query (the ledger reads every row)."""
        cols = ", ".join(f'"{c}"' for c in columns)
        where, params = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
        return self.con.execute(f"SELECT {cols} FROM {table} {where} ORDER BY {order_by(order)}", params).fetchall()

    def write_mentions(self, document_id: str, mentions: Sequence[Mention]) -> None:
        self._replace_document_rows("mentions", MENTION_COLUMNS, document_id, [mention_row(m) for m in mentions])

    def mentions(self, document_id: Optional[str] = None) -> list[Mention]:
        return [mention_from_values(r) for r in self._select("mentions", MENTION_COLUMNS, MENTION_ORDER, document_id)]

    def write_claims(self, document_id: str, claims: Sequence[Claim]) -> None:
        self._replace_document_rows("claims", CLAIM_COLUMNS, document_id, [claim_row(c) for c in claims])

    def claims(self, document_id: Optional[str] = None) -> list[Claim]:
        return [claim_from_values(r) for r in self._select("claims", CLAIM_COLUMNS, CLAIM_ORDER, document_id)]

    def write_toponyms(self, document_id: str, toponyms: Sequence[Toponym]) -> None:
        self._replace_document_rows("toponyms", TOPONYM_COLUMNS, document_id, [toponym_row(t) for t in toponyms])

    def toponyms(self, document_id: Optional[str] = None) -> list[Toponym]:
        return [toponym_from_values(*r) for r in self._select("toponyms", TOPONYM_COLUMNS, TOPONYM_ORDER, document_id)]

    def mark_extracted(self, document_id: str, pipeline: str, mentions: int, claims: int, toponyms: int) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO extractions(document_id, pipeline, mentions, claims, toponyms) VALUES (?, ?, ?, ?, ?)",
            [document_id, pipeline, mentions, claims, toponyms],
        )

    def write_extractions(self, pipeline: str, results: Sequence[tuple[str, Sequence[Mention], Sequence[Claim], Sequence[Toponym]]]) -> None:
        # One DELETE and one INSERT per table for the whole batch: per-document statements cost more than the rows.
        by_id = {document_id: (mentions, claims, toponyms) for document_id, mentions, claims, toponyms in results}
        if not by_id:
            return
        found, ids = _in_ids("document_id", list(by_id))
        params = [ids]
        if isinstance(ids, str) and ids.replace(_ID_SEPARATOR, "").isalnum():  # content ids are hex: inlined, no parameter
            found, params = found.replace("?", f"'{ids}'"), []  # a parameter costs two failed pandas imports per statement
        with self.transaction():
            for table, columns, position in (("mentions", MENTION_COLUMNS, 0), ("claims", CLAIM_COLUMNS, 1), ("toponyms", TOPONYM_COLUMNS, 2)):
                self.con.execute(f"DELETE FROM {table} WHERE {found}", params)
                records = [item for stored in by_id.values() for item in stored[position]]
                if records:
                    self._insert_columns(table, columns, COLUMN_VALUES[table](records))
            marks = [[document_id, pipeline, len(m), len(c), len(t)] for document_id, (m, c, t) in by_id.items()]
            self.con.execute(f"DELETE FROM extractions WHERE {found}", params)
            self._insert_rows("extractions", ["document_id", "pipeline", "mentions", "claims", "toponyms"], marks)

    def unextracted_documents(self, pipeline: str) -> list[Document]:
        cols = ", ".join(f'd."{c}"' for c in DOCUMENT_COLUMNS)
        rows = self._dicts(
            f"SELECT {cols} FROM documents d LEFT JOIN extractions x ON x.document_id = d.id AND x.pipeline = ? "
            "WHERE x.document_id IS NULL ORDER BY d.ingested_at, d.id",
            [pipeline],
        )
        return [document_from_row(r) for r in rows]

    # --------------------------------------------------------------- events
    def write_events(self, events: Iterable[Event]) -> int:
        # Last one wins per id, as row-by-row upserts would; one statement may not upsert a key twice.
        by_id = {e.event_id: event_row(e) for e in events}
        if by_id:
            import pyarrow as pa

            # One bulk upsert through Arrow: executemany runs one statement per row (minutes for 10^4 events).
            try:
                table = pa.table({name: pa.array(list(column)) for name, column in zip(EVENT_COLUMNS, zip(*by_id.values()))})
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python types in a column: row by row
                table = None
            cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
            with self.transaction():
                if table is None:
                    self.con.executemany(self._insert_sql("events", EVENT_COLUMNS, "INSERT OR REPLACE"), list(by_id.values()))
                else:
                    self.con.register("_events_batch", table)
                    try:
                        # A plain INSERT when no id is stored yet (the ledger deletes its events first): the upsert's
                        # conflict handling cost DuckDB twice the insert.
                        stored = self.con.execute("SELECT count(*) FROM events WHERE event_id IN (SELECT event_id FROM _events_batch)").fetchone()[0]
                        verb = "INSERT OR REPLACE" if stored else "INSERT"
                        self.con.execute(f"{verb} INTO events ({cols}) SELECT {cols} FROM _events_batch")
                    finally:
                        self.con.unregister("_events_batch")
        return len(by_id)

    def delete_events(self, origin: str) -> int:
        with self.transaction():
            n = self.con.execute("SELECT count(*) FROM events WHERE origin = ?", [origin]).fetchone()[0]
            self.con.execute("DELETE FROM events WHERE origin = ?", [origin])
        return n

    def _event_where(self, found: EventFilter) -> tuple[str, list[Any]]:
        where, params = found.conditions("?")
        if found.near is not None:
            self._load_spatial()
            lat, lon = found.near
            # Cheap bounding box first, then the exact great-circle distance (spatial extension, lat/lon axis order).
            dlat = found.radius_m / 111_320.0
            dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
            where.append("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?")
            params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
            where.append("ST_Distance_Sphere(ST_Point(latitude, longitude), ST_Point(?, ?)) <= ?")
            params += [lat, lon, found.radius_m]
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def select_events(self, found: EventFilter, limit: Optional[int] = None, offset: int = 0, newest_first: bool = False) -> list[Event]:
        where, params = self._event_where(found)
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        order = "event_date DESC NULLS LAST, event_id DESC" if newest_first else "event_date, event_id"
        sql = f"SELECT {cols} FROM events{where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        elif offset:
            sql += " OFFSET ?"
            params.append(offset)
        # Positional rows: a dict per row cost a fifth of reading the ledger back.
        return [event_from_values(r) for r in self.con.execute(sql, params).fetchall()]

    def count_events(self, found: EventFilter = EventFilter()) -> int:
        where, params = self._event_where(found)
        return int(self.con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0])

    def weekly_event_counts(self, found: EventFilter = EventFilter()) -> list[tuple[date, str, int]]:
        where, params = self._event_where(found)
        sql = (f"SELECT CAST(date_trunc('week', event_date) AS DATE) AS week, event_type, count(*) FROM events{where} "
               "GROUP BY ALL ORDER BY week, event_type")
        return [(week, kind, int(n)) for week, kind, n in self.con.execute(sql, params).fetchall() if week is not None]

    def event_points(self, found: EventFilter = EventFilter()) -> list[tuple[float, float, str]]:
        where, params = self._event_where(replace(found, located=True))
        return [tuple(row) for row in self.con.execute(f"SELECT longitude, latitude, origin FROM events{where}", params).fetchall()]

    def event(self, event_id: str) -> Optional[Event]:
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        rows = self._dicts(f"SELECT {cols} FROM events WHERE event_id = ?", [event_id])
        return event_from_row(rows[0]) if rows else None

    # ----------------------------------------------------------- violations
    def write_violations(self, violations: Iterable[Violation]) -> int:
        # Last write wins per (agreement, rule, event_id); one INSERT from an Arrow table, as executemany costs ~30 ms a row.
        keyed = {(v.agreement, v.rule, v.event_id): violation_row(v) for v in violations}
        if keyed:
            import pyarrow as pa

            rows = list(keyed.values())
            incoming = pa.table({c: [r[i] for r in rows] for i, c in enumerate(VIOLATION_COLUMNS)})
            cols = ", ".join(f'"{c}"' for c in VIOLATION_COLUMNS)
            with self.transaction():
                self.con.register("incoming_violations", incoming)
                try:
                    self.con.execute(f"INSERT OR REPLACE INTO violations ({cols}) SELECT {cols} FROM incoming_violations")
                finally:
                    self.con.unregister("incoming_violations")
        return len(keyed)

    def violations(self, agreement: Optional[str] = None) -> list[Violation]:
        cols = ", ".join(f'"{c}"' for c in VIOLATION_COLUMNS)
        where, params = ("WHERE agreement = ?", [agreement]) if agreement else ("", [])
        rows = self._dicts(f"SELECT {cols} FROM violations {where} ORDER BY event_date, event_id", params)
        return [violation_from_row(r) for r in rows]
