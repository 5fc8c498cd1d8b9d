"""One event as a page: what, who, where, when, how many, and every claim with the words it rests on.

Each claim is shown inside its document's text with the cited span marked, and
says who made it and through which publisher: the page repeats what sources
say, it never states a figure as fact.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Optional, Sequence

from shapely.geometry.base import BaseGeometry

from ..models import Claim, Document, Event
from ..report.html import claim_value, marked_span
from ..report.svg import PointLayer, Viewport, map_svg, padded_bounds
from .dashboard import ORIGIN_COLOURS, ZoneLayer, deaths_text, e, page

TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
GEO_PRECISION = {1: "the place itself", 2: "near or part of the place", 3: "province (admin1) only"}
SPAN_CONTEXT = 200  # characters shown on each side of a cited span (here and by /documents/{id}/span)


def _excerpt(text: str, start: int, end: int) -> str:
    lead = "…" if start > SPAN_CONTEXT else ""
    tail = "…" if end + SPAN_CONTEXT < len(text) else ""
    return f"{lead}{marked_span(text, start, end, SPAN_CONTEXT)}{tail}"


def _claim_block(claim: Claim, document: Optional[Document]) -> str:
    who = " via ".join(dict.fromkeys(x for x in (claim.source, claim.publisher) if x)) or "the document (no source named)"
    notes = [f"about {e(claim.about)}" if claim.about else "", f"<i>{e(claim.hedge)}</i>" if claim.hedge else "",
             f"in the source's words: “{e(claim.wording)}”" if claim.wording else "", f"<b>{e(claim.status)}</b>" if claim.status else ""]
    span = f"/documents/{e(claim.document_id)}/span?start={claim.start}&amp;end={claim.end}"
    if document is not None and 0 <= claim.start <= claim.end <= len(document.text):
        quote = f'<blockquote class="muted">{_excerpt(document.text, claim.start, claim.end)}</blockquote>'
    else:
        quote = '<p class="muted">(document not in this store)</p>'
    return (
        f"<li><b>{e(claim.kind)}</b>: {e(claim_value(claim))} — according to {e(who)}"
        f"{'; ' + '; '.join(n for n in notes if n) if any(notes) else ''} "
        f'<a href="{span}">[characters {claim.start}–{claim.end}]</a>{quote}</li>'
    )


def _claims_section(claims: Sequence[Claim], documents: Mapping[str, Document]) -> str:
    if not claims:
        return '<p class="muted">No claims: an imported coding carries its own figures, listed above.</p>'
    by_document: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_document[claim.document_id].append(claim)
    out = []
    for document_id, group in by_document.items():
        document = documents.get(document_id)
        heading = e(document_id[:16])
        if document is not None:
            heading = f"{e(document.title or document_id[:16])} — {e(document.publisher or 'unknown publisher')}, {e(document.published or 'undated')}"
        items = "".join(_claim_block(c, document) for c in sorted(group, key=lambda c: (c.start, c.kind)))
        out.append(f'<h3>{heading} <a class="muted" href="/documents/{e(document_id)}">document</a></h3><ul>{items}</ul>')
    return "".join(out)


def _locator(event: Event, admin_areas: Sequence[tuple[str, BaseGeometry]], zones: Sequence[ZoneLayer]) -> str:
    if event.latitude is None or event.longitude is None:
        return '<p class="muted">Not located.</p>'
    bounds = padded_bounds((event.longitude, event.latitude, event.longitude, event.latitude), 1.2)
    colour = ORIGIN_COLOURS.get(event.origin, "#c1121f")
    point = PointLayer("this event", colour, [(event.longitude, event.latitude)], 9.0)
    return f"<figure>{map_svg(Viewport(bounds, 360), admin_areas, zones, [point], 'where the event took place')}</figure>"


def event_page(
    event: Event, documents: Mapping[str, Document], admin_areas: Sequence[tuple[str, BaseGeometry]] = (), zones: Sequence[ZoneLayer] = ()
) -> str:
    """The HTML page of ``event``; ``documents`` are the texts its claims cite (missing ones are named, not quoted).

    ``admin_areas`` and the agreements' ``zones`` (``report.html.zone_layers``) are drawn under the locator map.
    """
    actors = []
    for actor, inter, associated in ((event.actor1, event.inter1, event.assoc_actor1), (event.actor2, event.inter2, event.assoc_actor2)):
        if actor:
            actors.append(f"{e(actor)}" + (f" (inter {inter})" if inter else "") + (f", with {e(associated)}" if associated else ""))
    place = ", ".join(dict.fromkeys(p for p in (event.location, event.admin2, event.admin1, event.country) if p))
    where = place + (f" ({event.latitude:.4f} N, {event.longitude:.4f} E)" if event.latitude is not None and event.longitude is not None else "")
    when = f"{event.event_date}" + (f" to {event.date_end}" if event.date_end and event.date_end != event.event_date else "")
    sides = "; ".join(f"{side}: {low}" + (f"–{high}" if high not in (None, low) else "+" if high is None else "") for side, low, high in event.fatalities_by_side)
    rows = [
        ("type", f"{event.event_type} / {event.sub_event_type}"),
        ("date", f"{when} (precision: {TIME_PRECISION.get(event.time_precision, event.time_precision)})"),
        ("actors", " vs ".join(actors) or "not named"),
        ("place", f"{where} (precision: {GEO_PRECISION.get(event.geo_precision or 0, 'unknown')})" if place else "not named"),
        ("deaths", (deaths_text(event) or "no figure") + (" — sources disagree" if event.disputed else "")),
        ("deaths by side", sides),
        ("sources", ", ".join(event.sources)),
        ("origin", f"{event.origin}" + (f" {event.origin_id}" if event.origin_id else "")),
        ("notes", event.notes or ""),
    ]
    facts = "".join(f"<tr><th>{name}</th><td>{value if name == 'actors' else e(value)}</td></tr>" for name, value in rows if value)
    body = (
        f'<p><a href="/">← dashboard</a> · <a href="/events/{e(event.event_id)}">this event as JSON</a></p>'
        f"<h1>{e(event.sub_event_type)}, {e(event.location or event.admin1 or event.country or 'place not named')}, {e(event.event_date)}</h1>"
        f'<div style="display:flex;gap:1.5em;align-items:flex-start;flex-wrap:wrap"><table style="width:auto;max-width:44em">{facts}</table>'
        f"{_locator(event, admin_areas, zones)}</div>"
        f"<h2>Claims ({len(event.claims)})</h2>{_claims_section(event.claims, documents)}"
        f'<p class="muted">Event {e(event.event_id)}. Figures are what each source says; the ledger keeps disagreements rather than choosing a side.</p>'
    )
    return page(f"{event.sub_event_type} {event.event_date}", body)
