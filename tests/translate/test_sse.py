from __future__ import annotations

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from routeyard.translate import (
    OPENAI_SSE_DONE,
    SSEEvent,
    SSEParser,
    encode_anthropic_sse,
    encode_openai_sse,
)


def _parse_all(chunks: list[bytes]) -> list[SSEEvent]:
    parser = SSEParser()
    events: list[SSEEvent] = []
    for chunk in chunks:
        events.extend(parser.feed(chunk))
    events.extend(parser.flush())
    return events


def test_anthropic_style_stream() -> None:
    raw = (
        b'event: message_start\ndata: {"type":"message_start"}\n\n'
        b'event: ping\ndata: {"type": "ping"}\n\n'
    )
    assert _parse_all([raw]) == [
        SSEEvent("message_start", '{"type":"message_start"}'),
        SSEEvent("ping", '{"type": "ping"}'),
    ]


def test_openai_style_stream_with_done() -> None:
    raw = b'data: {"a":1}\n\ndata: [DONE]\n\n'
    assert _parse_all([raw]) == [SSEEvent(None, '{"a":1}'), SSEEvent(None, "[DONE]")]


def test_crlf_and_cr_line_endings() -> None:
    raw = b"event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n"
    assert _parse_all([raw]) == [SSEEvent("a", "1"), SSEEvent("b", "2"), SSEEvent(None, "3")]


def test_crlf_split_between_reads_is_one_line_end() -> None:
    parser = SSEParser()
    assert parser.feed(b"data: x\r") == []
    assert parser.feed(b"\n") == []
    assert parser.feed(b"\r") == [SSEEvent(None, "x")]
    assert parser.feed(b"\ndata: y\n\n") == [SSEEvent(None, "y")]


def test_comments_ids_retry_and_unknown_fields_are_ignored() -> None:
    raw = b": keep-alive\nid: 7\nretry: 1000\nfoo: bar\nevent: e\ndata: d\n\n:\n\n"
    assert _parse_all([raw]) == [SSEEvent("e", "d")]


def test_multiline_data_and_space_rules() -> None:
    raw = b"data: line one\ndata:line two\ndata:  two spaces\ndata\n\n"
    assert _parse_all([raw]) == [SSEEvent(None, "line one\nline two\n two spaces\n")]


def test_event_without_data_is_not_dispatched_and_name_resets() -> None:
    raw = b"event: lonely\n\ndata: x\n\n"
    assert _parse_all([raw]) == [SSEEvent(None, "x")]


def test_flush_dispatches_trailing_event() -> None:
    parser = SSEParser()
    assert parser.feed(b"event: last\ndata: tail") == []
    assert parser.flush() == [SSEEvent("last", "tail")]


def test_utf8_split_across_reads() -> None:
    raw = "data: héllo ☃ 🎉\n\n".encode()
    assert _parse_all([raw[i : i + 1] for i in range(len(raw))]) == [SSEEvent(None, "héllo ☃ 🎉")]


def test_long_line_in_small_reads() -> None:
    raw = b"event: big\ndata: " + b"x" * 200_000 + b"\r\n\r\n"
    events = _parse_all([raw[i : i + 100] for i in range(0, len(raw), 100)])
    assert events == [SSEEvent("big", "x" * 200_000)]


def test_leading_bom_is_stripped() -> None:
    assert _parse_all([b"\xef\xbb\xbfdata: x\n\n"]) == [SSEEvent(None, "x")]


def test_encoders() -> None:
    assert encode_openai_sse({"a": [1, "é"]}) == b'data: {"a":[1,"\xc3\xa9"]}\n\n'
    assert (
        encode_anthropic_sse("ping", {"type": "ping"}) == b'event: ping\ndata: {"type":"ping"}\n\n'
    )
    assert OPENAI_SSE_DONE == b"data: [DONE]\n\n"
    chunk = {"id": "x", "choices": []}
    assert _parse_all([encode_openai_sse(chunk), OPENAI_SSE_DONE]) == [
        SSEEvent(None, orjson.dumps(chunk).decode()),
        SSEEvent(None, "[DONE]"),
    ]


# --- property tests --------------------------------------------------------------------------

_value = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"),
    max_size=30,
)
_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
_newline = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def streams(draw: st.DrawFn) -> tuple[bytes, list[SSEEvent]]:
    """A valid event stream (random line endings, comments, ignored fields, optional spaces)
    and the events it must parse to."""
    text = ""
    expected: list[SSEEvent] = []
    for _ in range(draw(st.integers(0, 6))):
        lines: list[str] = []
        name = draw(st.none() | _name)
        data_lines = draw(st.lists(_value, min_size=1, max_size=4))
        if name is not None:
            lines.append(f"event:{draw(st.sampled_from(['', ' ']))}{name}")
        for value in data_lines:
            # A value that starts with a space needs the optional space written explicitly.
            space = " " if value.startswith(" ") else draw(st.sampled_from(["", " "]))
            lines.append(f"data:{space}{value}")
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), f":{draw(_value)}")
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), f"id: {draw(_name)}")
        for line in [*lines, ""]:
            newline = draw(_newline)
            if newline == "\n" and (line or text).endswith("\r"):
                newline = "\r\n"  # a lone LF after CR would read as one CRLF line end
            text += line + newline
        expected.append(SSEEvent(name, "\n".join(data_lines)))
    return text.encode(), expected


@settings(max_examples=60)
@given(streams())
def test_whole_stream_parses_to_expected_events(case: tuple[bytes, list[SSEEvent]]) -> None:
    raw, expected = case
    assert _parse_all([raw]) == expected


@settings(max_examples=60)
@given(streams(), st.lists(st.integers(min_value=0), max_size=20))
def test_random_splitting_gives_the_same_events(
    case: tuple[bytes, list[SSEEvent]], cuts: list[int]
) -> None:
    raw, expected = case
    points = sorted({c % (len(raw) + 1) for c in cuts})
    pieces = [raw[a:b] for a, b in zip([0, *points], [*points, len(raw)], strict=True)]
    assert _parse_all(pieces) == expected


@settings(max_examples=60)
@given(streams())
def test_one_byte_reads_give_the_same_events(case: tuple[bytes, list[SSEEvent]]) -> None:
    raw, expected = case
    assert _parse_all([raw[i : i + 1] for i in range(len(raw))]) == expected


def test_iter_feed_gives_the_same_events_lazily() -> None:
    reads = [b"data: 1\n\ndata: 2\n", b"\nevent: x\ndata: 3\r", b"\n\r\ndata: 4\n\n: c\n\ndata: 5"]
    eager, lazy = SSEParser(), SSEParser()
    want = [e for r in reads for e in eager.feed(r)] + eager.flush()
    got: list[SSEEvent] = []
    for r in reads:
        events = lazy.iter_feed(r)
        got.extend(events)
    got += lazy.flush()
    assert got == want
    assert [e.data for e in got] == ["1", "2", "3", "4", "5"]
    first = SSEParser().iter_feed(b"data: a\n\ndata: b\n\n")
    assert next(first) == SSEEvent(None, "a")  # the second is not split yet, but still there
    assert list(first) == [SSEEvent(None, "b")]
