"""Records to database columns in bulk: the values of the ``rows`` functions, column by column.

``write_extractions`` sends a batch's records to DuckDB as one Arrow table per table, which wants columns.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable, Optional, Sequence

from ..models import Toponym
from .rows import CLAIM_COLUMNS, MENTION_COLUMNS, TOPONYM_COLUMNS, place_to_json


def _values_getter(names: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A record's values of ``names``, in one C call (attrgetter of one name gives the bare value)."""
    get = attrgetter(*names)
    return get if len(names) > 1 else lambda record: (get(record),)


_MENTION_VALUES = _values_getter(MENTION_COLUMNS)  # "id" is Mention's property, as in mention_row
_CLAIM_VALUES = _values_getter(CLAIM_COLUMNS)
_TOPONYM_VALUES = _values_getter(TOPONYM_COLUMNS)

def _toponym_columns(toponyms: Sequence[Toponym]) -> list[Sequence[Any]]:
    columns = list(zip(*map(_TOPONYM_VALUES, toponyms)))
    # One JSON per place object: a worker's results share the gazetteer's Place for each name they repeat
    # (pickling keeps the sharing), so a place is encoded about once in three. Keyed by identity, so the
    # same object is all it ever reuses; the objects live as long as the loop, so no id is recycled.
    encoded: dict[int, Optional[str]] = {}
    position = TOPONYM_COLUMNS.index("place")
    columns[position] = [
        encoded[id(place)] if id(place) in encoded else encoded.setdefault(id(place), place_to_json(place))
        for place in columns[position]
    ]
    return columns


# Column by column, the values ``mention_row``, ``claim_row`` and ``toponym_row`` give row by row
# (``tests/store/test_columns.py`` holds them equal): the rows are built and transposed in C,
# which takes half the CPU of a Python getattr per field and a loop per column (0.09 against 0.19 s per corpus).
COLUMN_VALUES: dict[str, Callable[[Sequence[Any]], list[Sequence[Any]]]] = {
    "mentions": lambda mentions: list(zip(*map(_MENTION_VALUES, mentions))),
    "claims": lambda claims: list(zip(*map(_CLAIM_VALUES, claims))),
    "toponyms": _toponym_columns,
}


__all__ = ["COLUMN_VALUES"]
