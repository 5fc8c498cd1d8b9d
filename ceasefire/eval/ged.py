"""UCDP GED rows read as gold events for the evaluation (not imported into any store)."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from ..errors import EvaluationError
from .citations import Citation, row_citations

REQUIRED_COLUMNS = (
    "id", "type_of_violence", "side_a", "side_b", "source_article", "where_prec", "where_coordinates",
    "adm_1", "latitude", "longitude", "date_start", "date_end", "low", "best", "high",
)
TYPE_OF_VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}


@dataclass(frozen=True)
class GoldEvent:
    """One UCDP GED event, the fields the evaluation compares, and the articles it cites."""

    id: str
    date_start: date
    date_end: date
    latitude: float
    longitude: float
    where_prec: int  # 1 exact place ... 4 admin2, 5 admin1, 6 country, 7 international waters
    where_coordinates: str  # "Teir Maaleh village"
    admin1: str
    type_of_violence: int
    side_a: str
    side_b: str
    low: int
    best: int
    high: int
    citations: tuple[Citation, ...]
    country: str = ""  # GED's country name ("Syria"), the theatre the event belongs to

    @property
    def year(self) -> int:
        return self.date_start.year


@dataclass(frozen=True)
class GedFile:
    events: tuple[GoldEvent, ...]
    skipped_citations: int  # cited items that could not be parsed
    rows_without_citations: int


def _open_text(path: Path) -> io.TextIOBase:
    with path.open("rb") as raw:
        magic = raw.read(2)
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open("r", encoding="utf-8-sig", newline="")


def _number(row: dict[str, str], column: str, kind: type, path: Path, line: int) -> float | int:
    text = (row.get(column) or "").strip()
    try:
        return kind(float(text)) if kind is int else kind(text)
    except ValueError:
        raise EvaluationError(f"{path}:{line}: column {column!r} is {text!r}, expected a number") from None


def _date(row: dict[str, str], column: str, path: Path, line: int) -> date:
    text = (row.get(column) or "").strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise EvaluationError(f"{path}:{line}: column {column!r} is {text!r}, expected a YYYY-MM-DD date") from None


def read_ged(path: str | Path, since: Optional[date] = None, until: Optional[date] = None) -> GedFile:
    """The GED events of ``path`` (CSV, optionally gzipped) that start within [since, until]."""
    path = Path(path)
    if not path.is_file():
        raise EvaluationError(f"{path}: file not found; pass a UCDP GED CSV (.csv or .csv.gz)")
    events: list[GoldEvent] = []
    skipped = without = 0
    try:
        with _open_text(path) as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise EvaluationError(f"{path}: not a UCDP GED CSV, missing column(s) {', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                start, end = _date(row, "date_start", path, line), _date(row, "date_end", path, line)
                if (since and start < since) or (until and start > until):
                    continue
                parsed = row_citations(row)
                skipped += parsed.skipped
                if not parsed.citations:
                    without += 1
                events.append(
                    GoldEvent(
                        id=row["id"].strip(),
                        date_start=start,
                        date_end=max(start, end),
                        latitude=_number(row, "latitude", float, path, line),
                        longitude=_number(row, "longitude", float, path, line),
                        where_prec=_number(row, "where_prec", int, path, line),
                        where_coordinates=(row.get("where_coordinates") or "").strip(),
                        admin1=(row.get("adm_1") or "").strip() or "(none)",
                        type_of_violence=_number(row, "type_of_violence", int, path, line),
                        side_a=(row.get("side_a") or "").strip(),
                        side_b=(row.get("side_b") or "").strip(),
                        low=_number(row, "low", int, path, line),
                        best=_number(row, "best", int, path, line),
                        high=_number(row, "high", int, path, line),
                        citations=parsed.citations,
                        country=(row.get("country") or "").strip(),
                    )
                )
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"{path}: cannot read the GED file ({exc})") from exc
    return GedFile(tuple(events), skipped, without)
