from dataclasses import replace
from datetime import date

import pytest

from ceasefire.eval.citations import Citation
from ceasefire.eval.merging import MergeCounts, merge_counts
from ceasefire.eval.ged import GoldEvent
from ceasefire.models import Event

MASASINAH = (35.29, 36.664)
BAGHUZ = (34.46, 40.95)
SOHR = Citation("SOHR", date(2019, 3, 3), "The attack of Ansar al-Tawhid kills about 30 members of the regime forces near Masasneh")
AGENCY = Citation("An agency", date(2019, 3, 3), "Militants attack army positions at Masasneh, north of Hama")
TALLY = Citation("SOHR", date(2019, 3, 4), "56 were killed yesterday across Syria")
DOCUMENTS = {SOHR.key: "d-sohr", AGENCY.key: "d-agency", TALLY.key: "d-tally"}


def gold(id: str, citations: tuple[Citation, ...], where: tuple[float, float] = MASASINAH) -> GoldEvent:
    return GoldEvent(
        id=id, date_start=date(2019, 3, 3), date_end=date(2019, 3, 3), latitude=where[0], longitude=where[1], where_prec=1,
        where_coordinates="Masasinah village", admin1="Hama Governorate", type_of_violence=1,
        side_a="Government of Syria", side_b="Syrian insurgents", low=27, best=33, high=33, citations=citations,
    )


def ours(id: str, documents: tuple[str, ...], where: tuple[float, float] | None = MASASINAH, day: date = date(2019, 3, 3)) -> Event:
    return Event(
        event_id=id, event_date=day, event_type="Battles", sub_event_type="Armed clash",
        latitude=where[0] if where else None, longitude=where[1] if where else None, documents=documents,
    )


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        # both articles merged into one event: the ledger's job done
        ([ours("e1", ("d-sohr", "d-agency"))], MergeCounts(1, 1, 1, 1, 0)),
        # one event from one article; the other article made no event there
        ([ours("e1", ("d-sohr",)), ours("e2", ("d-agency",), where=None)], MergeCounts(1, 1, 1, 0, 0)),
        # each article made its own event at the same place and day: counted twice
        ([ours("e1", ("d-sohr",)), ours("e2", ("d-agency",))], MergeCounts(1, 1, 0, 0, 1)),
        # an event too far away (Baghuz) or on another day does not report it
        ([ours("e1", ("d-sohr",), where=BAGHUZ), ours("e2", ("d-agency",), day=date(2019, 3, 9))], MergeCounts(1, 0, 0, 0, 0)),
        # an event from an article that does not cite it does not count
        ([ours("e1", ("d-tally",))], MergeCounts(1, 0, 0, 0, 0)),
    ],
)
def test_merging_counts_one_event_per_multiply_cited_gold(predicted, expected):
    golds = [gold("281723", (SOHR, AGENCY))]
    assert merge_counts(golds, predicted, DOCUMENTS, set(DOCUMENTS)) == expected


def test_merging_two_events_are_no_double_count_when_ucdp_coded_two():
    first = gold("g1", (SOHR, AGENCY))
    second = replace(first, id="g2")  # UCDP coded two events (two pairs of sides) from the same articles
    predicted = [ours("e1", ("d-sohr",)), ours("e2", ("d-agency",))]
    counts = merge_counts([first, second], predicted, DOCUMENTS, set(DOCUMENTS))
    assert counts.multi_source == 2 and counts.split == 0


def test_merging_ignores_citations_outside_the_sample():
    golds = [gold("281723", (SOHR, AGENCY))]
    counts = merge_counts(golds, [ours("e1", ("d-sohr",)), ours("e2", ("d-agency",))], DOCUMENTS, {SOHR.key})
    assert counts == MergeCounts(0, 0, 0, 0, 0)
