"""tidings: who did what to whom, where and when, from raw news in any language."""

__version__ = "0.1.0"
