"""ceasefire: turn conflict reporting into an auditable ledger of attributed events and agreement violations."""

from __future__ import annotations

# errors.py
from .errors import (
    AgreementSchemaError,
    AlertError,
    CeasefireError,
    EvaluationError,
    GazetteerError,
    IngestError,
    InputTooLargeError,
    ModelError,
    NotADocumentError,
    StoreError,
)

# models.py
from .models import Actor, Agreement, Claim, Document, Event, Mention, Place, Rule, Violation, Zone

# settings.py
from .settings import Settings

# store/
from .store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "AgreementSchemaError",
    "AlertError",
    "CeasefireError",
    "EvaluationError",
    "GazetteerError",
    "IngestError",
    "InputTooLargeError",
    "ModelError",
    "NotADocumentError",
    "StoreError",
    "Actor",
    "Agreement",
    "Claim",
    "Document",
    "Event",
    "Mention",
    "Place",
    "Rule",
    "Violation",
    "Zone",
    "Settings",
    "Store",
    "open_store",
]
