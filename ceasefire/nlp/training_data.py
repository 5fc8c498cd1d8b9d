"""Where the event classifier learns from: hand-written examples, the CASE 2021 dev set, weak labels.

* ``ceasefire/nlp/data/examples.tsv``: sentences we wrote, several per label,
  including look-alikes (shelling vs air strike, clash vs attack on civilians).
* ``eval/case2021_task2/dev.tsv`` under the shared folder (optional: the
  no-dev model leaves it out, cross-validation holds folds of it out).
* UCDP GED source headlines whose wording names exactly one weapon or form of
  violence (an "airstrike" headline is an air strike), as weak labels; off by
  default (``train.WEAK_LABELS_PER_LABEL``) because they lowered CV scores.

Everything is read at build time from the repository and the shared folder.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ModelError
from ..settings import Settings
from .case2021 import read_snippets
from .taxonomy import CASE_CODES

DEV_PATH = Path("eval") / "case2021_task2" / "dev.tsv"
UCDP_PATH = Path("data") / "ucdp" / "ged_syria_2016_2019.csv.gz"


@dataclass(frozen=True)
class Example:
    text: str
    code: str
    source: str  # hand | dev | ucdp
    key: str = ""  # the dev id for dev examples, so folds can hold them out


def hand_examples() -> list[Example]:
    """The curated examples shipped with the package."""
    text = resources.files("ceasefire.nlp").joinpath("data/examples.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    out = []
    for line, row in enumerate(rows, start=2):
        if row["label"] not in CASE_CODES:
            raise ModelError(f"ceasefire/nlp/data/examples.tsv, line {line}: unknown label {row['label']!r}")
        out.append(Example(row["text"], row["label"], "hand", f"hand:{line}"))
    return out


def dev_path(settings: Settings) -> Path:
    return Path(settings.shared_dir) / DEV_PATH


def dev_examples(settings: Settings) -> list[Example]:
    """The CASE 2021 dev snippets, or none when the shared folder lacks them."""
    path = dev_path(settings)
    if not path.is_file():
        return []
    return [Example(s.text, s.label or "", "dev", s.id) for s in read_snippets(path, require_labels=True)]


# Headline cues, each naming one sub-event type; a headline is kept only when it
# matches exactly one of them (UCDP headlines often summarise several events).
_UCDP_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, re.IGNORECASE))
    for code, pattern in (
        ("AIR_STRIKE", r"\b(air ?strikes?|air ?raids?|warplanes?|jets|helicopters?|drones?|barrel bombs?|aircraft)\b"),
        ("ART_MISS_ATTACK", r"\b(shell(s|ing|ed)?|mortars?|rockets?|artillery|missiles?|bombardment|shelled)\b"),
        ("SUIC_BOMB", r"\bsuicid(e|al)\b"),
        ("REM_EXPLOS", r"\b(IEDs?|explosive device|land ?mines?|mines? explo|car bomb|booby|explosion|explodes?|exploded|bomb-laden)\b"),
        ("CHEM_WEAP", r"\b(chlorine|chemical|toxic gas|sarin)\b"),
        ("ABDUCT_DISSAP", r"\b(kidnap\w*|abduct\w*)\b"),
        ("ATTACK", r"\b(assassinat\w*|execut\w*|slaughter\w*|gunmen (shot|kill))\b"),
        ("ARMED_CLASH", r"\b(clash(es)?|fighting|battles?|gunfights?|ambush\w*)\b"),
    )
)
_UCDP_SKIP = re.compile(r"daily report|^\W*[A-Z]?\d+\W*$|\(S\d|\bR\d{3,}", re.IGNORECASE)


def ucdp_examples(settings: Settings, per_label: int = 40) -> list[Example]:
    """Weakly labelled UCDP GED headlines, at most ``per_label`` per label, in file order (deterministic)."""
    path = Path(settings.shared_dir) / UCDP_PATH
    if not path.is_file():
        return []
    seen: set[str] = set()
    counts: dict[str, int] = {}
    out = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            headline = (row.get("source_headline") or "").strip()
            if len(headline) < 40 or headline in seen or _UCDP_SKIP.search(headline) or ";" in headline:
                continue
            seen.add(headline)
            matched = [code for code, cue in _UCDP_CUES if cue.search(headline)]
            if len(matched) != 1 or counts.get(matched[0], 0) >= per_label:
                continue
            counts[matched[0]] = counts.get(matched[0], 0) + 1
            out.append(Example(headline, matched[0], "ucdp", f"ucdp:{row.get('id', '')}"))
    return out
