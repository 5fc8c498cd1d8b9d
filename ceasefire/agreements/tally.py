"""Violation counts by zone, party, rule, confidence, day, ISO week or month."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Callable, Iterable, Optional

from ..models import Violation

UNKNOWN_PARTY = "(unattributed)"


def week_start(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


KEYS: dict[str, Callable[[Violation], str]] = {
    "party": lambda v: v.violator or UNKNOWN_PARTY,
    "zone": lambda v: v.zone,
    "rule": lambda v: v.rule,
    "confidence": lambda v: v.confidence,
    "day": lambda v: v.event_date.isoformat(),
    "week": lambda v: week_start(v.event_date).isoformat(),
    "month": lambda v: v.event_date.strftime("%Y-%m"),
}
TIME_KEYS = ("day", "week", "month")


def tally(violations: Iterable[Violation], by: str) -> list[tuple[str, int]]:
    """(key, count) pairs: chronological for day/week/month, most frequent first otherwise."""
    if by not in KEYS:
        raise ValueError(f"cannot tally by {by!r}; choose one of {', '.join(KEYS)}")
    counts = Counter(KEYS[by](v) for v in violations)
    if by in TIME_KEYS:
        return sorted(counts.items())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def weekly_by_party(
    violations: Iterable[Violation], since: Optional[date] = None, until: Optional[date] = None
) -> tuple[list[date], dict[str, list[int]]]:
    """Every ISO week from ``since`` to ``until`` (default: the span of the violations) and each party's count per week."""
    violations = list(violations)
    if not violations and (since is None or until is None):
        return [], {}
    first = week_start(since or min(v.event_date for v in violations))
    last = week_start(until or max(v.event_date for v in violations))
    weeks = []
    current = first
    while current <= last:
        weeks.append(current)
        current += timedelta(days=7)
    position = {w: i for i, w in enumerate(weeks)}
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for v in violations:
        i = position.get(week_start(v.event_date))
        if i is not None:
            series[v.violator or UNKNOWN_PARTY][i] += 1
    return weeks, dict(sorted(series.items(), key=lambda kv: -sum(kv[1])))
