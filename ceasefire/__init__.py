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

from .lazy import export_lazily

__version__ = "0.1.0"

# The stage entry points load on first use, so `import ceasefire` stays light (no spaCy, no trafilatura).
_LAZY = {
    # ingest/
    "ingest_paths": "ceasefire.ingest",
    "read_path": "ceasefire.ingest",
    # pipeline.py (nlp/ + geo/ + events/)
    "extract_stored": "ceasefire.pipeline",
    "run_flow": "ceasefire.pipeline",
    # events/
    "build_ledger": "ceasefire.events.ledger",
    "import_ucdp": "ceasefire.events.importers",
    "import_acled": "ceasefire.events.importers",
    # agreements/ and report/
    "load_agreement": "ceasefire.agreements",
    "check_agreement": "ceasefire.agreements",
    "write_report": "ceasefire.report",
}


export_lazily(__name__, _LAZY)


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
    *_LAZY,
]
