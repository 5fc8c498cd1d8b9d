"""CLI commands of the events stage."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
