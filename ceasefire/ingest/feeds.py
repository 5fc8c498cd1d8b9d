"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one document per item.

Parsed with defusedxml, which refuses entity declarations (billion laughs,
quadratic blowup) and external entities instead of expanding them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterator, Optional

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..errors import IngestError, NotADocumentError
from .boilerplate import ArticleText, clean_article
from .dates import parse_date
from .markup import fragment_to_text, looks_like_html

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"


@dataclass
class FeedItem:
    article: ArticleText
    raw: bytes
    language: Optional[str]


def _text(element: Optional[ET.Element], *paths: str) -> Optional[str]:
    if element is None:
        return None
    for path in paths:
        found = element.find(path)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return None


def parse_feed(data: bytes, path: str) -> ET.Element:
    """The feed's root element; entity declarations and malformed XML raise IngestError."""
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(path, f"refused: the feed declares XML entities or external references, a possible entity-expansion attack ({type(exc).__name__})") from exc
    except ET.ParseError as exc:
        raise IngestError(path, f"malformed XML: {exc}") from exc


def is_feed_root(root: ET.Element) -> bool:
    return root.tag in ("rss", f"{ATOM}feed", f"{RDF}RDF") or root.tag.endswith("}rss")


def read_feed(data: bytes, path: str) -> Iterator[FeedItem | IngestError]:
    """Each item/entry as a FeedItem; an item without text yields a NotADocumentError naming it."""
    root = parse_feed(data, path)
    if not is_feed_root(root):
        raise NotADocumentError(path, f"XML document with root <{root.tag}> is not an RSS or Atom feed")
    if root.tag == f"{ATOM}feed":
        channel, items, atom = root, root.findall(f"{ATOM}entry"), True
    else:
        channel = root.find("channel") if root.find("channel") is not None else root.find(f"{RSS1}channel")
        items = (channel.findall("item") if channel is not None else []) + root.findall(f"{RSS1}item")
        atom = False
    publisher = _text(channel, "title", f"{ATOM}title", f"{RSS1}title")
    language = _text(channel, "language", f"{DC}language")
    if not items:
        raise NotADocumentError(path, "feed has no items")
    for number, item in enumerate(items, start=1):
        where = f"{path}#item{number}"
        article = _atom_entry(item) if atom else _rss_item(item)
        if article is None:
            yield NotADocumentError(where, "feed item has no content or summary text")
            continue
        article.publisher = article.publisher or publisher
        yield FeedItem(article, ET.tostring(item, encoding="utf-8"), (language or "").split("-")[0].lower() or None)


def _body(value: Optional[str]) -> Optional[ArticleText]:
    if not value:
        return None
    article = clean_article(fragment_to_text(value) if looks_like_html(value) else value)
    return article if article.text else None


def _rss_item(item: ET.Element) -> Optional[ArticleText]:
    article = _body(_text(item, f"{CONTENT}encoded")) or _body(_text(item, "description", f"{RSS1}description"))
    if article is None:
        return None
    article.title = _text(item, "title", f"{RSS1}title") or article.title
    article.url = _text(item, "link", f"{RSS1}link", "guid") or article.url
    article.byline = _text(item, f"{DC}creator", "author") or article.byline
    article.published = parse_date(_text(item, "pubDate", f"{DC}date")) or article.published
    for category in item.findall("category") + item.findall(f"{DC}subject"):
        if category.text and category.text.strip() not in article.tags:
            article.tags.append(category.text.strip())
    return article


def _atom_entry(entry: ET.Element) -> Optional[ArticleText]:
    article = _body(_text(entry, f"{ATOM}content")) or _body(_text(entry, f"{ATOM}summary"))
    if article is None:
        return None
    article.title = _text(entry, f"{ATOM}title") or article.title
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            article.url = link.get("href")
            break
    article.byline = _text(entry, f"{ATOM}author/{ATOM}name") or article.byline
    article.published = parse_date(_text(entry, f"{ATOM}published", f"{ATOM}updated")) or article.published
    for category in entry.findall(f"{ATOM}category"):
        term = category.get("term") or category.get("label")
        if term and term not in article.tags:
            article.tags.append(term)
    return article
