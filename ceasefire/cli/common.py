"""Shared pieces of the CLI: settings options, error conversion, output helpers."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from datetime import date
from typing import Any, Callable, Iterable, Optional

import click

from ..errors import CeasefireError
from ..settings import Settings


def settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db``, ``--shared``, ``--cache`` and ``--config``; pass a built ``settings`` to the command."""

    @click.option("--db", "db", default=None, help="Database file (DuckDB) or postgresql:// URL. Default: ceasefire.duckdb.")
    @click.option("--shared", "shared_dir", default=None, type=click.Path(file_okay=False), help="Shared data folder (default $CEASEFIRE_SHARED or ../shared).")
    @click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False), help="Folder for derived artifacts (default $CEASEFIRE_CACHE or .cache).")
    @click.option("--config", "config", default=None, type=click.Path(dir_okay=False), help="Settings file (default ./ceasefire.toml if present).")
    @functools.wraps(func)
    def wrapper(*args: Any, db: str | None, shared_dir: str | None, cache_dir: str | None, config: str | None, **kwargs: Any) -> Any:
        with errors_as_click():
            settings = Settings.load(config, db=db, shared_dir=shared_dir, cache_dir=cache_dir)
        return func(*args, settings=settings, **kwargs)

    return wrapper


class errors_as_click:
    """Turn library errors into ``Error: ...`` and exit code 1, once, at the CLI boundary."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        if exc is not None and isinstance(exc, CeasefireError):
            raise click.ClickException(str(exc)) from exc
        return False


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with errors_as_click():
            return func(*args, **kwargs)

    return wrapper


def iso_date(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[date]:
    """Click callback for ``--since``/``--until`` style options: YYYY-MM-DD or a usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def extraction_summary(processed: int, events: int, seconds: float) -> str:
    """The line `extract` and `ingest --extract` end with."""
    return f"extracted {processed} document(s), ledger has {events} text event(s) ({seconds:.1f} s)"


def write_jsonl(rows: Iterable[dict[str, Any]], out=None) -> None:
    out = out or sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def setup_logging() -> None:
    level = os.environ.get("CEASEFIRE_LOG", "WARNING").upper()
    logging.basicConfig(level=getattr(logging, level, logging.WARNING), format="%(levelname)s %(name)s: %(message)s")


@click.group("eval")
def eval_group() -> None:
    """Score ceasefire against an evaluation set (each prints its figures)."""
