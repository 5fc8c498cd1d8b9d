"""CLI command of the api stage: ``serve``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..settings import Settings
from .common import handle_errors, settings_options

TOKEN_VARIABLE = "CEASEFIRE_API_TOKEN"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--agreement", "agreement_files", multiple=True, type=click.Path(path_type=Path),
              help="An agreement file to serve besides the bundled ones (repeatable); checked before serving.")
@settings_options
@handle_errors
def serve_command(settings: Settings, host: str, port: int, agreement_files: tuple[Path, ...]) -> None:
    """Serve the ledger over HTTP: a REST API (OpenAPI at /docs) and a dashboard at /.

    Reads are open. Writes (POST /documents, POST /agreements/ID/check) need
    the bearer token given in the CEASEFIRE_API_TOKEN environment variable,
    and are refused when it is not set.

    Example:

        CEASEFIRE_API_TOKEN=change-me ceasefire serve --db ledger.duckdb --port 8000

        ceasefire serve --db ledger.duckdb --agreement my-truce.yaml
    """
    import uvicorn

    from ..api import create_app
    from ..store import open_store

    # Opened once before serving: a database that can't be opened is a one-line error here, not a 500 on every request.
    with open_store(settings):
        pass

    token = os.environ.get(TOKEN_VARIABLE) or None
    if token is None:
        click.echo(f"{TOKEN_VARIABLE} is not set: the API is read-only", err=True)
    # Built before serving, so a bad agreement file is a one-line error now rather than a 500 later.
    app = create_app(settings, token=token, agreement_files=agreement_files)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(serve_command)
