"""Find mentions of KB entities, titles and demonyms in a document's text.

Why one automaton: every alias of every language (~40,000 folded forms) and every pack
title go into a single Aho-Corasick automaton, built once per KB, so a document is
scanned once whatever its language. Matches are kept only on word boundaries (not needed
in scripts written without spaces), the longest match wins and matches never overlap,
so "Shanghai" inside "Organisasi Kerja Sama Shanghai" is not a city. Matching runs on
folded text; every mention's span points into the original ``Document.text``.

Titles ("Perdana Menteri", "Staatspräsident") pick up the country written next to them
("Presiden Belarusia", "der chinesische Staatspräsident") and hand role and country to the
person they introduce; a title followed by a capitalised name the KB lacks yields a
provisional person (``prov:<folded name>``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace

import ahocorasick

from tidings.entities.fold import Folded, fold, fold_with_offsets
from tidings.entities.kb import CASE_EXACT, CASE_INITIAL, AliasRef, KnowledgeBase, usable_in
from tidings.model import Document, Mention, Span
from tidings.resources import pack_languages, pack_toml, pack_tsv

#: Role value of title rows that mark the next title as a past one ("former", "mantan").
FORMER = "former"

#: Words allowed between a title and what goes with it: an adjective or "former" before
#: it ("der chinesische Staatspräsident"), a country after it ("Prime Minister of India"),
#: then the person ("Presiden Belarusia, Alexander Lukashenko").
ADJECTIVE_GAP = 1
COUNTRY_GAP = 2
PERSON_GAP = 1
#: Lowest alias prior that may match with an inflection ("Chinas", "Rusianya"). Minor
#: GeoNames cities (prior 0.3) may not: "Hamas" is not the genitive of Hama.
INFLECTED_MIN_PRIOR = 0.5

#: A name shorter than this (folded) is not matched after a clitic prefix: too many words
#: would end in it.
MIN_PREFIXED_KEY = 3
#: Longest capitalised name captured after a title when the KB does not know it.
MAX_NAME_TOKENS = 4

_BREAK = re.compile(r"[.!?;:\n()\[\]\"“”«»|，。；：！？（）「」『』、]")
_COUNTRYISH = frozenset({"country", "demonym"})
_WORD = re.compile(r"\w+")
#: Spaces and opening quotes, then words on one line: a name after a title, any script.
_CASELESS_NAME = re.compile(r"[ \t]*[\"“«„'‘]?[ \t]*([^\W\d_][^\n.,;:!?\"”»“«()]*)")
#: A comma right after a title, and what may close the name it sets off.
_APPOSITION_OPEN = re.compile(r"[ \t]*,[ \t]")
_APPOSITION_CLOSE = re.compile(r"[ \t]*(?:[,;:.!?)]|$)")
_NEXT_TOKEN = re.compile(r"[ \t]+([^\W\d_](?:[\w'’-]*\w)?)")


@dataclass(frozen=True, slots=True)
class TitleRow:
    """One row of a pack's ``titles.tsv``."""

    surface: str
    role: str
    country: str | None
    lang: str
    origin: str


@dataclass(frozen=True, slots=True)
class Matcher:
    """Everything ``find_mentions`` needs, built once per KB."""

    automaton: ahocorasick.Automaton
    titles: dict[str, tuple[TitleRow, ...]]
    name_suffixes: dict[str, tuple[str, ...]]
    adjective_suffixes: dict[str, tuple[str, ...]]
    #: Clitics a pack allows before a name inside one word (Arabic "و", "ب", "ل").
    name_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(slots=True)
class _Hit:
    start: int  # folded offsets
    end: int
    refs: tuple[AliasRef, ...]
    titles: tuple[TitleRow, ...]
    span: Span  # original offsets


_MATCHERS: dict[str, Matcher] = {}


def build_matcher(kb: KnowledgeBase) -> Matcher:
    """The automaton over all KB aliases and pack titles, with the packs' suffix lists."""
    titles: dict[str, list[TitleRow]] = {}
    name_suffixes: dict[str, tuple[str, ...]] = {}
    adjective_suffixes: dict[str, tuple[str, ...]] = {}
    name_prefixes: dict[str, tuple[str, ...]] = {}
    for lang in pack_languages():
        for row in pack_tsv(lang, "titles.tsv"):
            surface = row["surface"].strip()
            title = TitleRow(surface, row["role"], row.get("country") or None, lang, row.origin)
            titles.setdefault(fold(surface), []).append(title)
        inflection = pack_toml(lang, "inflection.toml")
        name_suffixes[lang] = tuple(fold(s) for s in inflection.get("name_suffixes", []))
        adjective_suffixes[lang] = tuple(fold(s) for s in inflection.get("adjective_suffixes", []))
        prefixes = sorted({fold(s) for s in inflection.get("name_prefixes", [])}, key=len)
        name_prefixes[lang] = tuple(reversed(prefixes))
    automaton = ahocorasick.Automaton()
    for key in kb.aliases:
        automaton.add_word(key, key)
    for key in titles:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return Matcher(
        automaton,
        {k: tuple(v) for k, v in titles.items()},
        name_suffixes,
        adjective_suffixes,
        name_prefixes,
    )


def matcher_for(kb: KnowledgeBase) -> Matcher:
    """The cached matcher of ``kb`` (one per KB fingerprint and process)."""
    matcher = _MATCHERS.get(kb.fingerprint)
    if matcher is None:
        matcher = _MATCHERS[kb.fingerprint] = build_matcher(kb)
    return matcher


def is_unspaced(char: str) -> bool:
    """True for scripts written without spaces between words (CJK, Thai, ...)."""
    code = ord(char)
    return (
        0x0E00 <= code <= 0x0EFF  # Thai, Lao
        or 0x1000 <= code <= 0x109F  # Myanmar
        or 0x1780 <= code <= 0x17FF  # Khmer
        or 0x2E80 <= code <= 0x9FFF  # CJK radicals, kana, CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables (particles attach to names)
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


def _needs_boundary(char: str) -> bool:
    return char.isalnum() and not is_unspaced(char)


def _boundary_before(text: str, start: int, key: str, prefixes: tuple[str, ...] = ()) -> bool:
    """True when a match may start at ``start``: at a word start, or after one of the
    language's clitic ``prefixes`` that itself starts a word ("والعراق", "بموسكو")."""
    if not _needs_boundary(key[0]) or start == 0 or not text[start - 1].isalnum():
        return True
    if len(key) < MIN_PREFIXED_KEY:
        return False
    for prefix in prefixes:
        begin = start - len(prefix)
        if begin >= 0 and text.startswith(prefix, begin):
            return begin == 0 or not text[begin - 1].isalnum()
    return False


def _end_after(text: str, end: int, key: str, suffixes: tuple[str, ...]) -> int | None:
    """Where a match ending at ``end`` really ends: itself, itself plus a suffix, or None."""
    if not _needs_boundary(key[-1]) or end == len(text) or not text[end].isalnum():
        return end
    for suffix in suffixes:
        stop = end + len(suffix)
        if (
            suffix
            and text.startswith(suffix, end)
            and (stop == len(text) or not text[stop].isalnum())
        ):
            return stop
    return None


def _case_agrees(ref: AliasRef, surface: str) -> bool:
    if ref.case == CASE_EXACT:
        return unicodedata.normalize("NFC", surface) == ref.surface
    if ref.case == CASE_INITIAL:
        first = next((c for c in surface if c.isalpha()), "")
        return not first.islower()
    return True


def _suffixes(table: dict[str, tuple[str, ...]], lang: str | None) -> tuple[str, ...]:
    if lang is not None and lang in table:
        return table[lang]
    return tuple(sorted({s for values in table.values() for s in values}, key=len, reverse=True))


def _raw_hits(doc: Document, folded: Folded, matcher: Matcher, kb: KnowledgeBase) -> list[_Hit]:
    text, lang = folded.text, doc.lang
    names, adjectives = (
        _suffixes(matcher.name_suffixes, lang),
        _suffixes(matcher.adjective_suffixes, lang),
    )
    prefixes = matcher.name_prefixes.get(lang or "", ())
    hits: list[_Hit] = []
    for last, key in matcher.automaton.iter(text):
        start, end = last - len(key) + 1, last + 1
        if not _boundary_before(text, start, key, prefixes):
            continue
        key_span = folded.original_span(start, end)
        surface = doc.text[key_span[0] : key_span[1]]
        refs = tuple(
            r for r in kb.aliases.get(key, ()) if usable_in(r, lang) and _case_agrees(r, surface)
        )
        titles = matcher.titles.get(key, ())
        stop_plain = _end_after(text, end, key, ())
        if stop_plain is None:
            # only an inflected form can end here: keep the refs whose suffixes allow it
            stop_name = _end_after(text, end, key, names)
            stop_adj = _end_after(text, end, key, adjectives)
            kept = [
                r
                for r in refs
                if (stop_adj if r.kind == "demonym" else stop_name) is not None
                and (r.kind == "demonym" or r.prior >= INFLECTED_MIN_PRIOR)
            ]
            if not kept:
                continue
            stop = max((stop_adj if r.kind == "demonym" else stop_name) or end for r in kept)
            refs, titles, end = tuple(kept), (), stop
        if not refs and not titles:
            continue
        span = Span(*folded.original_span(start, end))
        if doc.in_boilerplate(span):
            continue
        hits.append(_Hit(start, end, refs, titles, span))
    return hits


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    """Keep the longest matches; a shorter one overlapping a kept one is dropped."""
    kept: list[_Hit] = []
    taken = bytearray(max((h.end for h in hits), default=0))
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if any(taken[hit.start : hit.end]):
            continue
        kept.append(hit)
        taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    return sorted(kept, key=lambda h: h.start)


def _rank(refs: tuple[AliasRef, ...]) -> list[AliasRef]:
    return sorted(refs, key=lambda r: (-r.prior, r.short))


def _mention_of(doc: Document, hit: _Hit) -> Mention:
    surface = doc.span_text(hit.span)
    if hit.refs:
        ranked = _rank(hit.refs)
        best = ranked[0]
        candidates = tuple(dict.fromkeys(r.kb_id for r in ranked))
        country = None
        return Mention(
            span=hit.span,
            surface=surface,
            kind=best.kind,
            candidates=candidates,
            country=country,
            rule=f"alias:{'short' if best.short else ','.join(best.langs[:3])}",
        )
    title = _pick_title(hit.titles, doc.lang)
    return Mention(
        span=hit.span,
        surface=surface,
        kind="title",
        role=title.role,
        country=title.country,
        rule=title.origin,
    )


def _pick_title(rows: tuple[TitleRow, ...], lang: str | None) -> TitleRow:
    own = [r for r in rows if r.lang == lang]
    return (own or list(rows))[0]


def _gap_ok(doc: Document, start: int, end: int, max_tokens: int, breaks: re.Pattern[str]) -> bool:
    if end < start:
        return False
    gap = doc.text[start:end]
    return not breaks.search(gap) and len(_WORD.findall(gap)) <= max_tokens


def _country_of_mention(kb: KnowledgeBase, mention: Mention) -> str | None:
    if mention.kind in {"country", "demonym"} and mention.candidates:
        return kb.country_of(mention.candidates[0])
    return None


def _capitalised_name(doc: Document, start: int, stops: set[int]) -> Span | None:
    """Up to ``MAX_NAME_TOKENS`` capitalised words right after ``start``, not a KB mention."""
    text, pos = doc.text, start
    first: int | None = None
    end: int | None = None
    for _ in range(MAX_NAME_TOKENS):
        match = _NEXT_TOKEN.match(text, pos)
        if match is None or match.start(1) in stops or not match.group(1)[0].isupper():
            break
        first = match.start(1) if first is None else first
        end = pos = match.end(1)
    return Span(first, end) if first is not None and end is not None else None


def _appositive_name(doc: Document, start: int, stops: set[int]) -> Span | None:
    """A name set off by commas right after a title ("the Kyrgyz president, Tolobek
    Asanaliev, said"): two or more capitalised words, closed by a comma or the clause's end,
    so "the president, Western officials said" is no name."""
    comma = _APPOSITION_OPEN.match(doc.text, start)
    if comma is None:
        return None
    name = _capitalised_name(doc, comma.end() - 1, stops)
    if name is None or len(_WORD.findall(doc.text[name.start : name.end])) < 2:
        return None
    return name if _APPOSITION_CLOSE.match(doc.text, name.end) else None


def _near(doc: Document, left: Mention | None, right: Mention | None, tokens: int) -> bool:
    """True when ``right`` follows ``left`` within ``tokens`` words in the same clause."""
    if left is None or right is None:
        return False
    return _gap_ok(doc, left.span.end, right.span.start, tokens, _BREAK)


def _qualifies(doc: Document, before: Mention, title: Mention) -> bool:
    """True when a country word right before a title says whose title it is.

    An adjective may stand a word away ("der chinesische Staatspräsident"); a country name
    only directly or as a possessive ("China's President"), never across a clause.
    """
    if before.kind == "demonym":
        return _near(doc, before, title, ADJECTIVE_GAP)
    gap = fold(doc.text[before.span.end : title.span.start]).strip()
    if before.kind != "country":
        return False
    possessives = _possessives(doc.lang)
    if gap == "" or gap in possessives:
        return True
    # one modifier after a possessive: "Taiwan's Vice Foreign Minister", "Russia's top envoy"
    possessive, _, rest = gap.partition(" ")
    return possessive in possessives and len(_WORD.findall(rest)) == 1 and not _BREAK.search(rest)


@functools.cache
def _possessives(lang: str | None) -> frozenset[str]:
    """The pack's possessive endings written after a country name ("'s"), folded."""
    if lang is None:
        return frozenset()
    return frozenset(fold(p) for p in pack_toml(lang, "pack.toml").get("possessives", []))


def _attach_titles(doc: Document, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """Give titles their country and the person after them role and country."""
    out = list(mentions)
    starts = {m.span.start for m in out}
    extra: list[Mention] = []
    for i, title in enumerate(out):
        if title.kind != "title" or title.role == FORMER:
            continue
        role, country = title.role, title.country
        before = out[i - 1] if i > 0 else None
        if (
            before is not None
            and before.role == FORMER
            and _near(doc, before, title, ADJECTIVE_GAP)
        ):
            role = "other"
        after, anchor = i + 1, title
        following = out[after] if after < len(out) else None
        qualified = before is not None and _qualifies(doc, before, title)
        # "Taiwan's Vice Foreign Minister visited Russia": a country word right before the
        # title already says whose title it is; a later country is not its complement
        if (
            following is not None
            and following.kind in _COUNTRYISH
            and _near(doc, title, following, 0 if qualified else COUNTRY_GAP)
        ):
            country = country or _country_of_mention(kb, following)
            after, anchor = after + 1, following
        if before is not None and qualified:
            country = country or _country_of_mention(kb, before)
        out[i] = replace(title, role=role, country=country)
        person = out[after] if after < len(out) else None
        if (
            person is not None
            and person.kind == "person"
            and _near(doc, anchor, person, PERSON_GAP)
        ):
            out[after] = replace(person, role=role, country=country)
            continue
        name = _capitalised_name(doc, anchor.span.end, starts) or _appositive_name(
            doc, anchor.span.end, starts
        )
        if name is not None:
            extra.append(_person_from_name(doc, kb, name, role, country))
            continue
        known = _caseless_person(doc, kb, anchor.span.end, starts, role, country)
        if known is not None:
            extra.append(known)
    return sorted(out + extra, key=lambda m: m.span.start)


def _is_caseless_word(word: str) -> bool:
    return word[:1].isalpha() and word[:1].lower() == word[:1].upper()


def _caseless_person(
    doc: Document,
    kb: KnowledgeBase,
    start: int,
    stops: set[int],
    role: str | None,
    country: str | None,
) -> Mention | None:
    """In scripts without capitals (Arabic, Persian ...), a title followed by a KB person's
    name in a spelling the KB lacks ("وزير الخارجية السويدي “توبياس بيلسيتروم”").

    Without capitals nothing marks where a name ends, so only a fuzzy match with a KB
    person of the title's country counts; no provisional person is made.
    """
    match = _CASELESS_NAME.match(doc.text, start)
    if match is None or match.start(1) in stops:
        return None
    words = list(_WORD.finditer(doc.text, match.start(1), match.end(1)))
    for count in range(min(len(words), MAX_NAME_TOKENS), 1, -1):
        chosen = words[:count]
        if not all(_is_caseless_word(w.group()) for w in chosen):
            continue
        span = Span(chosen[0].start(), chosen[-1].end())
        mention = _person_from_name(doc, kb, span, role, country)
        if mention.kb_id is None:  # a KB match, not a provisional id
            return mention
    return None


def _person_from_name(
    doc: Document, kb: KnowledgeBase, span: Span, role: str | None, country: str | None
) -> Mention:
    """A person named after a title: a fuzzy KB match of the right country, else provisional."""
    surface = doc.span_text(span)
    found = [
        i
        for i in kb.fuzzy_people(surface)
        if country is None or kb.country_of(i) in {country, None}
    ]
    if found:
        return Mention(
            span=span,
            surface=surface,
            kind="person",
            candidates=tuple(found),
            role=role,
            country=country,
            rule="title+fuzzy",
        )
    return Mention(
        span=span,
        surface=surface,
        kind="person",
        kb_id="prov:" + fold(surface),
        role=role,
        country=country,
        rule="title+name",
    )


def find_mentions(doc: Document, kb: KnowledgeBase) -> list[Mention]:
    """All mentions in ``doc.text`` outside boilerplate, in text order, not yet linked."""
    if not doc.text:
        return []
    matcher = matcher_for(kb)
    folded = fold_with_offsets(doc.text)
    hits = _longest_first(_raw_hits(doc, folded, matcher, kb))
    mentions = [_mention_of(doc, hit) for hit in hits]
    return _attach_titles(doc, mentions, kb)
