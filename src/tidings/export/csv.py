"""CSV export: the events table, one event a row, for spreadsheets and pandas.

Why CSV beside Parquet: it opens anywhere without a library. Booleans are ``true``/``false``,
a missing value is an empty cell, and the text is UTF-8 with a header row (docs/export.md).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from tidings.export.select import SelectedDocument
from tidings.export.table import EVENT_COLUMNS, event_table_row


def cell(value: Any) -> str:
    """How one value is written: empty for None, lower-case booleans, text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(selected: Iterable[SelectedDocument], out: TextIO) -> int:
    """Write the events table of ``selected`` to ``out``; return how many events."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    count = 0
    for item in selected:
        for chosen in item.events:
            row = event_table_row(item.analysis, chosen.index, chosen.event, chosen.story_id)
            writer.writerow([cell(row[name]) for name in EVENT_COLUMNS])
            count += 1
    return count
