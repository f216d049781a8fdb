"""The fast WordPiece path on a vocabulary small enough to reason about."""

from __future__ import annotations

from routeyard.learn.wordpiece import WordPieceIds

VOCAB = {"[UNK]": 0, "un": 1, "##able": 2, "##aff": 3, "hello": 4, ",": 5, ".": 6, "...": 7}


def fallback(word: str) -> list[int]:
    return [99]


def make() -> WordPieceIds:
    return WordPieceIds(VOCAB, unk_id=0, fallback=fallback, max_word_chars=10)


def test_whole_words_and_greedy_pieces() -> None:
    ids = make()
    assert ids.ids("Hello unaffable", 50) == [4, 1, 3, 2]


def test_punctuation_splits_and_three_dots_are_three_words() -> None:
    assert make().ids("hello,hello...", 50) == [4, 5, 4, 6, 6, 6]


def test_unknown_and_overlong_words_become_unk() -> None:
    ids = make()
    assert ids.ids("zzz", 50) == [0]
    assert ids.ids("un" * 6, 50) == [0]


def test_non_ascii_words_use_the_fallback_and_are_cached() -> None:
    calls: list[str] = []

    def counting(word: str) -> list[int]:
        calls.append(word)
        return [42]

    ids = WordPieceIds(VOCAB, unk_id=0, fallback=counting)
    assert ids.ids("café café", 50) == [42, 42]
    assert calls == ["café"]


def test_the_token_cap_applies() -> None:
    assert make().ids("hello " * 10, 3) == [4, 4, 4]
