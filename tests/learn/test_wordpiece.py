"""The fast WordPiece path on a vocabulary small enough to reason about, with the loop over
cached chunks in Python and (where the kernel was built) in C."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routeyard.classify.lexicon import Lexicon, lexicon_type
from routeyard.learn import wordpiece
from routeyard.learn.serving import compiled_fill_ids
from routeyard.learn.wordpiece import FillIds, WordPieceIds

FILL = compiled_fill_ids()
LEXICON = lexicon_type()
# The loop over cached chunks: in Python, in C over a split text, in C over the text itself.
Mode = tuple[FillIds | None, Callable[[], Lexicon] | None]
MODES = [pytest.param((None, None), id="python")]
if FILL is not None:
    MODES.append(pytest.param((FILL, None), id="kernel"))
if LEXICON is not None:
    MODES.append(pytest.param((FILL, LEXICON), id="lexicon"))

VOCAB = {"[UNK]": 0, "un": 1, "##able": 2, "##aff": 3, "hello": 4, ",": 5, ".": 6, "...": 7}


def fallback(word: str) -> list[int]:
    return [99]


@pytest.fixture(params=MODES)
def fill(request: pytest.FixtureRequest) -> Mode:
    return request.param  # type: ignore[no-any-return]


def make(mode: Mode = (None, None)) -> WordPieceIds:
    fill, lexicon = mode
    return WordPieceIds(
        VOCAB, unk_id=0, fallback=fallback, max_word_chars=10, fill=fill, lexicon=lexicon
    )


def test_whole_words_and_greedy_pieces(fill: Mode) -> None:
    ids = make(fill)
    assert ids.ids("Hello unaffable", 50) == [4, 1, 3, 2]


def test_punctuation_splits_and_three_dots_are_three_words(fill: Mode) -> None:
    assert make(fill).ids("hello,hello...", 50) == [4, 5, 4, 6, 6, 6]


def test_unknown_and_overlong_words_become_unk(fill: Mode) -> None:
    ids = make(fill)
    assert ids.ids("zzz", 50) == [0]
    assert ids.ids("un" * 6, 50) == [0]


def test_non_ascii_words_use_the_fallback_and_are_cached(fill: Mode) -> None:
    calls: list[str] = []

    def counting(word: str) -> list[int]:
        calls.append(word)
        return [42]

    ids = WordPieceIds(VOCAB, unk_id=0, fallback=counting, fill=fill[0], lexicon=fill[1])
    assert ids.ids("café café", 50) == [42, 42]
    assert calls == ["café"]


def test_the_token_cap_applies(fill: Mode) -> None:
    assert make(fill).ids("hello " * 10, 3) == [4, 4, 4]
    assert make(fill).ids("unaffable hello", 2) == [1, 3]  # a cap inside one word's pieces


ASCII = st.characters(max_codepoint=127)
_WORDS = ["hello", "Hello", "unaffable", "unable", "zzz", "café", ",", "...", "un" * 6, "x"]


@pytest.mark.skipif(FILL is None, reason="the C kernel was not built here")
@settings(max_examples=600, deadline=None)
@given(
    texts=st.lists(
        st.lists(
            st.sampled_from(_WORDS) | st.text(max_size=6) | st.text(ASCII, max_size=8),
            max_size=12,
        ).map(" ".join),
        min_size=1,
        max_size=4,
    ),
    cap=st.integers(1, 20),
    limit=st.sampled_from([3, 1000]),
)
def test_the_kernel_loop_gives_the_python_loop_ids(texts: list[str], cap: int, limit: int) -> None:
    """Same ids on the same sequence of texts, caches reset on the way (a small limit) or not."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wordpiece, "_CACHE_LIMIT", limit)
        python, kernel = make(), make((FILL, None))
        lexicon = make((FILL, LEXICON)) if LEXICON is not None else python
        for text in texts:
            assert kernel.ids(text, cap) == python.ids(text, cap)
            assert lexicon.ids(text, cap) == python.ids(text, cap)


@pytest.mark.skipif(FILL is None, reason="the C kernel was not built here")
def test_the_kernel_loop_refuses_what_could_run_python_code() -> None:
    assert FILL is not None

    class Sneaky(str):
        def __hash__(self) -> int:
            return 0

    with pytest.raises(TypeError):
        FILL([Sneaky("hello")], 0, {"hello": (4,)}, [], 5)
    with pytest.raises(TypeError):
        FILL(["hello"], 0, {"hello": [4]}, [], 5)  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        FILL(("hello",), 0, {}, [], 5)  # type: ignore[arg-type]
    out: list[int] = []
    assert FILL(["hello", "nope", "hello"], 0, {"hello": (4,)}, out, 5) == 1
    assert FILL(["hello", "nope", "hello"], 2, {"hello": (4,)}, out, 5) == 3
    assert out == [4, 4]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from([*_WORDS, "unaffableunaffable", "Σ", "ΑΣ", "\t", "\n"])),
    cap=st.integers(1, 12),
)
def test_splitting_a_head_first_gives_the_ids_of_the_whole_text(words: list[str], cap: int) -> None:
    """A long text is split in two at a space (a head of about _HEAD_CHARS_PER_TOKEN characters
    a token, then the rest if the head falls short): the ids are those of one split."""
    text = " ".join(words)
    for fill in (None, FILL):
        ids = make((fill, None))
        whole = ids._chunk_ids(text.lower().split(), cap)
        assert ids.ids(text, cap) == whole[:cap]


def test_a_head_that_falls_short_reads_on(fill: Mode) -> None:
    head = wordpiece._HEAD_CHARS_PER_TOKEN * 3
    long_word = "unaffable" * (head // 9 + 1)  # one [UNK] that fills the whole head
    assert make(fill).ids(f"{long_word} hello hello hello", 3) == [0, 4, 4]
    assert make(fill).ids("hello " * 50, 3) == [4, 4, 4]
