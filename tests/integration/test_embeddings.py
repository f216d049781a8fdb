"""``POST /v1/embeddings`` through a real gateway and simulator, with the official openai SDK:
the answer is the upstream's vectors (the model renamed), fallbacks and key limits hold, bad
input is a 400 naming the field, and every request is logged and priced."""

from __future__ import annotations

import hashlib
import json
import math
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from .conftest import Proc, http, sim_faults, start, start_simulator, stop

pytestmark = pytest.mark.integration

KEY = "sk-embed-tests"
LIMITED = "sk-embed-limited"
SPEC = """\
models:
  - {name: sim-embed}
  - {name: sim-embed-backup}
  - {name: sim-chat, answer_tokens: 8}
"""
CONFIG = """\
version: 1
server:
  client_keys:
    - {{id: tests, sha256: {key}}}
    - {{id: limited, sha256: {limited}, models: [chat]}}
providers:
  oa: {{kind: openai, base_url: {sim}/v1, api_key: sk-upstream}}
models:
  embed: {{provider: oa, model: sim-embed, price: {{input: 0.02, output: 0}},
           capabilities: [embeddings], fallbacks: [embed-backup]}}
  embed-backup: {{provider: oa, model: sim-embed-backup, price: {{input: 0.13, output: 0}},
                  capabilities: [embeddings]}}
  chat: {{provider: oa, model: sim-chat, price: {{input: 1, output: 2}}}}
policy:
  default_route: general
  routes:
    - {{name: general, candidates: [chat]}}
observe:
  request_log: {{path: {db}}}
"""


def sha(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    p = start_simulator(SPEC, tmp_path_factory.mktemp("embed-sim"))
    yield p
    stop(p)


@pytest.fixture(scope="module")
def setup(sim: Proc, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Proc, Path]]:
    folder = tmp_path_factory.mktemp("embed-gw")
    db = folder / "requests.db"
    cfg = folder / "routeyard.yaml"
    cfg.write_text(CONFIG.format(key=sha(KEY), limited=sha(LIMITED), sim=sim.url, db=db))
    gw = start(["serve", "-c", str(cfg), "--port", "0"])
    yield gw, db
    stop(gw)


@pytest.fixture
def client(setup: tuple[Proc, Path]) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{setup[0].url}/v1", api_key=KEY, max_retries=0) as c:
        yield c


def test_vectors_are_the_upstreams(client: openai.OpenAI, sim: Proc) -> None:
    raw = client.embeddings.with_raw_response.create(model="embed", input=["a cat", "a dog"])
    got = raw.parse()
    assert raw.headers["x-routeyard-model"] == "embed"
    assert raw.headers["x-routeyard-route"] == "embeddings"
    assert raw.headers["x-request-id"]
    assert got.model == "embed"
    assert [d.index for d in got.data] == [0, 1]
    assert all(len(d.embedding) == 64 for d in got.data)
    assert math.isclose(sum(v * v for v in got.data[0].embedding), 1.0, rel_tol=1e-5)
    assert got.data[0].embedding != got.data[1].embedding
    assert got.usage.prompt_tokens > 0
    # The same call straight to the upstream gives the same vectors (the SDK's default
    # base64 encoding passed through both ways).
    with openai.OpenAI(base_url=f"{sim.url}/v1", api_key="x", max_retries=0) as direct:
        upstream = direct.embeddings.create(model="sim-embed", input=["a cat", "a dog"])
    assert [d.embedding for d in got.data] == [d.embedding for d in upstream.data]


def test_float_encoding_and_dimensions(client: openai.OpenAI) -> None:
    got = client.embeddings.create(
        model="embed", input="one text", encoding_format="float", dimensions=16
    )
    assert len(got.data) == 1 and len(got.data[0].embedding) == 16


def test_token_arrays(client: openai.OpenAI) -> None:
    got = client.embeddings.create(model="embed", input=[[1, 2, 3], [4, 5]])
    assert len(got.data) == 2


def test_a_failed_model_falls_back_to_an_embedding_model(client: openai.OpenAI, sim: Proc) -> None:
    """The outage sends the request to the fallback, and to nothing else."""
    with sim_faults(sim, {"sim-embed": {"outage": True}}):
        raw = client.embeddings.with_raw_response.create(model="embed", input="hello")
        state = http("GET", f"{sim.url}/_sim/state").json()["models"]  # before the reset
    assert raw.headers["x-routeyard-model"] == "embed-backup"
    assert int(raw.headers["x-routeyard-attempts"]) >= 2
    assert raw.parse().model == "embed-backup"
    assert state["sim-embed"]["requests"] >= 1
    assert state["sim-embed-backup"]["requests"] == 1
    assert state["sim-chat"]["requests"] == 0


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"model": "auto", "input": "x"}, 404, "one of: embed, embed-backup"),
        ({"model": "chat", "input": "x"}, 400, "not an embedding model"),
        ({"model": "embed", "input": []}, 400, "input must be"),
        ({"model": "embed", "input": [1, "a"]}, 400, "input must be"),
        ({"model": "embed", "input": "x", "encoding_format": "int8"}, 400, "encoding_format"),
        ({"model": "embed", "input": "x", "dimensions": 0}, 400, "dimensions"),
        ({"model": "embed", "input": "x", "stream": True}, 400, "unrecognized"),
        ({"input": "x"}, 400, "model is required"),
    ],
)
def test_bad_requests_are_refused_clearly(
    setup: tuple[Proc, Path], body: dict[str, object], status: int, needle: str
) -> None:
    reply = http(
        "POST", f"{setup[0].url}/v1/embeddings", json.dumps(body).encode(),
        {"content-type": "application/json", "authorization": f"Bearer {KEY}"},
    )  # fmt: skip
    assert reply.status == status, reply.body
    error = reply.json()["error"]
    assert needle in error["message"]


@pytest.mark.parametrize(
    ("key", "error"),
    [(LIMITED, openai.PermissionDeniedError), ("sk-wrong", openai.AuthenticationError)],
)
def test_key_limits_hold(setup: tuple[Proc, Path], key: str, error: type[Exception]) -> None:
    url = f"{setup[0].url}/v1"
    with openai.OpenAI(base_url=url, api_key=key, max_retries=0) as c, pytest.raises(error):
        c.embeddings.create(model="embed", input="x")


def test_a_chat_cannot_name_an_embedding_model(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model="embed", messages=[{"role": "user", "content": "hi"}])
    assert "embedding model" in str(err.value)
    # And the chat models still answer on the same base URL.
    reply = client.chat.completions.create(
        model="auto", messages=[{"role": "user", "content": "hi"}]
    )
    assert reply.choices[0].message.content


def test_requests_are_logged_and_priced(client: openai.OpenAI, setup: tuple[Proc, Path]) -> None:
    """Runs last in this module: it stops the gateway to read its log."""
    got = client.embeddings.create(model="embed", input=["to be logged"])
    gw, db = setup
    gw.proc.send_signal(signal.SIGTERM)
    assert gw.proc.wait(timeout=20) == 0  # a graceful stop flushes the log
    rows = (
        sqlite3.connect(db)
        .execute(
            "SELECT ingress, route, model, input_tokens, cost_usd, status FROM requests "
            "WHERE ingress = 'embeddings' AND status = 'ok' ORDER BY started_at"
        )
        .fetchall()
    )
    assert rows, "no embeddings request in the log"
    ingress, route, model, tokens, cost, status = rows[-1]
    # The fallback test's outage may have left embed's breaker open: either model may answer.
    assert (ingress, route, status) == ("embeddings", "embeddings", "ok")
    assert model == got.model
    assert tokens == got.usage.prompt_tokens
    price = {"embed": 0.02, "embed-backup": 0.13}[model]
    assert cost == pytest.approx(tokens * price / 1_000_000)
    assert len(rows) >= 5  # every successful call of this module was logged
