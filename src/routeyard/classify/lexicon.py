"""Reading a long text's words without one str object per word.

Splitting a 2,000-character prompt costs more than what the rules then do with its words:
about 350 str objects to make, hash and free, for a few set lookups. The optional C module
``_lexicon.c`` (built at install with the kernel) reads the words straight out of the text and
looks them up in a table of the words that matter: ``WordFinder`` for the rules layer, and the
tokeniser's chunk cache (``routeyard.learn.wordpiece``). Without it, or with
``ROUTEYARD_KERNEL=off``, the same answers come from ``str.split`` (tests hold the C path to it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Protocol

from routeyard.classify.features import BREAKS, WORD_BREAKS

MAX_KEY = 128  # characters; the C table holds no longer keys


class Lexicon(Protocol):
    """The C table (``_lexicon.c`` says what each method does)."""

    def add(self, key: str, value: object, /) -> None: ...
    def clear(self) -> None: ...
    def words_in(self, text: str, /) -> frozenset[str] | None: ...
    def fill(self, text: str, start: int, out: list[int], max_tokens: int, /) -> int | None: ...
    def __len__(self) -> int: ...


def kernel_wanted() -> bool:
    """False when ROUTEYARD_KERNEL says off: every C path then gives way to Python."""
    return os.environ.get("ROUTEYARD_KERNEL", "on").strip().lower() not in {"off", "0", "no"}


def lexicon_type() -> Callable[..., Lexicon] | None:
    """The compiled ``Lexicon`` class, or None (not built, or switched off)."""
    if not kernel_wanted():
        return None
    try:
        from routeyard.classify._lexicon import Lexicon as Compiled
    except ImportError:
        return None
    return Compiled


def storable(word: str) -> bool:
    """A word the C table can hold: ASCII, lower-case, 1 to MAX_KEY characters."""
    return 0 < len(word) <= MAX_KEY and word.isascii() and word == word.lower()


class WordFinder:
    """The words of a lower-cased text, as far as anyone looks for them: ``words(text)`` is the
    set of the text's words (runs between whitespace and WORD_BREAKS punctuation) that are in
    ``watched``, or, on the Python path, all of them, which answers every question about the
    watched words the same way. A word that no ASCII text can hold needs no entry: such a text
    is read in Python."""

    def __init__(self, watched: Iterable[str]) -> None:
        self.lexicon: Lexicon | None = None
        kind = lexicon_type()
        if kind is not None:
            lexicon = kind(BREAKS)
            for word in watched:
                if storable(word) and not any(c in BREAKS or c.isspace() for c in word):
                    lexicon.add(word, None)
            self.lexicon = lexicon

    def words(self, lower: str) -> frozenset[str]:
        if self.lexicon is not None:
            found = self.lexicon.words_in(lower)
            if found is not None:
                return found
        return frozenset(lower.translate(WORD_BREAKS).split())
