"""The REST API: the ledger over HTTP, for dashboards and other tools.

Reads are open; writes (posting a document, extracting, checking an agreement) need the
bearer token the server was started with, and are refused when it has none.
The store is opened for each request and closed after it, one request at a
time: DuckDB allows one writer per file, and this way `ceasefire ingest` or an
importer can still write between requests. The JSON shapes are the CLI's
stable ones (``events --format jsonl``, ``violations --format jsonl``).
"""

from __future__ import annotations

import hmac
import tempfile
import threading
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from swagger_ui_bundle import swagger_ui_path

from ..agreements.alerts import alert_payload, violation_record
from ..agreements.ledger import compute_violations
from ..agreements.loader import bundled_agreement_files, load_agreement
from ..agreements.tally import KEYS, tally
from ..errors import AgreementSchemaError, CeasefireError, IngestError
from ..events.exporters import geojson_feature
from ..models import Agreement
from ..report.html import load_admin_areas, zone_layers
from ..settings import Settings
from ..store import EventFilter, Store, open_store
from ..store.rows import claim_to_json, document_listing, event_to_json
from .dashboard import DashboardView, dashboard_page, filter_values
from .event_page import SPAN_CONTEXT, event_page


class DocumentIn(BaseModel):
    """One article, as a line of ``ceasefire ingest`` JSONL."""

    text: str = Field(min_length=1)
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = Field(default=None, description="Publication date, e.g. 2019-03-05")
    publisher: Optional[str] = None
    byline: Optional[str] = None
    language: Optional[str] = None


def _not_found(detail: str) -> Any:
    raise HTTPException(status_code=404, detail=detail)


def served_agreements(files: Sequence[Path] = ()) -> dict[str, Agreement]:
    """The bundled agreements and those of ``files``, by id, each validated once.

    Only these are reachable by id over HTTP: a path in a URL must never reach the server's files.
    """
    served: dict[str, Agreement] = {}
    origin: dict[str, Path] = {}
    bundled = bundled_agreement_files()
    for path in [*bundled, *map(Path, files)]:
        agreement = load_agreement(path)
        if agreement.id in served and origin[agreement.id] not in bundled:
            raise AgreementSchemaError(f"{path}: agreement id {agreement.id!r} is also the id of {origin[agreement.id]}")
        # A user's file may replace a bundled agreement of the same id (e.g. a corrected zone).
        served[agreement.id], origin[agreement.id] = agreement, path
    return served


def create_app(settings: Settings, token: Optional[str] = None, agreement_files: Sequence[Path] = ()) -> FastAPI:
    """The API over the store of ``settings``; ``token`` enables the write endpoints.

    ``agreement_files`` are served alongside the bundled agreements (and win over a bundled one with the same id).
    """
    agreements_by_id = served_agreements(agreement_files)

    def _agreement(agreement_id: str) -> Agreement:
        return agreements_by_id.get(agreement_id) or _not_found(f"no agreement {agreement_id!r} (served: {', '.join(agreements_by_id)})")

    # FastAPI's own /docs and /redoc pages load their scripts from a CDN; ours serves Swagger UI
    # from the swagger-ui-bundle package, so the documentation page works offline too.
    app = FastAPI(
        title="ceasefire",
        summary="Conflict events and ceasefire violations from news, with every figure attributed to its source.",
        version=_version(),
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    lock = threading.Lock()

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title="ceasefire API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js", swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    @contextmanager
    def store() -> Iterator[Store]:
        with lock, open_store(settings) as opened:
            yield opened

    def require_token(request: Request) -> None:
        if not token:
            raise HTTPException(status_code=403, detail="writes are disabled: start the server with a token (CEASEFIRE_API_TOKEN)")
        offered = request.headers.get("authorization", "")
        if not hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
            raise HTTPException(status_code=401, detail="missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(CeasefireError)
    async def library_error(request: Request, exc: CeasefireError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @lru_cache(maxsize=1)
    def admin_areas() -> list[tuple[str, Any]]:
        # Read once per server: the governorate outlines drawn under every map.
        return load_admin_areas(settings)

    @lru_cache(maxsize=1)
    def zones() -> list[tuple[str, Any, Any]]:
        # The served agreements' zones and buffers, drawn on every map: built once, the agreements don't change.
        return [layer for agreement in agreements_by_id.values() for layer in zone_layers(agreement)]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(
        since: Optional[date] = None,
        until: Optional[date] = None,
        origin: Optional[str] = Query(None, pattern="^(|text|ucdp|acled)$"),
        event_type: Optional[str] = Query(None, alias="type"),
        actor: Optional[str] = None,
        country: Optional[str] = None,
        limit: int = Query(50, ge=1, le=1000),
        offset: int = Query(0, ge=0),
    ) -> str:
        # an empty form field is no filter
        found = EventFilter(since, until, origin or None, None, None, actor or None, event_type or None, country or None)
        with store() as s:
            view = DashboardView(
                latest=s.select_events(found, limit=limit, offset=offset, newest_first=True),
                selected=s.count_events(found), total=s.count_events(), documents=s.count_documents(),
                agreements=list(agreements_by_id.values()), zones=zones(), weekly=s.weekly_event_counts(found),
                points=s.event_points(found), admin_areas=admin_areas(), filters=filter_values(found), limit=limit, offset=offset,
            )
        return dashboard_page(view)

    @app.get("/health")
    def health() -> dict[str, Any]:
        with store() as s:
            return {"status": "ok", "version": app.version, "documents": s.count_documents()}

    @app.get("/documents")
    def documents() -> list[dict[str, Any]]:
        with store() as s:
            return [document_listing(d) for d in s.documents()]

    @app.get("/documents/{document_id}")
    def document(document_id: str) -> dict[str, Any]:
        with store() as s:
            found = s.document(document_id) or _not_found(f"no document {document_id!r}")
            return document_listing(found) | {"text": found.text, "tags": list(found.tags)}

    @app.get("/documents/{document_id}/span")
    def span(document_id: str, start: int = Query(..., ge=0), end: int = Query(..., ge=0)) -> dict[str, Any]:
        """The exact text a claim or mention rests on, with some context around it."""
        with store() as s:
            found = s.document(document_id) or _not_found(f"no document {document_id!r}")
        if end < start or end > len(found.text):
            raise HTTPException(status_code=422, detail=f"span [{start}, {end}) is outside the document's {len(found.text)} characters")
        text = found.text
        return {
            "document_id": found.id, "start": start, "end": end, "text": text[start:end],
            "before": text[max(0, start - SPAN_CONTEXT) : start], "after": text[end : end + SPAN_CONTEXT],
        }

    @app.get("/events")
    def events(
        since: Optional[date] = None,
        until: Optional[date] = None,
        origin: Optional[str] = Query(None, description="text, ucdp or acled"),
        actor: Optional[str] = None,
        event_type: Optional[str] = Query(None, alias="type"),
        country: Optional[str] = None,
        lat: Optional[float] = Query(None, ge=-90, le=90),
        lon: Optional[float] = Query(None, ge=-180, le=180),
        km: float = Query(10.0, gt=0),
        limit: int = Query(1000, ge=1, le=100_000),
        offset: int = Query(0, ge=0),
        format: str = Query("json", pattern="^(json|geojson)$"),
    ) -> Any:
        if (lat is None) != (lon is None):
            raise HTTPException(status_code=422, detail="give both lat and lon (or neither)")
        near = (lat, lon) if lat is not None and lon is not None else None
        found = EventFilter(since, until, origin, near, km if near else None, actor, event_type, country)
        with store() as s:
            page = s.select_events(found, limit=limit, offset=offset)
            total = s.count_events(found)
        if format == "geojson":
            return {"type": "FeatureCollection", "features": [geojson_feature(e) for e in page]}
        return {"total": total, "offset": offset, "events": [event_to_json(e) for e in page]}

    @app.get("/events/{event_id}", response_model=None)
    def event(event_id: str, format: str = Query("json", pattern="^(json|html)$")) -> Any:
        """One event with its claims, each with the quoted span it rests on (``format=html``: the event's page)."""
        with store() as s:
            match = s.event(event_id) or _not_found(f"no event {event_id!r}")
            texts = {doc_id: s.document(doc_id) for doc_id in {c.document_id for c in match.claims}}
        if format == "html":
            return HTMLResponse(event_page(match, {k: v for k, v in texts.items() if v is not None}, admin_areas(), zones()))
        out = event_to_json(match)
        out["claims"] = [
            claim_to_json(c) | {"quote": texts[c.document_id].text[c.start : c.end] if texts.get(c.document_id) else None}
            for c in match.claims
        ]
        return out

    @app.get("/agreements")
    def agreements() -> list[dict[str, Any]]:
        out = []
        for a in agreements_by_id.values():
            out.append({"id": a.id, "title": a.title, "signed": a.signed, "parties": list(a.parties), "guarantors": list(a.guarantors),
                        "zones": [z.id for z in a.zones], "rules": [r.id for r in a.rules], "approximate": any(z.approximate for z in a.zones)})
        return out

    @app.get("/agreements/{agreement_id}/violations")
    def violations(agreement_id: str, since: Optional[date] = None, until: Optional[date] = None,
                   by: Optional[str] = Query(None, description=f"one of {', '.join(sorted(KEYS))}")) -> Any:
        """Violations of the agreement among the stored events (computed now, not stored: reads don't write)."""
        agreement = _agreement(agreement_id)
        if by is not None and by not in KEYS:
            raise HTTPException(status_code=422, detail=f"cannot tally by {by!r}; choose one of {', '.join(sorted(KEYS))}")
        with store() as s:
            _, found = compute_violations(s, agreement, settings, since, until, write=False)
        if by:
            return [{by: key, "violations": count} for key, count in tally(found, by)]
        return [alert_payload(v) for v in found]

    @app.post("/agreements/{agreement_id}/check", dependencies=[Depends(require_token)])
    def check(agreement_id: str, since: Optional[date] = None, until: Optional[date] = None) -> dict[str, Any]:
        """Compute and store the violations (what `ceasefire violations` does)."""
        agreement = _agreement(agreement_id)
        with store() as s:
            events_checked, found = compute_violations(s, agreement, settings, since, until, write=True)
        return {"agreement": agreement.id, "events": len(events_checked), "violations": [violation_record(v) for v in found]}

    @app.get("/agreements/{agreement_id}/report", response_class=HTMLResponse)
    def report(agreement_id: str, since: Optional[date] = None, until: Optional[date] = None, rows: int = Query(500, ge=1)) -> str:
        """The self-contained HTML report (map, weekly chart by party, violations with claims and sources)."""
        from ..report import render_report

        agreement = _agreement(agreement_id)
        with store() as s:
            found_events, found = compute_violations(s, agreement, settings, since, until, write=False)
            return render_report(agreement, found_events, found, store=s, settings=settings, since=since, until=until, max_rows=rows)

    @app.post("/documents", status_code=201, dependencies=[Depends(require_token)])
    def post_document(item: DocumentIn) -> JSONResponse:
        """Store one article through the normal readers (boilerplate, hashing, syndication); the same text twice is a no-op."""
        from ..ingest import ingest_records, read_records

        with tempfile.TemporaryDirectory(prefix="ceasefire-api-") as folder:
            path = Path(folder) / "api-post.jsonl"
            path.write_text(item.model_dump_json(exclude_none=True) + "\n", encoding="utf-8")
            outcome = next(iter(read_records(path, settings)))
        if isinstance(outcome, IngestError):
            raise HTTPException(status_code=422, detail=f"posted document: {outcome.reason}")
        with store() as s:
            result = ingest_records([outcome], s, settings)
            if not result.ok:
                raise HTTPException(status_code=422, detail=result.problems[0])
            stored = s.document(outcome.document.id)
        assert stored is not None
        return JSONResponse(status_code=201 if result.ingested else 200,
                            content={"stored": bool(result.ingested), "document": document_listing(stored)})

    @app.post("/extract", dependencies=[Depends(require_token)])
    def extract() -> dict[str, int]:
        """Run the text stages over the documents not yet extracted and rebuild the ledger (what `ceasefire extract` does)."""
        from ..pipeline import extract_stored

        with store() as s:
            documents, events = extract_stored(s, settings)
        return {"documents": documents, "text_events": events}

    return app


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("ceasefire")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0"
