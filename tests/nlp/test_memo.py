"""BoundedMemo: a dict whose lookups cost a dict's, cleared when it reaches its limit."""

from __future__ import annotations

import pickle

import pytest

from ceasefire.nlp.memo import BoundedMemo


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_memo_forgets_everything_when_full(limit):
    memo: BoundedMemo[int, str] = BoundedMemo(limit)
    for key in range(limit):
        assert memo.put(key, str(key)) == str(key)
    assert len(memo) == limit and memo.get(0) == "0"
    assert memo.put(limit, "new") == "new"
    assert dict(memo) == {limit: "new"}
    assert memo.get(0) is None


def test_memo_is_a_dict_that_pickles_with_its_limit():
    memo: BoundedMemo[str, int] = BoundedMemo(3)
    memo.put("a", 1)
    copy = pickle.loads(pickle.dumps(memo))
    assert isinstance(copy, dict) and copy == {"a": 1} and copy.limit == 3
