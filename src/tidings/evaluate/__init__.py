"""Metrics and the runner behind ``tidings eval``."""

from tidings.evaluate.metrics import EvalReport, Figure, evaluate
from tidings.evaluate.oracle import convert_gold_to_output
from tidings.evaluate.report import check_floors, format_table, parse_floor
from tidings.evaluate.runner import GoldFormatError, read_gold, run_eval, to_input_records

__all__ = [
    "EvalReport",
    "Figure",
    "GoldFormatError",
    "check_floors",
    "convert_gold_to_output",
    "evaluate",
    "format_table",
    "parse_floor",
    "read_gold",
    "run_eval",
    "to_input_records",
]
