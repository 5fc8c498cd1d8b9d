"""The geo stage: an offline gazetteer, toponym recognition and resolution, event locations.

    gazetteer = Gazetteer.load(settings)          # bundled + imported places, cached per process
    toponyms = geoparse(doc, document_id, gazetteer)
    place = event_location(mention, toponyms, doc)
"""

from __future__ import annotations

# gazetteer.py
from .gazetteer import Gazetteer
# build.py / geonames.py
from .build import build_gazetteer
from .geonames import import_geonames
# geoparse.py / resolve.py
from .geoparse import geoparse, resolve_spans
from .resolve import resolve
# location.py
from .location import event_location, ucdp_where_prec

__all__ = [
    "Gazetteer",
    "build_gazetteer",
    "import_geonames",
    "geoparse",
    "resolve_spans",
    "resolve",
    "event_location",
    "ucdp_where_prec",
]
