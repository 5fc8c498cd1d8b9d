"""CLI commands of the nlp stage: ``classify``, ``train`` and ``eval case2021``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..settings import Settings
from .common import eval_group, handle_errors, settings_options


@click.command("classify")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@settings_options
@handle_errors
def classify_command(path: Path, settings: Settings) -> None:
    """Label each snippet of a CASE 2021 TSV (columns id, EventSnippet) with its event type code.

    Prints ``id<TAB>SubType`` with a header line, one row per input row.

    Example:

        ceasefire classify ../shared/eval/case2021_task2/dev.tsv > predicted.tsv
    """
    from ..nlp.case2021 import read_snippets
    from ..nlp.classifier import load_classifier

    snippets = read_snippets(path)
    classifier = load_classifier(settings)
    out = sys.stdout
    out.write("id\tSubType\n")
    for snippet, prediction in zip(snippets, classifier.predict([s.text for s in snippets])):
        out.write(f"{snippet.id}\t{prediction.code}\n")


@click.command("train")
@click.option("--force", is_flag=True, help="Retrain even when the model is up to date.")
@settings_options
@handle_errors
def train_command(settings: Settings, force: bool) -> None:
    """Train the event classifier (hand-written examples + CASE 2021 dev snippets) into the cache.

    Example:

        ceasefire train --force
    """
    from ..nlp.train import train_classifier

    started = time.perf_counter()
    path = train_classifier(settings, force=force)
    click.echo(f"event classifier: {path} ({time.perf_counter() - started:.1f} s)")


@eval_group.command("case2021")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--summary", is_flag=True, help="Print one summary line only.")
@click.option("--cv", "folds", type=click.IntRange(min=2), default=None, help="Cross-validate: train on the other folds (plus the non-dev sources) and predict each fold.")
@click.option("--fold-seed", "fold_seeds", type=int, multiple=True, help="Seed of the fold shuffle with --cv (default 13); repeat it to score several splits, one line each plus their mean.")
@click.option("--without-dev", is_flag=True, help="Train a fresh model without any dev snippet (hand-written examples only) and score it.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="Confusion pairs to print.")
@settings_options
@handle_errors
def eval_case2021(path: Path, summary: bool, folds: int | None, fold_seeds: tuple[int, ...], without_dev: bool, top: int, settings: Settings) -> None:
    """Score the event classifier on a labelled CASE 2021 task 2 TSV (id, EventSnippet, SubType).

    Prints weighted F1 on the 25 ACLED labels and on all 30, per-label P/R/F1
    and the most frequent confusions. Without --cv the shipped model is used (it
    was trained on the dev set, so its score on dev is not a held-out score).
    With several --fold-seed values, one line per split, then their mean; the
    table and confusions pool the predictions of every split.

    Example:

        ceasefire eval case2021 ../shared/eval/case2021_task2/dev.tsv --cv 5

        ceasefire eval case2021 ../shared/eval/case2021_task2/dev.tsv --cv 5 --fold-seed 13 --fold-seed 1 --fold-seed 2 --summary

        ceasefire eval case2021 ../shared/eval/case2021_task2/dev.tsv --without-dev
    """
    from ..nlp.case2021 import read_snippets, score
    from ..nlp.classifier import load_classifier
    from ..nlp.train import SEED, cross_validate, predict_without_dev

    if folds and without_dev:
        raise click.BadParameter("choose one of --cv and --without-dev", param_hint="--without-dev")
    if fold_seeds and not folds:
        raise click.BadParameter("--fold-seed needs --cv", param_hint="--fold-seed")

    snippets = read_snippets(path, require_labels=True)
    gold = [s.label or "" for s in snippets]
    runs: list[tuple[str, list[str], float]] = []
    for seed in fold_seeds or (SEED,):
        started = time.perf_counter()
        if folds:
            predicted = cross_validate(settings, snippets, folds, seed=seed)
            mode = f"{folds}-fold cv, fold seed {seed}"
        elif without_dev:
            predicted, mode = predict_without_dev(settings, snippets), "trained without dev"
        else:
            predicted, mode = [p.code for p in load_classifier(settings).predict([s.text for s in snippets])], "shipped model"
        runs.append((mode, predicted, time.perf_counter() - started))
    for mode, predicted, seconds in runs:
        result = score(gold, predicted)
        click.echo(
            f"case2021 {path.name} ({mode}, n={result.n}): weighted F1 ACLED-25 {result.weighted_f1_acled:.3f}, "
            f"all-30 {result.weighted_f1_all:.3f}, accuracy {result.accuracy:.3f} [{seconds:.1f} s]"
        )
    if len(runs) > 1:
        each = [score(gold, predicted) for _, predicted, _ in runs]
        click.echo(
            f"case2021 {path.name} (mean of {len(runs)} fold seeds): weighted F1 ACLED-25 {sum(r.weighted_f1_acled for r in each) / len(each):.3f}, "
            f"all-30 {sum(r.weighted_f1_all for r in each) / len(each):.3f}, accuracy {sum(r.accuracy for r in each) / len(each):.3f}"
        )
    if summary:
        return
    result = score(gold * len(runs), [code for _, predicted, _ in runs for code in predicted])
    click.echo(f"\n{'label':32s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s}")
    for row in result.per_label:
        click.echo(f"{row.label:32s} {row.precision:6.3f} {row.recall:6.3f} {row.f1:6.3f} {row.support:4d}")
    click.echo("\ntop confusions (gold -> predicted: count" + (f", over {len(runs)} splits)" if len(runs) > 1 else ")"))
    for gold_code, predicted_code, count in result.confusions[:top]:
        click.echo(f"  {gold_code} -> {predicted_code}: {count}")


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(classify_command)
    main.add_command(train_command)
