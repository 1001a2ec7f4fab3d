"""Command line for taking data out of a store and back in: ``tidings export | load``.

Why a module of its own: ``cli.py`` stays the lead's; these commands only parse options,
call ``tidings.export``, and print one summary line on stderr. ``cli.py`` registers
``COMMANDS``.
"""

from __future__ import annotations

from pathlib import Path

import click

from tidings.cli_common import parse_day
from tidings.export.run import FORMATS


@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: a document a line; csv: an event a row; parquet: a folder with "
    "events.parquet and documents.parquet; gdelt: GDELT 2.0 event columns (TSV).",
)
@click.option("--since", help="Only events that may fall on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only events that may fall on or before this date (YYYY-MM-DD).")
@click.option("--actor", multiple=True, help="Only events of this actor (name or code); repeat.")
@click.option("--type", "types", multiple=True, help="Only events of this PLOVER type; repeat.")
@click.pass_context
def export(
    ctx: click.Context,
    out: Path,
    fmt: str,
    since: str | None,
    until: str | None,
    actor: tuple[str, ...],
    types: tuple[str, ...],
) -> None:
    """Write the store (or the selected events) to OUT as JSONL, CSV, Parquet or GDELT TSV."""
    from tidings.export.select import Selection
    from tidings.model import PloverType
    from tidings.store import Store
    from tidings.store.api import StoreError

    actors: set[str] = set()
    if actor:
        from tidings.api import resolve_actor

        for name in actor:
            found = resolve_actor(name)
            if not found:
                raise click.ClickException(f"unknown actor: {name!r}")
            actors |= found
    wanted = {t.upper() for t in types}
    unknown = sorted(wanted - {str(t) for t in PloverType})
    if unknown:
        raise click.BadParameter(f"not a PLOVER type: {', '.join(unknown)}", param_hint="--type")
    selection = Selection(
        since=parse_day(since),
        until=parse_day(until),
        actors=frozenset(actors) or None,
        types=frozenset(wanted) or None,
    )
    from tidings.export.parquet import ParquetError
    from tidings.export.run import export_store

    try:
        with Store.open_read_only(ctx.obj["db"]) as store:
            summary = export_store(store, fmt, out, selection)
    except (ParquetError, StoreError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from exc
    click.echo(summary.line, err=True)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def load(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Load exported Parquet tables (files or folders of part files, e.g. a Spark run's)."""
    from tidings.export.load import load_parquet
    from tidings.export.parquet import ParquetError
    from tidings.store import Store

    try:
        with Store(ctx.obj["db"]) as store:
            summary = load_parquet(store, files)
    except ParquetError as exc:
        raise click.ClickException(str(exc)) from exc
    for source, reason in summary.skipped:
        click.echo(f"skipped {source}: {reason}", err=True)
    click.echo(summary.line(), err=True)


COMMANDS = [export, load]
