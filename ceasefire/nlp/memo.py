"""A bounded memo: a dict that forgets everything once it holds ``limit`` entries.

The extraction remembers per word, per name or per token key what it worked out (pattern bits, n-gram columns,
word pieces, gazetteer candidates...): news repeats its words, so the memos stay small, but a worker runs for
days and the peak RSS target leaves little room, so each is bounded. Lookups are the dict's own ``get`` (the hot
path costs what a plain dict costs); ``put`` is called on a miss only.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V]):
    """``memo.get(key)``, then ``memo.put(key, value)`` on a miss: cleared when full (hits stay cheap, memory bounded)."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        """Remember ``value`` for ``key`` (forgetting everything first when full) and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
