"""How actor names are matched, shared by the actor dictionary and the classifier's territory rule.

Kept apart from ``actors.py``, which imports spaCy: the classifier must load in well under a second.
"""

from __future__ import annotations

import re


def is_acronym(name: str) -> bool:
    """Upper-case short names ("SAA", "YPG"; "FAMa" is not), which match case-sensitively."""
    letters = re.sub(r"[^A-Za-z]", "", name)
    return bool(letters) and letters.isupper() and len(letters) <= 6 and " " not in name.strip()
