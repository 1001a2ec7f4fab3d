"""Mark what in an article is not article: ads, "Baca juga", footers, credits, timestamps.

Why mark instead of delete: every later offset (mentions, events, evidence) must point into
the text the user gave us, so ``Document.text`` is never edited; stages skip the marked
spans instead (``Document.in_boilerplate``).

Why the rules of *all* language packs run on every page: noise is not in the language of
the article ("More Stories" under an Indonesian text, "© … All Rights Reserved" under a
German one). Each rule is one row of ``data/lang/<code>/boilerplate.tsv`` (format in
``docs/cleaning.md``) and every mark names the row that made it. Rules that name no
language (a line that is only a URL, a date stamp, a "©" line, a "[placeholder]") are
built in below.

Side effects, both only where the text states them: the URL of a source line
("Sumber: https://…") becomes ``doc.source_url``; a date stamp near the top becomes
``doc.published`` (basis ``text``) when no metadata date was given.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tidings.model import Boilerplate, Document, Span
from tidings.resources import pack_languages, pack_tsv

#: How many non-blank lines count as the "top" or the "bottom" of a document.
EDGE_LINES = 8
#: A line following a related-links header counts as a teaser when at most this long.
TEASER_MAX_CHARS = 160
#: At most this many teaser lines follow a header.
TEASER_MAX_LINES = 12
#: A ``tail`` header only removes the rest of the document when it starts after this share
#: of the text; nearer the top it is treated like a ``header`` (teasers only), so a
#: navigation menu can never wipe out the article.
TAIL_MIN_POSITION = 0.4
#: Lines up to this long are "short": date stamps, credits and "©" lines are short.
SHORT_LINE_CHARS = 160
#: How far from the top a date stamp may be to count as the publication date.
TOP_CHARS = 600

MATCH_KINDS = frozenset({"line", "prefix", "contains", "regex", "header", "tail"})
WHERE_KINDS = frozenset({"any", "top", "bottom"})


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: its stripped span, its stripped text and its position."""

    span: Span
    text: str
    index: int  # among non-blank lines


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled row of a ``boilerplate.tsv``."""

    pattern: str
    match: str
    reason: str
    where: str
    origin: str
    regex: re.Pattern[str] | None = None


def clean(doc: Document) -> Document:
    """Mark boilerplate spans of ``doc`` (and set ``source_url``/``published`` if stated)."""
    lines = split_lines(doc.text)
    found: list[Boilerplate] = []
    for rule in pack_rules():
        found.extend(apply_rule(rule, lines, len(doc.text)))
    found.extend(apply_builtin_rules(lines))
    found.extend(mark_stamp_labels(lines, found))
    known = {(b.span, b.reason) for b in doc.boilerplate}
    # a pack mark wins over a built-in one on the same span: it may state a source URL
    order = sorted(found, key=lambda b: (b.span.start, b.span.end, b.rule.startswith("builtin:")))
    for mark in order:
        if (mark.span, mark.reason) not in known:
            doc.boilerplate.append(mark)
            known.add((mark.span, mark.reason))
    doc.boilerplate.sort(key=lambda b: (b.span.start, b.span.end))
    if doc.source_url is None:
        doc.source_url = find_source_url(doc)
    if doc.published is None:
        day = find_text_date(doc)
        if day is not None:
            doc.published = day
            doc.published_basis = "text"
    return doc


def clean_stage(doc: Document) -> Document:
    """Pipeline stage wrapper: same as ``clean``."""
    return clean(doc)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of ``text`` with spans that exclude surrounding whitespace."""
    lines: list[Line] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(Span(start, start + len(stripped)), stripped, len(lines)))
    return lines


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


#: A list marker before a menu item ("1. ", "• ", "- "): skip links and menus are often
#: rendered as numbered or bulleted lists, and a pack row names the item, not the marker.
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[•·*▪►»–—-])\s+")


def _fold_item(text: str) -> str:
    """The folded line without a leading list marker."""
    return _fold(_LIST_MARKER.sub("", text, count=1))


@functools.cache
def pack_rules() -> tuple[Rule, ...]:
    """Every valid row of every pack's ``boilerplate.tsv``, compiled once."""
    rules: list[Rule] = []
    for lang in pack_languages():
        for row in pack_tsv(lang, "boilerplate.tsv"):
            rule = compile_rule(
                row.get("pattern"),
                row.get("match"),
                row.get("reason"),
                row.get("where", "any"),
                row.origin,
            )
            if rule is not None:
                rules.append(rule)
    return tuple(rules)


def compile_rule(pattern: str, match: str, reason: str, where: str, origin: str) -> Rule | None:
    """A ``Rule`` from one row's fields; None when the row is unusable (bad kind or regex)."""
    if not pattern or not reason or match not in MATCH_KINDS or where not in WHERE_KINDS:
        return None
    regex = None
    if match == "regex":
        try:
            regex = re.compile(pattern)
        except re.error:
            return None
    if match == "regex":
        key = pattern
    elif match in {"header", "tail"}:
        key = _fold(pattern).rstrip(":").strip()
    else:
        key = _fold(pattern)
    return Rule(key, match, reason, where, origin, regex)


def _in_region(line: Line, where: str, count: int) -> bool:
    if where == "top":
        return line.index < EDGE_LINES
    if where == "bottom":
        return line.index >= count - EDGE_LINES
    return True


def apply_rule(rule: Rule, lines: list[Line], text_length: int) -> Iterator[Boilerplate]:
    """The marks one rule makes on the lines of a document."""
    for line in lines:
        if not _in_region(line, rule.where, len(lines)):
            continue
        if rule.regex is not None:
            hit = rule.regex.search(line.text)
            if hit and hit.end() > hit.start():
                start = line.span.start + hit.start()
                end = line.span.start + hit.end()
                span = _strip_span(line, start, end)
                if span is not None:
                    yield Boilerplate(span=span, reason=rule.reason, rule=rule.origin)
            continue
        folded = _fold_item(line.text)
        if rule.match in {"header", "tail"}:
            if folded.rstrip(":").strip() == rule.pattern:
                yield from _mark_following(rule, line, lines, text_length)
            continue
        if _line_matches(rule, folded):
            yield Boilerplate(span=line.span, reason=rule.reason, rule=rule.origin)


def _line_matches(rule: Rule, folded: str) -> bool:
    if rule.match == "line":
        return folded == rule.pattern
    if rule.match == "prefix":
        return folded.startswith(rule.pattern)
    return rule.pattern in folded and len(folded) <= SHORT_LINE_CHARS  # contains


def _strip_span(line: Line, start: int, end: int) -> Span | None:
    """Shrink a sub-line span to exclude whitespace at either end."""
    piece = line.text[start - line.span.start : end - line.span.start]
    left = len(piece) - len(piece.lstrip())
    right = len(piece) - len(piece.rstrip())
    if start + left >= end - right:
        return None
    return Span(start + left, end - right)


def _mark_following(
    rule: Rule, header: Line, lines: list[Line], text_length: int
) -> Iterator[Boilerplate]:
    after = lines[header.index + 1 :]
    if rule.match == "tail" and header.span.start >= TAIL_MIN_POSITION * text_length:
        end = after[-1].span.end if after else header.span.end
        yield Boilerplate(span=Span(header.span.start, end), reason=rule.reason, rule=rule.origin)
        return
    end = header.span.end
    for line in after[:TEASER_MAX_LINES]:
        if len(line.text) > TEASER_MAX_CHARS:
            break
        end = line.span.end
    yield Boilerplate(span=Span(header.span.start, end), reason=rule.reason, rule=rule.origin)


# --- built-in rules: shapes that name no language -------------------------------------

_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"')\]]+|www\.[^\s<>\"')\]]+", re.IGNORECASE)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}/\d{1,2}/\d{1,2}"
    r"|\d{1,2}/\d{1,2})(?!\d)"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_PLACEHOLDER = re.compile(r"^(?:\[[\w-]+\]|\{\{[^{}]+\}\}|%%[\w-]+%%)$")
_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’»«)]*$")


def _letter_words(text: str) -> int:
    return sum(1 for word in text.split() if any(ch.isalpha() for ch in word))


def is_timestamp_line(text: str) -> bool:
    """A short line that is a date stamp: "16.09.2022 09:19:33", "2022-10-03 13:08 update: …",
    "(Agency)| 13/09/2023 12:25", "00:59"; not a sentence that merely holds a date."""
    if len(text) > 80 or _SENTENCE_END.search(text):
        return False
    has_clock = bool(_CLOCK.search(text))
    has_date = bool(_NUMERIC_DATE.search(text) or _YEAR.search(text))
    if not (has_clock or has_date):
        return False
    if _letter_words(text) == 0:
        return True
    return has_clock and has_date and _letter_words(text) <= 6


def _is_numeric_widget(text: str) -> bool:
    """A short line without letters but with digits: tickers, counters ("80.7321")."""
    return (
        len(text) <= 40
        and not any(ch.isalpha() for ch in text)
        and any(ch.isdigit() for ch in text)
    )


def _is_copyright(text: str) -> bool:
    return len(text) <= SHORT_LINE_CHARS and (text.startswith(("©", "(c) ", "(C) ")) or "©" in text)


def _is_agency_credit(text: str) -> bool:
    """ "Name Surname/AGENCY" or "AGENCY/Name": a photo credit line."""
    if len(text) > 60 or text.count("/") != 1 or _SENTENCE_END.search(text):
        return False
    left, right = (part.strip() for part in text.split("/"))
    if not left or not right or len(text.split()) > 6:
        return False
    return any(
        2 <= len(part) <= 10 and part.isupper() and " " not in part for part in (left, right)
    )


_EMBED = re.compile(r"pic\.twitter\.com/|https?://t\.co/", re.IGNORECASE)
_COUNTER = re.compile(r"^\(\d+\)\s*[^\W\d_]+(?:\s+[^\W\d_]+)?$")
#: A line whose URLs leave at most this many words: "Theo www.site.vn", "Source https://…".
URL_LINE_MAX_WORDS = 2
#: A line at least this share URL characters is a list of links (an image ``srcset``).
URL_SHARE_MIN = 0.6
_IMAGE_URL = re.compile(
    r"\.(?:jpe?g|png|webp|gif|avif|svg)(?:\?\S*)?(?:\s+\d+[wx])?(?:,|\s|$)", re.I
)


def is_url_line(text: str) -> bool:
    """A line that is only a URL, or a URL with a word or two around it and no sentence."""
    if _URL_LINE.match(text):
        return True
    urls = _URL.findall(text)
    if not urls or len(text) > SHORT_LINE_CHARS or _SENTENCE_END.search(_URL.sub("", text)):
        return False
    return _letter_words(_URL.sub(" ", text)) <= URL_LINE_MAX_WORDS


def is_link_list(text: str) -> bool:
    """A line made mostly of URLs (an image ``srcset``, a pasted link list)."""
    urls = _URL.findall(text)
    if not urls:
        return False
    url_chars = sum(len(url) for url in urls)
    solid = sum(1 for ch in text if not ch.isspace())
    return url_chars >= URL_SHARE_MIN * solid or len(_IMAGE_URL.findall(text)) >= 2


def is_doubled_line(text: str) -> bool:
    """ "Title Title": a teaser whose link text was scraped twice (image alt + caption)."""
    if len(text) > SHORT_LINE_CHARS or _SENTENCE_END.search(text):
        return False  # a doubled sentence is text scraped twice: keep it, it says something
    words = text.split()
    half = len(words) // 2
    return len(words) >= 4 and len(words) % 2 == 0 and words[:half] == words[half:]


_BUILTINS: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("builtin:url_line", "source_line", is_url_line),
    ("builtin:link_list", "embed", is_link_list),
    ("builtin:timestamp_line", "timestamp", is_timestamp_line),
    ("builtin:numeric_line", "widget", _is_numeric_widget),
    ("builtin:copyright", "copyright", _is_copyright),
    ("builtin:placeholder", "ad_placeholder", lambda text: bool(_PLACEHOLDER.match(text))),
    ("builtin:agency_credit", "photo_credit", _is_agency_credit),
    ("builtin:social_embed", "embed", lambda text: bool(_EMBED.search(text))),
    ("builtin:counter", "comment_counter", lambda text: bool(_COUNTER.match(text))),
    ("builtin:doubled_line", "related_links", is_doubled_line),
)


def apply_builtin_rules(lines: list[Line]) -> Iterator[Boilerplate]:
    """Marks of the language-neutral rules; at most one per line (the first that fires)."""
    for line in lines:
        for name, reason, test in _BUILTINS:
            if test(line.text):
                yield Boilerplate(span=line.span, reason=reason, rule=name)
                break
    yield from mark_clock_lists(lines)
    yield from mark_meta_lines(lines)


#: A meta line near the top: "Name | With agencies | Section", every part at most this
#: many words, at least this many parts.
META_PART_MAX_WORDS = 4
META_MIN_PARTS = 3
_META_SEPARATOR = re.compile(r"\s+[|•·]\s+")


def is_meta_line(text: str) -> bool:
    """A short line of three or more short parts split by "|" or "•": author, agency,
    section, date."""
    if len(text) > SHORT_LINE_CHARS or _SENTENCE_END.search(text) or text[:1] in "|•·":
        return False
    if sum(ch.isdigit() for ch in text) > len(text) // 4:  # a table row, not a byline
        return False
    parts = _META_SEPARATOR.split(text)
    return len(parts) >= META_MIN_PARTS and all(
        0 < len(part.split()) <= META_PART_MAX_WORDS for part in parts
    )


def mark_meta_lines(lines: list[Line]) -> Iterator[Boilerplate]:
    """Mark byline/section meta lines among the top lines (built-in rule)."""
    for line in lines[:EDGE_LINES]:
        if is_meta_line(line.text):
            yield Boilerplate(span=line.span, reason="byline", rule="builtin:meta_line")


#: Reasons of a stamp or ticker line whose one-word label line above belongs with it.
STAMP_REASONS = frozenset({"timestamp", "widget"})
#: A label is one word of at most this many characters ("Moskau", "USD", "Kurse").
LABEL_MAX_CHARS = 24


def mark_stamp_labels(lines: list[Line], found: list[Boilerplate]) -> list[Boilerplate]:
    """A one-word line right above a date stamp or ticker value is its label: a dateline
    place ("Moskau" over "21.11.2025 17:39") or a ticker name ("USD" over "80.73").
    Works upwards, so a ticker of label/value rows is marked whole (built-in rule)."""
    reason_at: dict[int, str] = {}
    for mark in found:
        if mark.reason in STAMP_REASONS:
            for line in lines:
                if line.span.start == mark.span.start and line.span.end == mark.span.end:
                    reason_at[line.index] = mark.reason
    labels: list[Boilerplate] = []
    for line in reversed(lines[:-1]):
        below = reason_at.get(line.index + 1)
        if below is None or line.index in reason_at:
            continue
        if len(line.text) <= LABEL_MAX_CHARS and len(line.text.split()) == 1:
            reason_at[line.index] = below
            labels.append(Boilerplate(span=line.span, reason=below, rule="builtin:stamp_label"))
    return labels


#: A list of clock times ("00:59") each followed by a short teaser, in the lower part of
#: a page, is a video/teaser widget. At least this many clocks, at most this many
#: teaser lines between two of them.
CLOCK_LIST_MIN = 3
CLOCK_LIST_GAP = 3
_CLOCK_ONLY = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")


def mark_clock_lists(lines: list[Line]) -> Iterator[Boilerplate]:
    """Mark a teaser list made of clock-time lines and short titles (built-in rule)."""
    clocks = [i for i, line in enumerate(lines) if _CLOCK_ONLY.match(line.text)]
    run: list[int] = []
    for i in [*clocks, -1]:
        if run and i != -1 and i - run[-1] - 1 <= CLOCK_LIST_GAP and _all_short(lines, run[-1], i):
            run.append(i)
            continue
        lower_part = (
            bool(run) and lines[run[0]].span.start >= TAIL_MIN_POSITION * lines[-1].span.end
        )
        if len(run) >= CLOCK_LIST_MIN and lower_part:
            last = run[-1]
            tail = lines[last + 1 : last + 1 + CLOCK_LIST_GAP]
            end_line = lines[last]
            if (
                tail
                and len(lines) - last - 1 <= CLOCK_LIST_GAP
                and _all_short(lines, last, len(lines))
            ):
                end_line = tail[-1]
            span = Span(lines[run[0]].span.start, end_line.span.end)
            yield Boilerplate(span=span, reason="related_links", rule="builtin:clock_list")
        run = [i] if i != -1 else []


def _all_short(lines: list[Line], first: int, stop: int) -> bool:
    return all(len(line.text) <= TEASER_MAX_CHARS for line in lines[first + 1 : stop])


# --- side effects ---------------------------------------------------------------------


def find_source_url(doc: Document) -> str | None:
    """The first URL inside a span a pack rule marked as a source line ("Sumber: http…")."""
    for mark in doc.boilerplate:
        if mark.reason == "source_line" and not mark.rule.startswith("builtin:"):
            hit = _URL.search(doc.span_text(mark.span))
            if hit:
                url = hit.group().rstrip(".,;")
                return url if url.lower().startswith("http") else f"http://{url}"
    return None


def find_text_date(doc: Document) -> dt.date | None:
    """The date of the first timestamp mark near the top, when it reads unambiguously."""
    for mark in doc.boilerplate:
        if mark.span.start > TOP_CHARS:
            break
        if mark.reason == "timestamp":
            day = parse_numeric_date(doc.span_text(mark.span))
            if day is not None:
                return day
    return None


_DATE_FORMS = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"), "slash"),
)


def parse_numeric_date(text: str) -> dt.date | None:
    """The first all-digit date in ``text``; None when absent, invalid or ambiguous.

    ``12/09/2023`` could be 12 September or 9 December, so a slash date is read only when
    one of its first two numbers is above 12 (or both are equal). Dotted dates are
    day-first wherever they are used.
    """
    best: tuple[int, dt.date] | None = None
    for regex, order in _DATE_FORMS:
        hit = regex.search(text)
        if not hit:
            continue
        a, b, c = (int(x) for x in hit.groups())
        if order == "ymd":
            parts = (a, b, c)
        elif order == "dmy" or a > 12 >= b or a == b:
            parts = (c, b, a)
        elif b > 12 >= a:
            parts = (c, a, b)
        else:
            continue
        try:
            day = dt.date(*parts)
        except ValueError:
            continue
        if best is None or hit.start() < best[0]:
            best = (hit.start(), day)
    return best[1] if best else None
