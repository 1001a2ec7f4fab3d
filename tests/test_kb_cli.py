"""`tidings kb lookup | stats | check` on the shipped knowledge base."""

import json

import pytest
from click.testing import CliRunner

from tidings.kb_cli import kb


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(kb, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("name", "expected", "qid"),
    [
        ("Lukashenko", "kb:alexander_lukashenko", "Q2866"),
        ("Lukaschenko", "kb:alexander_lukashenko", "Q2866"),
        ("Loukachenko", "kb:alexander_lukashenko", "Q2866"),
        ("Лукашенко", "kb:alexander_lukashenko", "Q2866"),
        ("卢卡申科", "kb:alexander_lukashenko", "Q2866"),
        ("Tiongkok", "iso:CHN", "Q148"),
        ("Volksrepublik China", "iso:CHN", "Q148"),
        ("中国", "iso:CHN", "Q148"),
        ("КНР", "iso:CHN", "Q148"),
        ("Weißrussland", "iso:BLR", "Q184"),
        ("Belarusia", "iso:BLR", "Q184"),
        ("白俄罗斯", "iso:BLR", "Q184"),
        ("Perserikatan Bangsa-Bangsa", "Q1065", "Q1065"),
        ("Organisasi Kerja Sama Shanghai", "Q485207", "Q485207"),
        ("Shanghaier Organisation für Zusammenarbeit", "Q485207", "Q485207"),
        ("ШОС", "Q485207", "Q485207"),
        ("上海合作组织", "Q485207", "Q485207"),
        ("Burma", "iso:MMR", "Q836"),
    ],
)
def test_lookup_resolves_names_in_many_languages(name: str, expected: str, qid: str) -> None:
    code, output = run("lookup", name, "--json")
    assert code == 0
    best = json.loads(output)[0]
    assert (best["id"], best["qid"]) == (expected, qid)


def test_lookup_prints_the_qid_first() -> None:
    code, output = run("lookup", "Lukashenko")
    assert code == 0
    assert output.splitlines()[0].split("\t")[:2] == ["Q2866", "kb:alexander_lukashenko"]


def test_lookup_gives_the_role_at_the_date() -> None:
    code, output = run("lookup", "Lukaschenko", "--lang", "de", "--date", "2015-05-10", "--json")
    answer = json.loads(output)[0]
    assert code == 0
    assert (answer["role"], answer["country"], answer["former"]) == ("head_of_state", "BLR", False)


def test_lookup_keeps_a_former_president_former() -> None:
    code, output = run("lookup", "Obama", "--date", "2024-01-01", "--json")
    answer = json.loads(output)[0]
    assert code == 0
    assert answer["former"] is True
    assert answer["role"] == "head_of_state"
    _, text = run("lookup", "Obama", "--date", "2024-01-01")
    assert "former head_of_state" in text


def test_lookup_before_office_is_not_former() -> None:
    _, output = run("lookup", "Xi Jinping", "--date", "2010-01-01", "--json")
    answer = json.loads(output)[0]
    assert (answer["former"], answer["role"]) == (False, "other")


def test_lookup_of_an_unknown_name_fails() -> None:
    code, output = run("lookup", "Qwxzv Plonkadottir")
    assert code == 1
    assert "not in the knowledge base" in output


def test_stats_counts_every_kind() -> None:
    code, output = run("stats", "--json")
    counts = json.loads(output)
    assert code == 0
    assert counts["by_kind"]["org"] >= 150
    assert counts["by_kind"]["city"] >= 5000
    assert counts["by_kind"]["country"] >= 240
    assert counts["by_kind"]["person"] >= 300
    assert counts["people_with_tenures"] >= 300
    for lang in ("en", "de", "id", "ru", "zh"):
        assert counts["named_by_lang"][lang]["country"] >= 240


def test_stats_text_lists_pack_languages() -> None:
    code, output = run("stats")
    assert code == 0
    assert "person" in output
    assert any(line.split()[:1] == ["id"] for line in output.splitlines())


def test_check_passes_on_the_shipped_kb() -> None:
    code, output = run("check")
    assert code == 0, output
    assert output.strip().endswith("notices")
