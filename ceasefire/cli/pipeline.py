"""CLI commands that run the whole flow: building derived assets, the bundled example job."""

from __future__ import annotations

import time

import click

from ..assets import build_assets
from ..settings import Settings
from .common import handle_errors, settings_options


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


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(build_assets_command)
