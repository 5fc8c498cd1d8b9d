"""The one taxonomy table: CASE 2021 codes <-> ACLED event types and sub-event types."""

from __future__ import annotations

import pytest

from ceasefire.nlp.case2021 import read_snippets
from ceasefire.nlp.taxonomy import ACLED_CODES, ACLED_EVENT_TYPES, CASE_CODES, NON_CONFLICT_CODES, code_for, label_for


def test_event_taxonomy_sizes():
    assert len(CASE_CODES) == 30
    assert len(ACLED_CODES) == 25
    assert set(CASE_CODES) == set(ACLED_CODES) | set(NON_CONFLICT_CODES)


@pytest.mark.parametrize(
    ("code", "event_type", "sub_event_type"),
    [
        ("AIR_STRIKE", "Explosions/Remote violence", "Air/drone strike"),
        ("ART_MISS_ATTACK", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("ARMED_CLASH", "Battles", "Armed clash"),
        ("ATTACK", "Violence against civilians", "Attack"),
        ("FORCE_AGAINST_PROTEST", "Protests", "Excessive force against protesters"),
        ("MOB_VIOL", "Riots", "Mob violence"),
        ("OTHER", "Strategic developments", "Other"),
        ("DIPLO", "DIPLO", "DIPLO"),
    ],
)
def test_event_taxonomy_maps_codes_to_acled_names(code, event_type, sub_event_type):
    label = label_for(code)
    assert (label.event_type, label.sub_event_type) == (event_type, sub_event_type)
    assert code_for(sub_event_type) == code


def test_event_taxonomy_every_acled_code_has_an_official_event_type():
    assert {label_for(code).event_type for code in ACLED_CODES} == set(ACLED_EVENT_TYPES)


def test_event_taxonomy_unknown_code_names_the_known_ones():
    with pytest.raises(KeyError, match="AIR_STRIKE"):
        label_for("AIRSTRIKE")


@pytest.mark.shared
def test_event_taxonomy_covers_the_dev_labels(shared_dir):
    labels = {s.label for s in read_snippets(shared_dir / "eval" / "case2021_task2" / "dev.tsv", require_labels=True)}
    assert labels == set(CASE_CODES)
