"""CLI commands for argument extraction measured on MUC-4: ``ceasefire muc4`` and ``ceasefire eval muc4``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from .common import eval_group, handle_errors, settings_options, write_jsonl


@click.command("muc4")
@click.argument("path", type=click.Path(dir_okay=False))
@settings_options
@handle_errors
def muc4_command(path: str, settings) -> None:
    """Fill MUC-4 templates (PerpInd, PerpOrg, Target, Victim, Weapon) for a MUC-4 JSONL file; print JSONL.

    Example:

        ceasefire muc4 ../shared/eval/muc4/dev.json > dev.pred.jsonl
    """
    from ..nlp.muc4 import extract_templates, read_muc4

    write_jsonl(extract_templates(settings, read_muc4(path)))


@eval_group.command("muc4")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None, help="Score this JSONL of predictions instead of running the extractor.")
@click.option("--summary", is_flag=True, help="Print one line: overall and per-role F1.")
@settings_options
@handle_errors
def eval_muc4(path: str, predictions: str | None, summary: bool, settings) -> None:
    """Score MUC-4 template filling (role-filler micro F1, templates matched one-to-one) on a gold JSONL file.

    Example:

        ceasefire eval muc4 ../shared/eval/muc4/dev.json --summary
    """
    from ..errors import EvaluationError
    from ..nlp.muc4 import extract_templates, read_muc4
    from ..nlp.muc4_scoring import ROLES, score

    documents = read_muc4(path)
    started = time.perf_counter()
    if predictions:
        predicted: dict[str, list] = {}
        for number, line in enumerate(Path(predictions).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                    predicted[str(row["docid"])] = list(row["templates"])
                except (ValueError, KeyError, TypeError) as exc:
                    raise EvaluationError(f"{predictions}: line {number} is not {{\"docid\", \"templates\"}} ({exc})") from exc
    else:
        predicted = {row["docid"]: row["templates"] for row in extract_templates(settings, documents)}
    result = score(predicted, ((d.docid, d.templates) for d in documents)).as_dict()
    result["seconds"] = round(time.perf_counter() - started, 1)
    if summary:
        overall = result["overall"]
        roles = " ".join(f"{r}={result['roles'][r]['f1']:.1f}" for r in ROLES)
        click.echo(f"MUC-4 {Path(path).name}: F1 {overall['f1']:.1f} (P {overall['precision']:.1f} R {overall['recall']:.1f}) {roles} docs={result['documents']}")
    else:
        click.echo(json.dumps(result, indent=2))


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(muc4_command)
