"""WARC web archives: one document per HTML or plain-text response (or resource) record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Iterator, Optional

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import IngestError, InputTooLargeError, NotADocumentError

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass
class WarcPayload:
    where: str  # path#record-number, for messages
    url: Optional[str]
    content_type: str  # text/html or text/plain
    charset: Optional[str]
    body: bytes


def _content_type(header: Optional[str]) -> tuple[str, Optional[str]]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower(), charset


def _expected_length(record: object) -> Optional[int]:
    """The payload length the record announces (HTTP Content-Length for responses), when it can be trusted."""
    http = getattr(record, "http_headers", None)
    if http is None:
        return getattr(record, "length", None)
    if (http.get_header("Transfer-Encoding") or "").lower() == "chunked" or http.get_header("Content-Encoding"):
        return None
    declared = http.get_header("Content-Length")
    return int(declared) if declared and declared.isdigit() else None


def read_warc(stream: BinaryIO, path: str, max_bytes: int) -> Iterator[WarcPayload | IngestError]:
    """HTML/text payloads of response and resource records; other records (requests, metadata, images) are passed over."""
    number = found = 0  # found: records yielded, payloads or errors
    try:
        for record in ArchiveIterator(stream):
            number += 1
            where = f"{path}#record{number}"
            if not record.rec_type:
                found += 1
                yield IngestError(where, "malformed WARC record: no WARC-Type header")
                continue
            if record.rec_type not in ("response", "resource"):
                continue
            if record.http_headers is not None:
                if record.http_headers.get_statuscode() not in (None, "200"):
                    continue
                media, charset = _content_type(record.http_headers.get_header("Content-Type"))
            else:
                media, charset = _content_type(record.rec_headers.get_header("Content-Type"))
            if media not in TEXT_TYPES:
                continue
            length = int(record.rec_headers.get_header("Content-Length") or 0)
            if length > max_bytes:
                found += 1
                yield InputTooLargeError(where, f"record is {length:,} bytes, over the {max_bytes:,}-byte limit (--max-bytes)")
                continue
            body = record.content_stream().read(max_bytes + 1)
            expected = _expected_length(record)
            if expected is not None and len(body) < expected:
                yield IngestError(where, f"truncated WARC record: {len(body):,} of {expected:,} bytes")
                continue
            found += 1
            yield WarcPayload(
                where,
                record.rec_headers.get_header("WARC-Target-URI"),
                "text/plain" if media == "text/plain" else "text/html",
                charset,
                body,
            )
        if not found:
            raise NotADocumentError(path, f"WARC archive with {number} records but no HTML or plain-text responses")
    except ArchiveLoadFailed as exc:
        raise IngestError(path, f"malformed WARC after record {number}: {str(exc).strip()}") from exc
    except (OSError, EOFError, ValueError, AttributeError, TypeError, KeyError) as exc:  # truncated gzip, headers warcio trips over
        raise IngestError(path, f"malformed or truncated WARC after record {number}: {type(exc).__name__}: {exc}") from exc
