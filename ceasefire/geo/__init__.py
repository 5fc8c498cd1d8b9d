"""The geo stage: an offline gazetteer, toponym recognition and resolution, event locations.

    gazetteer = Gazetteer.load(settings)          # bundled + imported places, cached per process
    toponyms = geoparse(doc, document_id, gazetteer)
    place = event_location(mention, toponyms, doc)

The names below are imported on first use: the ledger needs only ``event_location``, and importing the
gazetteer builder, the GeoNames importer and the geoparser with it cost it about 0.1 CPU-s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import export_lazily

if TYPE_CHECKING:
    from .build import build_gazetteer
    from .gazetteer import Gazetteer
    from .geonames import import_geonames
    from .geoparse import geoparse, resolve_spans
    from .location import event_location, ucdp_where_prec
    from .resolve import resolve

# exported name -> the module that defines it
_EXPORTS = {
    "Gazetteer": ".gazetteer",
    "build_gazetteer": ".build",
    "import_geonames": ".geonames",
    "geoparse": ".geoparse",
    "resolve_spans": ".geoparse",
    "resolve": ".resolve",
    "event_location": ".location",
    "ucdp_where_prec": ".location",
}

__all__ = list(_EXPORTS)
export_lazily(__name__, _EXPORTS)
