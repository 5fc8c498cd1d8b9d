"""The report stage: a self-contained HTML report of an agreement's violations."""

from .html import write_report

__all__ = ["write_report"]
