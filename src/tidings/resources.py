"""Cached loaders for the data shipped inside the package (``tidings/data``).

Why one module: every stage reads language packs and KB files; reading them through one
cached door keeps start-up cheap and lets tests point at a different data folder.
Rows keep their provenance (``file:line``) so a rule that fires can name the row.
"""

from __future__ import annotations

import csv
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """The folder holding ``lang/``, ``kb/`` and ``defaults.toml``."""
    return Path(str(resources.files("tidings") / "data"))


@dataclass(frozen=True, slots=True)
class Row:
    """One TSV row: its fields by column name, and where it came from."""

    values: dict[str, str]
    origin: str  # "de/triggers.tsv:12"

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def get(self, key: str, default: str = "") -> str:
        value = self.values.get(key)
        return default if value is None or value == "" else value


def read_tsv(path: Path, origin_prefix: str = "") -> list[Row]:
    """Read a tab-separated file with a header row; ``#`` lines and blank lines are skipped."""
    rows: list[Row] = []
    if not path.exists():
        return rows
    with path.open(encoding="utf-8", newline="") as handle:
        header: list[str] | None = None
        for lineno, line in enumerate(handle, start=1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            if header is None:
                header = [f.strip() for f in fields]
                continue
            values = {name: (fields[i] if i < len(fields) else "") for i, name in enumerate(header)}
            rows.append(Row(values, f"{origin_prefix}{path.name}:{lineno}"))
    return rows


def read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def pack_languages(root: str | None = None) -> tuple[str, ...]:
    """Languages that have a pack: every folder of ``data/lang`` with a ``pack.toml``."""
    base = Path(root) if root else data_dir() / "lang"
    return tuple(sorted(p.name for p in base.iterdir() if (p / "pack.toml").exists()))


@functools.cache
def pack_tsv(lang: str, name: str, root: str | None = None) -> tuple[Row, ...]:
    """Rows of ``data/lang/<lang>/<name>`` (e.g. ``triggers.tsv``); empty when absent."""
    base = Path(root) if root else data_dir() / "lang"
    return tuple(read_tsv(base / lang / name, origin_prefix=f"{lang}/"))


@functools.cache
def pack_toml(lang: str, name: str, root: str | None = None) -> dict[str, Any]:
    """Contents of ``data/lang/<lang>/<name>`` (e.g. ``calendar.toml``); empty when absent."""
    base = Path(root) if root else data_dir() / "lang"
    return read_toml(base / lang / name)
