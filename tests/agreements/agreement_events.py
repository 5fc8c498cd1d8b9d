"""Test helper: UCDP GED rows as Events, read straight from ../shared (the importer proper lives in ingest/)."""

from __future__ import annotations

import csv
import gzip
from datetime import date
from pathlib import Path

from ceasefire.models import Event

# UCDP where_prec 1 exact, 2 within 25 km, 3 district, 4 governorate, 5 linear feature, 6 country.
GEO_PRECISION = {"1": 1, "2": 2, "3": 3, "4": 3, "5": 3, "6": 3, "7": 3}


def ucdp_events(path: Path) -> list[Event]:
    events = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            one_sided = row["type_of_violence"] == "3"
            events.append(
                Event(
                    event_id=f"ucdp-{row['id']}",
                    event_date=date.fromisoformat(row["date_start"][:10]),
                    date_end=date.fromisoformat(row["date_end"][:10]),
                    event_type="Violence against civilians" if one_sided else "Battles",
                    sub_event_type="Attack" if one_sided else "Armed clash",
                    actor1=row["side_a"] or None,
                    actor2=row["side_b"] or None,
                    country="Syria",
                    admin1=row["adm_1"] or None,
                    location=row["where_coordinates"] or None,
                    latitude=float(row["latitude"]) if row["latitude"] else None,
                    longitude=float(row["longitude"]) if row["longitude"] else None,
                    geo_precision=GEO_PRECISION.get(row["where_prec"], 3),
                    fatalities_best=int(float(row["best"] or 0)),
                    sources=(row["source_office"],) if row["source_office"] else (),
                    notes=row["source_headline"] or None,
                    origin="ucdp",
                    origin_id=row["id"],
                )
            )
    return events
