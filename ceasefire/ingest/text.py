"""Bytes to text, and text to a content id.

Decoding detects the encoding (strict UTF-8 first, then charset-normalizer)
instead of assuming one. The content id hashes a normalised form of the
cleaned text so that the same article read twice, from differently wrapped or
differently encoded files, gets the same id.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from charset_normalizer import from_bytes

from ..errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of common non-text files that can end up in a news folder.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"RIFF", b"\x00\x00\x01\x00", b"OggS", b"ID3",
)
# Single-byte encodings that decode almost anything: when charset-normalizer finds
# one of these as good as its first pick, the common Western one is the likelier truth.
_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes or a known file signature)."""
    if bom_encoding(data):
        return False
    head = data[:8192]
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> str:
    """Decode ``data``: BOM, then a declared charset that decodes cleanly, then strict UTF-8, then detection.

    Raises IngestError when no encoding fits (the bytes are not text).
    """
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise IngestError(path, f"undecodable bytes: starts with a {bom} byte-order mark but is not {bom} ({exc.reason} at byte {exc.start})") from exc
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    matches = list(from_bytes(data[:200_000]))
    if not matches:
        raise IngestError(path, "undecodable bytes: not UTF-8 and no known text encoding fits (is it a binary file?)")
    best = matches[0]
    for match in matches:
        if match.encoding in _PREFERRED and match.chaos <= best.chaos:
            best = match
            break
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError as exc:  # the detector looked at a prefix only
        raise IngestError(path, f"undecodable bytes: detected {best.encoding} but byte {exc.start} does not decode") from exc


def clean_characters(text: str) -> str:
    """NFC, unified newlines, no control or zero-width characters; the basis of every offset."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def normalise_for_hash(text: str) -> str:
    """The form that is hashed: NFKC, typographic quotes and dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():  # the typographic characters are not ASCII (isascii is a flag test)
        # One str.replace per character the text holds: str.translate looks every character up in a dict.
        for character, replacement in _TYPOGRAPHY_PAIRS:
            if character in text:
                text = text.replace(character, replacement)
    # str.split() splits at exactly the characters \s matches, and strips them: re.sub(r"\s+", " ", text).strip()
    return " ".join(text.split())


_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‐": "-", "\u00ad": None})
# No replacement is itself replaced, so the order of the replacements does not matter.
_TYPOGRAPHY_PAIRS = tuple((chr(code), value or "") for code, value in _TYPOGRAPHY.items())


def content_id(text: str) -> str:
    """SHA-256 hex of the normalised text: the document id."""
    return sha256_hex(normalise_for_hash(text))
