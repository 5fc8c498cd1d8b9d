"""CLI commands of the events stage: the ledger export and the UCDP / ACLED importers."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click

from ..errors import StoreError
from ..settings import Settings
from ..store import open_store
from .common import handle_errors, settings_options


def _parse_near(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[tuple[float, float]]:
    if value is None:
        return None
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not LAT,LON (for example 35.29,36.66)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise click.BadParameter(f"{value!r} is out of range: latitude -90..90, longitude -180..180")
    return lat, lon


def _existing_store(settings: Settings) -> Any:
    target = settings.db
    if not target.startswith(("postgresql://", "postgres://")) and target != ":memory:" and not Path(target).exists():
        raise StoreError(f"{target}: no such database; import or ingest something first (ceasefire import ucdp FILE --db {target})")
    return open_store(settings)


@click.command("events")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "acled-csv", "ucdp-csv", "geojson", "parquet"]), default="table", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="Write to this file instead of standard output (required for parquet).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only events on or before this date (YYYY-MM-DD).")
@click.option("--near", callback=_parse_near, default=None, metavar="LAT,LON", help="Only events within --km of this point.")
@click.option("--km", type=click.FloatRange(min=0), default=None, help="Radius for --near in km (default 10).")
@click.option("--actor", default=None, help="Only events with an actor whose name contains this text.")
@click.option("--type", "event_type", default=None, help="Only events of this ACLED event type or sub-event type.")
@click.option("--country", default=None, help="Only events in this country.")
@click.option("--origin", type=click.Choice(["text", "ucdp", "acled"]), default=None, help="Only events from news text, or imported from UCDP or ACLED.")
@click.option("--rebuild", is_flag=True, help="Rebuild the text ledger from the stored mentions and claims first.")
@settings_options
@handle_errors
def events_command(
    settings: Settings,
    fmt: str,
    output: Optional[str],
    since: Optional[Any],
    until: Optional[Any],
    near: Optional[tuple[float, float]],
    km: Optional[float],
    actor: Optional[str],
    event_type: Optional[str],
    country: Optional[str],
    origin: Optional[str],
    rebuild: bool,
) -> None:
    """The event ledger: canonical events with their sources, claims and fatality ranges.

    Example:

        ceasefire events --format jsonl --since 2019-03-01 --near 35.29,36.66 --km 25
    """
    from ..events.exporters import export_events

    if km is not None and near is None:
        raise click.BadParameter("--km needs --near LAT,LON", param_hint="--km")
    if fmt == "parquet" and not output:
        raise click.BadParameter("parquet is binary: give an output file with -o FILE", param_hint="--format")
    with _existing_store(settings) as store:
        if rebuild:
            from ..events.ledger import build_ledger

            built = build_ledger(store, settings)
            click.echo(f"ledger: {built} text events", err=True)
        events = store.events(
            since=_as_date(since), until=_as_date(until), origin=origin, near=near, km=km,
            actor=actor, event_type=event_type, country=country,
        )  # fmt: skip
    export_events(events, fmt, out=sys.stdout, path=output)
    if output:
        click.echo(f"{len(events)} events written to {output}", err=True)


def _as_date(value: Optional[Any]) -> Optional[date]:
    return value.date() if value is not None else None


@click.group("import")
def import_group() -> None:
    """Import events from UCDP GED or ACLED CSV files (gzip or plain); importing again changes nothing."""


def _import(settings: Settings, path: str, origin: str) -> None:
    from ..events.importers import import_acled, import_ucdp

    started = time.perf_counter()
    with open_store(settings) as store:
        report = (import_ucdp if origin == "ucdp" else import_acled)(store, path)
    for problem in report.problems:
        click.echo(problem, err=True)
    skipped = f", {report.skipped} skipped" if report.skipped else ""
    click.echo(f"{path}: {report.imported} {origin} events imported from {report.rows} rows{skipped} in {time.perf_counter() - started:.1f} s")


@import_group.command("ucdp")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@settings_options
@handle_errors
def import_ucdp_command(settings: Settings, file: str) -> None:
    """Import a UCDP GED CSV as events of origin ucdp.

    Example:

        ceasefire import ucdp ../shared/data/ucdp/ged_syria_2016_2019.csv.gz --db ledger.duckdb
    """
    _import(settings, file, "ucdp")


@import_group.command("acled")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@settings_options
@handle_errors
def import_acled_command(settings: Settings, file: str) -> None:
    """Import an ACLED export CSV as events of origin acled.

    Example:

        ceasefire import acled acled_syria_2019.csv --db ledger.duckdb
    """
    _import(settings, file, "acled")


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(events_command)
    main.add_command(import_group)
