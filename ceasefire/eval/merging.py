"""Does one event cited by several articles come out as one event?

UCDP often cites two or more articles for one event (SOHR and a news agency,
or two SOHR updates). The ledger should merge what those articles report into
a single event whose claims keep every source; two events for one happening
double-count it in every tally. This measures it on the real headlines: for
each gold event whose citations are two or more distinct documents of the
sample, our events made from those documents that could match it (same date
window and distance as ``matching``) are counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..models import Event
from .ged import GoldEvent
from .matching import candidate_pairs


@dataclass(frozen=True)
class MergeCounts:
    multi_source: int  # gold events cited by two or more distinct documents of the sample
    reported: int  # ... of which at least one of our events, from those documents, could match
    one_event: int  # ... reported by exactly one of our events
    across_sources: int  # ... that one event drawing on two or more of the citing documents
    split: int  # ... reported by more of our events than there are UCDP events they could match: a double count


def merge_counts(
    gold: Sequence[GoldEvent],
    predicted: Sequence[Event],
    document_ids: Mapping[tuple[str, str, str], str],
    sampled: set[tuple[str, str, str]],
) -> MergeCounts:
    """Count how the gold events with several citing documents come out of the ledger."""
    citing = {g.id: {document_ids[c.key] for c in g.citations if c.key in sampled and c.key in document_ids} for g in gold}
    several = [i for i, g in enumerate(gold) if len(citing[g.id]) >= 2]
    if not several:
        return MergeCounts(0, 0, 0, 0, 0)
    pairs = candidate_pairs(predicted, gold)
    golds_of: dict[int, set[int]] = defaultdict(set)  # our event -> gold events it could match, sharing a document
    for _km, _days, p, g in pairs:
        if citing[gold[g].id] & set(predicted[p].documents):
            golds_of[p].add(g)
    wanted = set(several)
    reporting: dict[int, list[int]] = defaultdict(list)  # gold event with several documents -> our events that could match it
    for p, golds in golds_of.items():
        for g in golds & wanted:
            reporting[g].append(p)
    single = {g: events[0] for g, events in reporting.items() if len(events) == 1}
    across = sum(len(citing[gold[g].id] & set(predicted[p].documents)) >= 2 for g, p in single.items())
    # More of our events than UCDP coded among them: the same happening counted twice.
    split = sum(len(events) > len(set().union(*(golds_of[p] for p in events))) for events in reporting.values())
    return MergeCounts(
        multi_source=len(several),
        reported=len(reporting),
        one_event=len(single),
        across_sources=across,
        split=split,
    )
