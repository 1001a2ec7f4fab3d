"""The pack validator, and the promise that pipeline code names no language and holds no
word list of one (issue #5): languages live in data/lang only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel import Locale

from tidings.langs import check_pack, summarize
from tidings.model import CONSULT_MODES, ROLES, PloverType
from tidings.resources import data_dir, pack_languages, pack_tsv

SRC = Path(__file__).resolve().parents[1] / "src" / "tidings"
TESTS_LANG = Path(__file__).parent / "lang"


@pytest.mark.parametrize("lang", pack_languages())
def test_langs_check_every_pack_is_valid(lang: str) -> None:
    from tidings.entities.kb import load_kb

    assert check_pack(lang, tests_root=TESTS_LANG, kb_ids=set(load_kb().entries)) == []


def test_langs_check_names_file_and_line_of_a_bad_row(tmp_path: Path) -> None:
    pack = tmp_path / "xx"
    pack.mkdir()
    (pack / "pack.toml").write_text('name = "Test"\nscript = "Latn"\ndate_order = "DMY"\n')
    (pack / "triggers.tsv").write_text(
        "surface\ttype\tmode\tcameo\tmatch\nmeet\tCONSULT\tvisit\t042\tword\n"
        "hit\tPUNCH\t\t190\tword\nsee\tAGREE\tphone\t030\tfuzzy\n"
    )
    (pack / "boilerplate.tsv").write_text(
        "pattern\tmatch\treason\twhere\nMore\tline\trelated_links\tany\n(unclosed\tregex\tad\tany\n"
    )
    (pack / "extra.txt").write_text("?")
    problems = check_pack("xx", root=tmp_path)
    assert "xx/triggers.tsv:3: unknown PLOVER type 'PUNCH'" in problems
    assert "xx/triggers.tsv:4: a mode is only for CONSULT" in problems
    assert "xx/triggers.tsv:4: unknown match kind 'fuzzy'" in problems
    assert "xx/extra.txt: unknown file in a language pack" in problems
    assert any(p.startswith("xx/boilerplate.tsv:3: not a usable rule") for p in problems)
    assert not any(p.startswith("xx/boilerplate.tsv:2") for p in problems)
    assert "xx/titles.tsv: missing" in problems


def test_langs_summary_counts_rows() -> None:
    summary = summarize("de")
    assert summary.triggers == len(pack_tsv("de", "triggers.tsv"))
    assert summary.types == 16


def _code_strings(path: Path) -> list[str]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


#: Canonical values are language-neutral by design even where they spell an English word.
CANONICAL = {t.casefold() for t in PloverType} | ROLES | CONSULT_MODES | {"former"}
#: Words of Python's own vocabulary that happen to be English triggers too.
CODE_WORDS = {"warning", "error"}


def _pack_words() -> set[str]:
    words: set[str] = set()
    for lang in pack_languages():
        for name, column in (("triggers.tsv", "surface"), ("titles.tsv", "surface")):
            words |= {r[column].casefold() for r in pack_tsv(lang, name) if len(r[column]) >= 4}
    return words - CANONICAL - CODE_WORDS


def test_pipeline_code_names_no_language_and_holds_no_word_list() -> None:
    names = {Locale("en").languages[lang] for lang in pack_languages()}
    words = _pack_words()
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        for text in _code_strings(path):
            folded = text.casefold()
            if any(name in text for name in names) or folded in words:
                offenders.append(f"{path.relative_to(SRC)}: {text!r}")
    assert offenders == []
    assert data_dir().is_dir()
