"""Violations computed over the events in a store, and written back to it."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Optional

from shapely.geometry.base import BaseGeometry

from ..models import Agreement, Event, Violation
from ..settings import Settings
from ..store import Store
from .engine import check_agreement, load_admin1_areas

log = logging.getLogger(__name__)

ADMIN1_FILE = Path("data") / "ocha" / "syr_admin1.geojson"


def admin1_areas(settings: Settings) -> Optional[dict[str, BaseGeometry]]:
    """The OCHA governorate polygons from the shared folder, or None (coarse events then need a point) when absent."""
    path = Path(settings.shared_dir) / ADMIN1_FILE
    if not path.is_file():
        log.info("%s not found: governorate-only events are placed by their point alone", path)
        return None
    return load_admin1_areas(path)


def events_in_period(store: Store, since: Optional[date] = None, until: Optional[date] = None) -> list[Event]:
    return store.events(since=since, until=until)


def compute_violations(
    store: Store, agreement: Agreement, settings: Settings, since: Optional[date] = None, until: Optional[date] = None, write: bool = True
) -> tuple[list[Event], list[Violation]]:
    """Check ``agreement`` against the stored events of the period; store the violations unless ``write`` is False."""
    events = events_in_period(store, since, until)
    violations = check_agreement(agreement, events, admin1_areas(settings))
    if write:
        store.write_violations(violations)
    return events, violations
