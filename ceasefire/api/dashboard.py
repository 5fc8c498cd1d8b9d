"""The dashboard's front page: a filter form, a map, a weekly timeline and the events, newest first.

Plain server-rendered HTML and inline SVG, so it needs nothing from a CDN or a
tile server; one inline script lets the maps zoom and pan, and they are
complete without it. The filters are the ``/events`` query parameters,
so every view has a URL an analyst can bookmark or share; each agreement links
to its full report, each event to its page with the quoted spans its claims
rest on.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Mapping, Optional, Sequence
from urllib.parse import urlencode

from shapely.geometry.base import BaseGeometry

from ..models import Agreement, Event
from ..store import EventFilter
from ..nlp.taxonomy import ACLED_EVENT_TYPES, NON_CONFLICT_CODES
from ..report.svg import PARTY_PALETTE, PointLayer, Viewport, map_svg, padded_bounds, weekly_chart_svg, with_pan_zoom

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:76em;color:#222;padding:0 1em}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.25em .4em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.muted{color:#666}a{color:#0645ad}form{margin:.5em 0 1em}form label{margin-right:.8em;white-space:nowrap}
form input{width:9em}.sw{display:inline-block;width:11px;height:11px;border-radius:6px;margin:0 4px 0 12px;vertical-align:-1px}
figure{margin:0}figcaption{font-size:12px;color:#555}mark{background:#ffe58a}.pager a{margin-right:1em}
"""

# Map colours by where an event comes from: our own extraction stands out against imported codings.
ORIGIN_COLOURS = {"ucdp": "#7d8590", "acled": "#0096c7", "text": "#c1121f"}
ORIGIN_SIZES = {"ucdp": 2.0, "acled": 2.0, "text": 4.0}
FILTERS = ("since", "until", "origin", "type", "actor", "country")
ZoneLayer = tuple[str, BaseGeometry, Optional[BaseGeometry]]  # (zone id, zone, zone with its buffer), as ``map_svg`` draws it
# One colour per event type in every view: the six ACLED types in colour, the non-conflict classes in greys.
TYPE_COLOURS = dict(zip(ACLED_EVENT_TYPES, PARTY_PALETTE)) | dict(zip(NON_CONFLICT_CODES, ("#adb5bd", "#ced4da", "#868e96", "#dee2e6", "#495057")))
TYPE_ORDER = {kind: n for n, kind in enumerate(TYPE_COLOURS)}


def e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def deaths_text(event: Event) -> str:
    """"17", "17+" (open-ended) or "20 (17–23)": the event's fatality range as a coder writes it."""
    if event.fatalities_best is None and event.fatalities_low is None:
        return ""
    low, best, high = event.fatalities_low, event.fatalities_best, event.fatalities_high
    if low == high or high is None:
        return f"{best if best is not None else low}" + ("" if high is not None else "+")
    return f"{best} ({low}–{high})"


def page(title: str, body: str) -> str:
    return with_pan_zoom(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>{body}</body></html>"
    )


@dataclass(frozen=True)
class DashboardView:
    """What the front page shows: one page of the selected events and summaries of all of them."""

    latest: Sequence[Event]
    selected: int
    total: int
    documents: int
    agreements: Sequence[Agreement]
    zones: Sequence[ZoneLayer] = ()  # the agreements' zones (``report.html.zone_layers``)
    weekly: Sequence[tuple[date, str, int]] = ()
    points: Sequence[tuple[float, float, str]] = ()
    admin_areas: Sequence[tuple[str, BaseGeometry]] = ()
    filters: Mapping[str, str] = field(default_factory=dict)
    limit: int = 50
    offset: int = 0


def _event_row(event: Event) -> str:
    place = ", ".join(p for p in (event.location, event.admin1) if p)
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    return (
        f'<tr><td><a href="/events/{e(event.event_id)}?format=html">{e(event.event_date)}</a></td><td>{e(event.sub_event_type)}</td>'
        f"<td>{e(actors)}</td><td>{e(place)}</td><td>{e(deaths_text(event))}</td>"
        f"<td>{e(', '.join(event.sources))}</td><td class='muted'>{e(event.origin)}</td></tr>"
    )


def _filter_form(filters: Mapping[str, str], limit: int) -> str:
    def box(name: str, label: str, kind: str = "text", hint: str = "") -> str:
        return f'<label>{label} <input type="{kind}" name="{name}" value="{e(filters.get(name, ""))}" placeholder="{e(hint)}"></label>'

    origins = "".join(
        f'<option value="{o}"{" selected" if filters.get("origin", "") == o else ""}>{o or "any"}</option>' for o in ("", "text", "ucdp", "acled")
    )
    return (
        '<form method="get" action="/">'
        + box("since", "from", "date") + box("until", "to", "date")
        + f'<label>origin <select name="origin">{origins}</select></label>'
        + box("type", "type", hint="Battles, Shelling/artillery/missile attack") + box("actor", "actor", hint="name or part of it")
        + box("country", "country", hint="Syria")
        + f'<input type="hidden" name="limit" value="{limit}"><button type="submit">show</button> <a href="/">clear</a></form>'
    )


def _map(view: DashboardView) -> str:
    located = [(lon, lat) for lon, lat, _ in view.points]
    if view.admin_areas:
        boxes = [g.bounds for _, g in view.admin_areas]
    elif located:
        boxes = [(min(p[0] for p in located), min(p[1] for p in located), max(p[0] for p in located), max(p[1] for p in located))]
    else:
        return '<p class="muted">No located events to map.</p>'
    bounds = padded_bounds((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)), 0.1)
    layers = [
        PointLayer(f"{origin} events", colour, [(lon, lat) for lon, lat, o in view.points if o == origin], ORIGIN_SIZES[origin])
        for origin, colour in ORIGIN_COLOURS.items()
    ]
    viewport = Viewport(bounds, 640)
    outside = sum(1 for lon, lat in located if not viewport.contains(lon, lat))
    legend = "".join(f'<i class="sw" style="background:{c}"></i>{o}' for o, c in ORIGIN_COLOURS.items())
    legend += '<i class="sw" style="background:#ffd166;border-radius:0"></i>agreement zones'
    note = f"; {outside} outside this frame" if outside else ""
    return (
        f'<figure style="width:{viewport.width}px">{map_svg(viewport, view.admin_areas, view.zones, layers, "map of the selected events")}'
        f"<figcaption>{len(located)} located event(s){note}. {legend}</figcaption></figure>"
    )


def _timeline(weekly: Sequence[tuple[date, str, int]]) -> str:
    if not weekly:
        return '<p class="muted">No dated events.</p>'
    first, last = weekly[0][0], weekly[-1][0]
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    position = {week: i for i, week in enumerate(weeks)}
    series: dict[str, list[int]] = {}
    for week, kind, count in weekly:
        series.setdefault(kind, [0] * len(weeks))[position[week]] += count
    ordered = {kind: series[kind] for kind in sorted(series, key=lambda kind: (TYPE_ORDER.get(kind, len(TYPE_ORDER)), kind))}
    return weekly_chart_svg(weeks, ordered, width=1100, height=260, top=len(ordered), label="events per week by event type", colours=TYPE_COLOURS)


def _pager(view: DashboardView) -> str:
    def link(offset: int, text: str) -> str:
        query = {k: v for k, v in view.filters.items() if v} | {"limit": str(view.limit), "offset": str(offset)}
        return f'<a href="/?{e(urlencode(query))}">{text}</a>'

    parts = []
    if view.offset > 0:
        parts.append(link(max(0, view.offset - view.limit), "← newer"))
    if view.offset + view.limit < view.selected:
        parts.append(link(view.offset + view.limit, "older →"))
    shown = f"{view.offset + 1}–{view.offset + len(view.latest)}" if view.latest else "none"
    return f'<p class="pager">Events {shown} of {view.selected}, newest first. {"".join(parts)}</p>'


def dashboard_page(view: DashboardView) -> str:
    """The front page for ``view``."""
    rows = "".join(_event_row(ev) for ev in view.latest) or '<tr><td colspan="7" class="muted">No events.</td></tr>'
    deals = "".join(
        f'<li><b>{e(a.id)}</b>: {e(a.title)} (signed {e(a.signed)}): '
        f'<a href="/agreements/{e(a.id)}/report">report</a>, '
        f'<a href="/agreements/{e(a.id)}/violations?by=week">violations by week</a>, '
        f'<a href="/agreements/{e(a.id)}/violations?by=party">by party</a></li>'
        for a in view.agreements
    )
    active = {k: v for k, v in view.filters.items() if v}
    scope = f"{view.selected} of {view.total} event(s) selected" if active else f"{view.total} event(s) in the ledger"
    geojson = "/events?" + urlencode(active | {"format": "geojson", "limit": "100000"})
    body = (
        "<h1>ceasefire</h1>"
        f'<p class="muted">{view.documents} document(s); {scope}. '
        'API: <a href="/docs">interactive documentation</a>, <a href="/openapi.json">OpenAPI schema</a>, '
        f'<a href="{e(geojson)}">these events as GeoJSON</a>.</p>'
        f"{_filter_form(view.filters, view.limit)}"
        f"<h2>Map</h2>{_map(view)}"
        f"<h2>Events per week</h2>{_timeline(view.weekly)}"
        f"<h2>Events</h2>{_pager(view)}<table><thead><tr><th>date</th><th>type</th><th>actors</th><th>place</th>"
        f"<th>deaths</th><th>sources</th><th>origin</th></tr></thead><tbody>{rows}</tbody></table>{_pager(view)}"
        f"<h2>Agreements</h2><ul>{deals}</ul>"
    )
    return page("ceasefire", body)


def filter_values(found: EventFilter) -> dict[str, str]:
    """The dashboard's filters as form values (``FILTERS`` order), empty where not set."""
    values = (found.since, found.until, found.origin, found.event_type, found.actor, found.country)
    return {name: "" if value is None else str(value) for name, value in zip(FILTERS, values)}
