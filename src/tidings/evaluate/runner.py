"""Run the pipeline over a gold file and score it: the engine behind ``tidings eval``.

Why the pipeline comes in as a callable: the runner only has to read gold, hand the
pipeline exactly what a user would hand it (text, url, published; never the language,
which the pipeline must detect itself) and score what comes back. The CLI wires the real
pipeline in; tests wire in a fake.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tidings.evaluate.metrics import EvalReport, evaluate

#: The only gold fields the pipeline may see, as document metadata.
INPUT_FIELDS = ("id", "text", "url", "published")


class GoldFormatError(ValueError):
    """A gold file cannot be read; the message names the file and line."""


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file; blank lines are skipped, anything else malformed raises
    ``GoldFormatError`` naming ``file:line``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise GoldFormatError(f"{path}: cannot read gold file ({err})") from err
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldFormatError(f"{where}: not JSON ({err.msg})") from err
        problem = _check_gold_record(record)
        if problem is None and str(record["id"]) in seen:
            problem = f"duplicate id {record['id']!r}"
        if problem:
            raise GoldFormatError(f"{where}: {problem}")
        seen.add(str(record["id"]))
        records.append(record)
    return records


def to_input_records(gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the pipeline receives for each gold record: id, text, url and published only."""
    return [{key: record.get(key) for key in INPUT_FIELDS} for record in gold]


def run_eval(
    gold_path: Path, analyze_records: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
) -> EvalReport:
    """Read ``gold_path``, analyse its texts with ``analyze_records`` and score the output
    (SCHEMA.md dicts, paired with the gold by ``id``)."""
    gold = read_gold(gold_path)
    predicted = analyze_records(to_input_records(gold))
    return evaluate(gold, list(predicted))


def _check_gold_record(record: object) -> str | None:
    if not isinstance(record, dict):
        return "a gold record must be a JSON object"
    for key in ("id", "text", "gold"):
        if record.get(key) in (None, ""):
            return f"missing {key!r}"
    if not isinstance(record["text"], str):
        return "'text' must be a string"
    gold = record["gold"]
    if not isinstance(gold, dict) or not isinstance(gold.get("main_event"), dict):
        return "'gold.main_event' must be an object"
    return None
