"""The events stage: per-document events, cross-document clustering, fatality figures, imports and exports.

    assemble_events(document, mentions, claims, toponyms)  -> per-document events   (assemble.py)
    cluster_events(events)                                  -> clusters of reports   (cluster.py)
    reconcile(claims, index)                                -> low / best / high     (figures.py)
    build_ledger(store, settings)                           -> rebuild text events   (ledger.py)
    import_ucdp / import_acled(store, path)                 -> imported events       (importers.py)
    export_events(events, fmt, out)                         -> table, JSONL, CSV ... (exporters.py)
"""

from __future__ import annotations

from .assemble import assemble_events
from .cluster import cluster_events
from .exporters import FORMATS, export_events
from .figures import reconcile
from .importers import ImportReport, import_acled, import_ucdp
from .ledger import build_ledger, merge_cluster

__all__ = [
    "FORMATS",
    "ImportReport",
    "assemble_events",
    "build_ledger",
    "cluster_events",
    "export_events",
    "import_acled",
    "import_ucdp",
    "merge_cluster",
    "reconcile",
]
