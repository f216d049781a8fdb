"""Feature extraction from a canonical (OpenAI-shaped) chat request.

Everything here is on the hot path, so it avoids scanning the text once per pattern: the last
user turn (its first ``SCAN_CHARS`` characters) is lower-cased and split into a word set once,
and most features are set intersections over it. Token counts are estimated (chars / 4): that
is what context-window checks and cost estimates need, and a tokenizer would cost 100x more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from routeyard.classify.types import Features

SCAN_CHARS = 2048  # the local model's default max_chars: one scan serves both layers

# Punctuation becomes a space, so ``str.split`` yields words (much faster than a word regex).
WORD_BREAKS = str.maketrans(dict.fromkeys("!\"$%&'()*,-./:;<=>?@[\\]^_`{|}~\n\r\t", " "))
BREAKS = "".join(sorted(chr(c) for c in WORD_BREAKS))  # the characters that end a word
# A digit-first pattern lets the regex engine skip to digits instead of trying every position.
# A hyphen between digits counts only with a space beside it ("7 - 2"): unspaced it is far more
# often a date, a range or a number ("2026-11-26", "10-20 minutes", "555-0100"). On the shared
# labelled and test prompts that drops 17 non-math matches of 53 and no math one.
# "part 2/2", "page 3/10", "step 1/4": a counter, not a division.
_COUNTER = re.compile(r"\b(?:part|page|step|slide|item|message|msg|chunk)\s*[0-9]$")
_MATH_EXPR = re.compile(r"[0-9]\s*(?:[+*/^×÷=<>]\s*[0-9]|\s-\s*[0-9]|-\s+[0-9]|%)")
_DIGIT_GATE_CHARS = 200
DOCUMENT_MIN_CHARS = 6000  # a document counts as at least 1,500 tokens (a page)
_LATEX = re.compile(r"\\(?:frac|sqrt|sum|int)\b")
_NON_ASCII = re.compile(r"[^\x00-\x7f\u2010-\u201f\u00a0-\u00bf]")

# Strong code markers: any one of them is enough. One that starts with a word counts only at the
# start of a word ("malfunction (x)" is not ``function(``); the word set gates its search, and a
# single-character search gates each of the others, so a long prompt costs a few such searches
# and set lookups, not fifteen substring scans.
_CODE_MARKERS = (
    "```", "def ", "function(", "function ", "#include", "console.log", "public static",
    "=> {", "select * ", "import numpy", "fn main", "func ", "<?php", "#!/", "std::",
)  # fmt: skip


def _index_markers() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The markers by their first word, and the others by their first character."""
    by_word: dict[str, tuple[str, ...]] = {}
    by_char: dict[str, tuple[str, ...]] = {}
    for marker in _CODE_MARKERS:
        head = re.match(r"[a-z]+", marker)
        key, index = (head.group(), by_word) if head else (marker[0], by_char)
        index[key] = (*index.get(key, ()), marker)
    return by_word, by_char


_WORD_MARKERS, _CHAR_MARKERS = _index_markers()
_MARKER_WORDS = frozenset(_WORD_MARKERS)
_LANGUAGES = frozenset(
    "python javascript typescript rust golang go java c++ c# sql bash shell regex kotlin swift "
    "haskell zig ruby php scala perl lua html css react django numpy pandas".split()
)
_CODE_NOUNS = frozenset(
    "code function functions program script snippet class method methods algorithm query "
    "regex api endpoint unittest tests compiler bug bugs stacktrace traceback exception".split()
)
_CODE_VERBS = frozenset("write implement refactor debug fix optimize compile".split())
_MATH_WORDS = frozenset(
    "solve equation equations integral derivative probability calculate compute sum "
    "percent percentage remainder polynomial theorem matrix modulo factorial arithmetic "
    "divisible prime primes fraction fractions geometry algebra".split()
)
# "compute" is a verb in maths ("compute the sum") and a noun in talk about machines ("don't burn
# compute on it", "a compute budget"); the noun uses do not count as maths.
_COMPUTE = re.compile(r"\bcompute\b")
_COMPUTE_NOUN = re.compile(
    r"\b(?:burn|burning|waste|wasting|save|saving|spend|spending|more|less|much|extra|enough"
    r"|cloud|gpu|of|no)\s+compute\b"
    r"|\bcompute\s+(?:budgets?|resources?|costs?|power|time|clusters?|capacity|instances?"
    r"|nodes?|units?|credits?|bills?|spend|hours?|quotas?)\b"
)
# Every word the features look up in a text's word set (classify.lexicon reads only these).
WATCHED_WORDS = _LANGUAGES | _CODE_NOUNS | _CODE_VERBS | _MATH_WORDS | _MARKER_WORDS


def message_text(content: Any) -> str:
    """The text of one message's content (string or list of parts); images contribute nothing."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            p["text"]
            for p in content
            if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
        )
    return ""


def _part_types(content: Any) -> set[object]:
    if not isinstance(content, list):
        return set()
    return {p.get("type") for p in content if isinstance(p, dict)}


def _document_chars(content: list[Any]) -> int:
    """What a request's documents count for in its length: a quarter of their base64 data
    (about a twelfth of a token a byte of PDF: 1,250 tokens for 15 KB), and at least
    ``DOCUMENT_MIN_CHARS`` each (a document sent by id counts that)."""
    total = 0
    for part in content:
        if isinstance(part, dict) and part.get("type") == "file":
            file = part.get("file")
            data = file.get("file_data") if isinstance(file, dict) else None
            size = len(data) // 4 if isinstance(data, str) else 0
            total += max(size, DOCUMENT_MIN_CHARS)
    return total


def _measure(body: dict[str, Any]) -> tuple[int, int, bool, bool]:
    """One pass over the messages: characters (with tools), user turns, and whether any image
    and any document (file part)."""
    chars = turns = 0
    images = documents = False
    for m in body.get("messages", ()):
        content = m.get("content")
        if isinstance(content, str):
            chars += len(content) + 16
        else:
            chars += len(message_text(content)) + 16
            types = _part_types(content)
            images = images or "image_url" in types
            if "file" in types:
                documents = True
                chars += _document_chars(content)
        if m.get("role") == "user":
            turns += 1
        for call in m.get("tool_calls") or ():
            fn = call.get("function") or {}
            chars += len(str(fn.get("arguments", ""))) + len(str(fn.get("name", "")))
    tools = body.get("tools")
    if tools:
        chars += sum(len(str(t)) for t in tools)
    return chars, turns, images, documents


def estimate_tokens(body: dict[str, Any]) -> int:
    return _measure(body)[0] // 4 + 1


def last_user_text(body: dict[str, Any]) -> str:
    for m in reversed(body.get("messages", ())):
        if m.get("role") == "user":
            return message_text(m.get("content"))
    return ""


def scan_text(
    body: dict[str, Any],
    words_of: Callable[[str], frozenset[str]] | None = None,
    text: str | None = None,
) -> tuple[str, frozenset[str]]:
    """The lower-cased start of the last user turn (or of ``text``, what a filter left of it),
    and its set of words. ``words_of``: a cheaper reader of the words that matter
    (``classify.lexicon.WordFinder.words``)."""
    lower = (last_user_text(body) if text is None else text)[:SCAN_CHARS].lower()
    if words_of is not None:
        return lower, words_of(lower)
    return lower, frozenset(lower.translate(WORD_BREAKS).split())


def _has_code(lower: str, words: frozenset[str]) -> bool:
    for char, markers in _CHAR_MARKERS.items():
        if char in lower and any(marker in lower for marker in markers):
            return True
    if not words.isdisjoint(_MARKER_WORDS):
        for word in _MARKER_WORDS.intersection(words):
            if any(_at_word_start(lower, marker) for marker in _WORD_MARKERS[word]):
                return True
    if words.isdisjoint(_CODE_NOUNS):
        return False
    return not words.isdisjoint(_LANGUAGES) or not words.isdisjoint(_CODE_VERBS)


def _at_word_start(lower: str, marker: str) -> bool:
    at = lower.find(marker)
    while at > 0 and lower[at - 1] not in BREAKS and not lower[at - 1].isspace():
        at = lower.find(marker, at + 1)
    return at >= 0


def _has_math_expression(lower: str) -> bool:
    """``3 + 4``, ``x = 2``, ``15%``. The regex tries every position, about 10 ns a character,
    so longer texts first check for a digit (ten ``in`` scans, each a fast C search)."""
    if len(lower) > _DIGIT_GATE_CHARS and not any(d in lower for d in "0123456789"):
        return False
    for match in _MATH_EXPR.finditer(lower):
        if _COUNTER.search(lower, max(0, match.start() - 12), match.start() + 1) is None:
            return True
    return False


def _has_math_words(lower: str, words: frozenset[str]) -> bool:
    if words.isdisjoint(_MATH_WORDS):
        return False
    if "compute" not in words or len(words & _MATH_WORDS) > 1:
        return True
    return len(_COMPUTE.findall(lower)) > len(_COMPUTE_NOUN.findall(lower))


def extract_features(
    body: dict[str, Any],
    route_hint: str | None = None,
    scanned: tuple[str, frozenset[str]] | None = None,
) -> Features:
    lower, words = scanned if scanned is not None else scan_text(body)
    chars, turns, images, documents = _measure(body)
    tools = body.get("tools")
    rf = body.get("response_format")
    sample = lower[:1000]
    return Features(
        estimated_tokens=chars // 4 + 1,
        turns=turns,
        has_code=_has_code(lower, words),
        has_math=_has_math_words(lower, words)
        or _has_math_expression(lower)
        or ("\\" in lower and _LATEX.search(lower) is not None),
        has_tools=bool(tools) and body.get("tool_choice") != "none",
        json_mode=isinstance(rf, dict) and rf.get("type") in ("json_object", "json_schema"),
        has_images=images,
        non_english=not sample.isascii() and len(_NON_ASCII.findall(sample)) > 0.3 * len(sample),
        route_hint=route_hint,
        has_documents=documents,
    )
