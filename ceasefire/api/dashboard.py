"""The dashboard's front page: counts, the agreements with their reports, the latest events.

Plain server-rendered HTML with no script, so it needs nothing from a CDN; each
agreement links to its full report (map, weekly chart, violations with claims),
each event to its JSON with the quoted spans its claims rest on.
"""

from __future__ import annotations

import html
from typing import Sequence

from ..models import Agreement, Event

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:72em;color:#222;padding:0 1em}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.25em .4em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.muted{color:#666}a{color:#0645ad}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _deaths(event: Event) -> str:
    if event.fatalities_best is None and event.fatalities_low is None:
        return ""
    low, best, high = event.fatalities_low, event.fatalities_best, event.fatalities_high
    if low == high or high is None:
        return f"{best if best is not None else low}" + ("" if high is not None else "+")
    return f"{best} ({low}–{high})"


def _event_row(event: Event) -> str:
    place = ", ".join(p for p in (event.location, event.admin1) if p)
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    return (
        f'<tr><td><a href="/events/{_e(event.event_id)}">{_e(event.event_date)}</a></td><td>{_e(event.sub_event_type)}</td>'
        f"<td>{_e(actors)}</td><td>{_e(place)}</td><td>{_e(_deaths(event))}</td>"
        f"<td>{_e(', '.join(event.sources))}</td><td class='muted'>{_e(event.origin)}</td></tr>"
    )


def dashboard_page(latest: Sequence[Event], events: int, documents: int, agreements: Sequence[Agreement]) -> str:
    """The front page: ``latest`` events (newest first) out of ``events``, and every agreement."""
    rows = "".join(_event_row(e) for e in latest) or '<tr><td colspan="7" class="muted">No events yet.</td></tr>'
    deals = "".join(
        f'<li><b>{_e(a.id)}</b>: {_e(a.title)} (signed {_e(a.signed)}): '
        f'<a href="/agreements/{_e(a.id)}/report">report</a>, '
        f'<a href="/agreements/{_e(a.id)}/violations?by=week">violations by week</a>, '
        f'<a href="/agreements/{_e(a.id)}/violations?by=party">by party</a></li>'
        for a in agreements
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>ceasefire</title><style>{CSS}</style></head><body>"
        "<h1>ceasefire</h1>"
        f'<p class="muted">{documents} document(s), {events} event(s) in the ledger. '
        'API: <a href="/docs">interactive documentation</a>, <a href="/openapi.json">OpenAPI schema</a>, '
        '<a href="/events?format=geojson">events as GeoJSON</a>.</p>'
        f"<h2>Agreements</h2><ul>{deals}</ul>"
        f"<h2>Latest events</h2><table><thead><tr><th>date</th><th>type</th><th>actors</th><th>place</th>"
        f"<th>deaths</th><th>sources</th><th>origin</th></tr></thead><tbody>{rows}</tbody></table>"
        "</body></html>"
    )
