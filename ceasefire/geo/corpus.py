"""Geoparsing corpora in the XML formats of the evaluation sets.

One reader for the four layouts of "A Pragmatic Guide to Geoparsing Evaluation"
(Gritta et al.) and the sets it collects:

- LGL / TR-News / GeoWebNews: ``<articles><article><text>…</text><toponyms><toponym>``
  with ``<start>``, ``<end>``, ``<phrase>`` (or ``<name>``) and the coordinates in
  ``<gaztag><lat>/<lon>`` (or directly under the toponym);
- GeoVirus: ``<articles><article><text>…</text><locations><location>`` with ``<name>``,
  ``<start>``, ``<end>``, ``<lat>``, ``<lon>``.

Toponyms without coordinates still count for recognition; offsets are checked
against the text and, where they are off, the phrase is searched nearby.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from defusedxml import ElementTree
from xml.etree.ElementTree import Element, ParseError

from ..errors import EvaluationError

_TOPONYM_TAGS = {"toponym", "location", "place"}
_PHRASE_TAGS = ("phrase", "name", "text", "surface")
_LAT_TAGS = ("lat", "latitude")
_LON_TAGS = ("lon", "lng", "long", "longitude")


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    latitude: Optional[float] = None
    longitude: Optional[float] = None

    @property
    def resolved(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class GoldArticle:
    index: int
    text: str
    toponyms: tuple[GoldToponym, ...]


def _child_text(elem: Element, tags: tuple[str, ...]) -> Optional[str]:
    for tag in tags:
        child = elem.find(tag)
        if child is not None and child.text is not None and child.text.strip():
            return child.text.strip()
    return None


def _coordinate(elem: Element, tags: tuple[str, ...]) -> Optional[float]:
    """The first coordinate among ``elem``'s descendants (gaztag first, as in LGL / TR-News)."""
    for scope in (elem.find("gaztag"), elem):
        if scope is None:
            continue
        for tag in tags:
            found = scope.find(f".//{tag}")
            if found is not None and found.text and found.text.strip():
                try:
                    return float(found.text.strip())
                except ValueError:
                    return None
    return None


def _toponym(elem: Element, text: str, where: str) -> Optional[GoldToponym]:
    phrase = _child_text(elem, _PHRASE_TAGS) or ""
    start_s, end_s = _child_text(elem, ("start",)), _child_text(elem, ("end",))
    try:
        start = int(start_s) if start_s is not None else None
        end = int(end_s) if end_s is not None else None
    except ValueError as exc:
        raise EvaluationError(f"{where}: start/end are not integers ({start_s!r}, {end_s!r})") from exc
    if start is None or end is None:
        if not phrase or phrase not in text:
            return None
        start = text.index(phrase)
        end = start + len(phrase)
    elif phrase and text[start:end] != phrase:
        # Some files count offsets slightly differently; find the phrase nearest to the given offset.
        found = [i for i in range(max(0, start - 20), min(len(text), start + 20)) if text.startswith(phrase, i)]
        if found:
            start = min(found, key=lambda i: abs(i - start))
            end = start + len(phrase)
    lat, lon = _coordinate(elem, _LAT_TAGS), _coordinate(elem, _LON_TAGS)
    return GoldToponym(start, end, text[start:end], lat, lon)


def read_corpus(path: Path) -> list[GoldArticle]:
    """Articles with their gold toponyms, in file order."""
    path = Path(path)
    try:
        root = ElementTree.parse(str(path)).getroot()
    except (OSError, ParseError) as exc:
        raise EvaluationError(f"{path}: not a readable geoparsing XML file ({exc})") from exc
    articles = root.findall(".//article") if root.tag != "article" else [root]
    if not articles:
        raise EvaluationError(f"{path}: no <article> elements (expected the TR-News/GeoVirus/GeoWebNews/LGL layout)")
    out = []
    for i, article in enumerate(articles):
        text_elem = article.find("text")
        if text_elem is None:
            raise EvaluationError(f"{path}: article {i} has no <text>")
        text = text_elem.text or ""
        toponyms = []
        for elem in article.iter():
            if elem.tag in _TOPONYM_TAGS and elem is not article:
                top = _toponym(elem, text, f"{path}: article {i}")
                if top is not None:
                    toponyms.append(top)
        out.append(GoldArticle(i, text, tuple(sorted(toponyms, key=lambda t: (t.start, t.end)))))
    return out
