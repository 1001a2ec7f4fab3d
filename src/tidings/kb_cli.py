"""Command line for the knowledge base: ``tidings kb lookup | stats | check | import``.

Why its own group: the KB is data that people curate and grow (packs, Wikidata imports);
they need to ask it what a name means on a date, see its coverage, and validate it before
committing, without running the pipeline. ``cli.py`` registers the group with
``main.add_command(kb)``; each command is a thin shell over ``tidings.entities``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

import click

from tidings.cli_common import parse_day as _date
from tidings.entities.kb import KBEntry, KnowledgeBase, load_kb, overlay_dir


def describe(kb: KnowledgeBase, entry: KBEntry, day: dt.date | None) -> dict[str, object]:
    """One lookup answer: the entity and, for a person, the role held on ``day``."""
    answer: dict[str, object] = {
        "id": entry.id,
        "qid": entry.qid,
        "kind": entry.kind,
        "name": entry.name,
        "country": entry.country,
    }
    if entry.kind == "person":
        tenure = kb.role_at(entry.id, day)
        ended = [t for t in entry.tenures if t.end and (day is None or t.end < day)]
        answer["former"] = tenure is None and bool(ended)
        if tenure is None and ended:
            # a former office holder stays former: name the last office, flagged as such
            tenure = max(ended, key=lambda t: t.end or dt.date.max)
        answer["role"] = tenure.role if tenure else (entry.role or "other")
        answer["office"] = tenure.office if tenure else None
    if entry.city:
        answer["city"] = entry.city
    return answer


@click.group()
def kb() -> None:
    """Ask, count and validate the knowledge base; import Wikidata dumps into it."""


@kb.command()
@click.argument("name")
@click.option("--lang", help="Language of the text the name comes from (ISO 639-1).")
@click.option("--date", "date_", help="Date (YYYY-MM-DD) at which roles are read.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def lookup(name: str, lang: str | None, date_: str | None, as_json: bool) -> None:
    """What NAME may refer to, best first (exit 1 when nothing matches).

    Columns: Wikidata QID (``-`` when none was checked), KB id, kind, name, country, role.
    """
    day = _date(date_)
    base = load_kb()
    answers = [describe(base, e, day) for e in base.lookup(name, lang, day)]
    if as_json:
        click.echo(json.dumps(answers, ensure_ascii=False, indent=2))
    elif not answers:
        click.echo(f"{name}: not in the knowledge base")
    for answer in [] if as_json else answers:
        extra = ""
        if answer["kind"] == "person":
            former = "former " if answer["former"] else ""
            extra = f"  {former}{answer['role']}" + (
                f" ({answer['office']})" if answer["office"] else ""
            )
        click.echo(
            f"{answer['qid'] or '-'}\t{answer['id']}\t{answer['kind']}\t{answer['name']}"
            f"\t{answer['country'] or '-'}{extra}"
        )
    if not answers:
        sys.exit(1)


@kb.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--all-langs", is_flag=True, help="List every language, not only the packs'.")
def stats(as_json: bool, all_langs: bool) -> None:
    """Counts per kind, QIDs, tenures, and aliases per language."""
    from tidings.entities.stats import count_kb
    from tidings.resources import pack_languages

    counts = count_kb(load_kb())
    if as_json:
        payload = {
            "entries": counts.entries,
            "alias_keys": counts.alias_keys,
            "by_kind": dict(counts.by_kind),
            "with_qid": dict(counts.with_qid),
            "people_with_tenures": counts.people_with_tenures,
            "tenures_by_role": dict(counts.tenures_by_role),
            "aliases_by_lang": dict(counts.aliases_by_lang),
            "named_by_lang": {k: dict(v) for k, v in counts.named_by_lang.items()},
            "problems": counts.problems,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(f"entries {counts.entries}   folded alias keys {counts.alias_keys}")
    for kind, n in counts.by_kind.most_common():
        click.echo(f"  {kind:<10} {n:>6}   with QID {counts.with_qid.get(kind, 0):>5}")
    roles = ", ".join(f"{r} {n}" for r, n in counts.tenures_by_role.most_common())
    click.echo(f"people with dated tenures {counts.people_with_tenures} ({roles})")
    click.echo(
        f"aliases per language ({len(counts.aliases_by_lang)} languages; pack languages"
        " shown unless --all-langs): alias refs, entities named person/org/country/city"
    )
    shown = {"und", "en", *pack_languages()}
    for lang, n in counts.aliases_by_lang.most_common():
        if not all_langs and lang not in shown:
            continue
        named = counts.named_by_lang.get(lang, Counter[str]())
        parts = "/".join(str(named.get(k, 0)) for k in ("person", "org", "country", "city"))
        click.echo(f"  {lang:<4} {n:>7}   {parts}")
    if counts.problems:
        click.echo(f"{counts.problems} input problems: run `tidings kb check`")


@kb.command()
@click.argument("countries", nargs=-1)
@click.option(
    "--role", type=click.Choice(["head_of_state", "head_of_government", "foreign_minister"])
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def coverage(countries: tuple[str, ...], role: str | None, as_json: bool) -> None:
    """Office holders without gaps since 2010: per role, countries covered and the gaps.

    Heads of state and government are tracked for every UN member and observer, foreign
    ministers for the countries listed in ``data/kb/countries.toml``. Give COUNTRIES
    (ISO alpha-3) to see only theirs.
    """
    from tidings.entities.coverage import ROLES, find_gaps, load_settings

    settings = load_settings()
    gaps = [
        g
        for g in find_gaps(load_kb(), settings)
        if (not countries or g.country in countries) and (role is None or g.role == role)
    ]
    summary = {}
    for name in [role] if role else list(ROLES):
        tracked = [c for c in settings.countries[name] if not countries or c in countries]
        missing = {g.country for g in gaps if g.role == name}
        summary[name] = {"tracked": len(tracked), "covered": len(tracked) - len(missing)}
    if as_json:
        payload = {
            "since": settings.since.isoformat(),
            "summary": summary,
            "gaps": [
                {"country": g.country, "role": g.role, "from": str(g.start), "to": str(g.end)}
                for g in gaps
            ],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    for name, counts in summary.items():
        click.echo(
            f"{name:<19} {counts['covered']:>4}/{counts['tracked']} countries without gaps"
            f" since {settings.since}"
        )
    for gap in gaps:
        click.echo(f"  {gap.country} {gap.role}: nobody from {gap.start} to {gap.end}")


@kb.command()
@click.option("--notices/--no-notices", default=False, help="Also list notices.")
def check(notices: bool) -> None:
    """Validate the KB: ids, tenures, colliding aliases, NFC (exit 1 on errors)."""
    from tidings.entities.check import ERROR, check_kb

    findings = check_kb(load_kb())
    errors = [f for f in findings if f.level == ERROR]
    for finding in findings:
        if finding.level == ERROR or notices:
            click.echo(str(finding))
    click.echo(f"{len(errors)} errors, {len(findings) - len(errors)} notices")
    if errors:
        sys.exit(1)


@kb.group(name="import")
def import_() -> None:
    """Grow the KB from external data."""


@import_.command()
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSONL file to merge the records into (default: the KB overlay's wikidata.jsonl).",
)
def wikidata(dump: Path, out: Path | None) -> None:
    """Import people, countries, cities and organisations from a Wikidata JSON dump."""
    from tidings.entities.wikidata import import_wikidata, merge_into
    from tidings.resources import pack_languages

    target = out or overlay_dir() / "wikidata.jsonl"
    try:
        result = import_wikidata(dump, load_kb(), pack_languages())
    except (OSError, EOFError, ValueError) as error:
        raise click.ClickException(f"{dump}: {error}") from error
    written = merge_into(target, result.records)
    kept = ", ".join(f"{k} {n}" for k, n in sorted(result.kept.items())) or "nothing"
    click.echo(f"{dump}: kept {kept}; {written} records in {target}")
    for reason, n in sorted(result.skipped.items()):
        click.echo(f"  skipped {n}: {reason}")
