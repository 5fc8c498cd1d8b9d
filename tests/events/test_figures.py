"""Fatality reconciliation: revisions, open-ended figures, conflicting sources, syndicated copies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Optional

import pytest

from ceasefire.events.figures import combine, reconcile, side_resolver
from ceasefire.events.sources import SourceIndex, is_anonymous, source_key
from ceasefire.models import Claim, Document

SIDES = side_resolver(("Ansar al-Tawhid", "Military Forces of Syria"))


def doc(doc_id: str, publisher: str, published: date, **fields) -> Document:
    return Document(id=doc_id, text="...", publisher=publisher, published=published, **fields)


def toll(doc_id: str, low: float, high: Optional[float], about: Optional[str] = "Military Forces of Syria", **fields) -> Claim:
    return Claim(doc_id, f"{doc_id}:0:0", "fatalities", 0, 3, value_low=low, value_high=high, about=about, **fields)


def test_figures_revision_of_one_source_uses_the_latest():
    index = SourceIndex([doc("s1", "SOHR", date(2019, 3, 3)), doc("s2", "SOHR", date(2019, 3, 4))])
    figures = reconcile([toll("s2", 20, 20), toll("s1", 27, 27)], index, SIDES)
    # the later report (s2, 4 March) wins even though its figure is lower: a revision, not a second claim
    assert (figures.low, figures.best, figures.high) == (20, 20, 20)
    assert [c.status for c in figures.claims] == [None, "superseded"]


def test_figures_same_day_reports_take_the_higher_running_toll():
    index = SourceIndex([doc("s1", "SOHR", date(2019, 3, 3)), doc("s2", "SOHR", date(2019, 3, 3))])
    figures = reconcile([toll("s1", 20, 20), toll("s2", 27, 27)], index, SIDES)
    assert (figures.low, figures.best, figures.high) == (27, 27, 27)
    assert [c.status for c in figures.claims] == ["superseded", None]
    assert not figures.disputed


def test_figures_open_ended_claim_alone():
    index = SourceIndex([doc("a", "South Front", date(2019, 3, 4))])
    figures = reconcile([toll("a", 17, None, source="a military source")], index, SIDES)
    assert (figures.low, figures.best, figures.high) == (17, 17, None)
    assert figures.by_side == (("Military Forces of Syria", 17, None),)


def test_figures_consistent_sources_narrow_and_sides_add_up():
    index = SourceIndex([doc("a", "South Front", date(2019, 3, 4)), doc("s", "SOHR", date(2019, 3, 3))])
    claims = [toll("a", 17, None, source="a military source"), toll("a", 6, 6, about="Ansar al-Tawhid"), toll("s", 27, 27)]
    figures = reconcile(claims, index, SIDES)
    assert (figures.low, figures.best, figures.high) == (33, 33, 33)
    assert figures.by_side == (("Ansar al-Tawhid", 6, 6), ("Military Forces of Syria", 27, 27))


@pytest.mark.parametrize(
    "a, b, disputed, expected",
    [
        ((10, 10), (12, 12), False, (10, 10, 12)),  # 17 % apart: conflicting, within the threshold
        ((10, 10), (50, 50), True, (10, 10, 50)),  # far apart: disputed, the range spans both
        ((10, 10), (50, None), True, (10, 10, None)),  # an open-ended high figure leaves high open
        ((250, 300), (280, 280), False, (280, 280, 280)),  # a range containing an exact figure
    ],
)
def test_figures_two_sources_disagreeing(a, b, disputed, expected):
    index = SourceIndex([doc("x", "Outlet X", date(2019, 3, 3)), doc("y", "Outlet Y", date(2019, 3, 3))])
    figures = reconcile([toll("x", *a), toll("y", *b)], index, SIDES)
    assert (figures.low, figures.best, figures.high) == expected
    assert figures.disputed is disputed


def test_figures_author_dispute_flags_the_event():
    index = SourceIndex([doc("x", "Outlet X", date(2019, 3, 3))])
    figures = reconcile([toll("x", 52000, 52000, hedge="disputed by author")], index, SIDES)
    assert figures.disputed


def test_figures_syndicated_copy_counts_once():
    original = doc("o", "South Front", date(2019, 3, 4))
    copy = doc("c", "Global Research", date(2019, 3, 5), original_source="South Front", syndication_group="o")
    index = SourceIndex([original, copy])
    figures = reconcile([toll("o", 17, None, source="a military source"), toll("c", 17, None, source="a military source")], index, SIDES)
    assert [c.status for c in figures.claims] == [None, "duplicate"]
    assert len(figures.current) == 1


def test_figures_whole_event_claims_reconcile_with_the_side_sum():
    index = SourceIndex([doc("s", "SOHR", date(2019, 3, 3)), doc("t", "SOHR", date(2019, 3, 3))])
    claims = [toll("s", 27, 27), toll("s", 6, 6, about="Ansar al-Tawhid"), toll("t", 30, 30, about=None, hedge="about")]
    figures = reconcile(claims, index, SIDES)
    assert (figures.low, figures.best, figures.high) == (30, 33, 33)


def test_figures_combine_prefers_exact_figures_for_best():
    estimate = combine([(17.0, float("inf"), 3, 17), (250.0, 300.0, 2, 275), (260.0, 260.0, 1, 260)])
    assert (estimate.low, estimate.best, estimate.high) == (260, 260, 260)


@pytest.mark.parametrize(
    "source, anonymous",
    [("a military source", True), ("Pro-militant sources", True), ("activists", True), ("SOHR", False), ("Syrian Observatory for Human Rights", False)],
)
def test_figures_sources_named_or_anonymous(source, anonymous):
    assert is_anonymous(source) is anonymous


def test_figures_source_keys_fold_spellings():
    assert source_key("South Front") == source_key("SouthFront") == source_key("southfront")
    assert source_key("Syrian Observatory for Human Rights (SOHR)") == source_key("SOHR")


def test_figures_informant_relayed_by_an_outlet_is_that_outlet():
    copy = doc("c", "Global Research", date(2019, 3, 5), original_source="South Front")
    index = SourceIndex([copy])
    attribution = index.attribution(toll("c", 17, None, source="A military source via SouthFront"))
    assert attribution.key == source_key("South Front")
    assert attribution.phrase == "a military source cited by South Front (via Global Research)"
    other = index.attribution(toll("c", 17, None, source="A local source via Enab Baladi"))
    assert (other.key, other.name) == (source_key("Enab Baladi"), "Enab Baladi")


def test_figures_revision_open_bound_and_total_of_both_sides_together():
    # one side: an outlet's "more than 16", a monitor's 20 then 27 the same day; the other side: 6;
    # the monitor's "about 30" counts both sides. The range must hold 27 + 6.
    index = SourceIndex([doc("a", "Outlet", date(2019, 3, 4)), doc("s1", "Monitor", date(2019, 3, 3)),
                         doc("s2", "Monitor", date(2019, 3, 3)), doc("s3", "Monitor", date(2019, 3, 3))])
    claims = [toll("a", 17, None, source="a military source"), toll("a", 6, 6, about="Ansar al-Tawhid"),
              toll("s1", 20, 20), toll("s2", 27, 33, about=None, hedge="about"), toll("s3", 27, 27)]
    figures = reconcile(claims, index, SIDES)
    assert figures.low <= 33 <= figures.high
    assert figures.by_side == (("Ansar al-Tawhid", 6, 6), ("Military Forces of Syria", 27, 27))
    assert [c.status for c in figures.claims] == [None, None, "superseded", None, None]


def test_figures_running_total_is_left_out_of_the_event():
    from ceasefire.nlp.casualties import CUMULATIVE_HEDGE

    index = SourceIndex([doc("s1", "SOHR", date(2019, 3, 3))])
    figures = reconcile([toll("s1", 12, 12), toll("s1", 80, 80, about=None, hedge=CUMULATIVE_HEDGE)], index, SIDES)
    assert (figures.low, figures.best, figures.high) == (12, 12, 12)
    assert [c.status for c in figures.claims] == [None, "running total"]
    alone = reconcile([toll("s1", 50, 50, about=None, hedge=CUMULATIVE_HEDGE)], index, SIDES)
    assert (alone.low, alone.best, alone.high) == (None, None, None)


@pytest.mark.parametrize(
    "statuses",
    [(None, None), ("superseded", None), ("duplicate", "repeated"), (None, "running total")],  # statuses a merged cluster's claims carry
)
def test_figures_statuses_set_before_are_worked_out_again(statuses):
    # reconcile copies a claim only when its status changes: the result is the same as from unmarked claims
    index = SourceIndex([doc("s1", "SOHR", date(2019, 3, 3)), doc("s2", "SOHR", date(2019, 3, 4))])
    fresh = [toll("s2", 20, 20), toll("s1", 27, 27)]
    marked = [replace(c, status=s) for c, s in zip(fresh, statuses)]
    assert reconcile(marked, index, SIDES) == reconcile(fresh, index, SIDES)
    assert [c.status for c in reconcile(marked, index, SIDES).claims] == [None, "superseded"]


@pytest.mark.parametrize(
    "claim",
    [toll("s1", 5, 5, source="a military source via South Front"), toll("s1", 5, 5, source="SOHR"), toll("s2", 5, 5, publisher="Outlet"),
     toll("missing", 5, 5, publisher="Somebody")],
)
def test_figures_attribution_is_remembered_per_document_publisher_and_source(claim):
    index = SourceIndex([doc("s1", "Global Research", date(2019, 3, 3), original_source="South Front"), doc("s2", "SOHR", date(2019, 3, 4))])
    first = index.attribution(claim)
    assert index.attribution(replace(claim, value_low=9, status="superseded")) is first  # other fields do not matter
    assert first == SourceIndex(index.documents.values())._attribution(claim)  # as worked out afresh
