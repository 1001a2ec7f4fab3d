"""Show an ``EvalReport`` to people (a fixed-width table) and to CI (floor checks).

Why separate from the metrics: the numbers are computed once; how they are laid out, and
which of them gate a build, changes far more often and should not touch the scoring code.
"""

from __future__ import annotations

from collections.abc import Mapping

from tidings.evaluate.metrics import FIGURE_ORDER, EvalReport, Figure

#: A float slack so that a floor pinned from a printed value does not fail on rounding.
FLOOR_SLACK = 1e-9

_NAME_WIDTH = 22
_CELL_WIDTH = 12


def format_figure(figure: Figure | None) -> str:
    """``0.833 (6)``: the value beside the count it rests on; ``—`` when nothing was measured."""
    if figure is None:
        return ""
    if figure.value is None:
        return f"— ({figure.n})"
    if figure.kind == "count":
        return f"{figure.value:.0f}/{figure.n}"
    return f"{figure.value:.3f} ({figure.n})"


def format_table(report: EvalReport, by_lang: bool = False) -> str:
    """A readable fixed-width table: one row per figure, overall and optionally per language."""
    columns: list[tuple[str, Mapping[str, Figure]]] = [("all", report.overall)]
    if by_lang:
        columns += sorted(report.by_lang.items())
    names = list(report.overall)
    for _, figures in columns[1:]:
        names += [n for n in figures if n not in names]

    header = ["figure".ljust(_NAME_WIDTH)]
    header += [f"{label} n={_doc_count(report, label)}".rjust(_CELL_WIDTH) for label, _ in columns]
    lines = ["".join(header).rstrip()]
    lines.append("-" * len(lines[0]))
    for name in names:
        row = [name.ljust(_NAME_WIDTH)]
        row += [format_figure(figures.get(name)).rjust(_CELL_WIDTH) for _, figures in columns]
        lines.append("".join(row).rstrip())
    lines.append("")
    lines.append(
        "(n) = items the figure rests on; traps show hits/traps present (lower is better);"
        " main.date_missing is lower-is-better."
    )
    if report.missing_ids:
        lines.append(
            f"no prediction for {len(report.missing_ids)} document(s): "
            + ", ".join(report.missing_ids[:10])
            + (" …" if len(report.missing_ids) > 10 else "")
        )
    if report.unexpected_ids:
        lines.append(f"{len(report.unexpected_ids)} prediction(s) with ids not in the gold ignored")
    return "\n".join(lines)


def check_floors(report: EvalReport, floors: Mapping[str, float]) -> list[str]:
    """One line per failed floor; empty when all hold.

    A key is a figure name (``main.type``) or ``lang:figure`` (``de:main.type``) for one
    language. For lower-is-better figures (``LOWER_IS_BETTER``: traps, missing dates) the
    number is a ceiling. A figure that could not be measured fails: a gate must not pass on
    absent data.
    """
    failures = []
    for key, bound in floors.items():
        lang, _, name = key.rpartition(":")
        figures = report.by_lang.get(lang, {}) if lang else report.overall
        if lang and lang not in report.by_lang:
            failures.append(f"{key}: no gold documents in language {lang!r}")
            continue
        figure = figures.get(name)
        if figure is None and name not in FIGURE_ORDER:
            known = ", ".join(FIGURE_ORDER)
            failures.append(f"{key}: unknown figure (known: {known})")
        elif figure is None or figure.value is None:
            failures.append(f"{key}: nothing to measure (n=0), wanted {bound:g}")
        elif figure.lower_is_better and figure.value > bound + FLOOR_SLACK:
            failures.append(f"{key} = {figure.value:.4g} is above the ceiling {bound:g}")
        elif not figure.lower_is_better and figure.value < bound - FLOOR_SLACK:
            failures.append(f"{key} = {figure.value:.4f} is below the floor {bound:g}")
    return failures


def parse_floor(text: str) -> tuple[str, float]:
    """``main.type=0.8`` → ("main.type", 0.8), for ``--fail-under``; ValueError names the
    offending text."""
    name, sep, value = text.partition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        return name.strip(), float(value)
    except ValueError:
        raise ValueError(f"--fail-under expects metric=value, got {text!r}") from None


def _doc_count(report: EvalReport, label: str) -> int:
    if label == "all":
        return report.n_documents
    return sum(1 for d in report.documents if d.lang == label)
