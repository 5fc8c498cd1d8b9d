"""The report stage: a self-contained HTML report of an agreement's violations."""

from .html import render_report, write_report

__all__ = ["render_report", "write_report"]
