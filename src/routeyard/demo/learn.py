"""``routeyard demo --learn``: the learning loop on the embedded default, offline.

1. *Before*: the gateway serves the embedded default on rules alone (its shipped local model
   loaded, but no route asks it), with shadow evaluation on every route: each request is also
   answered by the other simulated models and every answer is scored from the shipped sample's
   recorded scores (``learn_setup``).
2. The sample's prompts go through the official openai SDK; the shadow outcomes are stored in
   the request log's database.
3. *Tune*: ``evals.tune`` retrains the local model on the stored outcomes, fits each route for a
   target (by default ≥ 95 % of the best model's quality at the least cost) with the retrained
   model (on the tuning rows) and with the shipped one (on the training and tuning rows, none
   of which it trained on), and keeps the better on the tuning rows; the new config and its
   report are written next to the rest.
4. *Apply*: the served config file is replaced and ``POST /routeyard/reload`` swaps the router
   without a restart.
5. *After*: the held-out prompts (whose outcomes never tuned anything) go through again. Both
   policies are measured on them: cost from the request log, quality from the recorded scores.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from routeyard.config import load_config
from routeyard.config.schema import Config
from routeyard.demo.learn_measure import Served, logged, split_outcomes
from routeyard.demo.learn_report import Outcome, print_outcome, write_summary
from routeyard.demo.learn_setup import Paths, load_sample, prepare, split_sample
from routeyard.demo.learn_tune import run_tune, tune_options
from routeyard.demo.run import Gateway, fetch_stats, start_gateway
from routeyard.evals.dataset import EvalRow
from routeyard.evals.store import EvalStore


@dataclass(frozen=True, slots=True)
class LearnOptions:
    out: Path
    requests: int | None = None  # prompts of the sample to use (None: all)
    held_out: float = 0.3
    target_quality: float = 0.95
    seed: int = 0
    concurrency: int = 8
    timeout_s: float = 120.0  # for the request log and the shadow outcomes to settle


@dataclass(frozen=True, slots=True)
class Sent:
    row: EvalRow
    request_id: str


def say(message: str) -> None:
    print(message, flush=True)


async def _send(base_url: str, rows: Sequence[EvalRow], concurrency: int) -> list[Sent]:
    """Each row's prompt as one chat request through the openai SDK; failures are left out
    (and counted by the caller from the difference)."""
    from openai import AsyncOpenAI

    sem = asyncio.Semaphore(concurrency)
    out: list[Sent] = []

    async def one(client: Any, row: EvalRow) -> None:
        async with sem:
            try:
                raw = await client.chat.completions.with_raw_response.create(
                    model="auto", messages=[{"role": "user", "content": row.prompt}]
                )
            except Exception as exc:
                say(f"  request failed: {type(exc).__name__}: {exc}")
                return
            out.append(Sent(row, raw.headers["x-request-id"]))

    async with AsyncOpenAI(base_url=f"{base_url}/v1", api_key="demo", max_retries=0) as client:
        await asyncio.gather(*(one(client, row) for row in rows))
    return out


def send(gw: Gateway, rows: Sequence[EvalRow], concurrency: int, what: str) -> list[Sent]:
    started = time.perf_counter()
    sent = asyncio.run(_send(gw.url, rows, concurrency))
    elapsed = time.perf_counter() - started
    say(f"  sent {len(rows)} {what} through the openai SDK in {elapsed:.1f}s ({len(sent)} ok)")
    return sent


def wait_logged(store: EvalStore, sent: Sequence[Sent], timeout_s: float) -> dict[str, Served]:
    """The request log's rows for ``sent``, once all are written (the writer batches)."""
    ids = [s.request_id for s in sent]
    deadline = time.monotonic() + timeout_s
    while True:
        found = logged(store, ids)
        if len(found) >= len(ids):
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(found)} of {len(ids)} requests reached the log")
        time.sleep(0.1)


def wait_shadow(gw: Gateway, offered: int, timeout_s: float) -> dict[str, Any]:
    """Poll the gateway until shadow evaluation was offered ``offered`` requests and has none
    running; progress about once a second."""
    deadline = time.monotonic() + timeout_s
    last = 0.0
    while True:
        stats: dict[str, Any] = fetch_stats(gw.url).get("shadow") or {}
        done = stats.get("offered", 0) >= offered and stats.get("running", 1) == 0
        if done:
            return stats
        if time.monotonic() > deadline:
            say(f"  shadow evaluation still running after {timeout_s:.0f}s: going on without it")
            return stats
        if time.monotonic() - last >= 1.0:
            last = time.monotonic()
            say(
                f"  shadow evaluation: {stats.get('results', 0)} outcomes stored, "
                f"{stats.get('running', 0)} requests in progress"
            )
        time.sleep(0.1)


def reload(gw: Gateway) -> dict[str, Any]:
    """``POST /routeyard/reload``: the gateway re-reads its config file (200, or 422 with the
    problems when the new file does not load)."""
    req = urllib.request.Request(f"{gw.url}/routeyard/reload", data=b"", method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            body: dict[str, Any] = json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        body = json.loads(exc.read() or b"{}")
    return body


def _pick(rows: Sequence[EvalRow], count: int | None, seed: int) -> list[EvalRow]:
    if count is None or count >= len(rows):
        return list(rows)
    if count < 4:
        raise ValueError("--requests: the learning demo needs at least 4 prompts")
    return random.Random(seed).sample(list(rows), count)


def _aliases(config: Config) -> dict[str, str]:
    return {name: config.models[name].quality_as or name for name in config.chat_models()}


def run_learn(opts: LearnOptions) -> int:
    from routeyard.cli.tune import store_rows

    tune_options(opts.target_quality, opts.seed)  # a bad target fails here, not after phase 1
    paths = Paths(opts.out.resolve())
    rows = _pick(load_sample(), opts.requests, opts.seed)
    split = split_sample(rows, opts.held_out, opts.seed)
    text = prepare(paths)
    config = load_config(paths.served)
    say(f"routeyard demo --learn: files in {paths.root}")
    say(
        f"{len(rows)} prompts from the shipped sample: {len(split.learn)} to learn from, "
        f"{len(split.held_out)} held out to measure before and after"
    )
    started = time.perf_counter()
    gw = start_gateway(["-c", str(paths.served)])
    store = EvalStore.open(config.observe.request_log)
    try:
        say(f"\n[1/4] before: policy {config.policy.version} (rules only), shadow evaluation on")
        say(f"  gateway on {gw.url}")
        traffic = [*split.learn, *split.held_out]
        random.Random(opts.seed + 1).shuffle(traffic)  # live traffic: both kinds mixed
        phase1 = send(gw, traffic, opts.concurrency, "prompts")
        wait_logged(store, phase1, opts.timeout_s)
        stats = wait_shadow(gw, len(phase1), opts.timeout_s)
        say(
            f"  shadow evaluation done: {stats.get('results', 0)} outcomes stored for "
            f"{stats.get('offered', 0)} requests (${stats.get('spent_usd', 0.0):.4f} spent)"
        )

        held = {row.id for row in split.held_out}
        held_ids = {s.request_id for s in phase1 if s.row.id in held}
        learn_rows, held_rows = split_outcomes(store_rows(config), split.held_out, held_ids)
        say(f"\n[2/4] tune on {len(learn_rows)} stored outcomes (held-out prompts left out)")
        result = run_tune(config, text, learn_rows, paths, opts.target_quality, opts.seed, say)

        say("\n[3/4] apply: new config written, gateway reloaded without a restart")
        paths.served.write_text(result.config_text, encoding="utf-8")
        outcome = reload(gw)
        if not outcome.get("reloaded"):
            say(f"  reload failed: {outcome}")
            return 1
        say(f"  policy version {config.policy.version} → {outcome['policy_version']}")

        say(f"\n[4/4] after: the {len(split.held_out)} held-out prompts again")
        phase2 = send(gw, split.held_out, opts.concurrency, "held-out prompts")
        wait_logged(store, phase2, opts.timeout_s)
        wait_shadow(gw, len(phase2), opts.timeout_s)  # the loop goes on: more outcomes
        log1 = logged(store, held_ids)
        log2 = logged(store, [s.request_id for s in phase2])
        versions = Counter(s.policy_version for s in log2.values())
        say("  the request log has them under " + ", ".join(
            f"policy version {v} ({n})" for v, n in versions.most_common()
        ))  # fmt: skip
    finally:
        store.close()
        gw.stop()
    before = [(log1[s.request_id], s.row) for s in phase1 if s.request_id in log1]
    after = [(log2[s.request_id], s.row) for s in phase2]
    result_outcome = Outcome(
        config=config,
        aliases=_aliases(config),
        before=before,
        after=after,
        held_rows=held_rows,
        tuned=result,
        new_version=str(outcome["policy_version"]),
        paths=paths,
        target_quality=opts.target_quality,
        seconds=time.perf_counter() - started,
    )
    print_outcome(result_outcome)
    write_summary(result_outcome)
    failed = len(traffic) - len(phase1) + len(split.held_out) - len(phase2)
    return 0 if failed == 0 else 1
