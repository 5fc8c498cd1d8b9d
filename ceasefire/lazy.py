"""Names a package exports but imports on first use, so that importing the package stays light.

    export_lazily(__name__, {"geoparse": ".geoparse", "Gazetteer": ".gazetteer"})

``ceasefire`` itself keeps spaCy and trafilatura out of ``import ceasefire``; ``ceasefire.geo`` and
``ceasefire.events`` keep the ledger from importing the geoparser (and spaCy), the importers and the exporters.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any, Mapping


class _LazyPackage(types.ModuleType):
    _lazy_exports: Mapping[str, str]

    def __getattr__(self, name: str) -> Any:
        where = self.__dict__.get("_lazy_exports", {}).get(name)
        if where is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where, self.__name__), name)
        super().__setattr__(name, value)  # looked up once
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule that shares an exported name (geo/geoparse.py defines ``geoparse``) binds the
        # submodule on the package; the package's name stays the function, as when it was imported eagerly.
        if isinstance(value, types.ModuleType) and self._lazy_exports.get(name) in (f".{name}", f"{self.__name__}.{name}"):
            return
        super().__setattr__(name, value)


def export_lazily(package: str, exports: Mapping[str, str]) -> None:
    """Make each name of ``exports`` (name -> the module defining it, relative to ``package`` when it starts with
    a dot) an attribute of ``package`` imported when first read."""
    module = sys.modules[package]
    module.__class__ = _LazyPackage
    module._lazy_exports = dict(exports)
