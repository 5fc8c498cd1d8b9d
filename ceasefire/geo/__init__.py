"""The geo stage: an offline gazetteer, toponym recognition and resolution, event locations.

    gazetteer = Gazetteer.load(settings)          # bundled + imported places, cached per process
    toponyms = geoparse(doc, document_id, gazetteer)
    place = event_location(mention, toponyms, doc)

The names below are imported on first use: the ledger needs only ``event_location``, and importing the
gazetteer builder, the GeoNames importer and the geoparser with it cost it about 0.1 CPU-s.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import build_gazetteer
    from .gazetteer import Gazetteer
    from .geonames import import_geonames
    from .geoparse import geoparse, resolve_spans
    from .location import event_location, ucdp_where_prec
    from .resolve import resolve

# exported name -> the module that defines it
_EXPORTS = {
    "Gazetteer": "gazetteer",
    "build_gazetteer": "build",
    "import_geonames": "geonames",
    "geoparse": "geoparse",
    "resolve_spans": "geoparse",
    "resolve": "resolve",
    "event_location": "location",
    "ucdp_where_prec": "location",
}

__all__ = list(_EXPORTS)


class _GeoPackage(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        where = _EXPORTS.get(name)
        if where is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{self.__name__}.{where}"), name)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing the submodule geoparse.py (or resolve.py) binds it on the package; the package's
        # ``geoparse`` (``resolve``) stays the function, as when these names were imported eagerly.
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _GeoPackage
