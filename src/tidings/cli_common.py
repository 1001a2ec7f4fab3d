"""Pieces every command module shares: reading a date option, opening the store.

Why a module: five command modules parse ``--since``/``--until``/``--published`` the same
way; one function keeps the error message the same everywhere.
"""

from __future__ import annotations

import datetime as dt

import click


def parse_day(value: str | None) -> dt.date | None:
    """An ISO date from a command-line option, or a usage error naming the bad value."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc
