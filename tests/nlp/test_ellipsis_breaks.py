"""An ellipsis glued between two words starts a sentence; the array search finds the tokens a token scan finds."""

from __future__ import annotations

import pytest
import spacy

from ceasefire.nlp.components.ellipsis_breaks import ELLIPSES, ellipsis_breaks

TEXTS = [
    "which killed 27 members of the regime forces…”infiltrators” of Tahrir Al-Sham attack the regime in Latakia",
    "the truce held....Shelling resumed at dawn…'we will respond' said the commander…and then silence",
    "we will … fight on; an ellipsis with spaces… or at the end…",
    "…", "a…b", "…a", "a…", "", "no ellipsis here at all",
]


def _token_scan(doc) -> list[int]:
    """The sentence starts the component sets, found by looking at every token (its earlier form)."""
    out = []
    for token in doc[1:-1]:
        if token.text in ELLIPSES and not doc[token.i - 1].whitespace_ and not token.whitespace_:
            following = doc[token.i + 1]
            if following.is_alpha or following.is_quote or following.text[:1] in "“”\"'‘’":
                out.append(following.i)
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_ellipsis_breaks_same_starts_as_a_token_scan(text: str) -> None:
    nlp = spacy.blank("en")
    doc = ellipsis_breaks(nlp.make_doc(text))
    expected = _token_scan(nlp.make_doc(text))
    assert [t.i for t in doc if t.is_sent_start and t.i > 0] == expected
    if "Tahrir" in text or "dawn" in text:
        assert expected
