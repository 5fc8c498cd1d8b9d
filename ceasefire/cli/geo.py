"""CLI commands of the geo stage: the gazetteer, geoparsing, and its evaluation."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Optional

import click

from .common import eval_group, handle_errors, settings_options, write_jsonl


def _load_spacy(settings: Any):
    import spacy

    from ..errors import ModelError

    for name in (settings.spacy_model, "en_core_web_sm"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelError(f"spaCy model {settings.spacy_model!r} is not installed: run `make` (it installs requirements.lock)")


def _geoparse_corpus(settings: Any, path: Path, gold: bool, demonyms: bool):
    """Read an XML corpus and geoparse each article; returns (articles, toponyms per article, seconds)."""
    from ..geo import Gazetteer, geoparse, resolve_spans
    from ..geo.context import read_context
    from ..geo.corpus import read_corpus

    articles = read_corpus(path)
    gazetteer = Gazetteer.load(settings)
    started = time.perf_counter()
    predicted = []
    if gold:
        for article in articles:
            spans = [(t.start, t.end) for t in article.toponyms]
            contexts = [read_context(article.text, s, e, spans[i + 1] if i + 1 < len(spans) else None) for i, (s, e) in enumerate(spans)]
            predicted.append(resolve_spans(article.text, contexts, gazetteer, str(article.index)))
    else:
        nlp = _load_spacy(settings)
        docs = nlp.pipe((a.text for a in articles), batch_size=settings.batch_size)
        predicted = [geoparse(doc, str(a.index), gazetteer, demonyms=demonyms) for a, doc in zip(articles, docs)]
    return articles, predicted, time.perf_counter() - started


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build, extend and query the offline gazetteer."""


@gazetteer_group.command("build")
@click.option("--force", is_flag=True, help="Rebuild even when the gazetteer is up to date.")
@settings_options
@handle_errors
def gazetteer_build(settings: Any, force: bool) -> None:
    """Build the bundled gazetteer into the cache folder (GeoNames cities500 + countries + admin units, UCDP, OCHA).

    Example:

        ceasefire gazetteer build --force
    """
    from ..geo.build import build_gazetteer

    started = time.perf_counter()
    path = build_gazetteer(settings, force=force)
    click.echo(f"{path} ({path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")


@gazetteer_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "into", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Gazetteer file to write (default: the user gazetteer beside the bundled one, loaded with it).")
@settings_options
@handle_errors
def gazetteer_import(settings: Any, files: tuple[Path, ...], into: Optional[Path]) -> None:
    """Import GeoNames dump files (a country file, allCountries.txt/.zip, alternateNamesV2, admin1CodesASCII, admin2Codes).

    Example:

        ceasefire gazetteer import SY.zip admin1CodesASCII.txt admin2Codes.txt
    """
    from ..geo.gazetteer import user_path
    from ..geo.geonames import import_geonames

    target = into or user_path(settings)
    count = import_geonames(list(files), target)
    click.echo(f"{target}: {count} places")


@gazetteer_group.command("lookup")
@click.argument("name")
@click.option("--country", default=None, help="ISO 3166 alpha-2 code to filter by.")
@click.option("--limit", default=5, show_default=True, help="Places to show.")
@settings_options
@handle_errors
def gazetteer_lookup(settings: Any, name: str, country: Optional[str], limit: int) -> None:
    """Print the places a name may refer to, best first, as JSON lines.

    Example:

        ceasefire gazetteer lookup "Khan Sheikhoun"
    """
    from dataclasses import asdict

    from ..geo import Gazetteer

    gazetteer = Gazetteer.load(settings)
    write_jsonl(asdict(p) for p in gazetteer.lookup(name, country)[:limit])


@click.command("geoparse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--gold", is_flag=True, help="Resolve the gold toponym spans of the file instead of finding toponyms.")
@click.option("--demonyms", is_flag=True, help="Also report adjectives of nationality (\"Turkish\") as toponyms of their country.")
@settings_options
@handle_errors
def geoparse_command(settings: Any, file: Path, gold: bool, demonyms: bool) -> None:
    """Geoparse a corpus in the TR-News/GeoVirus/GeoWebNews/LGL XML format; prints one JSON line per article.

    Example:

        ceasefire geoparse ../shared/eval/geoparsing/GeoVirus.xml --gold
    """
    articles, predicted, _ = _geoparse_corpus(settings, file, gold, demonyms)
    write_jsonl(
        {"article": a.index, "toponyms": [
            {"start": t.start, "end": t.end, "text": t.text,
             "lat": t.place.latitude if t.place else None, "lon": t.place.longitude if t.place else None}
            for t in toponyms]}
        for a, toponyms in zip(articles, predicted)
    )


@click.command("geoparse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--gold", is_flag=True, help="Resolve the gold spans (resolution only) instead of recognising toponyms.")
@click.option("--demonyms", is_flag=True, help="Count adjectives of nationality as toponyms.")
@click.option("--summary", is_flag=True, help="One line of figures.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@settings_options
@handle_errors
def eval_geoparse(settings: Any, file: Path, gold: bool, demonyms: bool, summary: bool, fmt: str) -> None:
    """Score geoparsing on a gold corpus: recognition P/R/F1, accuracy within 161 km, median error, AUC.

    Example:

        ceasefire eval geoparse ../shared/eval/geoparsing/TR-News.xml --gold --summary
    """
    from ..geo.evaluation import score

    articles, predicted, seconds = _geoparse_corpus(settings, file, gold, demonyms)
    scores = score(articles, predicted, seconds)
    if fmt == "json":
        click.echo(json.dumps(scores.as_dict()))
    elif summary:
        click.echo(f"{file.name}{' (gold spans)' if gold else ''}: {scores.summary()}")
    else:
        for key, value in scores.as_dict().items():
            click.echo(f"{key:20} {value}")


def register(main: click.Group) -> None:
    """Add this module's commands to ``main``."""
    main.add_command(gazetteer_group)
    main.add_command(geoparse_command)
    eval_group.add_command(eval_geoparse)
