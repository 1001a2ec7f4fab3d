"""Command line for the Spark job: ``tidings spark INPUT... --out DIR``.

Why a module of its own: pyspark is an optional extra, so this command imports it only
when run; ``cli.py`` stays the lead's and registers ``COMMANDS``.
"""

from __future__ import annotations

import click

from tidings.cli_common import parse_day


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Folder (any Hadoop path) for the Parquet tables.")
@click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")
@click.option("--partitions", type=click.IntRange(min=1), help="Repartition the inputs.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that state none.")
@click.option("--lang", help="Language of the inputs (ISO 639-1), instead of detecting it.")
def spark(
    inputs: tuple[str, ...],
    out: str,
    master: str,
    partitions: int | None,
    published: str | None,
    lang: str | None,
) -> None:
    """Analyse files, folders or JSONL dumps on Spark; write documents, events, stories
    and skipped inputs as Parquet under OUT (see docs/spark.md)."""
    from tidings.settings import Settings
    from tidings.spark import SparkUnavailable, run_job, split_missing, start_session

    settings = Settings(published=parse_day(published), lang=lang)
    if not split_missing(inputs)[0]:
        raise click.ClickException(f"no input found: {', '.join(inputs)}")
    try:
        session = start_session(master)
    except SparkUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        summary = run_job(session, list(inputs), out, partitions=partitions, settings=settings)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        session.stop()
    click.echo(summary.line())


COMMANDS = [spark]
