"""Inline SVG drawn in Python: maps (governorates, zones, events) and a stacked weekly bar chart.

Nothing is fetched: no tiles, no fonts, no script files. Points are drawn as one
``<path>`` per layer (``M x y h0`` with round caps), which keeps 20,000 events
to a few hundred kB and lets the browser paint them in one pass. A page that
shows maps adds ``PAN_ZOOM_SCRIPT`` inline (``with_pan_zoom``): the maps are
complete without it, and zoom and pan with it.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Optional, Sequence

from shapely.geometry.base import BaseGeometry

LAND_FILL = "#fbfaf6"
OUTSIDE_FILL = "#dedede"  # beyond the base layer (neighbouring countries and sea alike)
ADMIN_STROKE = "#8d8d8d"
ZONE_FILL = "#ffd166"
ZONE_STROKE = "#b07d12"
BUFFER_STROKE = "#b07d12"
EVENT_COLOUR = "#7d8590"
CONFIDENCE_COLOURS = {"inside": "#c1121f", "buffer": "#f77f00", "possible": "#7b2cbf"}
PARTY_PALETTE = ("#1d3557", "#2a9d8f", "#e76f51", "#8ab17d", "#6d597a", "#e9c46a", "#0096c7", "#b5838d")
OTHER_COLOUR = "#adb5bd"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"
NON_SCALING = 'vector-effect="non-scaling-stroke"'  # dots and lines keep their width on screen when a map is zoomed

# Wheel or pinch to zoom (up to 64x), drag to pan, double-click to go back: the map's viewBox moves inside its
# first frame. Strokes do not scale (NON_SCALING) and labels keep their size, so zooming spreads dense dots apart.
PAN_ZOOM_SCRIPT = """
document.querySelectorAll("svg.pan-zoom").forEach(function (svg) {
  var vb = svg.viewBox.baseVal, home = [vb.x, vb.y, vb.width, vb.height], drag = null;
  var labels = Array.prototype.slice.call(svg.querySelectorAll("text"));
  labels.forEach(function (t) { t.dataset.size = t.getAttribute("font-size"); });
  svg.style.touchAction = "none"; svg.style.cursor = "grab";
  function show(x, y, w) {
    var h = w * home[3] / home[2];
    vb.x = Math.min(Math.max(x, home[0]), home[0] + home[2] - w);
    vb.y = Math.min(Math.max(y, home[1]), home[1] + home[3] - h);
    vb.width = w; vb.height = h;
    labels.forEach(function (t) { t.setAttribute("font-size", t.dataset.size * w / home[2]); });
  }
  function at(ev) {
    var r = svg.getBoundingClientRect();
    return [vb.x + (ev.clientX - r.left) / r.width * vb.width, vb.y + (ev.clientY - r.top) / r.height * vb.height];
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = at(ev), w = Math.min(home[2], Math.max(home[2] / 64, vb.width * (ev.deltaY < 0 ? 0.8 : 1.25))), k = w / vb.width;
    show(p[0] - (p[0] - vb.x) * k, p[1] - (p[1] - vb.y) * k, w);
  }, {passive: false});
  svg.addEventListener("pointerdown", function (ev) { drag = [ev.clientX, ev.clientY, vb.x, vb.y]; svg.setPointerCapture(ev.pointerId); });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    show(drag[2] - (ev.clientX - drag[0]) / r.width * vb.width, drag[3] - (ev.clientY - drag[1]) / r.height * vb.height, vb.width);
  });
  svg.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("dblclick", function () { show(home[0], home[1], home[2]); });
});
"""


def with_pan_zoom(page_html: str) -> str:
    """``page_html`` with the pan-and-zoom script inline before ``</body>``, when it has a map to move."""
    if 'class="pan-zoom"' not in page_html:
        return page_html
    return page_html.replace("</body>", f"<script>{PAN_ZOOM_SCRIPT}</script></body>", 1)


@dataclass(frozen=True)
class Viewport:
    """Maps lon/lat inside ``bounds`` (min lon, min lat, max lon, max lat) to SVG pixels, north up."""

    bounds: tuple[float, float, float, float]
    width: int

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.bounds[1] + self.bounds[3]) / 2))

    @property
    def scale(self) -> float:
        return self.width / ((self.bounds[2] - self.bounds[0]) * self.kx)

    @property
    def height(self) -> int:
        return int(round((self.bounds[3] - self.bounds[1]) * self.scale))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.bounds[0]) * self.kx * self.scale, (self.bounds[3] - lat) * self.scale)

    def contains(self, lon: float, lat: float) -> bool:
        return self.bounds[0] <= lon <= self.bounds[2] and self.bounds[1] <= lat <= self.bounds[3]


def padded_bounds(bounds: Sequence[float], pad_degrees: float) -> tuple[float, float, float, float]:
    return (bounds[0] - pad_degrees, bounds[1] - pad_degrees, bounds[2] + pad_degrees, bounds[3] + pad_degrees)


def _ring(coords: Iterable[Sequence[float]], vp: Viewport) -> str:
    parts = []
    last = None
    for lon, lat, *_ in coords:
        x, y = vp.xy(lon, lat)
        here = f"{x:.1f} {y:.1f}"
        if here != last:
            parts.append(here)
            last = here
    return "M" + "L".join(parts) + "Z" if len(parts) > 2 else ""


def polygon_path(geom: BaseGeometry, vp: Viewport) -> str:
    """SVG path data for a Polygon or MultiPolygon (holes drawn with the even-odd rule)."""
    polygons = getattr(geom, "geoms", [geom])
    out = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon":
            continue
        out.append(_ring(polygon.exterior.coords, vp))
        out.extend(_ring(hole.coords, vp) for hole in polygon.interiors)
    return "".join(out)


def points_path(points: Iterable[tuple[Optional[float], Optional[float]]], vp: Viewport) -> tuple[str, int]:
    """One path of zero-length segments, one per distinct pixel; returns (path data, points drawn)."""
    seen: set[tuple[int, int]] = set()
    parts = []
    drawn = 0
    for lon, lat in points:
        if lon is None or lat is None or not vp.contains(lon, lat):
            continue
        drawn += 1
        x, y = vp.xy(lon, lat)
        pixel = (int(x * 2), int(y * 2))  # half-pixel grid: identical dots add nothing but bytes
        if pixel in seen:
            continue
        seen.add(pixel)
        parts.append(f"M{x:.1f} {y:.1f}h0")
    return "".join(parts), drawn


@dataclass(frozen=True)
class PointLayer:
    name: str
    colour: str
    points: Sequence[tuple[Optional[float], Optional[float]]]
    size: float = 3.0


def map_svg(
    vp: Viewport,
    admin_areas: Sequence[tuple[str, BaseGeometry]],
    zones: Sequence[tuple[str, BaseGeometry, Optional[BaseGeometry]]],
    layers: Sequence[PointLayer],
    title: str,
    label_admin: bool = True,
) -> str:
    """A map: governorates (base), zones (filled, with their buffer dashed), then point layers in order."""
    w, h = vp.width, vp.height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pan-zoom" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{html.escape(title)}" style="background:{OUTSIDE_FILL}">',
        f"<title>{html.escape(title)}</title>",
        f'<clipPath id="clip-{id(vp)}"><rect width="{w}" height="{h}"/></clipPath><g clip-path="url(#clip-{id(vp)})">',
    ]
    land = "".join(polygon_path(g, vp) for _, g in admin_areas)
    if land:
        out.append(f'<path d="{land}" fill="{LAND_FILL}" stroke="none"/>')
    for zone_id, geom, buffered in zones:
        if buffered is not None:
            out.append(f'<path d="{polygon_path(buffered, vp)}" fill="none" stroke="{BUFFER_STROKE}" stroke-width="1" stroke-dasharray="4 3" {NON_SCALING}><title>{html.escape(zone_id)} + buffer</title></path>')
        out.append(f'<path d="{polygon_path(geom, vp)}" fill="{ZONE_FILL}" stroke="{ZONE_STROKE}" stroke-width="1.5" fill-rule="evenodd" {NON_SCALING}><title>{html.escape(zone_id)}</title></path>')
    if land:
        out.append(f'<path d="{land}" fill="none" stroke="{ADMIN_STROKE}" stroke-width="0.8" {NON_SCALING}/>')
    if label_admin:
        for name, geom in admin_areas:
            point = geom.representative_point()
            if vp.contains(point.x, point.y):
                x, y = vp.xy(point.x, point.y)
                out.append(f'<text x="{x:.0f}" y="{y:.0f}" font-size="11" fill="#555" text-anchor="middle" style="{FONT}">{html.escape(name)}</text>')
    for layer in layers:
        d, drawn = points_path(layer.points, vp)
        if d:
            out.append(f'<path d="{d}" stroke="{layer.colour}" stroke-width="{layer.size}" stroke-linecap="round" fill="none" {NON_SCALING}><title>{html.escape(layer.name)}: {drawn}</title></path>')
    out.append("</g></svg>")
    return "".join(out)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…"


def weekly_chart_svg(
    weeks: Sequence[date], series: dict[str, list[int]], width: int = 1180, height: int = 300, top: int = 7,
    label: str = "weekly violations by party", other_name: str = "other parties", colours: Optional[Mapping[str, str]] = None,
) -> str:
    """Stacked bars, one per week, one colour per series (the first ``top``; the rest summed as ``other_name``).

    ``colours`` fixes a series' colour (so a type keeps its colour from one view to the next); others take the palette in order.
    """
    names = list(series)[:top]
    other = [sum(vals) for vals in zip(*[series[n] for n in list(series)[top:]])] if len(series) > top else []
    stacks = [(n, (colours or {}).get(n) or PARTY_PALETTE[i % len(PARTY_PALETTE)], series[n]) for i, n in enumerate(names)]
    if other:
        stacks.append((other_name, OTHER_COLOUR, other))
    left, bottom, right, legend_h = 44, 40, 10, 22 * ((len(stacks) + 2) // 3)
    plot_w, plot_h = width - left - right, height - bottom - legend_h - 10
    totals = [sum(s[2][i] for s in stacks) for i in range(len(weeks))]
    peak = max(totals, default=0) or 1
    step = 10 ** math.floor(math.log10(peak)) if peak >= 10 else 1
    while peak / step > 6:
        step *= 2
    y_max = math.ceil(peak / step) * step
    bar_w = plot_w / max(len(weeks), 1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(label)}" style="{FONT}">']
    for tick in range(0, y_max + 1, step):
        y = 10 + plot_h - tick / y_max * plot_h
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#555">{tick}</text>')
    for name, colour, values in stacks:
        d = []
        for i, value in enumerate(values):
            if not value:
                continue
            below = sum(s[2][i] for s in stacks[: [s[0] for s in stacks].index(name)])
            y0 = 10 + plot_h - (below + value) / y_max * plot_h
            d.append(f"M{left + i * bar_w + 0.5:.1f} {y0:.1f}h{max(bar_w - 1, 1):.1f}v{value / y_max * plot_h:.1f}h{-max(bar_w - 1, 1):.1f}Z")
        if d:
            out.append(f'<path d="{"".join(d)}" fill="{colour}"><title>{html.escape(name)}: {sum(values)}</title></path>')
    # Label the first week of every month, or of every 2nd, 3rd, 6th or 12th month when a month is too narrow for "Jan 2017".
    month_step = next((step for step in (1, 2, 3, 6) if step * bar_w * 4.35 >= 62), 12)
    starts = [i for i, week in enumerate(weeks) if (i == 0 or week.month != weeks[i - 1].month) and (week.month - 1) % month_step == 0]
    if not starts or starts[0] * bar_w >= 62:
        starts.insert(0, 0)  # the first week is labelled (with its year) when the first month label is far enough away
    for n in range(len(starts) - 2, -1, -1):  # right to left, so a label too close to the next one gives way
        if (starts[n + 1] - starts[n]) * bar_w < 62:
            del starts[n]
    for n, i in enumerate(starts):
        week, x = weeks[i], left + i * bar_w
        label = week.strftime("%b %Y") if week.month == 1 or n == 0 else week.strftime("%b")
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{10 + plot_h}" y2="{14 + plot_h}" stroke="#555"/><text x="{x + 2:.1f}" y="{26 + plot_h}" font-size="11" fill="#555">{label}</text>')
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{10 + plot_h}" y2="{10 + plot_h}" stroke="#555"/>')
    for k, (name, colour, values) in enumerate(stacks):
        x = left + (k % 3) * (plot_w / 3)
        y = height - legend_h + 22 * (k // 3) + 4
        out.append(f'<rect x="{x:.0f}" y="{y}" width="14" height="14" fill="{colour}"/><text x="{x + 20:.0f}" y="{y + 12}" font-size="12" fill="#222">{html.escape(_shorten(name, 42))} ({sum(values)})</text>')
    out.append("</svg>")
    return "".join(out)
