"""CLI commands of the agreements stage: list, check, violations, alerts and the HTML report."""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click

from ..agreements.alerts import JSONL_FIELDS, DeliveryLog, WebhookSink, deliver_new, violation_record, watch
from ..agreements.ledger import compute_violations
from ..agreements.loader import bundled_agreement_files, check_agreement_file, load_agreement
from ..agreements.tally import KEYS, tally
from ..settings import Settings
from ..store import open_store
from .common import handle_errors, iso_date, settings_options, write_jsonl



def _table(rows: list[list[Any]], header: list[str]) -> str:
    cells = [header] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@click.command("agreements")
@handle_errors
def agreements_command() -> None:
    """List the bundled agreements (use their ids with --agreement).

    Example:

        ceasefire agreements
    """
    rows = []
    for path in bundled_agreement_files():
        a = load_agreement(path)
        approximate = any(z.approximate for z in a.zones)
        rows.append([a.id, a.signed, ", ".join(a.guarantors), len(a.zones), len(a.rules), "yes" if approximate else "no", a.title])
    click.echo(_table(rows, ["id", "signed", "guarantors", "zones", "rules", "approximate", "title"]))


@click.command("check-agreement")
@click.argument("file", type=click.Path(dir_okay=False))
@handle_errors
def check_agreement_command(file: str) -> None:
    """Validate an agreement FILE (YAML); print every problem as FILE:LINE: field: message.

    Example:

        ceasefire check-agreement agreements/my-ceasefire.yaml
    """
    if not Path(file).is_file():
        raise click.ClickException(f"{file}: no such file")
    agreement, errors = check_agreement_file(file)
    if errors:
        for line in errors:
            click.echo(line, err=True)
        raise click.ClickException(f"{file}: {len(errors)} problem(s) found")
    assert agreement is not None
    click.echo(f"{file}: ok ({agreement.id}: {len(agreement.zones)} zone(s), {len(agreement.rules)} rule(s))")


@click.command("violations")
@click.option("--agreement", "agreement_ref", required=True, help="Bundled agreement id (see `ceasefire agreements`) or an agreement YAML file.")
@click.option("--since", callback=iso_date, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=iso_date, help="Last event date (YYYY-MM-DD).")
@click.option("--by", type=click.Choice(sorted(KEYS)), default=None, help="Print counts by this key instead of one row per violation.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@settings_options
@handle_errors
def violations_command(settings: Settings, agreement_ref: str, since: Optional[date], until: Optional[date], by: Optional[str], fmt: str) -> None:
    """Check the events in the store against an agreement; store and print the violations.

    Example:

        ceasefire violations --agreement sochi-2018-idlib-dmz --by week --db ledger.duckdb
    """
    agreement = load_agreement(agreement_ref)
    with open_store(settings) as store:
        _, violations = compute_violations(store, agreement, settings, since, until)
    if by:
        header, rows = [by, "violations"], [list(kv) for kv in tally(violations, by)]
    else:
        header = list(JSONL_FIELDS)
        rows = [list(violation_record(v).values()) for v in violations]
    if fmt == "jsonl":
        write_jsonl(dict(zip(header, row)) for row in rows)
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        click.echo(_table(rows, header))
        click.echo(f"{len(violations)} violation(s) of {agreement.id}", err=True)


@click.command("watch-violations")
@click.option("--agreement", "agreement_ref", required=True, help="Bundled agreement id or agreement YAML file.")
@click.option("--webhook", required=True, help="URL that receives one JSON POST per new violation.")
@click.option("--interval", type=click.FloatRange(min=0.1), default=300.0, show_default=True, help="Seconds between checks.")
@click.option("--once", is_flag=True, help="Check and deliver once, then exit (exit 1 if a delivery fails).")
@click.option("--retries", type=click.IntRange(min=0), default=5, show_default=True, help="Retries per alert, with exponential backoff.")
@click.option("--backoff", type=click.FloatRange(min=0), default=0.5, show_default=True, help="First retry delay in seconds (doubles each retry).")
@settings_options
@handle_errors
def watch_violations_command(settings: Settings, agreement_ref: str, webhook: str, interval: float, once: bool, retries: int, backoff: float) -> None:
    """Post each new violation of an agreement to a webhook, once, remembering deliveries in the store.

    Example:

        ceasefire watch-violations --agreement sochi-2018-idlib-dmz --webhook http://127.0.0.1:8080/alerts --once
    """
    agreement = load_agreement(agreement_ref)
    sink = WebhookSink(webhook, retries=retries, backoff_s=backoff)

    def check_once() -> list:
        # The store is opened per round so that importers can write between rounds (DuckDB allows one writer).
        with open_store(settings) as store:
            _, violations = compute_violations(store, agreement, settings)
            sent = deliver_new(violations, sink, DeliveryLog(store, sink.name))
        if sent:
            click.echo(f"sent {len(sent)} new violation(s) of {agreement.id} to {webhook}", err=True)
        return sent

    try:
        total = watch(check_once, interval, once)
    finally:
        sink.close()
    click.echo(f"{total} alert(s) sent")


@click.command("report")
@click.option("--agreement", "agreement_ref", required=True, help="Bundled agreement id or agreement YAML file.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--since", callback=iso_date, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=iso_date, help="Last event date (YYYY-MM-DD).")
@click.option("--rows", type=click.IntRange(min=1), default=500, show_default=True, help="Most violations listed in the table (all are counted and charted).")
@settings_options
@handle_errors
def report_command(settings: Settings, agreement_ref: str, output: str, since: Optional[date], until: Optional[date], rows: int) -> None:
    """Write one self-contained HTML report: map, weekly chart by party, violations with claims and sources.

    Example:

        ceasefire report --agreement sochi-2018-idlib-dmz -o sochi.html --since 2018-09-01 --until 2019-11-30
    """
    from ..report.html import write_report

    agreement = load_agreement(agreement_ref)
    with open_store(settings) as store:
        events, violations = compute_violations(store, agreement, settings, since, until)
        path = write_report(output, agreement, events, violations, store=store, settings=settings, since=since, until=until, max_rows=rows)
    click.echo(f"{path}: {len(violations)} violation(s), {len(events)} event(s)")


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    for command in (agreements_command, check_agreement_command, violations_command, watch_violations_command, report_command):
        main.add_command(command)
