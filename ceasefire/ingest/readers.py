"""Readers: files and folders to ``Document`` records.

One entry point, :func:`read_records`, sniffs the format from the bytes (the
extension is only a hint) and yields, per document, the ``Document`` and the
raw bytes it came from. Container formats (JSONL, feeds, WARC) yield one
record per line/item/record; a broken record yields an ``IngestError`` in
its place so the rest of the file is still read. A file that cannot be read
at all raises ``IngestError`` (``NotADocumentError`` or ``InputTooLargeError``
when there is simply nothing to ingest).

Size limit: ``settings.max_document_bytes`` applies to a whole file for text,
HTML and feeds (they are parsed in memory) and to each line or record of
JSONL and WARC files, which are streamed.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional, Union

from ..errors import IngestError, InputTooLargeError, NotADocumentError
from ..models import Document
from ..settings import Settings
from .archives import read_warc
from .boilerplate import ArticleText, clean_article
from .dates import parse_date
from .feeds import read_feed
from .language import detect_language, language_code
from .markup import declared_charset, html_to_article
from .text import bom_encoding, clean_characters, decode_bytes, looks_binary, normalise_for_hash, sha256_hex

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HEAD_BYTES = 65536


@dataclass(frozen=True)
class Record:
    """A document and the raw bytes it was read from (stored once, keyed by their SHA-256).

    ``normalised`` is ``normalise_for_hash(document.text)``, kept from the content id for the MinHash shingles.
    """

    document: Document
    raw: bytes
    normalised: Optional[str] = field(default=None, repr=False, compare=False)


Outcome = Union[Record, IngestError]


# ------------------------------------------------------------------ files
def iter_input_files(paths: Iterable[Union[str, Path]]) -> Iterator[Union[Path, IngestError]]:
    """Files named, and files under folders named (recursively, sorted, hidden names left out).

    Unreadable folders and missing paths come out as IngestError in place.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(root: Path) -> Iterator[Union[Path, IngestError]]:
    seen: set[str] = set()
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=errors.append):
        while errors:
            exc = errors.pop()
            yield IngestError(exc.filename or folder, f"cannot read folder: {exc.strerror or exc}")
        real = os.path.realpath(folder)
        if real in seen:  # a symbolic link loop back into a folder already read
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name
    while errors:
        exc = errors.pop()
        yield IngestError(exc.filename or str(root), f"cannot read folder: {exc.strerror or exc}")


def check_readable(path: Path) -> os.stat_result:
    """The file's stat; a missing path, broken link, link loop, FIFO, socket or device raises IngestError."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise IngestError(str(path), f"cannot read: broken symbolic link (target {os.readlink(path)} does not exist)") from exc
        raise IngestError(str(path), "cannot read: no such file or folder") from exc
    except OSError as exc:
        raise IngestError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode) else "device or special file"
        raise IngestError(str(path), f"cannot read: not a regular file (a {kind})")
    return info


# ---------------------------------------------------------------- formats
def detect_format(path: Path, head: bytes) -> str:
    """One of ``warc``, ``text``, ``html``, ``feed``, ``jsonl``, ``json``; binary input raises NotADocumentError."""
    if head[:2] == b"\x1f\x8b":
        try:
            peek = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            peek = b""
        if peek.startswith(b"WARC/"):
            return "warc"
        raise NotADocumentError(str(path), "gzip-compressed file that is not a WARC archive (decompress it first)")
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_binary(head):
        raise NotADocumentError(str(path), "binary file (not text, HTML, RSS/Atom, JSONL or WARC)")
    bom = bom_encoding(head)
    sniff = head[:4096].decode(bom or "latin-1", "ignore").lstrip("\ufeff \t\r\n").lower()
    suffix = path.suffix.lower()
    if sniff.startswith(("<?xml", "<rss", "<feed", "<rdf:rdf")):
        return "html" if "<html" in sniff and not re.search(r"<(?:rss|feed|rdf:rdf)\b", sniff) else "feed"
    if sniff.startswith(("<!doctype html", "<html")) or suffix in HTML_SUFFIXES or re.match(r"<(?:head|body|meta|div|p|article)\b", sniff):
        return "html"
    if suffix in JSONL_SUFFIXES or (sniff.startswith("{") and suffix != ".json"):
        return "jsonl"
    if suffix == ".json" or sniff.startswith("["):
        return "jsonl" if sniff.startswith("{") and "\n{" in sniff else "json"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return "text"


# ---------------------------------------------------------------- records
def make_document(article: ArticleText, where: str, raw: bytes, source_path: str, language: Optional[str] = None) -> Document:
    """The Document for a cleaned article; an empty body raises NotADocumentError.

    ``language`` is what the source declares (a feed's or a JSONL record's); when it
    declares none, the language is detected from the text.
    """
    return _document(article, where, raw, source_path, language)[0]


def _document(article: ArticleText, where: str, raw: bytes, source_path: str, language: Optional[str]) -> tuple[Document, str]:
    """``make_document``'s Document and the normalised text its id hashes."""
    text = clean_characters(article.text).strip()
    if not text:
        raise NotADocumentError(where, "no article text left after boilerplate removal")
    normalised = normalise_for_hash(text)
    document = Document(
        id=sha256_hex(normalised),
        text=text,
        title=article.title,
        url=article.url,
        publisher=article.publisher,
        byline=article.byline,
        original_source=article.original_source,
        original_published=article.original_published,
        published=article.published,
        language=language_code(language) or detect_language(text),
        source_path=source_path,
        tags=tuple(dict.fromkeys(article.tags)),
        raw_sha256=sha256_hex(raw),
    )
    return document, normalised


def read_records(path: Union[str, Path], settings: Settings) -> Iterator[Outcome]:
    """Records (or per-record errors) of one file; raises IngestError when the file as a whole cannot be read."""
    path = Path(path)
    where = str(path)
    info = check_readable(path)
    if info.st_size == 0:
        raise NotADocumentError(where, "empty file (0 bytes)")
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEAD_BYTES)
            kind = detect_format(path, head)
            if kind in ("warc", "jsonl"):
                stream.seek(0)
                yield from (_read_warc if kind == "warc" else _read_jsonl)(stream, where, settings)
                return
            limit = settings.max_document_bytes
            if info.st_size > limit:
                raise InputTooLargeError(where, f"file is {info.st_size:,} bytes, over the {limit:,}-byte limit (max_document_bytes / --max-bytes)")
            data = head + stream.read()
    except OSError as exc:
        raise IngestError(where, f"cannot read: {exc.strerror or exc}") from exc
    if kind == "feed":
        for item in read_feed(data, where):
            if isinstance(item, IngestError):
                yield item
                continue
            yield from _record(item.article, f"{where}#{item.article.url or 'item'}", item.raw, where, item.language)
    elif kind == "json":
        yield from _read_json_array(data, where)
    else:
        if not data.strip():
            raise NotADocumentError(where, "no text (only whitespace)")
        if kind == "html":
            text = decode_bytes(data, where, declared=declared_charset(data))
            article = html_to_article(text, where)
        else:
            article = clean_article(clean_characters(decode_bytes(data, where)))
        yield from _record(article, where, data, where)


def _record(article: ArticleText, where: str, raw: bytes, source_path: str, language: Optional[str] = None) -> Iterator[Outcome]:
    try:
        document, normalised = _document(article, where, raw, source_path, language)
        yield Record(document, raw, normalised)
    except IngestError as exc:
        yield exc


def _read_warc(stream: IO[bytes], where: str, settings: Settings) -> Iterator[Outcome]:
    for payload in read_warc(stream, where, settings.max_document_bytes):
        if isinstance(payload, IngestError):
            yield payload
            continue
        try:
            text = decode_bytes(payload.body, payload.where, declared=payload.charset or declared_charset(payload.body))
            if payload.content_type == "text/html":
                article = html_to_article(text, payload.where, url=payload.url)
            else:
                article = clean_article(clean_characters(text))
                article.url = payload.url or article.url
        except IngestError as exc:
            yield exc
            continue
        yield from _record(article, payload.where, payload.body, where)


def _read_jsonl(stream: IO[bytes], where: str, settings: Settings) -> Iterator[Outcome]:
    limit = settings.max_document_bytes
    for number, line in enumerate(stream, start=1):
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        at = f"{where}:{number}"
        if len(line) > limit:
            yield InputTooLargeError(at, f"line is {len(line):,} bytes, over the {limit:,}-byte limit (max_document_bytes / --max-bytes)")
            continue
        try:
            text = decode_bytes(line, at)
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise IngestError(at, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
            yield from _record_from_object(obj, at, line, where)
        except IngestError as exc:
            yield exc


def _read_json_array(data: bytes, where: str) -> Iterator[Outcome]:
    try:
        items = json.loads(decode_bytes(data, where))
    except json.JSONDecodeError as exc:
        raise IngestError(where, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise IngestError(where, "expected a JSON array of article objects or one object a line (JSONL)")
    for number, obj in enumerate(items):
        at = f"{where}[{number}]"
        raw = json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")
        try:
            yield from _record_from_object(obj, at, raw, where)
        except IngestError as exc:
            yield exc


def _field(obj: dict[str, Any], *names: str) -> Optional[str]:
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return ", ".join(v.strip() for v in value if v.strip()) or None
    return None


def _record_from_object(obj: Any, at: str, raw: bytes, source_path: str) -> Iterator[Outcome]:
    """One JSON article object: ``{"url", "title", "published", "publisher", "text"}`` (more fields optional)."""
    if not isinstance(obj, dict):
        raise IngestError(at, f"expected a JSON object, got {type(obj).__name__}")
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise NotADocumentError(at, 'no "text" field (or it is empty)')
    article = clean_article(clean_characters(body))
    article.title = _field(obj, "title") or article.title
    article.url = _field(obj, "url", "link") or article.url
    article.publisher = _field(obj, "publisher", "source", "site") or article.publisher
    article.byline = _field(obj, "byline", "author", "authors") or article.byline
    article.original_source = _field(obj, "original_source") or article.original_source
    published = _field(obj, "published", "date")
    if published and parse_date(published) is None:
        log.warning("%s: published date %r not understood; left empty", at, published)
    article.published = parse_date(published) or article.published
    article.original_published = parse_date(_field(obj, "original_published")) or article.original_published
    tags = obj.get("tags")
    if isinstance(tags, list):
        article.tags.extend(str(t) for t in tags if str(t).strip())
    yield from _record(article, at, raw, source_path, _field(obj, "language", "lang"))


# ------------------------------------------------------------ convenience
def read_path(path: Union[str, Path], settings: Settings, skip_errors: bool = False) -> Iterator[Document]:
    """Documents of a file or folder (recursively). Bad input raises IngestError, or is logged and passed over with ``skip_errors``."""
    def bad(exc: IngestError) -> None:
        if not skip_errors:
            raise exc
        log.warning("%s", exc)

    for item in iter_input_files([path]):
        if isinstance(item, IngestError):
            bad(item)
            continue
        try:
            for outcome in read_records(item, settings):
                if isinstance(outcome, IngestError):
                    bad(outcome)
                else:
                    yield outcome.document
        except IngestError as exc:
            bad(exc)


__all__ = ["Record", "check_readable", "detect_format", "iter_input_files", "make_document", "read_path", "read_records"]
