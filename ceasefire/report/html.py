"""One self-contained HTML report for an agreement: map, weekly chart by party, violations with claims and sources.

Everything is inline (CSS, SVG and the maps' pan-and-zoom script); the file opens offline. The table is
limited to ``max_rows`` violations (the most confident first) so a ledger of
tens of thousands of events still renders in well under a second; counts and
the chart always cover every violation.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ..agreements.engine import CONFIDENCE_ORDER, zone_projection
from ..agreements.ledger import ADMIN1_FILE
from ..agreements.tally import tally, weekly_by_party
from ..models import Agreement, Claim, Document, Event, Violation
from ..settings import Settings
from ..store import Store
from .svg import CONFIDENCE_COLOURS, EVENT_COLOUR, PointLayer, Viewport, map_svg, padded_bounds, weekly_chart_svg, with_pan_zoom

EXCERPT_CONTEXT = 160  # characters shown either side of a cited span

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;margin:16px 24px;max-width:1240px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:22px 0 8px;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:13px}.maps{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap}.maps figure{margin:0}
figcaption{font-size:12px;color:#555}.legend span{display:inline-block;margin-right:14px;font-size:12px}
.sw{display:inline-block;width:11px;height:11px;border-radius:6px;margin-right:4px;vertical-align:-1px}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{border-bottom:1px solid #e5e5e5;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f6f6f6;position:sticky;top:0}td:first-child{white-space:nowrap}td.n{text-align:right}.c-inside{color:#c1121f;font-weight:600}.c-buffer{color:#f77f00;font-weight:600}
.c-possible{color:#7b2cbf;font-weight:600}.claims{margin:0;padding-left:14px}mark{background:#ffe58a}
.doc{border-left:3px solid #ddd;padding:2px 10px;margin:8px 0;font-size:13px}.small{font-size:12px;color:#555}
.tallies{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start}.tallies table{width:auto}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def load_admin_areas(settings: Optional[Settings], tolerance_deg: float = 0.01) -> list[tuple[str, BaseGeometry]]:
    """OCHA governorates from the shared folder, simplified to ~1 km so the file stays small; [] when absent."""
    if settings is None:
        return []
    path = Path(settings.shared_dir) / ADMIN1_FILE
    if not path.is_file():
        return []
    blob = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"].get("NAME_EN", ""), shape(f["geometry"]).simplify(tolerance_deg, preserve_topology=True)) for f in blob["features"]]


def marked_span(text: str, start: int, end: int, context: int) -> str:
    """``text[start:end]`` in ``<mark>``, with up to ``context`` characters on each side, all escaped."""
    return f"{_e(text[max(0, start - context) : start])}<mark>{_e(text[start:end])}</mark>{_e(text[end : end + context])}"


def zone_layers(agreement: Agreement) -> list[tuple[str, BaseGeometry, Optional[BaseGeometry]]]:
    """(zone id, zone, zone grown by its largest rule buffer or None) for drawing with ``map_svg``."""
    projection = zone_projection(agreement)
    buffers = {}
    for rule in agreement.rules:
        for zone_id in rule.zones:
            buffers[zone_id] = max(buffers.get(zone_id, 0.0), rule.buffer_km)
    out = []
    for zone in agreement.zones:
        geom = shape(zone.geometry)
        buffered = None
        if buffers.get(zone.id):
            # Grown in km in the engine's projection, so the dashed line is where "buffer" confidence ends.
            buffered = projection.lonlat(projection.geometry(geom).buffer(buffers[zone.id], quad_segs=4))
        out.append((zone.id, geom, buffered))
    return out


def _maps(agreement: Agreement, events: Sequence[Event], violations: Sequence[Violation], admin_areas: Sequence[tuple[str, BaseGeometry]]) -> str:
    zones = zone_layers(agreement)
    zone_bounds = [g.bounds for _, g, _ in zones]
    zb = (min(b[0] for b in zone_bounds), min(b[1] for b in zone_bounds), max(b[2] for b in zone_bounds), max(b[3] for b in zone_bounds))
    if admin_areas:
        ab = [g.bounds for _, g in admin_areas]
        overview_bounds = padded_bounds((min(b[0] for b in ab), min(b[1] for b in ab), max(b[2] for b in ab), max(b[3] for b in ab)), 0.1)
    else:
        overview_bounds = padded_bounds(zb, 2.0)
    event_points = [(e.longitude, e.latitude) for e in events]
    by_confidence = {c: [(v.longitude, v.latitude) for v in violations if v.confidence == c] for c in CONFIDENCE_COLOURS}
    violation_layers = [PointLayer(f"violations ({c})", CONFIDENCE_COLOURS[c], by_confidence[c], 4.0) for c in ("possible", "buffer", "inside")]
    overview_vp, close_vp = Viewport(overview_bounds, 560), Viewport(padded_bounds(zb, 0.2), 600)
    overview = map_svg(overview_vp, admin_areas, zones, [PointLayer("events", EVENT_COLOUR, event_points, 2.0)] + violation_layers, "overview map", label_admin=False)
    close = map_svg(close_vp, admin_areas, zones, [PointLayer("events", EVENT_COLOUR, event_points, 3.0)] + violation_layers, "zones and violations")
    legend = "".join(
        f'<span><i class="sw" style="background:{colour}"></i>{_e(name)}</span>'
        for name, colour in [("events", EVENT_COLOUR)] + [(f"violation: {c}", CONFIDENCE_COLOURS[c]) for c in ("inside", "buffer", "possible")]
    )
    approximate = ", ".join(z.id for z in agreement.zones if z.approximate)
    note = f" Zones marked approximate ({_e(approximate)}) are hand-curated outlines; edges are uncertain by several km." if approximate else ""
    return (
        f'<div class="maps"><figure style="width:{overview_vp.width}px">{overview}<figcaption>All events ({len(events)}); governorates: OCHA admin1.</figcaption></figure>'
        f'<figure style="width:{close_vp.width}px">{close}<figcaption>Zones (filled), buffers (dashed) and violations.{note}</figcaption></figure></div>'
        f'<div class="legend"><span><i class="sw" style="background:#ffd166;border-radius:0"></i>zone</span>{legend}</div>'
    )


def claim_value(claim: Claim) -> str:
    """A claim's figure as read ("17 or more", "3–5", "at most 10") with the source's words beside it, for every page that shows claims."""
    if claim.value_low is None and claim.value_high is None:
        return claim.value_text or ""
    low, high = claim.value_low, claim.value_high
    if low is None:
        number = f"at most {high:g}"
    elif high is None:
        number = f"{low:g} or more"
    elif low == high:
        number = f"{low:g}"
    else:
        number = f"{low:g}–{high:g}"
    return f"{number} ({claim.value_text})" if claim.value_text else number


def _claim_item(claim: Claim, documents: Mapping[str, Document]) -> str:
    value = claim_value(claim)
    who = " via ".join(x for x in (claim.source, claim.publisher) if x)
    link = f'<a href="#{_span_anchor(claim.document_id, claim.start, claim.end)}">[{claim.document_id[:8]} {claim.start}–{claim.end}]</a>' if claim.document_id in documents else f"[{_e(claim.document_id[:8])} {claim.start}–{claim.end}]"
    hedge = f" <i>({_e(claim.hedge)})</i>" if claim.hedge else ""
    return f"<li>{_e(claim.kind)}: {_e(value)}{' — ' + _e(who) if who else ''}{hedge} {link}</li>"


def _span_anchor(document_id: str, start: int, end: int) -> str:
    return f"d-{document_id[:16]}-{start}-{end}"


def _violations_table(violations: Sequence[Violation], events: Mapping[str, Event], documents: Mapping[str, Document], max_rows: int) -> str:
    chosen = sorted(violations, key=lambda v: (CONFIDENCE_ORDER[v.confidence], v.event_date))[:max_rows]
    chosen.sort(key=lambda v: (v.event_date, v.event_id, v.rule))
    rows = []
    for v in chosen:
        event = events.get(v.event_id)
        claims = v.claims or (event.claims if event else ())
        claim_html = f'<ul class="claims">{"".join(_claim_item(c, documents) for c in claims)}</ul>' if claims else ""
        docs = " ".join(f'<a href="#d-{d[:16]}">{_e(d[:8])}</a>' if d in documents else _e(d[:8]) for d in (event.documents if event else ()))
        place = ", ".join(x for x in ((event.location, event.admin1) if event else ()) if x)
        what = f"{_e(event.event_type)} / {_e(event.sub_event_type)}" if event else ""
        fatalities = _e(event.fatalities_best) if event and event.fatalities_best is not None else ""
        sources = _e(", ".join(event.sources)) if event else ""
        rows.append(
            f"<tr><td>{v.event_date}</td><td>{_e(v.rule)}</td><td>{_e(v.violator)}</td><td class='c-{v.confidence}'>{v.confidence}</td>"
            f"<td>{_e(v.zone)}</td><td class='n'>{v.distance_km:.1f}</td><td>{_e(place)}<br><span class='small'>geo precision {_e(event.geo_precision if event else '')}</span></td>"
            f"<td>{what}</td><td class='n'>{fatalities}</td><td>{sources}<br><span class='small'>{_e(v.event_id)} {docs}</span></td><td>{claim_html}</td></tr>"
        )
    header = "".join(f"<th>{h}</th>" for h in ("date", "rule", "violator", "confidence", "zone", "km outside", "place", "event", "deaths", "sources / event", "claims it rests on"))
    shown = f"Showing {len(chosen)} of {len(violations)} violations (most confident first, then by date); `ceasefire violations --format csv` lists them all."
    return f'<p class="small">{_e(shown)}</p><table><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _documents_section(violations: Sequence[Violation], events: Mapping[str, Event], documents: Mapping[str, Document]) -> str:
    spans: dict[str, set[tuple[int, int]]] = {}
    for v in violations:
        event = events.get(v.event_id)
        for claim in v.claims or (event.claims if event else ()):
            if claim.document_id in documents:
                spans.setdefault(claim.document_id, set()).add((claim.start, claim.end))
        for doc_id in event.documents if event else ():
            if doc_id in documents:
                spans.setdefault(doc_id, set())
    if not spans:
        return "<p class='small'>No source documents in the store for these events (imported datasets cite their sources by name).</p>"
    out = []
    for doc_id, doc_spans in spans.items():
        doc = documents[doc_id]
        head = f"<b>{_e(doc.title or doc_id[:12])}</b> — {_e(doc.publisher)} {_e(doc.published)}"
        if doc.url:
            head += f' <a href="{_e(doc.url)}">{_e(doc.url)}</a>'
        excerpts = []
        for start, end in sorted(doc_spans):
            excerpts.append(f'<p id="{_span_anchor(doc_id, start, end)}">[{start}–{end}] …{marked_span(doc.text, start, end, EXCERPT_CONTEXT)}…</p>')
        out.append(f'<div class="doc" id="d-{doc_id[:16]}">{head}<br><span class="small">document {_e(doc_id)}</span>{"".join(excerpts)}</div>')
    return "".join(out)


def _tallies(violations: Sequence[Violation]) -> str:
    def small(by: str, limit: int = 12) -> str:
        rows = "".join(f"<tr><td>{_e(k)}</td><td class='n'>{n}</td></tr>" for k, n in tally(violations, by)[:limit])
        return f"<table><thead><tr><th>{by}</th><th>violations</th></tr></thead><tbody>{rows}</tbody></table>"

    pairs = Counter((v.rule, v.confidence) for v in violations)
    grid = "".join(
        f"<tr><td>{_e(rule)}</td>" + "".join(f"<td class='n'>{pairs.get((rule, c), 0)}</td>" for c in CONFIDENCE_ORDER) + "</tr>"
        for rule in sorted({v.rule for v in violations})
    )
    by_rule = f"<table><thead><tr><th>rule</th>{''.join(f'<th>{c}</th>' for c in CONFIDENCE_ORDER)}</tr></thead><tbody>{grid}</tbody></table>"
    return f'<div class="tallies">{by_rule}{small("party")}{small("zone")}</div>'


def write_report(path: Union[str, Path], agreement: Agreement, events: Sequence[Event], violations: Sequence[Violation], **options: Any) -> Path:
    """Write the HTML report (see ``render_report`` for the options) to ``path`` and return it."""
    path = Path(path)
    page = render_report(agreement, events, violations, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def render_report(
    agreement: Agreement,
    events: Sequence[Event],
    violations: Sequence[Violation],
    store: Optional[Store] = None,
    settings: Optional[Settings] = None,
    since: Optional[date] = None,
    until: Optional[date] = None,
    max_rows: int = 500,
    documents: Optional[Mapping[str, Document]] = None,
) -> str:
    """The self-contained HTML report of an agreement's violations among ``events``.

    Source documents for provenance come from ``documents`` or, failing that,
    from ``store``; the governorate base layer from ``settings.shared_dir``.
    """
    event_index = {e.event_id: e for e in events}
    docs: dict[str, Document] = dict(documents or {})
    if store is not None:
        wanted = {c.document_id for v in violations for c in v.claims}
        wanted |= {d for v in violations for d in (event_index[v.event_id].documents if v.event_id in event_index else ())}
        for doc_id in sorted(wanted - set(docs)):
            doc = store.document(doc_id)
            if doc is not None:
                docs[doc_id] = doc
    weeks, series = weekly_by_party(violations, since, until)
    chart = weekly_chart_svg(weeks, series) if weeks else "<p>No violations in this period.</p>"
    period = f"{since or (min(e.event_date for e in events) if events else '…')} to {until or (max(e.event_date for e in events) if events else '…')}"
    counts = Counter(v.confidence for v in violations)
    sources = "".join(f"<li>{_e(s)}</li>" for s in agreement.sources)
    rules = "".join(
        f"<li><b>{_e(r.id)}</b> ({_e(r.starts or 'signing')} – {_e(r.ends or 'open')}; zones {_e(', '.join(r.zones))}; buffer {r.buffer_km:g} km): {_e(r.description)}</li>"
        for r in agreement.rules
    )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = (
        f"<h1>{_e(agreement.title)}</h1>"
        f'<p class="meta">Agreement <b>{_e(agreement.id)}</b>, signed {_e(agreement.signed)}; guarantors {_e(", ".join(agreement.guarantors))}. '
        f"Events {period}: {len(events)}; violations: {len(violations)} ({counts.get('inside', 0)} inside, {counts.get('buffer', 0)} in buffer, {counts.get('possible', 0)} possible). Generated {generated} by ceasefire.</p>"
        f"<h2>Map</h2>{_maps(agreement, events, violations, load_admin_areas(settings))}"
        f"<h2>Violations per week, by party</h2>{chart}"
        f"<h2>Tallies</h2>{_tallies(violations)}"
        f"<h2>Violations</h2>{_violations_table(violations, event_index, docs, max_rows)}"
        f"<h2>Source documents</h2>{_documents_section(violations, event_index, docs)}"
        f"<h2>Agreement</h2><ul>{rules}</ul><p class='small'>Sources:</p><ul class='small'>{sources}</ul>"
        "<p class='small'>Attribution: acts are attributed to the actor that initiated them (actor1); presence rules name the listed group whichever side it was on. "
        "Confidence: inside = located (precision 1–2) inside the zone; buffer = within the rule's buffer outside the edge; possible = location too coarse to tell.</p>"
    )
    return with_pan_zoom(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{_e(agreement.id)} violations</title><style>{CSS}</style></head><body>{body}</body></html>')
