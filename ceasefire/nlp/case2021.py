"""CASE 2021 task 2 files (``id``, ``EventSnippet``[, ``SubType``]) and their scores.

The file is tab-separated with CSV quoting (snippets that contain quotes are
wrapped in double quotes, inner quotes doubled), so it is read with ``csv``.
Scores follow the shared task: weighted F1 over the 25 ACLED labels and over
all 30 labels, with scikit-learn's definitions.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import EvaluationError
from .taxonomy import ACLED_CODES, CASE_CODES

ID_COLUMN = "id"
TEXT_COLUMN = "EventSnippet"
LABEL_COLUMN = "SubType"


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    label: str | None = None


def read_snippets(path: str | Path, require_labels: bool = False) -> list[Snippet]:
    """Read a CASE 2021 TSV; a missing file, missing column or unknown label raises ``EvaluationError``."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            columns = reader.fieldnames or []
            needed = [ID_COLUMN, TEXT_COLUMN] + ([LABEL_COLUMN] if require_labels else [])
            missing = [c for c in needed if c not in columns]
            if missing:
                raise EvaluationError(
                    f"{path}: missing column(s) {', '.join(missing)} in the header line "
                    f"(found: {', '.join(columns) or 'nothing'}); expected tab-separated {', '.join(needed)}"
                )
            snippets = []
            for line, row in enumerate(reader, start=2):
                label = (row.get(LABEL_COLUMN) or "").strip() or None
                if require_labels and label not in CASE_CODES:
                    raise EvaluationError(f"{path}, line {line}: unknown label {label!r}; expected one of {', '.join(CASE_CODES)}")
                snippets.append(Snippet(str(row[ID_COLUMN]).strip(), (row[TEXT_COLUMN] or "").strip(), label))
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"{path}: not a UTF-8 tab-separated file ({exc})") from exc
    return snippets


@dataclass(frozen=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Scores:
    weighted_f1_acled: float  # the 25 ACLED sub-event types
    weighted_f1_all: float  # all 30 labels
    accuracy: float
    per_label: tuple[LabelScore, ...]
    confusions: tuple[tuple[str, str, int], ...]  # (gold, predicted, count), most frequent first
    n: int


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Weighted F1 on the ACLED labels and on all labels, per-label P/R/F1 and confusion pairs."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    if len(gold) != len(predicted):
        raise EvaluationError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    present = sorted(set(gold))
    acled = [code for code in ACLED_CODES if code in present]
    kwargs = {"average": "weighted", "zero_division": 0}
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=present, zero_division=0)
    per_label = tuple(
        LabelScore(label, float(p), float(r), float(f), int(s)) for label, p, r, f, s in zip(present, precision, recall, f1, support)
    )
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return Scores(
        weighted_f1_acled=float(f1_score(gold, predicted, labels=acled, **kwargs)),
        weighted_f1_all=float(f1_score(gold, predicted, labels=present, **kwargs)),
        accuracy=sum(g == p for g, p in zip(gold, predicted)) / max(len(gold), 1),
        per_label=per_label,
        confusions=tuple((g, p, n) for (g, p), n in confusions.most_common()),
        n=len(gold),
    )
