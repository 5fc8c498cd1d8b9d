"""CLI commands of the ingest stage: ``ingest``, ``documents``, ``show``."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Optional

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..ingest import IngestReport, ingest_paths, read_path
from ..ingest.batch import OnStored
from ..models import Document
from ..settings import Settings
from ..store import Store, open_store
from ..store.rows import DOCUMENT_LISTING_FIELDS, document_listing
from .common import errors_as_click, extraction_summary, handle_errors, settings_options

# Below this much input a progress bar is only noise.
PROGRESS_MIN_BYTES = 5_000_000


def _positive_count(ctx: click.Context, param: click.Parameter, value: int) -> int:
    if value <= 0:
        raise click.BadParameter("must be 1 or more")
    return value


def _positive(ctx: click.Context, param: click.Parameter, value: Optional[int]) -> Optional[int]:
    if value is not None and value <= 0:
        raise click.BadParameter("must be a positive number of bytes")
    return value


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--max-bytes", type=int, default=None, callback=_positive, help="Refuse inputs (files; JSONL lines and WARC records) larger than this. Default 20 MB.")
@click.option("--commit-every", type=int, default=100, show_default=True, callback=_positive_count, help="Documents per transaction; 1 commits each document on its own (slower on DuckDB).")
@click.option("--extract", is_flag=True, help="Also extract every document not yet extracted and rebuild the ledger (as `ceasefire extract`); with workers, each commit's documents are extracted while the inputs are still read.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="With --extract: worker processes (Dask distributed) for the NLP stages.")
@settings_options
@handle_errors
def ingest_command(
    settings: Settings, paths: tuple[str, ...], max_bytes: Optional[int], commit_every: int, extract: bool, workers: Optional[int]
) -> None:
    """Read text, HTML, RSS/Atom, JSONL or WARC files (folders recursively) into the store.

    Boilerplate is removed, each document is keyed by the hash of its text
    (ingesting twice changes nothing) and syndicated copies are grouped. Each
    document is stored all-or-nothing, so an interrupted run can simply be
    run again. Each bad input gets one line on stderr; the last line is the
    summary, and the exit code is 1 when anything was skipped or failed.

    Example:

    \b
        ceasefire ingest reports/ feeds/syria.rss --db news.duckdb
        ceasefire ingest reports/ --extract --workers 2 --db news.duckdb
    """
    if workers is not None and not extract:
        raise click.UsageError("--workers applies to the extraction: add --extract")
    settings = settings.replace(max_document_bytes=max_bytes, workers=workers)
    err = Console(stderr=True)
    with open_store(settings) as store:
        if extract:
            report = _run_and_extract(paths, store, settings, err, commit_every)
        else:
            report = _run(paths, store, settings, err, commit_every)
    for line in report.problems:
        click.echo(line, err=True)
    click.echo(report.summary(), err=True)
    if not report.ok:
        sys.exit(1)


def _run(
    paths: tuple[str, ...], store: Store, settings: Settings, console: Console, commit_every: int, on_stored: Optional[OnStored] = None
) -> IngestReport:
    progress_bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    task = progress_bar.add_task("ingesting", total=None, visible=False)

    def progress(done: int, total: int, report: IngestReport) -> None:
        if total >= PROGRESS_MIN_BYTES:
            progress_bar.update(task, completed=done, total=total, visible=True, description=f"{report.ingested} ingested")

    with progress_bar:
        return ingest_paths(paths, store, settings, progress=progress, commit_every=commit_every, on_stored=on_stored)


def _run_and_extract(paths: tuple[str, ...], store: Store, settings: Settings, console: Console, commit_every: int) -> IngestReport:
    """Ingest, extract, rebuild the ledger. The workers load their models while this process reads the inputs,
    then extract each commit's documents while the reading goes on, and stop before the ledger is built, which
    needs only this process."""
    from ..pipeline import build_text_ledger, extract_while_ingesting, extraction_workers

    started = time.perf_counter()
    with extraction_workers(settings, warm=True) as workers:
        report, processed = extract_while_ingesting(
            lambda on_stored: _run(paths, store, settings, console, commit_every, on_stored), store, settings, workers
        )
    events = build_text_ledger(store, settings)
    click.echo(extraction_summary(processed, events, time.perf_counter() - started))
    return report


@click.command("documents")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@settings_options
@handle_errors
def documents_command(settings: Settings, output_format: str) -> None:
    """List the stored documents.

    ``--format json`` prints an array of {"id", "url", "title", "publisher",
    "byline", "original_source", "published", "language", "chars"}.

    Example:

        ceasefire documents --db news.duckdb --format json
    """
    with _open_existing(settings) as store:
        rows = [document_listing(d) for d in store.documents()]
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(DOCUMENT_LISTING_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table("id", "published", "publisher", "title", "chars", title=f"{len(rows)} documents")
        for row in rows:
            table.add_row(row["id"][:12], row["published"] or "", row["publisher"] or "", row["title"] or "", str(row["chars"]))
        Console().print(table)


def _open_existing(settings: Settings) -> Store:
    """The store to read from; a DuckDB file that does not exist is an error rather than a new empty database."""
    db = settings.db
    if db.startswith(("postgresql://", "postgres://")) or db == ":memory:":
        return open_store(settings)
    if not Path(db).is_file():
        raise click.ClickException(f"no database at {db} (create it with `ceasefire ingest PATH --db {db}`)")
    return open_store(settings, read_only=True)


@click.command("show")
@click.argument("doc_ids", metavar="DOC_ID_OR_PATH", nargs=-1, required=True)
@settings_options
@handle_errors
def show_command(settings: Settings, doc_ids: tuple[str, ...]) -> None:
    """Print stored documents' metadata and cleaned text.

    Each argument is a document id, a unique id prefix of 6+ characters, or the
    path of an input file: then the documents read from that file are shown as stored.

    Example:

        ceasefire show 6a8fd5ef --db news.duckdb
        ceasefire show reports/hama.txt --db news.duckdb
    """
    with _open_existing(settings) as store, errors_as_click():
        documents = []
        for doc_id in doc_ids:
            documents += _stored_documents(store, settings, doc_id)
    for i, document in enumerate(documents):
        if i:
            click.echo("\n" + "-" * 72)
        _print_document(document)


def _stored_documents(store: Store, settings: Settings, doc_id: str) -> list[Document]:
    if Path(doc_id).exists():
        found = [store.document(d.id) for d in read_path(doc_id, settings, skip_errors=True)]
        if not any(found):
            raise click.ClickException(f"{doc_id}: none of its documents is stored in {settings.db} (ingest it with `ceasefire ingest {doc_id}`)")
        return [d for d in found if d is not None]
    document = store.document(doc_id)
    if document is None:
        raise click.ClickException(f"no document with id or id prefix {doc_id!r} in {settings.db} (list them with `ceasefire documents`)")
    return [document]


def _print_document(document: Document) -> None:
    for name in ("id", "title", "url", "publisher", "byline", "published", "original_source", "original_published", "syndication_group", "language", "source_path", "raw_sha256"):
        value = getattr(document, name)
        if value:
            click.echo(f"{name}: {value}")
    if document.tags:
        click.echo(f"tags: {', '.join(document.tags)}")
    click.echo(f"chars: {len(document.text)}")
    click.echo("")
    click.echo(document.text)


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(ingest_command)
    main.add_command(documents_command)
    main.add_command(show_command)
