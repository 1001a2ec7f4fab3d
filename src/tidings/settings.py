"""Frozen settings: ``data/defaults.toml`` with an optional user file laid over it.

Why a frozen dataclass: settings travel into worker processes and Spark executors with the
document, so they must be plain, picklable and impossible to change half-way through a batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.resources import data_dir, read_toml

#: Largest input file ingest accepts before skipping it (bytes).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    max_bytes: int = DEFAULT_MAX_BYTES
    published: dt.date | None = None  # a publication date the user states for every input
    lang: str | None = None  # a language the user states for every input


def load_settings(user_file: Path | None = None, **overrides: Any) -> Settings:
    """Defaults from the package, then ``user_file`` ([settings] table), then ``overrides``."""
    values: dict[str, Any] = {}
    for source in (data_dir() / "defaults.toml", user_file):
        if source is not None:
            values.update(read_toml(Path(source)).get("settings", {}))
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {k: v for k, v in values.items() if k in Settings.__dataclass_fields__}
    return Settings(**known)
