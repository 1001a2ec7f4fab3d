"""Temporal expressions: the lexicon, patterns and anchoring rules behind ``tidings.time``."""
