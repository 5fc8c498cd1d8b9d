"""The command line: thin click commands over the library.

Each stage keeps its commands in its own module here, registered on the one
``main`` group; library errors become ``Error: ...`` with exit code 1.
"""

from __future__ import annotations

import importlib

import click

from .common import eval_group, setup_logging

# One module per stage; each defines ``register(main)``.
COMMAND_MODULES = ("ingest", "nlp", "geo", "events", "agreements", "evaluate", "pipeline", "arguments", "api")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ceasefire")
def main() -> None:
    """ceasefire: an auditable ledger of conflict events and ceasefire violations, from news."""
    setup_logging()


main.add_command(eval_group)
for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(main)

__all__ = ["main"]
