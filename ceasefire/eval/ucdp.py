"""Score the whole text flow against UCDP GED's professional coders.

Each distinct cited article (publisher, date, headline) of the GED file is
one document whose text is its headline; the gold events are the GED events
that cite the documents of the sample. The documents are ingested into a
fresh temporary store holding nothing else, the flow (``run_flow``) turns
them into events, and those are matched one to one to the gold events (see
``matching``). Imported UCDP/ACLED events, in the user's database or
anywhere else, are never visible to the flow: it only ever sees the headlines.
"""

from __future__ import annotations

import dataclasses
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from ..errors import GazetteerError
from ..models import Document, Event
from ..settings import Settings
from ..store import open_store
from ..store.base import Store
from .actor_agreement import sides_agreeing
from .citations import Citation
from .documents import ingest_citations
from .ged import TYPE_OF_VIOLENCE, GedFile, GoldEvent, read_ged
from .matching import Match, match_events
from .merging import MergeCounts, merge_counts
from .misses import describe_misses
from .placenames import place_named_in

Flow = Callable[[list[Document], Settings, Store], list[Event]]
DEFAULT_SAMPLE = 1000
DEFAULT_SEED = 0
WORST_MISSES = 20
EVALUATION_DB = ":memory:"  # a fresh store per run, holding only the evaluation's documents


@dataclass(frozen=True)
class EvaluationSet:
    """The sampled documents and the gold events that cite them."""

    citations: tuple[Citation, ...]
    gold: tuple[GoldEvent, ...]
    skipped_citations: int


@dataclass(frozen=True)
class UcdpScore:
    """Everything ``ceasefire eval ucdp`` reports; ``as_json()`` gives the stable JSON object."""

    documents: int
    stored_documents: int  # fewer than ``documents`` when two cited articles have the same headline
    gold_events: int
    predicted_events: int
    matched: int
    recall: Optional[float]
    place_named_events: int
    recall_place_named: Optional[float]
    precision_lower_bound: Optional[float]
    median_location_error_km: Optional[float]
    share_exact_date: Optional[float]
    share_interval_contains_ucdp_best: Optional[float]
    share_actors_agree: Optional[float]
    share_one_side_agrees: Optional[float]  # text report only: at least one UCDP side among our actors
    seconds: float
    by_year: dict[str, dict]
    by_admin1: dict[str, dict]
    by_type_of_violence: dict[str, dict]
    worst_misses: list[dict]
    skipped_citations: int
    miss_causes: dict[str, int]  # see ``misses``: cause -> unmatched gold events
    miss_causes_place_named: dict[str, int]
    ingest_problems: tuple[str, ...] = ()  # citations the ingest stage skipped or failed
    # text report only: how much of the fatality share rests on a stated, bounded count
    share_figure_stated: Optional[float] = None  # matches whose event states any death figure
    share_bounded_contains_best: Optional[float] = None  # of the matches with a bounded figure (a high), those holding best
    merging: MergeCounts = MergeCounts(0, 0, 0, 0, 0)  # gold events cited by several documents: one event of ours, or several?

    JSON_KEYS = (
        "documents", "gold_events", "predicted_events", "matched", "recall", "recall_place_named",
        "precision_lower_bound", "median_location_error_km", "share_exact_date",
        "share_interval_contains_ucdp_best", "share_actors_agree", "seconds", "by_year", "by_admin1",
        "by_type_of_violence", "worst_misses",
    )  # DESIGN.md's stable object; the text report says more (``merging``, the shares of stated figures)

    def as_json(self) -> dict:
        return {key: getattr(self, key) for key in self.JSON_KEYS}


# ------------------------------------------------------------ evaluation set
def distinct_citations(events: Sequence[GoldEvent]) -> list[Citation]:
    """Every distinct (publisher, date, headline) cited, in a stable order."""
    seen = {c.key: c for e in events for c in e.citations}
    return [seen[k] for k in sorted(seen)]


def build_evaluation_set(ged: GedFile, sample: Optional[int] = DEFAULT_SAMPLE, seed: int = DEFAULT_SEED) -> EvaluationSet:
    """``sample`` documents drawn with ``seed`` (all when None or larger than the set) and the gold citing them."""
    citations = distinct_citations(ged.events)
    if sample is not None and sample < len(citations):
        citations = sorted(random.Random(seed).sample(citations, sample), key=lambda c: c.key)
    keys = {c.key for c in citations}
    gold = tuple(e for e in ged.events if any(c.key in keys for c in e.citations))
    return EvaluationSet(tuple(citations), gold, ged.skipped_citations)


# ------------------------------------------------------------------- scoring
def _share(hits: int, total: int) -> Optional[float]:
    return round(hits / total, 4) if total else None


def fatality_interval_contains(event: Event, best: int) -> bool:
    """[low, high] contains ``best``: a missing low reads 0, a missing high is open when a low was stated, else 0."""
    low = event.fatalities_low or 0
    if event.fatalities_high is not None:
        high = float(event.fatalities_high)
    elif event.fatalities_low is not None:
        high = float("inf")
    else:
        high = float(low)
    return low <= best <= high


def _breakdown(gold: Sequence[GoldEvent], matched_ids: set[str], named_ids: set[str], key: Callable[[GoldEvent], str]) -> dict[str, dict]:
    groups: dict[str, list[GoldEvent]] = {}
    for event in gold:
        groups.setdefault(key(event), []).append(event)
    out = {}
    for name in sorted(groups):
        events = groups[name]
        hits = sum(e.id in matched_ids for e in events)
        named = [e for e in events if e.id in named_ids]
        named_hits = sum(e.id in matched_ids for e in named)
        out[name] = {
            "gold_events": len(events),
            "matched": hits,
            "recall": _share(hits, len(events)),
            "place_named": len(named),
            "recall_place_named": _share(named_hits, len(named)),
        }
    return out


def score(
    evaluation: EvaluationSet,
    predicted: Sequence[Event],
    document_ids: dict[tuple[str, str, str], str],
    texts: dict[str, str],
    seconds: float,
) -> UcdpScore:
    """Match ``predicted`` to the gold events and compute every figure of the report.

    ``document_ids`` maps a citation key to the stored document id, ``texts``
    a document id to its text.
    """
    gold = list(evaluation.gold)
    sampled = {c.key for c in evaluation.citations}
    matches: list[Match] = match_events(predicted, gold)
    matched_ids = {m.gold.id for m in matches}

    def cited_texts(event: GoldEvent) -> list[str]:
        return [texts[document_ids[c.key]] for c in event.citations if c.key in sampled and c.key in document_ids]

    named_ids = {e.id for e in gold if place_named_in(e.where_coordinates, cited_texts(e))}
    named_hits = len(named_ids & matched_ids)
    distances = [m.distance_km for m in matches]
    sides = [sides_agreeing(m.gold.side_a, m.gold.side_b, m.predicted) for m in matches]
    misses = describe_misses(gold, matches, predicted, named_ids, document_ids, sampled, texts, WORST_MISSES)
    stated = [m for m in matches if m.predicted.fatalities_low is not None or m.predicted.fatalities_high is not None]
    bounded = [m for m in stated if m.predicted.fatalities_high is not None]
    return UcdpScore(
        documents=len(evaluation.citations),
        stored_documents=len(set(document_ids.values())),
        gold_events=len(gold),
        predicted_events=len(predicted),
        matched=len(matches),
        recall=_share(len(matches), len(gold)),
        place_named_events=len(named_ids),
        recall_place_named=_share(named_hits, len(named_ids)),
        precision_lower_bound=_share(len(matches), len(predicted)),
        median_location_error_km=round(statistics.median(distances), 2) if distances else None,
        share_exact_date=_share(sum(m.days_off == 0 for m in matches), len(matches)),
        share_interval_contains_ucdp_best=_share(sum(fatality_interval_contains(m.predicted, m.gold.best) for m in matches), len(matches)),
        share_actors_agree=_share(sum(n == 2 for n in sides), len(matches)),
        share_one_side_agrees=_share(sum(n >= 1 for n in sides), len(matches)),
        seconds=round(seconds, 2),
        by_year=_breakdown(gold, matched_ids, named_ids, lambda e: str(e.year)),
        by_admin1=_breakdown(gold, matched_ids, named_ids, lambda e: e.admin1),
        by_type_of_violence=_breakdown(gold, matched_ids, named_ids, lambda e: TYPE_OF_VIOLENCE.get(e.type_of_violence, str(e.type_of_violence))),
        worst_misses=misses.worst,
        skipped_citations=evaluation.skipped_citations,
        miss_causes=misses.causes,
        miss_causes_place_named=misses.causes_place_named,
        share_figure_stated=_share(len(stated), len(matches)),
        share_bounded_contains_best=_share(sum(fatality_interval_contains(m.predicted, m.gold.best) for m in bounded), len(bounded)),
        merging=merge_counts(gold, predicted, document_ids, sampled),
    )


# ------------------------------------------------------------------- running
def default_flow() -> Flow:
    from ..pipeline import run_flow

    return run_flow


def monitored_countries(gold: Iterable[GoldEvent], settings: Settings) -> tuple[str, ...]:
    """ISO alpha-2 codes of GED's country names ("Syria" -> "SY"; "Yemen (North Yemen)" -> "YE"), most events first."""
    from ..geo import Gazetteer

    counts = Counter(re.sub(r"\s*\(.*\)$", "", e.country) for e in gold if e.country)
    if not counts:
        return ()
    try:
        gazetteer = Gazetteer.load(settings)
    except GazetteerError:
        return ()  # a flow that needs places fails on its own; a scoring-only flow (tests) needs none
    codes: list[str] = []
    for name, _ in counts.most_common():
        for cand in gazetteer.candidates(name, fuzzy=False, limit=10):
            if gazetteer.is_country(cand.idx):
                codes.append(str(gazetteer.country_code[cand.idx]))
                break
    return tuple(dict.fromkeys(codes))


def evaluate_ucdp(
    path: str | Path,
    settings: Settings,
    sample: Optional[int] = DEFAULT_SAMPLE,
    seed: int = DEFAULT_SEED,
    since: Optional[date] = None,
    until: Optional[date] = None,
    flow: Optional[Flow] = None,
) -> UcdpScore:
    """Read GED, sample, ingest the headlines into a fresh temporary store, run ``flow`` and score it.

    ``settings.db`` (the user's database) is never opened: the flow gets a
    copy of ``settings`` whose database is the temporary in-memory one.
    """
    started = time.perf_counter()
    flow = flow or default_flow()
    evaluation = build_evaluation_set(read_ged(path, since, until), sample, seed)
    with tempfile.TemporaryDirectory(prefix="ceasefire-eval-ucdp-") as workdir:
        # In memory: per-document commits to a file would cost a disk sync each.
        # The monitor follows the countries of the events scored, as a user monitoring that theatre would
        # configure it (headlines rarely say "Syria"); a focus the user set is kept.
        focus = settings.focus_countries or monitored_countries(evaluation.gold, settings)
        flow_settings = settings.replace(db=EVALUATION_DB, focus_countries=focus)
        with open_store(EVALUATION_DB) as store:
            ingested = ingest_citations(evaluation.citations, store, flow_settings, Path(workdir))
            predicted = [e for e in flow(ingested.documents, flow_settings, store) if e.origin == "text"]
    texts = {d.id: d.text for d in ingested.documents}
    result = score(evaluation, predicted, ingested.document_ids, texts, time.perf_counter() - started)
    return dataclasses.replace(result, ingest_problems=tuple(ingested.problems))
