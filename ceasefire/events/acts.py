"""Acts told in one sentence: which mentions of a sentence are events of their own (used by ``assemble.py``).

The event detector cuts a headline into reports ("About 100 airstrikes target Deir Ezzor | and 10 days of
battles and shelling kill ..."). ACLED codes one event per date, location, actor pair and event type, and
UCDP codes the two reports of such a headline as two events, so a second act told in the same sentence is a
second event even at the same place. A toll ("and 12 casualties in the city", "10 persons were killed and
injured in an explosion") tells the deaths of an act already told, not an act of its own.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..models import Mention
from ..nlp.cues import TOLL_PATTERN
from .taxonomy import normalise_type

# A toll word or a bare killing verb: deaths, not the act that caused them.
_TOLL_TRIGGER = re.compile(TOLL_PATTERN + r"|\b(?:kill|kills|killed|killing)\b", re.IGNORECASE)


def toll_only(mention: Mention) -> bool:
    """The mention's trigger is a toll ("casualties", "killed", "raising the death toll")."""
    return _TOLL_TRIGGER.fullmatch(mention.trigger) is not None


def another_act(event_mentions: Sequence[Mention], mention: Mention) -> bool:
    """``mention`` is a report of its own, after the event's mentions in its sentence, of an act they do not tell."""
    told = [m for m in event_mentions if m.sentence_index == mention.sentence_index]
    if not told or toll_only(mention) or any(mention.start < m.end for m in told):
        return False
    acts = {normalise_type(m.event_type, m.sub_event_type) for m in told if not toll_only(m)}
    return bool(acts) and normalise_type(mention.event_type, mention.sub_event_type) not in acts
