"""Who took the ground: the side (state or non-state) that is the agent of a capture in a snippet.

ACLED's codebook separates "Government regains territory" from "Non-state
actor overtakes territory" only by who wins the ground; the verbs are the same
("recaptured", "seized", "took control"). The n-gram classifier learns that
"recaptured" goes with governments, so "ISIS fighters recaptured the village"
came out as a government gain. Here the agent is read from the words around
the first capture verb: the subject of an active verb (the first actor named
in its clause), the "by" phrase of a passive one ("was seized by Jubbaland
troops", "fell to the rebels"), or else the opposite of whoever it was taken
"from". Actor names come from the curated dictionary (``data/actors.yaml``:
state forces and foreign forces on one side, rebel groups and militias on the
other) plus generic words for each side ("troops", "militants").
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

from ..errors import ModelError
from .actor_names import is_acronym
from .pattern_screen import CaseInsensitivePattern

STATE, NON_STATE = "state", "nonstate"

_CAPTURE_VERB = (
    r"(?:re)?captur(?:e|ed|es|ing)|seiz(?:e|ed|es|ing)(?: back)?|retook|retak(?:e|en|es|ing)|regain(?:ed|s|ing)?|"
    r"(?:took|taken|take|takes|taking|gained|gain|gains|seized|wrested|wrests|wrest|assumed|established|restored) (?:the )?(?:full |total |complete )?control|"
    r"took over|taken over|tak(?:e|es|ing) over|overr[au]n(?:s|ning)?|liberat(?:e|ed|es|ing)|gained ground|took back|taken back|"
    r"reclaim(?:ed|s|ing)?|recover(?:ed|s|ing)?|(?:drove|driven|drive|drives|pushed|flushed|kicked) (?:\w+ ){1,4}out|expell?(?:ed|ing|s)|"
    r"stormed|conquer(?:ed|s|ing)?|controll?(?:ed|ing) (?:the )?(?:entire|whole|all)"
)
# the two scans of every text, in its lower-cased form where that finds the same spans (pattern_screen)
_CAPTURE = CaseInsensitivePattern(rf"\b(?:{_CAPTURE_VERB})\b")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_AGENT_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:by|to)\s+(?:the\s+)?", re.IGNORECASE)
_FALL_TO = CaseInsensitivePattern(r"\b(?:fell|fallen|falls|falling) (?:back )?(?:in)?to (?:the )?(?:hands of (?:the )?)?|\bunder (?:the )?control of (?:the )?")
_FROM = re.compile(r"^[^.;]{0,60}?\bfrom\s+(?:the\s+)?", re.IGNORECASE)
# Where a clause starts: the subject of the capture verb is named after the last of these.
_CLAUSE_BREAK = re.compile(r"[,;:.()]\s*|\b(?:that|as|after|when|while|before|since|where|which|who|but)\b\s*", re.IGNORECASE)

_STATE_WORDS = (
    r"army|armies|troops?|troopers|soldiers?|servicemen|security forces|government(?:'s)? (?:forces|troops|army|units)|govt forces|"
    r"pro-government(?: forces| fighters| militias?)?|loyalists?|military|armed forces|national guard|marines|paratroopers|commandos|"
    r"gendarm\w*|police(?:men)?|forces loyal to (?:the )?(?:\w+'s )?(?:\w+ ){0,3}government|regime|coalition forces|peacekeepers|"
    r"state forces|national army|defen[cs]e forces"
)
_NON_STATE_WORDS = (
    r"militants?|rebels?|insurgents?|jihadists?|jihadis|terrorists?|opposition(?: forces| fighters| groups?)?|militias?|militiamen|"
    r"separatists?|guerrill\w*|extremists?|islamists?|mujahideen|gunmen|armed groups?|factions?|fighters|"
    r"islamic state|isis|isil|daesh|al[- ]?shabaa?b|shabaab|taliban|boko haram|houthis?|huthis?|al[- ]?qaeda|al[- ]?nusra|hts|sdf|ypg|pkk|npa"
)


@functools.lru_cache(maxsize=1)
def actor_pattern() -> re.Pattern[str]:
    """One pattern with a ``state`` and a ``nonstate`` group: dictionary names (longest first), then generic words."""
    sides: dict[str, list[str]] = {STATE: [], NON_STATE: []}
    for entry in _dictionary_entries():
        kind = str(entry.get("kind", ""))
        side = STATE if kind in ("state forces", "external") else NON_STATE if kind.endswith(("group", "militia")) else None
        if side is None:
            continue
        for name in (str(entry["name"]), *(str(a) for a in entry.get("aliases") or ())):
            escaped = re.escape(name).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
            sides[side].append(f"(?-i:{escaped})" if is_acronym(name) else escaped)
    parts = []
    for side, generic in ((STATE, _STATE_WORDS), (NON_STATE, _NON_STATE_WORDS)):
        names = sorted(sides[side], key=len, reverse=True)
        parts.append(rf"(?P<{side}>\b(?:{'|'.join(names + [generic])})\b)")
    return re.compile("|".join(parts), re.IGNORECASE)


def _dictionary_entries() -> list[dict[str, object]]:
    """The entries of ``data/actors.yaml``, read directly: ``actors.py`` would import spaCy, seconds of start-up."""
    text = resources.files("ceasefire.nlp").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    try:
        entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml's parser: a tenth of the time
    except yaml.YAMLError as exc:
        raise ModelError(f"ceasefire/nlp/data/actors.yaml: not valid YAML ({exc})") from exc
    return [e for e in entries if isinstance(e, dict) and e.get("name")] if isinstance(entries, list) else []


def _sides(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.lastgroup or "") for m in actor_pattern().finditer(text)]


def _first_side(text: str) -> str | None:
    found = _sides(text)
    return found[0][1] if found else None


def _opposite(side: str | None) -> str | None:
    return {STATE: NON_STATE, NON_STATE: STATE}.get(side or "")


def capture_agent(text: str) -> str | None:
    """``"state"`` or ``"nonstate"``: who captured ground in ``text`` (first capture verb with a known agent); None when unknown."""
    lower = text.lower()
    for fall in _FALL_TO.finditer(text, lower):  # spans only: the match may be of the lower-cased text
        side = _first_side(text[fall.end() : fall.end() + 60])
        if side:
            return side
    for verb in _CAPTURE.finditer(text, lower):
        before, after = text[: verb.start()], text[verb.end() :]
        if _PASSIVE_BEFORE.search(before):
            by = _AGENT_AFTER.match(after)
            side = _first_side(after[by.end() : by.end() + 60]) if by else None
            if side:
                return side
            continue
        clause_start = 0
        for brk in _CLAUSE_BREAK.finditer(before):
            clause_start = brk.end()
        side = _first_side(before[clause_start:])
        if side is None:
            sentence = before[before.rfind(". ") + 1 :]
            found = _sides(sentence)
            side = found[-1][1] if found else None
        if side is None:
            loser = _FROM.match(after)
            side = _opposite(_first_side(after[loser.end() : loser.end() + 60])) if loser else None
        if side:
            return side
    return None
