"""Deterministic filler text: the same key always yields the same words.

Seeded through blake2b, never ``hash()``, whose per-process salt would change answers between
runs::

    >>> generate_tokens(b"sim-small|0|hello", 3) == generate_tokens(b"sim-small|0|hello", 3)
    True
"""

from __future__ import annotations

import hashlib
import re
import struct

_VOCABULARY = (
    "the model answer question result value number data system time point case example "
    "method step first second next then also because however therefore which would could "
    "should about between during within without across after before under over simple "
    "clear useful likely common small large short long early late good better best main "
    "important general specific different similar possible available known given final "
    "total average part group level rate cost price order list table file record field "
    "name type rule test check plan goal idea reason approach process change choice "
    "option feature request response service network server client user team project "
    "report summary detail context input output source target range limit error signal "
    "pattern factor measure sample estimate trend growth balance energy water light "
    "paper stone river mountain garden market city street window morning evening "
    "history science music language careful quick steady gentle "
    "bright quiet strong warm open fair plain direct natural public local global "
    "consider note explain describe compare follow build keep find make take give use "
    "show help move turn hold read write learn start finish allow expect include reduce "
    "increase improve support provide require remain become appear seem return"
)
_WORDS = tuple(_VOCABULARY.split())

_TOKEN = re.compile(r"\s*\S+")


def stable_key(*parts: str) -> bytes:
    """A digest of ``parts`` that is the same in every process."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.digest()


def generate_tokens(key: bytes, count: int) -> list[str]:
    """``count`` word tokens in short sentences; each token but the first has a leading space."""
    data = _random_bytes(key, 3 * count)
    picks = struct.unpack(f">{count}H", data[: 2 * count])
    lengths = data[2 * count :]
    size = len(_WORDS)
    words: list[str] = []
    start = 0
    for length in lengths:
        if start >= count:
            break
        sentence = [_WORDS[p % size] for p in picks[start : start + 6 + length % 9]]
        sentence[0] = sentence[0].capitalize()
        sentence[-1] += "."
        words.extend(sentence)
        start += len(sentence)
    return [words[0], *(" " + word for word in words[1:])] if words else []


def _random_bytes(key: bytes, size: int) -> bytes:
    blocks = (
        hashlib.blake2b(i.to_bytes(4, "big"), key=key[:64], digest_size=64).digest()
        for i in range(-(-size // 64))
    )
    return b"".join(blocks)


def split_tokens(text: str) -> list[str]:
    """Word-ish tokens whose concatenation is ``text`` without trailing whitespace."""
    return _TOKEN.findall(text)
