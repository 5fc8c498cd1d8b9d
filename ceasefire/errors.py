"""Errors raised by ceasefire.

Every error the library raises on purpose derives from one base class, so a
caller can catch them all and a CLI can print them as one line::

    CeasefireError
    ├── IngestError            a document could not be read or stored
    │   ├── InputTooLargeError the file is over the configured size limit
    │   └── NotADocumentError  the input holds nothing to ingest (empty, binary, no text)
    ├── ModelError             an NLP model or trained artifact is missing or broken
    ├── GazetteerError         the gazetteer is missing, or an import file is malformed
    ├── AgreementSchemaError   an agreement file does not validate
    ├── AlertError             a violation alert could not be delivered after retries
    ├── StoreError             the database cannot be opened, migrated or written
    └── EvaluationError        an evaluation file is malformed

Messages name the input and, where there is one, the fix.
"""

from __future__ import annotations


class CeasefireError(Exception):
    """Base class of every error ceasefire raises on purpose."""


class IngestError(CeasefireError):
    """A document could not be read, decoded or stored.

    ``path`` names the input so that batch runs can report one line per file.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class InputTooLargeError(IngestError):
    """The input is larger than ``Settings.max_document_bytes``."""


class NotADocumentError(IngestError):
    """The input holds no article to ingest (empty, binary, no text after boilerplate removal); batch runs count it as skipped."""


class ModelError(CeasefireError):
    """A model or trained artifact is missing or unreadable (run the command named in the message)."""


class GazetteerError(CeasefireError):
    """The gazetteer is missing or an import file is malformed."""


class AgreementSchemaError(CeasefireError):
    """An agreement file does not validate; the message gives file, line and field."""


class AlertError(CeasefireError):
    """A violation alert could not be delivered (the sink refused it or stayed unreachable after retries)."""


class StoreError(CeasefireError):
    """The store cannot be opened, migrated or written."""


class EvaluationError(CeasefireError):
    """An evaluation input file is malformed."""


__all__ = [
    "CeasefireError",
    "IngestError",
    "InputTooLargeError",
    "NotADocumentError",
    "ModelError",
    "GazetteerError",
    "AgreementSchemaError",
    "AlertError",
    "StoreError",
    "EvaluationError",
]
