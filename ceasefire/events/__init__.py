"""The events stage: per-document events, cross-document clustering, fatality figures, imports and exports.

    assemble_events(document, mentions, claims, toponyms)  -> per-document events   (assemble.py)
    cluster_events(events)                                  -> clusters of reports   (cluster.py)
    reconcile(claims, index)                                -> low / best / high     (figures.py)
    build_ledger(store, settings)                           -> rebuild text events   (ledger.py)
    import_ucdp / import_acled(store, path)                 -> imported events       (importers.py)
    export_events(events, fmt, out)                         -> table, JSONL, CSV ... (exporters.py)

The names are imported on first use: building the ledger needs neither the importers nor the exporters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import export_lazily

if TYPE_CHECKING:
    from .assemble import assemble_events
    from .cluster import cluster_events
    from .exporters import FORMATS, export_events
    from .figures import reconcile
    from .importers import ImportReport, import_acled, import_ucdp
    from .ledger import build_ledger, merge_cluster

# exported name -> the module that defines it (no name is also a submodule's)
_EXPORTS = {
    "FORMATS": ".exporters",
    "ImportReport": ".importers",
    "assemble_events": ".assemble",
    "build_ledger": ".ledger",
    "cluster_events": ".cluster",
    "export_events": ".exporters",
    "import_acled": ".importers",
    "import_ucdp": ".importers",
    "merge_cluster": ".ledger",
    "reconcile": ".figures",
}

__all__ = sorted(_EXPORTS)
export_lazily(__name__, _EXPORTS)
