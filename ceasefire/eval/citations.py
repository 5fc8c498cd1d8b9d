"""The sources a UCDP GED event cites, parsed into (publisher, date, headline) citations.

GED's ``source_article`` column lists the articles an event was coded from,
one item per article, ``;``-separated, each item ``"PUBLISHER,YYYY-MM-DD,headline"``
(usually in double quotes). Headlines contain commas, unescaped double quotes,
HTML entities (``&#8217;``) and zero-width spaces, so items are cut where a
``;`` closes a quoted item or is followed by something that starts a new
item, not at every ``;``.
An item that does not parse is counted and skipped; it never stops the run.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Optional

# Items end at '";' or where ";" is followed by an optional quote, a publisher (no comma), a comma and an ISO date.
_ITEM_START = re.compile(r'(?<=");\s*|;\s*(?="?[^,;"]{1,120},\s*\d{4}-\d{2}-\d{2}\s*,)')
_ITEM = re.compile(r'^\s*"?(?P<publisher>[^,"]{1,120}),\s*(?P<date>\d{4}-\d{2}-\d{2})\s*,(?P<headline>.*?)"?\s*$', re.S)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
# GED writes unknown dates as SQL Server's minimum date.
_FIRST_PLAUSIBLE_YEAR = 1900


@dataclass(frozen=True)
class Citation:
    """One cited article: who published it, when, and its headline (the text we evaluate on)."""

    publisher: str
    published: Optional[date]  # None when GED gives a placeholder date (1753-01-01)
    headline: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.publisher, self.published.isoformat() if self.published else "", self.headline)


@dataclass(frozen=True)
class ParsedCitations:
    citations: tuple[Citation, ...]
    skipped: int  # items that could not be parsed


def clean_headline(text: str) -> str:
    """Decode HTML entities, drop invisible characters, NFC and single spaces."""
    text = html.unescape(html.unescape(text))
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def _parse_date(text: str) -> tuple[bool, Optional[date]]:
    """(valid, date): a date before 1900 is GED's placeholder and reads as valid but unknown."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        return False, None
    return True, (value if value.year >= _FIRST_PLAUSIBLE_YEAR else None)


def parse_source_article(field: str) -> ParsedCitations:
    """Parse one ``source_article`` value; malformed items are counted in ``skipped``."""
    field = (field or "").strip()
    if not field:
        return ParsedCitations((), 0)
    citations: list[Citation] = []
    skipped = 0
    for item in _ITEM_START.split(field):
        match = _ITEM.match(item)
        if not match:
            skipped += 1
            continue
        valid, published = _parse_date(match["date"])
        headline = clean_headline(match["headline"])
        if not valid or not headline:
            skipped += 1
            continue
        citations.append(Citation(" ".join(match["publisher"].split()), published, headline))
    return ParsedCitations(tuple(citations), skipped)


def parse_source_headlines(headlines: str, offices: str, dates: str) -> ParsedCitations:
    """Fallback for rows whose ``source_article`` is empty: ``source_headline`` with ``source_office``/``source_date``.

    These columns are ``;``-joined lists without quoting; they are used only
    when they line up one to one (after HTML entities, whose ``;`` would split
    wrongly, are decoded).
    """
    parts = [clean_headline(h) for h in html.unescape(headlines or "").split(";")]
    parts = [p for p in parts if p]
    if not parts:
        return ParsedCitations((), 0)
    office_list = [o.strip() for o in (offices or "").split(";")]
    date_list = [d.strip() for d in (dates or "").split(";")]
    if len(office_list) == 1:
        office_list = office_list * len(parts)
    if len(date_list) == 1:
        date_list = date_list * len(parts)
    if not (len(office_list) == len(date_list) == len(parts)):
        return ParsedCitations((), len(parts))
    citations, skipped = [], 0
    for headline, office, day in zip(parts, office_list, date_list):
        valid, published = _parse_date(day)
        if not valid or not office:
            skipped += 1
            continue
        citations.append(Citation(" ".join(office.split()), published, headline))
    return ParsedCitations(tuple(citations), skipped)


def row_citations(row: dict[str, str]) -> ParsedCitations:
    """The citations of one GED row: ``source_article`` first, ``source_headline`` where that gives none."""
    parsed = parse_source_article(row.get("source_article", ""))
    if parsed.citations:
        return parsed
    fallback = parse_source_headlines(row.get("source_headline", ""), row.get("source_office", ""), row.get("source_date", ""))
    if fallback.citations:
        return ParsedCitations(fallback.citations, parsed.skipped + fallback.skipped)
    return ParsedCitations((), max(parsed.skipped, fallback.skipped))
