"""``tidings langs`` (list the packs) and ``tidings langs check`` (validate them)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group(invoke_without_command=True)
@click.pass_context
def langs(ctx: click.Context) -> None:
    """Language packs: list them, with counts of triggers and titles."""
    if ctx.invoked_subcommand is not None:
        return
    from tidings.langs import summarize
    from tidings.resources import pack_languages

    click.echo(
        f"{'lang':5} {'name':12} {'script':6} {'triggers':>8} {'types':>5} "
        f"{'titles':>6} {'aliases':>7}"
    )
    for lang in pack_languages():
        s = summarize(lang)
        click.echo(
            f"{s.lang:5} {s.name:12} {s.script:6} {s.triggers:8d} {s.types:5d} "
            f"{s.titles:6d} {s.aliases:7d}"
        )


@langs.command()
@click.option(
    "--tests",
    "tests_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the packs' test tables (default: tests/lang of this checkout, when present).",
)
def check(tests_root: Path | None) -> None:
    """Validate every pack (and its tests); exit 1 naming each problem's file and line."""
    from tidings.langs import check_all

    if tests_root is None:
        guess = Path(__file__).resolve().parents[2] / "tests" / "lang"
        tests_root = guess if guess.is_dir() else None
    results = check_all(tests_root)
    bad = 0
    for lang, problems in results.items():
        for problem in problems:
            click.echo(problem)
        bad += len(problems)
        if not problems:
            click.echo(f"{lang}: ok")
    if bad:
        click.echo(f"{bad} problem(s)", err=True)
        sys.exit(1)
