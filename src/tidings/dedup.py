"""Exact and near-duplicate documents: syndicated copies, republished translations, reposts.

Why link rather than drop: a copy is still evidence that a story travelled (another outlet,
another day), and dropping it would make counts depend on ingestion order. Exact copies are
found by the stored content hash; near copies by MinHash signatures (datasketch) whose LSH
band keys live in the store, so finding candidates is one indexed lookup per band whatever
the store's size. Shingles are runs of word characters, so this works for any script;
within one language only (a translation shares no shingles with its original anyway).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash  # type: ignore[import-untyped]

from tidings.store import Store
from tidings.store.links import DocumentLink

#: Permutations per signature; with ``BANDS`` bands of ``ROWS`` rows, documents whose
#: shingle sets have Jaccard ≥ ~0.5 share a band key with high probability.
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
#: Estimated Jaccard similarity from which two documents count as near duplicates.
NEAR_THRESHOLD = 0.7
#: Words per shingle; texts with fewer words than this use character shingles.
SHINGLE_WORDS = 3
SHINGLE_CHARS = 5
MIN_WORDS = 8
SEED = 1
WORD = re.compile(r"\w+")


def make_shingles(text: str) -> set[str]:
    """Overlapping word triples (lower-cased); character 5-grams for unspaced scripts."""
    words = WORD.findall(text.casefold())
    if len(words) >= MIN_WORDS:
        return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 2)}
    flat = "".join(words)
    if len(flat) <= SHINGLE_CHARS:
        return {flat} if flat else set()
    return {flat[i : i + SHINGLE_CHARS] for i in range(len(flat) - SHINGLE_CHARS + 1)}


def make_signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in sorted(make_shingles(text))])
    return minhash


def band_keys(signature: MinHash, lang: str | None) -> list[str]:
    """One key per band, prefixed by language so blocking stays within a language."""
    values = signature.hashvalues
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"{lang or 'und'}:{band}:{hashlib.sha1(chunk).hexdigest()[:16]}")
    return keys


def estimate_similarity(a: bytes, b: bytes) -> float:
    """Share of equal MinHash values: an estimate of the two shingle sets' Jaccard index."""
    left = np.frombuffer(a, dtype=np.uint64)
    right = np.frombuffer(b, dtype=np.uint64)
    if left.shape != right.shape or not left.size:
        return 0.0
    return float(np.count_nonzero(left == right)) / float(left.size)


def link_duplicates(store: Store, doc_id: str) -> list[DocumentLink]:
    """Record this stored document's exact and near copies among earlier documents.

    Returns the links made, most similar first. Idempotent: a document already signed is
    not signed again.
    """
    facts = store.document_facts(doc_id)
    if facts is None:
        return []
    if store.has_signature(doc_id):
        links = [link for link in store.document_links(doc_id) if link.doc_id == doc_id]
        return sorted(links, key=lambda link: (-link.similarity, link.other_id))
    found: dict[str, DocumentLink] = {}
    for other in store.content_twins(doc_id, facts.content_hash):
        found[other] = DocumentLink(doc_id, other, "exact", 1.0)
    signature = make_signature(facts.text)
    raw = signature.hashvalues.astype(np.uint64).tobytes()
    keys = band_keys(signature, facts.lang)
    for other, other_raw in store.band_candidates(doc_id, keys):
        if other in found:
            continue
        similarity = estimate_similarity(raw, other_raw)
        if similarity >= NEAR_THRESHOLD:
            found[other] = DocumentLink(doc_id, other, "near", round(similarity, 3))
    for link in found.values():
        store.link_documents(link)
    store.add_minhash(doc_id, facts.lang, raw, keys)
    return sorted(found.values(), key=lambda link: (-link.similarity, link.other_id))
