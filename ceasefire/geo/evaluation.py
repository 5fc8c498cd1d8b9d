"""Geoparsing evaluation as in Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation".

Recognition: precision, recall and F1 over exact character spans. Resolution, over
the toponyms found with the right span and gold coordinates: accuracy within
161 km (100 miles), mean and median error, and the AUC of the error curve (the
mean of ln(1 + error km) / ln(20039), the largest error on Earth; 0 is perfect).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass
from typing import Sequence

from ..models import Toponym
from .corpus import GoldArticle
from .resolve import haversine_km

MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0


@dataclass(frozen=True)
class GeoparseScores:
    articles: int
    gold_toponyms: int
    predicted_toponyms: int
    matched: int
    precision: float
    recall: float
    f1: float
    resolved: int
    accuracy_161km: float
    mean_error_km: float
    median_error_km: float
    auc: float
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        return (f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} | acc@161km {self.accuracy_161km:.3f} "
                f"median {self.median_error_km:.1f} km mean {self.mean_error_km:.1f} km AUC {self.auc:.3f} "
                f"({self.resolved} resolved of {self.gold_toponyms} gold, {self.articles} articles)")


def score(gold: Sequence[GoldArticle], predicted: Sequence[Sequence[Toponym]], seconds: float = 0.0) -> GeoparseScores:
    errors: list[float] = []
    n_gold = n_pred = n_match = 0
    for article, toponyms in zip(gold, predicted):
        gold_by_span = {(t.start, t.end): t for t in article.toponyms}
        n_gold += len(gold_by_span)
        n_pred += len({(t.start, t.end) for t in toponyms})
        seen = set()
        for top in toponyms:
            key = (top.start, top.end)
            g = gold_by_span.get(key)
            if g is None or key in seen:
                continue
            seen.add(key)
            n_match += 1
            if g.resolved:
                if top.place is None:
                    errors.append(MAX_ERROR_KM)
                else:
                    errors.append(float(haversine_km(g.latitude, g.longitude, top.place.latitude, top.place.longitude)))
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    auc = (sum(math.log1p(e) for e in errors) / len(errors) / math.log1p(MAX_ERROR_KM)) if errors else 0.0
    return GeoparseScores(
        articles=len(gold), gold_toponyms=n_gold, predicted_toponyms=n_pred, matched=n_match,
        precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4), resolved=len(errors),
        accuracy_161km=round(sum(e <= ACCURACY_KM for e in errors) / len(errors), 4) if errors else 0.0,
        mean_error_km=round(statistics.fmean(errors), 1) if errors else 0.0,
        median_error_km=round(statistics.median(errors), 1) if errors else 0.0,
        auc=round(auc, 4), seconds=round(seconds, 2),
    )
