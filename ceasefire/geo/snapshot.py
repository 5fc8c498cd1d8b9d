"""The gazetteer's load snapshot: flat arrays on disk, memory-mapped, shared by every process that reads them.

A quarter of a million places and 1.2 million name keys held as Python strings
cost each worker process about 250 MB. Here the strings live in one UTF-8
buffer per column with an offsets array (``StringColumn``), the name keys are
stored once each with the range of their (place, rank) rows (``KeyIndex``),
and the columns with a few thousand distinct values are small code arrays.
The files are opened with ``numpy.load(mmap_mode="r")``: the operating system
pages in what lookups touch and shares those pages between the processes.

The snapshot is a folder beside the DuckDB file, written once (atomically) by
the first process that needs it (``ceasefire build-assets`` writes it), and rewritten when the DuckDB file
changes. It also holds tables that resolvers would otherwise derive from the gazetteer at each start
(``stored``: the first-order units' simplified polygons and seats of ``parts.py``, 0.4 s to recompute).
"""

from __future__ import annotations

import bisect
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Sequence, Union

import numpy as np

# Bump when what ``write`` puts in the folder changes (the stored tables included): older snapshots are rewritten.
FORMAT = 4
# Columns whose distinct values are few: stored as codes, loaded as object arrays sharing one str per value.
CATEGORICAL = ("feature_class", "feature_code", "country_code", "admin1", "admin2", "admin1_code", "admin2_code", "source")
STRINGS = ("id", "name")
NUMBERS = {"latitude": np.float64, "longitude": np.float64, "population": np.int64}


class StringColumn:
    """A read-only sequence of ``str`` (or None) stored as one UTF-8 buffer plus offsets.

    Indexing by an int gives the ``str``; by an array of ints, an object array (as a numpy column would).
    """

    def __init__(self, buffer: np.ndarray, offsets: np.ndarray, missing: Optional[np.ndarray] = None) -> None:
        self.buffer = buffer
        self.offsets = offsets
        self.missing = missing if missing is not None and missing.any() else None
        # Lookups bisect over these: memoryviews index and slice in tens of nanoseconds, where a numpy
        # memmap's __getitem__ costs microseconds (the pages stay shared either way).
        self._bytes = memoryview(np.ascontiguousarray(buffer).view(np.ndarray)) if len(buffer) else memoryview(b"")
        self._offsets = memoryview(np.ascontiguousarray(offsets, dtype=np.int64).view(np.ndarray))

    @classmethod
    def from_strings(cls, values: Iterable[Optional[str]]) -> "StringColumn":
        encoded = [b"" if v is None else str(v).encode("utf-8") for v in values]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        missing = np.fromiter((v is None for v in values), dtype=bool, count=len(encoded)) if isinstance(values, Sequence) else None
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets, missing)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def raw(self, i: int) -> bytes:
        return bytes(self._bytes[self._offsets[i] : self._offsets[i + 1]])

    def _one(self, i: int) -> Optional[str]:
        if self.missing is not None and self.missing[i]:
            return None
        return self.raw(i).decode("utf-8")

    def __getitem__(self, index: Union[int, np.integer, slice, Sequence[int], np.ndarray]) -> Any:
        if isinstance(index, (int, np.integer)):
            i = int(index)
            if i < 0:
                i += len(self)
            if not 0 <= i < len(self):
                raise IndexError(index)
            return self._one(i)
        rows = range(len(self))[index] if isinstance(index, slice) else np.asarray(index).tolist()
        out = np.empty(len(rows), dtype=object)
        out[:] = [self._one(int(i)) for i in rows]
        return out

    def __iter__(self) -> Iterator[Optional[str]]:
        return (self._one(i) for i in range(len(self)))

    def tolist(self) -> list[Optional[str]]:
        return list(self)

    def save(self, folder: Path, name: str) -> None:
        np.save(folder / f"{name}.buffer.npy", self.buffer)
        np.save(folder / f"{name}.offsets.npy", self.offsets)
        if self.missing is not None:
            np.save(folder / f"{name}.missing.npy", self.missing)

    @classmethod
    def load(cls, folder: Path, name: str) -> "StringColumn":
        missing = folder / f"{name}.missing.npy"
        return cls(np.load(folder / f"{name}.buffer.npy", mmap_mode="r"), np.load(folder / f"{name}.offsets.npy", mmap_mode="r"),
                   np.load(missing, mmap_mode="r") if missing.is_file() else None)


class KeyIndex:
    """Sorted distinct keys, each with the rows ``values[start:end]`` of the (key, value...) pairs it had."""

    # Every SAMPLE-th key is held as ``bytes`` (about 20,000 for the bundled gazetteer, a megabyte) and searched by
    # the C bisection; the Python bisection then only narrows a block of SAMPLE keys.
    SAMPLE = 64

    def __init__(self, keys: StringColumn, starts: np.ndarray) -> None:
        self.keys = keys
        self.starts = starts
        self._starts = memoryview(np.ascontiguousarray(starts, dtype=np.int64).view(np.ndarray))
        self._sample: Optional[list[bytes]] = None

    @classmethod
    def from_sorted(cls, keys: Sequence[str]) -> "KeyIndex":
        """From the key column of pairs sorted by key (equal keys adjacent)."""
        distinct: list[str] = []
        starts: list[int] = []
        previous = None
        for row, key in enumerate(keys):
            if key != previous:
                distinct.append(key)
                starts.append(row)
                previous = key
        starts.append(len(keys))
        return cls(StringColumn.from_strings(distinct), np.asarray(starts, dtype=np.int64))

    def range(self, key: str) -> tuple[int, int]:
        """(start, end) of the pairs with this key; empty when it has none. UTF-8 byte order is code point order."""
        target = key.encode("utf-8")
        data, offsets = self.keys._bytes, self.keys._offsets
        n = len(self.keys)
        if self._sample is None:
            self._sample = [bytes(data[offsets[i] : offsets[i + 1]]) for i in range(0, n, self.SAMPLE)]
        # sample[b - 1] < target <= sample[b]: the first key >= target lies in (S * (b - 1), S * b]
        block = bisect.bisect_left(self._sample, target)
        lo, hi = max(0, self.SAMPLE * (block - 1) + 1), min(n, self.SAMPLE * block)
        while lo < hi:
            mid = (lo + hi) // 2
            if bytes(data[offsets[mid] : offsets[mid + 1]]) < target:
                lo = mid + 1
            else:
                hi = mid
        if lo < n and bytes(data[offsets[lo] : offsets[lo + 1]]) == target:
            return int(self._starts[lo]), int(self._starts[lo + 1])
        return 0, 0

    def save(self, folder: Path, name: str) -> None:
        self.keys.save(folder, name)
        np.save(folder / f"{name}.starts.npy", self.starts)

    @classmethod
    def load(cls, folder: Path, name: str) -> "KeyIndex":
        return cls(StringColumn.load(folder, name), np.load(folder / f"{name}.starts.npy", mmap_mode="r"))


def categorical(values: np.ndarray) -> tuple[np.ndarray, list[Optional[str]]]:
    """(codes, distinct values) of a column of str/None."""
    distinct: dict[Optional[str], int] = {}
    codes = np.fromiter((distinct.setdefault(v, len(distinct)) for v in values.tolist()), dtype=np.int32, count=len(values))
    return codes, list(distinct)


def expand(codes: np.ndarray, distinct: list[Optional[str]]) -> np.ndarray:
    """The object column of ``categorical``: one shared ``str`` per distinct value."""
    table = np.empty(len(distinct), dtype=object)
    table[:] = distinct
    return table[np.asarray(codes)]


def source_token(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_mtime_ns, stat.st_size]


class Snapshot(NamedTuple):
    """What ``read`` gives back: the gazetteer's arrays, the categorical columns' codes, and the stored tables."""

    columns: dict[str, Any]
    keys: KeyIndex
    key_places: np.ndarray
    key_ranks: np.ndarray
    skeletons: KeyIndex
    skeleton_places: np.ndarray
    codes: dict[str, tuple[np.ndarray, list[Optional[str]]]]  # CATEGORICAL column -> (codes, distinct values)
    stored: dict[str, np.ndarray]


def write(folder: Path, source: Path, columns: dict[str, Any], keys: KeyIndex, key_places: np.ndarray, key_ranks: np.ndarray,
          skeletons: KeyIndex, skeleton_places: np.ndarray, stored: Optional[dict[str, np.ndarray]] = None) -> None:
    """Write the snapshot of ``source`` into ``folder``, atomically (a reader sees the old one or the whole new one).

    ``stored``: named arrays derived from the gazetteer, read back as they were (``Gazetteer.stored``).
    """
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is readable like any other
        meta: dict[str, Any] = {"format": FORMAT, "source": source_token(source), "rows": len(columns["latitude"]), "categorical": {},
                                "stored": sorted(stored or {})}
        for name, array in (stored or {}).items():
            np.save(tmp / f"stored.{name}.npy", np.asarray(array))
        for name in CATEGORICAL:
            codes, distinct = categorical(np.asarray(columns[name], dtype=object))
            np.save(tmp / f"{name}.codes.npy", codes)
            meta["categorical"][name] = distinct
        for name in STRINGS:
            column = columns[name]
            (column if isinstance(column, StringColumn) else StringColumn.from_strings(list(column))).save(tmp, name)
        for name, dtype in NUMBERS.items():
            np.save(tmp / f"{name}.npy", np.asarray(columns[name], dtype=dtype))
        keys.save(tmp, "keys")
        skeletons.save(tmp, "skeletons")
        np.save(tmp / "key_places.npy", np.asarray(key_places, dtype=np.int32))
        np.save(tmp / "key_ranks.npy", np.asarray(key_ranks, dtype=np.int8))
        np.save(tmp / "skeleton_places.npy", np.asarray(skeleton_places, dtype=np.int32))
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        old = None
        if folder.exists():
            old = folder.with_name(f"{folder.name}.old.{os.getpid()}")
            os.replace(folder, old)
        try:
            os.replace(tmp, folder)
        except OSError:
            pass  # another process put its (identical) snapshot there first
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def read(folder: Path, source: Path) -> Optional[Snapshot]:
    """The snapshot of ``source``, or None when absent or stale."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("source") != source_token(source):
            return None
        columns: dict[str, Any] = {}
        for name in ("id", "name"):
            columns[name] = StringColumn.load(folder, name)
        for name in NUMBERS:
            columns[name] = np.load(folder / f"{name}.npy", mmap_mode="r")
        codes = {}
        for name, distinct in meta["categorical"].items():
            codes[name] = (np.load(folder / f"{name}.codes.npy", mmap_mode="r"), distinct)
            columns[name] = expand(*codes[name])
        stored = {name: np.load(folder / f"stored.{name}.npy", mmap_mode="r") for name in meta["stored"]}
        return Snapshot(columns, KeyIndex.load(folder, "keys"), np.load(folder / "key_places.npy", mmap_mode="r"),
                        np.load(folder / "key_ranks.npy", mmap_mode="r"), KeyIndex.load(folder, "skeletons"),
                        np.load(folder / "skeleton_places.npy", mmap_mode="r"), codes, stored)
    except (OSError, ValueError, KeyError, json.JSONDecodeError):
        return None
