"""Codebook rules applied after the statistical classifier, where the ACLED codebook is explicit.

* Territory changes hands only when the text says so: ACLED codes "Government
  regains territory" / "Non-state actor overtakes territory" for a completed
  capture; an advance, push or offensive without one is an "Armed clash".
"""

from __future__ import annotations

import re

import numpy as np

TERRITORIAL = ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
_CAPTURE = re.compile(
    r"\b(captur\w*|seiz\w*|(took|taken|take|takes|taking|gained|gain|gains|regained|in|under|full|total) (full |total )?control|took over|taken over|"
    r"overr[au]n\w*|fell|fallen|gained ground|recaptur\w*|retook|retak\w*|regain\w*|liberat\w*|took back|taken back|reclaim\w*|"
    r"restored|recover\w*|entered|controll?\w*|flags?|won|drove out|driven out|expell\w*|cleared|freed|occup\w*)\b",
    re.IGNORECASE,
)


def apply_codebook_rules(texts: list[str], probabilities: np.ndarray, codes: tuple[str, ...]) -> np.ndarray:
    """Apply the rules in place to ``probabilities`` (rows in ``codes`` order); returns the label index per text.

    A label ruled out for a text gets probability 0 and the rest is renormalised,
    so the confidence becomes the probability given that the rule holds.
    """
    best = probabilities.argmax(axis=1)
    territorial = [codes.index(c) for c in TERRITORIAL if c in codes]
    for row, text in enumerate(texts):
        if best[row] in territorial and not _CAPTURE.search(text):
            probabilities[row, territorial] = 0.0
            probabilities[row] /= probabilities[row].sum()
            best[row] = int(probabilities[row].argmax())
    return best
