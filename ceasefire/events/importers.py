"""Importers: UCDP GED and ACLED CSV files (gzip or plain) as events of origin ``ucdp`` / ``acled``.

Imported events are events like any other, with ``origin`` and ``origin_id``;
their ids are ``ucdp:<id>`` and ``acled:<event_id_cnty>``, so importing a file
again replaces the same rows and changes nothing. A malformed row is skipped
with one line naming the file, the line and the problem; a file that is not of
the layout (missing columns) is refused with an :class:`IngestError`.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from ..errors import IngestError
from ..models import Event
from ..store.base import Store
from .formats import (
    ACLED_REQUIRED,
    UCDP_DATE_PREC,
    UCDP_REQUIRED,
    UCDP_WHERE_PREC,
    inter_for_side,
    ucdp_event_type,
)
from .notes import event_note

log = logging.getLogger(__name__)
BATCH = 5000


class RowError(ValueError):
    """One field of one row cannot be read."""


@dataclass
class ImportReport:
    """What an import did: rows read, events written, and one line per skipped row."""

    path: str
    origin: str
    rows: int = 0
    imported: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.problems)


def _open_text(path: Path) -> io.TextIOBase:
    try:
        with path.open("rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
        raw = gzip.open(path, "rb") if gzipped else path.open("rb")
        return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise IngestError(str(path), f"cannot read ({exc.strerror or exc})") from exc


def _rows(path: Path, required: Sequence[str], layout: str) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(line number, row as a dict) per record, or (line, problem) for a row of the wrong width."""
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise IngestError(str(path), f"empty file; expected {layout} CSV with a header line") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise IngestError(str(path), f"not a readable CSV ({exc})") from exc
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise IngestError(str(path), f"not {layout} CSV: missing column(s) {', '.join(missing)}")
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield start, f"unreadable row ({exc})"
                continue
            if not row or row == [""]:
                continue
            if len(row) != len(header):
                yield start, f"expected {len(header)} fields, found {len(row)}"
                continue
            yield start, dict(zip(header, row))


def _int(row: dict[str, str], name: str, required: bool = True) -> Optional[int]:
    value = (row.get(name) or "").strip()
    if not value:
        if required:
            raise RowError(f"{name} is empty")
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{name} {value!r} is not a number") from None
    if number != int(number):
        raise RowError(f"{name} {value!r} is not a whole number")
    return int(number)


def _float(row: dict[str, str], name: str, low: float, high: float) -> Optional[float]:
    value = (row.get(name) or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{name} {value!r} is not a number") from None
    if not low <= number <= high:
        raise RowError(f"{name} {number} is out of range [{low}, {high}]")
    return number


_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%m/%d/%Y")


def _date(row: dict[str, str], name: str, required: bool = True) -> Optional[date]:
    value = (row.get(name) or "").strip()
    if not value:
        if required:
            raise RowError(f"{name} is empty")
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in _DATE_FORMATS[1:]:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"{name} {value!r} is not a date (expected YYYY-MM-DD or '3 March 2019')")


def _text(row: dict[str, str], name: str) -> Optional[str]:
    value = (row.get(name) or "").strip()
    return value or None


def _split_sources(value: Optional[str]) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(s.strip() for s in value.split(";") if s.strip()))


def _ucdp_actor_resolver() -> Callable[[str], tuple[str, int]]:
    try:
        from ..nlp.actors import ActorDictionary

        dictionary = ActorDictionary.load()
    except Exception as exc:  # names stay as UCDP writes them when the dictionary is unavailable
        log.info("actor dictionary unavailable (%s); UCDP side names kept", exc)
        dictionary = None
    cache: dict[str, tuple[str, int]] = {}

    def resolve(side: str) -> tuple[str, int]:
        if side not in cache:
            actor = dictionary.ucdp_side(side) if dictionary is not None else None
            cache[side] = (actor.name, actor.inter or inter_for_side(side)) if actor else (side, inter_for_side(side))
        return cache[side]

    return resolve


def ucdp_event(row: dict[str, str], resolve: Callable[[str], tuple[str, int]]) -> Event:
    """One UCDP GED row as an event (ACLED conventions for types and precision codes)."""
    violence = _int(row, "type_of_violence")
    if violence not in (1, 2, 3):
        raise RowError(f"type_of_violence {violence} is not 1, 2 or 3")
    ucdp_id = (row.get("id") or "").strip()
    if not ucdp_id:
        raise RowError("id is empty")
    start, end = _date(row, "date_start"), _date(row, "date_end", required=False)
    side_a, side_b = _text(row, "side_a"), _text(row, "side_b")
    if not side_a or not side_b:
        raise RowError("side_a or side_b is empty")
    actor1, inter1 = resolve(side_a)
    actor2, inter2 = resolve(side_b)
    event_type, sub_event_type = ucdp_event_type(violence, row.get("source_headline"))
    sides = [(side_a, _int(row, "deaths_a", False)), (side_b, _int(row, "deaths_b", False)),
             ("Civilians", _int(row, "deaths_civilians", False)), ("Unknown", _int(row, "deaths_unknown", False))]  # fmt: skip
    lat, lon = _float(row, "latitude", -90, 90), _float(row, "longitude", -180, 180)
    if (lat is None) != (lon is None):
        raise RowError("latitude and longitude must both be given or both be empty")
    event = Event(
        event_id=f"ucdp:{ucdp_id}",
        event_date=start,
        date_end=end if end and end != start else None,
        time_precision=UCDP_DATE_PREC.get(_int(row, "date_prec"), 3),
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2,
        inter1=inter1,
        inter2=inter2,
        country=_text(row, "country"),
        admin1=_text(row, "adm_1"),
        admin2=_text(row, "adm_2"),
        location=_text(row, "where_coordinates"),
        latitude=lat,
        longitude=lon,
        geo_precision=UCDP_WHERE_PREC.get(_int(row, "where_prec"), 3),
        fatalities_low=_int(row, "low"),
        fatalities_best=_int(row, "best"),
        fatalities_high=_int(row, "high"),
        fatalities_by_side=tuple((name, n, n) for name, n in sides if n),
        sources=_split_sources(row.get("source_office")) or _split_sources(row.get("source_original")),
        origin="ucdp",
        origin_id=ucdp_id,
    )
    return replace(event, notes=event_note(event))


def acled_event(row: dict[str, str]) -> Event:
    """One ACLED export row as an event."""
    event_id = (row.get("event_id_cnty") or "").strip()
    if not event_id:
        raise RowError("event_id_cnty is empty")
    event_type, sub_event_type = _text(row, "event_type"), _text(row, "sub_event_type")
    if not event_type or not sub_event_type:
        raise RowError("event_type or sub_event_type is empty")
    lat, lon = _float(row, "latitude", -90, 90), _float(row, "longitude", -180, 180)
    if (lat is None) != (lon is None):
        raise RowError("latitude and longitude must both be given or both be empty")
    fatalities = _int(row, "fatalities")
    return Event(
        event_id=f"acled:{event_id}",
        event_date=_date(row, "event_date"),
        time_precision=_int(row, "time_precision", False) or 1,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=_text(row, "actor1"),
        actor2=_text(row, "actor2"),
        assoc_actor1=_text(row, "assoc_actor_1"),
        assoc_actor2=_text(row, "assoc_actor_2"),
        inter1=_int(row, "inter1", False),
        inter2=_int(row, "inter2", False),
        country=_text(row, "country"),
        admin1=_text(row, "admin1"),
        admin2=_text(row, "admin2"),
        location=_text(row, "location"),
        latitude=lat,
        longitude=lon,
        geo_precision=_int(row, "geo_precision", False),
        fatalities_low=fatalities,
        fatalities_best=fatalities,
        fatalities_high=fatalities,
        sources=_split_sources(row.get("source")),
        notes=_text(row, "notes"),
        origin="acled",
        origin_id=event_id,
    )


def _import(store: Store, path: Path | str, origin: str, required: Sequence[str], layout: str, convert: Callable[[dict[str, str]], Event]) -> ImportReport:
    path = Path(path)
    report = ImportReport(str(path), origin)
    batch: list[Event] = []
    for line, row in _rows(path, required, layout):
        report.rows += 1
        if isinstance(row, str):
            report.problems.append(f"{path}:{line}: {row}; skipped")
            continue
        try:
            batch.append(convert(row))
        except RowError as exc:
            report.problems.append(f"{path}:{line}: {exc}; skipped")
            continue
        if len(batch) >= BATCH:
            report.imported += store.write_events(batch)
            batch = []
    if batch:
        report.imported += store.write_events(batch)
    for problem in report.problems:
        log.warning(problem)
    return report


def import_ucdp(store: Store, path: Path | str) -> ImportReport:
    """Import a UCDP GED CSV (the GED 41-column layout, gzip or plain)."""
    resolve = _ucdp_actor_resolver()
    return _import(store, path, "ucdp", UCDP_REQUIRED, "a UCDP GED", lambda row: ucdp_event(row, resolve))


def import_acled(store: Store, path: Path | str) -> ImportReport:
    """Import an ACLED export CSV (the public export columns, gzip or plain)."""
    return _import(store, path, "acled", ACLED_REQUIRED, "an ACLED", acled_event)
