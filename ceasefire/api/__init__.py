"""The api stage: the ledger over HTTP (FastAPI) with a small dashboard."""

from .app import create_app

__all__ = ["create_app"]
