"""The schema as numbered SQL files, shared by every backend (see README.md here for the number ranges)."""

from __future__ import annotations

from importlib import resources


def load_migrations() -> list[tuple[str, str]]:
    """(file name, SQL) of every migration, in the order they apply."""
    folder = resources.files(__name__)
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".sql"))
