"""Command line for stories and relations: ``tidings graph | story | entity``.

Why a module of its own: ``cli.py`` stays the lead's; these commands only parse, call the
store or ``tidings.graph``, and print. ``cli.py`` registers ``COMMANDS``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import click

from tidings.cli_common import parse_day
from tidings.cli_format import format_date, format_place, row_dict


def open_store(ctx: click.Context) -> Any:
    from tidings.store import Store

    return Store(ctx.obj["db"])


@click.command()
@click.option("--actor", help="Only edges touching this actor (name or code).")
@click.option("--since", help="Earliest date (YYYY-MM-DD).")
@click.option("--until", help="Latest date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["json", "dot", "graphml"]), default="json")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a picture.")
@click.pass_context
def graph(
    ctx: click.Context,
    actor: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    plot: Path | None,
) -> None:
    """Actor-to-actor edges: stories per PLOVER type and Goldstein sums, per month."""
    from tidings.api import resolve_actor
    from tidings.graph import FORMATS, build_edges

    actors = resolve_actor(actor) if actor else None
    if actor and not actors:
        raise click.ClickException(f"unknown actor: {actor!r}")
    edges = build_edges(open_store(ctx), actors, since=parse_day(since), until=parse_day(until))
    if plot is not None:
        from tidings.plots import plot_graph

        click.echo(f"wrote {plot_graph(edges, plot, actor or 'all actors')}")
        return
    click.echo(FORMATS[fmt](edges))


@click.command()
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def story(ctx: click.Context, story_id: str, as_json: bool) -> None:
    """A story with every report and its evidence."""
    store = open_store(ctx)
    found = store.story(story_id)
    if found is None:
        raise click.ClickException(f"no story {story_id!r}")
    events = store.story_events(story_id)
    flags = store.member_flags(story_id)
    reports = store.story_reports(story_id)
    if as_json:
        data = {
            **row_dict(found),
            "summary": store.story_summary(story_id),
            "members": [{**row_dict(e), "date_flag": flags.get(e.id)} for e in events],
            "reports": [{"doc_id": d, "lang": lang, "rule": r} for d, lang, r in reports],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(store.story_summary(story_id))
    basis = found.date.main_basis if found.date else None
    click.echo(
        f"{found.id} · {found.type}{'/' + found.mode if found.mode else ''} · "
        f"{format_date(found.date)}{f' ({basis})' if basis else ''} · "
        f"{format_place(found.location)} · {', '.join(found.participants)}"
    )
    for event in events:
        flag = f"  [!] {flags[event.id]}" if event.id in flags else ""
        click.echo(f"  [{event.doc_id} {event.lang or 'und'}] {format_date(event.date)}{flag}")
        click.echo(f"      “{event.sentence[:200]}”")
    for doc_id, lang, rule in reports:
        click.echo(f"  [{doc_id} {lang}] joined by {rule}")


@click.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def entity(ctx: click.Context, name: str, as_json: bool) -> None:
    """An actor's profile: aliases, roles over time, partners by number of stories."""
    from tidings.api import resolve_actor
    from tidings.graph import build_profile

    store = open_store(ctx)
    ids = resolve_actor(name) or store.find_provisional(name)
    if not ids:
        raise click.ClickException(f"unknown actor: {name!r}")
    profile = build_profile(store, name, store.entity_group(ids))
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(profile), ensure_ascii=False, indent=2))
        return
    click.echo(f"{name}: {', '.join(profile.names) or '(not in any stored report)'}")
    aliases = ", ".join(f"{a} ({n})" for a, n in profile.aliases[:20])
    click.echo(f"  aliases: {aliases or '-'}")
    for role in profile.roles:
        span = f"{role['start'] or '?'} – {role['end'] or 'now'}"
        click.echo(f"  {role['name']}: {role['role']} ({role['country'] or '-'}) {span}")
    partners = ", ".join(f"{p} ({n})" for p, n in profile.partners)
    click.echo(f"  partners by stories: {partners or '-'}")


COMMANDS = [graph, story, entity]
