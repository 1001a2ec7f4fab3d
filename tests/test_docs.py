"""The documentation names every command a user can run (datasette's habit: docs tests)."""

from __future__ import annotations

from pathlib import Path

import click

from tidings.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
    return names


def test_docs_name_every_command() -> None:
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))
    )
    missing = [c for c in _commands(main) if f"tidings {c}" not in docs]
    assert missing == []
