"""Command line: ``tidings ingest | analyze | timeline | events | search | eval``.

Why thin: each command parses its arguments, calls one function of ``tidings.api`` or the
store, and prints. Errors reach the user as one line naming the file and the reason.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from tidings.cli_common import parse_day as _date

DEFAULT_DB = "tidings.sqlite"


@click.group()
@click.option(
    "--db",
    default=lambda: os.environ.get("TIDINGS_DB", DEFAULT_DB),
    show_default=f"$TIDINGS_DB or {DEFAULT_DB}",
    help="SQLite store to read and write.",
)
@click.version_option(package_name="tidings")
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    """tidings: who did what to whom, where and when, from raw news in any language."""
    ctx.obj = {"db": db}


def _store(ctx: click.Context) -> Any:
    from tidings.store import Store

    return Store(ctx.obj["db"])


_WORKERS_HELP = (
    "Processes analysing documents: 1 analyses in this process, 0 uses every CPU. A pool "
    "pays a few seconds of warm-up per worker and pays off on batches of several hundred "
    "documents."
)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that state none.")
@click.option("--lang", help="Language of the inputs (ISO 639-1), instead of detecting it.")
@click.option(
    "--workers", type=click.IntRange(min=0), default=1, show_default=True, help=_WORKERS_HELP
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    published: str | None,
    lang: str | None,
    workers: int,
) -> None:
    """Analyse files, folders, JSONL dumps, WARC archives or RSS/Atom feeds and store the
    results (idempotent: a document already stored is not analysed again)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tidings.api import ingest as run_ingest

    store = _store(ctx)
    # No auto-refresh thread: a single-threaded process may fork its warm pool workers.
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        transient=True,
        auto_refresh=False,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_item(kind: str, item: Any) -> None:
            if kind == "skipped":
                click.echo(f"skipped: {item}", err=True)
            progress.update(task, advance=1, description=f"ingesting ({kind})", refresh=True)

        summary = run_ingest(
            store,
            paths,
            published=_date(published),
            lang=lang,
            on_item=on_item,
            workers=workers,
        )
    store.close()
    click.echo(
        f"{summary.added} added, {summary.already} already stored, "
        f"{len(summary.skipped)} skipped  → {ctx.obj['db']}"
    )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "pretty"]), default="jsonl")
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that state none.")
@click.option("--lang", help="Language of the inputs, instead of detecting it.")
@click.option(
    "--unit",
    type=click.Choice(["document", "sentence"]),
    default="document",
    show_default=True,
    help="sentence: every line of every input is coded on its own (event-coding test sets).",
)
@click.option(
    "--workers", type=click.IntRange(min=0), default=1, show_default=True, help=_WORKERS_HELP
)
def analyze(
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    lang: str | None,
    unit: str,
    workers: int,
) -> None:
    """Analyse inputs and print one JSON object per document (shared/eval/SCHEMA.md)."""
    from tidings.api import split_units
    from tidings.export.jsonl import analysis_record
    from tidings.ingest.errors import Skipped
    from tidings.ingest.files import iter_documents
    from tidings.parallel import analyze_parallel

    raws = iter_documents(paths, published=_date(published), lang=lang)
    if unit == "sentence":
        raws = split_units(raws)
    for result in analyze_parallel(raws, workers=workers):
        if isinstance(result, Skipped):
            click.echo(f"skipped: {result}", err=True)
            continue
        record = analysis_record(result)
        if fmt == "pretty":
            click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps(record, ensure_ascii=False))


def _format_row(row: Any) -> str:
    from tidings.cli_format import format_timeline_row

    return format_timeline_row(row)


@main.command()
@click.argument("actor_a")
@click.argument("actor_b", required=False)
@click.option("--since", help="Earliest date (YYYY-MM-DD).")
@click.option("--until", help="Latest date (YYYY-MM-DD).")
@click.option("--type", "types", multiple=True, help="PLOVER type(s) to keep.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="out.png|out.svg")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also stories made only of secondary events (details inside other reports).",
)
@click.pass_context
def timeline(
    ctx: click.Context,
    actor_a: str,
    actor_b: str | None,
    since: str | None,
    until: str | None,
    types: tuple[str, ...],
    as_json: bool,
    plot: Path | None,
    show_all: bool,
) -> None:
    """Stories between two actors (names in any language, or ISO codes), oldest first."""
    from tidings.api import resolve_actor

    a = resolve_actor(actor_a)
    b = resolve_actor(actor_b) if actor_b else None
    if not a or (actor_b and not b):
        raise click.ClickException(f"unknown actor: {actor_a if not a else actor_b!r}")
    store = _store(ctx)
    rows = store.timeline(
        a,
        b,
        since=_date(since),
        until=_date(until),
        types={t.upper() for t in types} or None,
        main_only=not show_all,
    )
    if plot is not None:
        from tidings.plots import plot_timeline

        title = f"{actor_a} – {actor_b}" if actor_b else actor_a
        click.echo(f"wrote {plot_timeline(rows, plot, title)}")
    if as_json:
        from tidings.cli_format import row_dict

        click.echo(json.dumps([row_dict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no stories found")
    for row in rows:
        click.echo(_format_row(row))


@main.command()
@click.option("--actor", help="Actor name or code.")
@click.option("--type", "etype", help="PLOVER type.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def events(ctx: click.Context, actor: str | None, etype: str | None, as_json: bool) -> None:
    """Stored events, filtered by actor and type."""
    from tidings.api import resolve_actor
    from tidings.cli_format import format_event_row, row_dict

    actors = resolve_actor(actor) if actor else None
    if actor and not actors:
        raise click.ClickException(f"unknown actor: {actor!r}")
    rows = _store(ctx).events(actors, etype.upper() if etype else None)
    for row in rows:
        click.echo(
            json.dumps(row_dict(row), ensure_ascii=False) if as_json else format_event_row(row)
        )
    if not rows and not as_json:
        click.echo("no events found")


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.pass_context
def search(ctx: click.Context, query: str, limit: int) -> None:
    """Full-text search over the cleaned articles."""
    hits = _store(ctx).search(query, limit=limit)
    for hit in hits:
        click.echo(f"{hit.doc_id}  {hit.title or ''}\n    {hit.snippet}")
    if not hits:
        click.echo("no matches")


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--by-lang", is_flag=True, help="Add the per-language table.")
@click.option("--fail-under", multiple=True, help="metric=value; exit 1 when below.")
def evaluate(gold: Path, as_json: bool, by_lang: bool, fail_under: tuple[str, ...]) -> None:
    """Score the pipeline against a gold JSONL file (shared/eval/SCHEMA.md)."""
    from tidings.api import analyze_records
    from tidings.evaluate.report import check_floors, format_table
    from tidings.evaluate.runner import run_eval

    report = run_eval(gold, analyze_records)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(format_table(report, by_lang=by_lang))
    floors: dict[str, float] = {}
    for item in fail_under:
        name, _, value = item.partition("=")
        try:
            floors[name] = float(value)
        except ValueError as exc:
            raise click.BadParameter(f"expected metric=value, got {item!r}") from exc
    failures = check_floors(report, floors)
    for line in failures:
        click.echo(f"below floor: {line}", err=True)
    if failures:
        sys.exit(1)


def _register() -> None:
    """Command groups that live in their own modules."""
    from tidings.cli_export import COMMANDS as EXPORT_COMMANDS
    from tidings.cli_langs import langs
    from tidings.cli_spark import COMMANDS as SPARK_COMMANDS
    from tidings.cli_stories import COMMANDS as STORY_COMMANDS
    from tidings.kb_cli import kb
    from tidings.web.cli import serve

    main.add_command(langs)
    main.add_command(kb)
    main.add_command(serve)
    for command in [*STORY_COMMANDS, *EXPORT_COMMANDS, *SPARK_COMMANDS]:
        main.add_command(command)


_register()

if __name__ == "__main__":
    main()
