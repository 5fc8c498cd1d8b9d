"""CLI commands of the evaluate stage: ``ceasefire eval ucdp``."""

from __future__ import annotations

import json
from datetime import date
from typing import Optional

import click

from ..settings import Settings
from .common import eval_group, handle_errors, iso_date, settings_options



@click.command("ucdp")
@click.argument("ged_file", type=click.Path(dir_okay=False))
@click.option("--sample", type=click.IntRange(min=0), default=1000, show_default=True, help="Cited headlines (documents) to draw; 0 takes them all.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the sample.")
@click.option("--since", callback=iso_date, help="Only UCDP events starting on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=iso_date, help="Only UCDP events starting on or before this date (YYYY-MM-DD).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="A readable report, or one JSON object.")
@click.option("--summary", is_flag=True, help="Print one summary line instead of the full text report.")
@settings_options
@handle_errors
def ucdp_command(
    settings: Settings,
    ged_file: str,
    sample: int,
    seed: int,
    since: Optional[date],
    until: Optional[date],
    output_format: str,
    summary: bool,
) -> None:
    """Score the whole text flow against UCDP GED's coders.

    Every article GED cites becomes a document (its headline, publisher and
    date), ingested into a fresh temporary store; the gold events are the GED
    events citing the sampled documents. Reports recall, a lower bound on
    precision, location error, date, fatality and actor agreement, whether
    events cited by several articles come out as one event, with breakdowns
    and the worst misses. Your --db is never read or written.

    Example:

    \b
        ceasefire eval ucdp ../shared/data/ucdp/ged_syria_2016_2019.csv.gz --sample 1000 --seed 0 --summary
    """
    from ..eval.report import summary_line, text_report
    from ..eval.ucdp import evaluate_ucdp

    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    result = evaluate_ucdp(ged_file, settings, sample=sample or None, seed=seed, since=since, until=until)
    if output_format == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))
    elif summary:
        click.echo(summary_line(result))
    else:
        click.echo(text_report(result))


def register(main: click.Group) -> None:
    """Add this module's commands to ``main`` (``ucdp`` goes under ``ceasefire eval``)."""
    eval_group.add_command(ucdp_command)
