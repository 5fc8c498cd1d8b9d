"""Derived artifacts, built from the shared data into the cache folder by ``make`` / ``ceasefire build-assets``.

Each builder is ``build(settings, force=False) -> Path`` and skips work when
its artifact is newer than its inputs. Nothing here downloads anything.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from .settings import Settings

# (what, "module:function"), in build order.
BUILDERS: tuple[tuple[str, str], ...] = (
    ("gazetteer", "ceasefire.geo.build:build_gazetteer"),
    ("MiniLM static embeddings", "ceasefire.nlp.embeddings:build_static_embeddings"),
    ("event classifier", "ceasefire.nlp.train:train_classifier"),
    ("MUC-4 argument model", "ceasefire.nlp.muc4:build_model"),
)


def builders() -> list[tuple[str, Callable[..., Path]]]:
    out = []
    for what, target in BUILDERS:
        module, func = target.split(":")
        out.append((what, getattr(importlib.import_module(module), func)))
    return out


def build_assets(settings: Settings, force: bool = False) -> list[tuple[str, Path]]:
    """Build every derived artifact that is missing or stale; returns (what, path) pairs."""
    return [(what, build(settings, force=force)) for what, build in builders()]
