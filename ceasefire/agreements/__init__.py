"""The agreements stage: agreement files, the violation engine, tallies and alert sinks."""

# loader.py
from .loader import bundled_agreements, check_agreement_file, load_agreement

# engine.py
from .engine import check_agreement, load_admin1_areas

# tally.py
from .tally import tally, weekly_by_party

__all__ = [
    "bundled_agreements",
    "check_agreement_file",
    "load_agreement",
    "check_agreement",
    "load_admin1_areas",
    "tally",
    "weekly_by_party",
]
