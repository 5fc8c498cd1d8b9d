"""Where ceasefire finds shared data and keeps derived artifacts.

Source data (evaluation sets, UCDP, OCHA) stays in the shared folder and is
read from there; derived artifacts (gazetteer, trained classifier) are built
into a git-ignored cache folder by ``make`` / ``ceasefire build-assets``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = PACKAGE_DIR.parent

SHARED_ENV = "CEASEFIRE_SHARED"
CACHE_ENV = "CEASEFIRE_CACHE"


def default_shared_dir() -> Path:
    """``$CEASEFIRE_SHARED``, else ``../shared`` beside the working directory or the checkout."""
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV]).expanduser().resolve()
    for candidate in (Path.cwd().parent / "shared", _REPO_DIR.parent / "shared"):
        if candidate.is_dir():
            return candidate.resolve()
    return (_REPO_DIR.parent / "shared").resolve()


def default_cache_dir() -> Path:
    """``$CEASEFIRE_CACHE``, else ``.cache`` in the checkout, else ``~/.cache/ceasefire``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser().resolve()
    if (_REPO_DIR / "pyproject.toml").is_file():
        return _REPO_DIR / ".cache"
    return Path.home() / ".cache" / "ceasefire"
