"""The gazetteer, loaded into memory for fast candidate lookup.

Places live in column arrays (``Place`` objects are made on demand); names
live in two sorted key indexes searched by bisection: exact/article-free
keys and consonant skeletons. The bundled gazetteer (about a quarter of a
million places) is read from a memory-mapped snapshot (``snapshot.py``):
loading takes milliseconds, and worker processes share its pages instead of
each holding a copy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection, Optional, Sequence

import numpy as np
from rapidfuzz import fuzz

from ..errors import GazetteerError
from ..models import Place
from ..nlp.memo import BoundedMemo
from ..settings import Settings
from . import snapshot
from .names import name_keys, vowel_folded
from .snapshot import KeyIndex, StringColumn

BUNDLED_NAME = "gazetteer.duckdb"
USER_NAME = "user.duckdb"

# Ranks from tables.NAME_KINDS; +4 when only the article-free key matched.
RANK_NAME, RANK_ALTERNATE, RANK_DEMONYM, RANK_ABBREVIATION = 0, 1, 2, 3
RANK_SKELETON = 8

_PLACE_COLUMNS = ("id", "name", "latitude", "longitude", "feature_class", "feature_code", "country_code", "admin1", "admin2",
                  "admin1_code", "admin2_code", "population", "source")


def gazetteer_dir(settings: Settings) -> Path:
    return Path(settings.cache_dir) / "gazetteer"


def bundled_path(settings: Settings) -> Path:
    return gazetteer_dir(settings) / BUNDLED_NAME


def user_path(settings: Settings) -> Path:
    """Where ``ceasefire gazetteer import`` writes: beside the bundled gazetteer, merged over it at load."""
    return gazetteer_dir(settings) / USER_NAME


def _unmask(values: np.ndarray) -> np.ndarray:
    """A DuckDB column as a plain array, NULL as None (masked arrays fill object columns with '?')."""
    if not np.ma.isMaskedArray(values):
        return np.asarray(values)
    if not values.mask.any():
        return np.asarray(values.data)
    out = values.data.astype(object)
    out[values.mask] = None
    return out


@dataclass(frozen=True)
class Candidate:
    """A place that a name may refer to: ``rank`` says how the name matched, ``similarity`` how closely (0..1)."""

    idx: int
    rank: int
    similarity: float


class Gazetteer:
    """Places and their names; see ``lookup`` and ``candidates``."""

    _cache: dict[tuple, "Gazetteer"] = {}
    _lock = threading.Lock()

    def __init__(self, columns: dict[str, Any], keys: KeyIndex, key_places: np.ndarray, key_ranks: np.ndarray,
                 skeletons: KeyIndex, skeleton_places: np.ndarray, sources: Sequence[Path],
                 codes: Optional[dict[str, tuple[np.ndarray, list[Optional[str]]]]] = None,
                 stored: Optional[dict[str, np.ndarray]] = None) -> None:
        # ``columns``: "id" and "name" are ``StringColumn``s, the others numpy arrays (object arrays of str/None).
        # ``codes``: the categorical columns as (codes, distinct values) where the reader has them (``categories``).
        # ``stored``: tables derived from the gazetteer when its snapshot was written (``snapshot.write``).
        self.columns = columns
        self._codes = dict(codes or {})
        self.stored = dict(stored or {})
        self.latitude = np.asarray(columns["latitude"], dtype=np.float64)
        self.longitude = np.asarray(columns["longitude"], dtype=np.float64)
        self.population = np.asarray(columns["population"], dtype=np.int64)
        self.country_code = columns["country_code"]
        self.feature_code = columns["feature_code"]
        self.feature_class = columns["feature_class"]
        self.admin1_code = columns["admin1_code"]
        self._keys = keys
        # Plain views of the memory-mapped arrays: slicing a numpy memmap costs microseconds, a view's a fraction.
        self._key_places = np.asarray(key_places)
        self._key_ranks = np.asarray(key_ranks)
        self._skeletons = skeletons
        self._skeleton_places = np.asarray(skeleton_places)
        self.sources = tuple(sources)
        self._places: dict[int, Place] = {}
        # candidate lookups, and what resolvers remember with them: news repeats a few thousand names; bounded all the same
        self._memo: BoundedMemo[tuple, Any] = BoundedMemo(100_001)
        self._admin1: Optional[dict[tuple[str, str], int]] = None
        # Arrays that resolvers derive from the columns once per gazetteer (``resolve._place_arrays``).
        self.derived: dict[Any, Any] = {}

    # ------------------------------------------------------------ loading
    @classmethod
    def load(cls, settings: Settings) -> "Gazetteer":
        """The bundled gazetteer plus the user's imports, loaded once per process (reloaded when a file changes)."""
        paths = [bundled_path(settings)]
        if not paths[0].is_file():
            raise GazetteerError(f"gazetteer not found at {paths[0]}: run `ceasefire build-assets` (or `ceasefire gazetteer build`)")
        if user_path(settings).is_file():
            paths.append(user_path(settings))
        return cls.open(*paths)

    @classmethod
    def open(cls, *paths: Path) -> "Gazetteer":
        """Load gazetteer files (later files' places are added after earlier ones'), cached per process."""
        paths = tuple(Path(p) for p in paths)
        for path in paths:
            if not path.is_file():
                raise GazetteerError(f"gazetteer not found at {path}: run `ceasefire build-assets`")
        token = tuple((str(p), p.stat().st_mtime_ns) for p in paths)
        with cls._lock:
            if token not in cls._cache:
                gazetteer = cls._read_snapshot(paths[0]) if len(paths) == 1 else cls._read(paths)
                cls._cache = {token: gazetteer}
            return cls._cache[token]

    # Reading the string columns back from DuckDB takes seconds and holds them as Python strings in every
    # process; the snapshot (``snapshot.py``) is flat arrays that each process memory-maps. Only ever read
    # from our own cache folder.
    @staticmethod
    def snapshot_path(path: Path) -> Path:
        return path.with_name(path.name + ".snapshot")

    @classmethod
    def _read_snapshot(cls, path: Path) -> "Gazetteer":
        folder = cls.snapshot_path(path)
        state = snapshot.read(folder, path)
        if state is not None:
            return cls._from_snapshot(state, path)
        gaz = cls._read((path,))
        from .parts import unit_tables  # parts builds on this module

        try:
            snapshot.write(folder, path, gaz.columns, gaz._keys, gaz._key_places, gaz._key_ranks, gaz._skeletons, gaz._skeleton_places,
                           stored=unit_tables(gaz))
            path.with_name(path.name + ".snapshot.pickle").unlink(missing_ok=True)  # the previous snapshot format
        except OSError:
            return gaz  # a read-only cache still works, only slower and larger
        state = snapshot.read(folder, path)
        return cls._from_snapshot(state, path) if state is not None else gaz

    @classmethod
    def _from_snapshot(cls, state: snapshot.Snapshot, path: Path) -> "Gazetteer":
        return cls(state.columns, state.keys, state.key_places, state.key_ranks, state.skeletons, state.skeleton_places,
                   sources=(path,), codes=state.codes, stored=state.stored)

    @classmethod
    def _read(cls, paths: tuple[Path, ...]) -> "Gazetteer":
        import duckdb  # here, not with the module: a loaded snapshot needs no database (a worker saves the import)

        try:
            con = duckdb.connect(":memory:")
            try:
                for n, path in enumerate(paths):
                    con.execute(f"ATTACH '{path}' AS g{n} (READ_ONLY)")
                offsets = [0]
                for n in range(len(paths)):
                    offsets.append(offsets[-1] + con.execute(f"SELECT count(*) FROM g{n}.places").fetchone()[0])
                cols = ", ".join(_PLACE_COLUMNS)
                places = " UNION ALL ".join(f"SELECT idx + {offsets[n]} AS idx, {cols} FROM g{n}.places" for n in range(len(paths)))
                columns = con.execute(f"SELECT {cols} FROM ({places}) ORDER BY idx").fetchnumpy()
                key_sql = " UNION ALL ".join(f"SELECT key, place_idx + {offsets[n]} AS place_idx, rank FROM g{n}.name_index" for n in range(len(paths)))
                skel_sql = " UNION ALL ".join(f"SELECT skeleton, place_idx + {offsets[n]} AS place_idx FROM g{n}.skeleton_index" for n in range(len(paths)))
                if len(paths) > 1:
                    key_sql += " ORDER BY key"
                    skel_sql += " ORDER BY skeleton"
                keys = con.execute(key_sql).fetchnumpy()
                skeletons = con.execute(skel_sql).fetchnumpy()
            finally:
                con.close()
        except duckdb.Error as exc:
            raise GazetteerError(f"{', '.join(map(str, paths))}: not a readable gazetteer ({exc}); rebuild it with `ceasefire gazetteer build --force`") from exc
        columns = {k: _unmask(v) for k, v in columns.items()}
        columns["population"] = np.asarray([p or 0 for p in columns["population"]] if columns["population"].dtype == object
                                           else columns["population"], dtype=np.int64)
        codes = {}
        for name in snapshot.CATEGORICAL:
            codes[name] = snapshot.categorical(np.asarray(columns[name], dtype=object))
            columns[name] = snapshot.expand(*codes[name])
        for name in snapshot.STRINGS:
            columns[name] = StringColumn.from_strings(np.asarray(columns[name], dtype=object).tolist())
        return cls(columns, KeyIndex.from_sorted(keys["key"].tolist()), np.asarray(keys["place_idx"], dtype=np.int32),
                   np.asarray(keys["rank"], dtype=np.int8), KeyIndex.from_sorted(skeletons["skeleton"].tolist()),
                   np.asarray(skeletons["place_idx"], dtype=np.int32), paths, codes=codes)

    def __len__(self) -> int:
        return len(self.latitude)

    # ------------------------------------------------------------- places
    def place(self, idx: int) -> Place:
        """The ``Place`` at row ``idx`` (alternate names are not filled in: see ``alternate_names``)."""
        place = self._places.get(idx)
        if place is None:
            c = self.columns
            place = Place(
                id=str(c["id"][idx]), name=str(c["name"][idx]), latitude=float(self.latitude[idx]), longitude=float(self.longitude[idx]),
                feature_class=c["feature_class"][idx], feature_code=c["feature_code"][idx], country_code=c["country_code"][idx],
                admin1=c["admin1"][idx], admin2=c["admin2"][idx], admin1_code=c["admin1_code"][idx], admin2_code=c["admin2_code"][idx],
                population=int(self.population[idx]), source=c["source"][idx],
            )
            self._places[idx] = place
        return place

    def alternate_names(self, place: Place) -> tuple[str, ...]:
        """Every name the gazetteer files hold for ``place`` (a query, not for inner loops)."""
        import duckdb

        out: list[str] = []
        for path in self.sources:
            con = duckdb.connect(str(path), read_only=True)
            try:
                out += [r[0] for r in con.execute(
                    "SELECT n.name FROM names n JOIN places p ON p.idx = n.place_idx WHERE p.id = ? AND n.name <> p.name", [place.id]).fetchall()]
            finally:
                con.close()
        return tuple(dict.fromkeys(out))

    def categories(self, name: str) -> tuple[np.ndarray, list[Optional[str]]]:
        """A categorical column (``snapshot.CATEGORICAL``) as (codes, distinct values): ``distinct[codes[i]]`` is row i's value.

        Per-place tables that depend on one such column are computed once per distinct value and indexed by the
        codes (``resolve._place_arrays``), instead of a Python pass over a quarter of a million rows.
        """
        found = self._codes.get(name)
        if found is None:
            found = self._codes[name] = snapshot.categorical(np.asarray(self.columns[name], dtype=object))
        return found

    def is_country(self, idx: int) -> bool:
        return str(self.feature_code[idx] or "").startswith("PCL")

    def is_admin1(self, idx: int) -> bool:
        return self.feature_code[idx] == "ADM1"

    def admin1_of(self, idx: int) -> Optional[int]:
        """Row of the first-order admin unit that contains place ``idx``, where known."""
        if self._admin1 is None:
            table: dict[tuple[str, str], int] = {}
            for i in np.flatnonzero(self.feature_code == "ADM1"):
                table.setdefault((self.country_code[i], self.admin1_code[i]), int(i))
            self._admin1 = table
        return self._admin1.get((self.country_code[idx], self.admin1_code[idx]))

    def country_place(self, country_code: str) -> Optional[int]:
        for cand in self.candidates(country_code, fuzzy=False):
            if self.is_country(cand.idx) and self.country_code[cand.idx] == country_code:
                return cand.idx
        return None

    # ------------------------------------------------------------ lookups
    def _exact(self, key: str) -> list[tuple[int, int]]:
        lo, hi = self._keys.range(key)
        return list(zip(self._key_places[lo:hi].tolist(), self._key_ranks[lo:hi].tolist()))

    def _skeleton(self, skeleton: str) -> list[int]:
        lo, hi = self._skeletons.range(skeleton)
        return self._skeleton_places[lo:hi].tolist()

    def memo_get(self, key: tuple) -> Any:
        """A value that a resolver remembered for ``key`` (None if none): kept with the candidate lookups, and
        cleared with them."""
        return self._memo.get(key)

    def memo_put(self, key: tuple, value: Any) -> Any:
        return self._memo.put(key, value)

    def candidates(self, name: str, fuzzy: bool = True, min_similarity: float = 0.75, limit: int = 60,
                   variants_in: Collection[str] = ()) -> list[Candidate]:
        """Places the name may refer to: exact and article-free matches, else skeleton matches scored with rapidfuzz.

        ``variants_in`` (ISO alpha-2 codes): spelling variants (skeleton matches of at least ``min_similarity``)
        in these countries are added even when the name matches exactly elsewhere: "Al-Shafa" is exactly
        Ash Shafā, Saudi Arabia, and a spelling of Ash Shafah, Syria, which a report on Syria means. Their
        similarity also reads vowels loosely (``vowel_folded``): "Benech" is a spelling of Binnish.
        """
        variants = tuple(sorted(variants_in))
        memo_key = (name, fuzzy, min_similarity, limit, variants)
        found = self.memo_get(memo_key)
        if found is None:
            found = self.memo_put(memo_key, self._candidates(name, fuzzy, min_similarity, limit, variants))
        return list(found)

    def _exact_matches(self, name: str) -> tuple[tuple[str, str, str], tuple[Candidate, ...]]:
        """(name keys, its exact and article-free matches ranked), remembered per name.

        Callers ask for one name with several limits and options (recognition, the first pass, the second): the
        keys and the two bisections of the key index are the same for all of them.
        """
        memo_key = ("exact", name)
        entry = self.memo_get(memo_key)
        if entry is None:
            keys = name_keys(name)
            found: dict[int, Candidate] = {}
            if keys[0]:
                for k, extra in ((keys[0], 0), (keys[1], 4)):
                    for idx, rank in self._exact(k):
                        rank = rank + extra if extra and rank < 4 else rank
                        old = found.get(idx)
                        if old is None or rank < old.rank:
                            found[idx] = Candidate(idx, rank, 1.0)
            entry = self.memo_put(memo_key, (keys, self._ranked(found, len(found))))
        return entry

    def _candidates(self, name: str, fuzzy: bool, min_similarity: float, limit: int, variants_in: tuple[str, ...]) -> tuple[Candidate, ...]:
        (key, bare, skeleton), ranked = self._exact_matches(name)
        if not key:
            return ()
        # A one-letter skeleton ("Sussah": s) is too common to search on its own: only for ``variants_in`` countries.
        if (len(skeleton) >= 2 or (variants_in and len(bare) >= 5)) and ((not ranked and fuzzy) or (ranked and variants_in)):
            abroad = bool(ranked)  # exact matches exist, none needed here: only the variants in ``variants_in``
            if abroad and any(self.country_code[c.idx] in variants_in for c in ranked):
                return ranked[:limit]
            # In ranked order: ``_ranked`` below sorts them the same way again (stably), and skeleton matches rank after.
            found = {c.idx: c for c in ranked}
            c_name = self.columns["name"]
            folded = vowel_folded(bare)
            # Short skeletons ("sd") are shared by hundreds of places: scan enough to reach the close spellings,
            # and every place of ``variants_in`` beyond that ("Sussah" ~ As Susah sits past a thousand "ss" abroad).
            shared = self._skeleton(skeleton)
            cap = max(limit * 5, 1000)
            if len(shared) > cap:
                shared = shared[:cap] + [i for i in shared[cap:] if self.country_code[i] in variants_in]
            for idx in shared:
                if idx in found or (abroad and self.country_code[idx] not in variants_in):
                    continue
                other = name_keys(c_name[idx])[1]
                # partial_ratio: "Baghouz" against "Baghuz Fawqani", whose short form matched the skeleton
                similarity = max(fuzz.ratio(bare, other), 0.95 * fuzz.partial_ratio(bare, other)) / 100.0
                if self.country_code[idx] in variants_in:
                    # Romanisations of one Arabic name differ mostly in their vowels: "Al-Rihan" is Ar Rayhan.
                    # The spelling itself breaks ties between equal folded forms ("Benech": Binnish before Bāniyās).
                    loose = (0.85 * fuzz.ratio(folded, vowel_folded(other)) + 0.15 * fuzz.ratio(bare, other)) / 100.0
                    similarity = max(similarity, loose)
                if similarity >= min_similarity or (len(skeleton) >= 4 and not abroad):
                    found[idx] = Candidate(idx, RANK_SKELETON, max(similarity, 0.5))
            return self._ranked(found, limit)
        return ranked[:limit]

    def _ranked(self, found: dict[int, Candidate], limit: int) -> tuple[Candidate, ...]:
        ranked = sorted(found.values(), key=lambda c: (c.rank, -c.similarity, -self.population[c.idx]))
        return tuple(ranked[:limit])

    def lookup(self, name: str, country_code: Optional[str] = None) -> list[Place]:
        """Places called ``name`` (spelling variants included), best first; ``country_code`` (ISO alpha-2) filters."""
        from .focus import Focus  # these build on this module
        from .resolve import clean_name, score_candidates

        cleaned, hints = clean_name(name)
        focus = Focus({country_code.upper(): 1.0}) if country_code else None
        return [self.place(idx) for _, idx in score_candidates(self, cleaned, hints, focus)
                if not country_code or self.country_code[idx] == country_code.upper()]
