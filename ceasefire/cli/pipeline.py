"""CLI commands that run the whole flow: building derived assets, the bundled example job."""

from __future__ import annotations

import sys
import time

import click

from ..assets import build_assets
from ..settings import Settings
from .common import extraction_summary, handle_errors, settings_options


@click.command("build-assets")
@click.option("--force", is_flag=True, help="Rebuild even when the artifacts are up to date.")
@settings_options
@handle_errors
def build_assets_command(settings: Settings, force: bool) -> None:
    """Build the derived artifacts (gazetteer, trained classifier) from the shared data into the cache.

    Example:

        ceasefire build-assets --shared ../shared
    """
    started = time.perf_counter()
    for what, path in build_assets(settings, force=force):
        click.echo(f"{what}: {path}")
    click.echo(f"assets ready in {time.perf_counter() - started:.1f} s")


@click.command("extract")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (Dask distributed) for the NLP stages.")
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@settings_options
@handle_errors
def extract_command(settings: Settings, workers: int | None, scheduler: str | None) -> None:
    """Find events, claims and places in the stored documents not yet processed, then rebuild the ledger.

    Example:

        ceasefire ingest reports/ --db news.duckdb
        ceasefire extract --db news.duckdb --workers 2
    """
    from rich.progress import Progress

    from ..pipeline import extract_stored
    from ..store import open_store

    settings = settings.replace(workers=workers, scheduler=scheduler)
    started = time.perf_counter()
    with open_store(settings) as store, Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("extracting", total=None)
        processed, events = extract_stored(store, settings, progress=lambda done, total: bar.update(task, completed=done, total=total))
    click.echo(extraction_summary(processed, events, time.perf_counter() - started))


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(build_assets_command)
    main.add_command(extract_command)
