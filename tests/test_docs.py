"""Docs that cannot drift: the README's generated sections match the code."""

import difflib
from pathlib import Path

import click
from cogapp import Cog

from ceasefire.cli import main

README = Path(__file__).parent.parent / "README.md"


def _commands(group: click.Group, prefix: str) -> list[str]:
    ctx = click.Context(group, info_name=prefix)
    out = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
        else:
            out.append(f"{prefix} {name}")
    return out


def test_docs_readme_generated_sections_are_current(tmp_path):
    generated = tmp_path / "README.md"
    assert Cog().main(["cog", "-o", str(generated), str(README)]) == 0
    current, fresh = README.read_text(encoding="utf-8"), generated.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(current.splitlines(True), fresh.splitlines(True), "README.md", "generated", n=1))
    assert not diff, f"README is out of date; run: .venv/bin/cog -r README.md\n{diff[:3000]}"


def test_docs_every_command_documented_with_an_example():
    text = README.read_text(encoding="utf-8")
    for full in _commands(main, "ceasefire"):
        assert f"### `{full}`" in text, full


def test_docs_every_command_has_an_example_block():
    ctx = click.Context(main, info_name="ceasefire")
    missing = []
    for full in _commands(main, "ceasefire"):
        command: click.Command = main
        for part in full.split()[1:]:
            command = command.get_command(ctx, part)  # type: ignore[union-attr]
        if "Example" not in (command.help or ""):
            missing.append(full)
    assert not missing, f"commands without an Example: block: {missing}"
