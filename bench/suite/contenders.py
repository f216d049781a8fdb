"""The upstreams (two ``routeyard simulate`` processes) and the contenders in front of them.

Every contender reaches the same two upstreams: ``zero`` (no delay, 20-token answers) and
``ttft100`` (100 ms before the first token). ``direct`` is the upstream itself.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from suite.procs import Proc, ProcGroup, free_port, wait_http

BENCH = Path(__file__).resolve().parent.parent
PEERS = BENCH / ".peers"
LITELLM_VENV = PEERS / "litellm-venv"
PORTKEY_DIR = PEERS / "portkey"
PORTKEY_JS = PORTKEY_DIR / "node_modules/@portkey-ai/gateway/build/start-server.js"
PORTKEY_FIX = Path(__file__).resolve().parent / "portkey_stream_fix.mjs"

PROMPT = "What is the capital of France? Answer briefly."
UPSTREAM_SPECS = {
    "zero": "models:\n  - {name: bench-model, answer_tokens: 20}\n",
    "ttft100": "models:\n  - {name: bench-model, answer_tokens: 20, ttft_ms: 100}\n",
}
UPSTREAMS = tuple(UPSTREAM_SPECS)
CONTENDERS = ("direct", "routeyard", "routeyard-2w", "routeyard-rules", "litellm", "portkey")


@dataclass(frozen=True)
class Target:
    """What a client sends to reach one upstream through one contender."""

    url: str
    model: str
    headers: dict[str, str] = field(default_factory=dict)

    def body(self, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": PROMPT}],
        }
        if stream:
            body["stream"] = True
        return body


@dataclass
class Contender:
    name: str
    version: str
    targets: dict[str, Target]  # by upstream
    proc: Proc | None  # the gateway process (None for direct)
    health_url: str
    notes: list[str] = field(default_factory=list)
    launched_at: float = field(default_factory=time.monotonic)


@dataclass
class Upstream:
    name: str
    proc: Proc
    url: str  # http://127.0.0.1:PORT


def routeyard_command() -> list[str]:
    script = Path(sys.executable).parent / "routeyard"
    return [str(script)] if script.exists() else [sys.executable, "-m", "routeyard"]


def start_upstreams(group: ProcGroup, workdir: Path) -> dict[str, Upstream]:
    upstreams = {}
    for name, spec in UPSTREAM_SPECS.items():
        spec_path = workdir / f"upstream-{name}.yaml"
        spec_path.write_text(spec)
        port = free_port()
        proc = group.start(
            f"upstream-{name}",
            [*routeyard_command(), "simulate", "--spec", str(spec_path), "--port", str(port)],
        )
        upstreams[name] = Upstream(name, proc, f"http://127.0.0.1:{port}")
    for up in upstreams.values():
        wait_http(up.proc, f"{up.url}/healthz", timeout=30)
    return upstreams


def direct(upstreams: dict[str, Upstream]) -> Contender:
    targets = {
        name: Target(f"{up.url}/v1/chat/completions", "bench-model", {})
        for name, up in upstreams.items()
    }
    return Contender("direct", "routeyard simulate", targets, None, "")


def routeyard_config(upstreams: dict[str, Upstream], port: int, workdir: Path) -> dict[str, Any]:
    """The embedded default's classifier, routes and prices, with its models on our upstreams.

    Each default model gets a twin on the 100 ms upstream, reached through the extra route
    ``ttft`` (no ``when``: used only when pinned with ``model: auto:ttft``). Requests still go
    through classification and the policy either way.
    """
    from routeyard.config.default import default_config_text

    data: dict[str, Any] = yaml.safe_load(default_config_text())
    data["server"] = {"host": "127.0.0.1", "port": port}
    data["providers"] = {
        name: {"kind": "openai", "base_url": f"{up.url}/v1", "api_key": "bench-upstream-key"}
        for name, up in (("upstream", upstreams["zero"]), ("upstream-ttft", upstreams["ttft100"]))
    }
    models: dict[str, Any] = {}
    for name, model in data["models"].items():
        if "embeddings" in model.get("capabilities", ()):
            continue  # the default's embedding model: no route's candidate, not benchmarked
        models[name] = {**model, "provider": "upstream", "model": "bench-model"}
        twin = {**model, "provider": "upstream-ttft", "model": "bench-model"}
        if "fallbacks" in model:
            twin["fallbacks"] = [f"{f}-ttft" for f in model["fallbacks"]]
        models[f"{name}-ttft"] = twin
    data["models"] = models
    ttft_models = [name for name in models if name.endswith("-ttft")]
    data["policy"]["routes"].append({"name": "ttft", "candidates": ttft_models})
    if observability_available():  # issue #3: measured with the request log and metrics on
        data["observe"] = {
            "request_log": {"backend": "sqlite", "path": str(workdir / "routeyard-requests.db")},
            "metrics": {"enabled": True},
        }
    return data


def observability_available() -> bool:
    """Whether this routeyard has the request log and metrics (``observe`` in its config)."""
    from routeyard.config.schema import Config

    return "observe" in Config.model_fields


def without_local_model(data: dict[str, Any]) -> dict[str, Any]:
    """The config with the local model off: routes that order candidates by its predictions
    (strategies quality and utility) order them by estimated cost instead, as the embedded
    default did before it had the model. Measured beside ``routeyard``, it shows what the
    model costs the request path."""
    data["classifier"]["local_model"] = {"enabled": False}
    for route in data["policy"]["routes"]:
        if route.get("strategy") in ("quality", "utility"):
            route["strategy"] = "cheapest"
            for key in ("quality_margin", "quality_target", "cost_weight"):
                route.pop(key, None)
    return data


def launch_routeyard(
    group: ProcGroup,
    workdir: Path,
    upstreams: dict[str, Upstream],
    workers: int = 1,
    *,
    local_model: bool = True,
) -> Contender:
    """``routeyard serve``; with ``workers`` > 1 (contender ``routeyard-2w``), ``--workers N``,
    sharing one request-log database (each worker has its own spill file)."""
    from importlib.metadata import version

    name = "routeyard" if workers == 1 else f"routeyard-{workers}w"
    if not local_model:
        name = "routeyard-rules"
    port = free_port()
    cfg = workdir / f"{name}.yaml"
    data = routeyard_config(upstreams, port, workdir)
    if not local_model:
        data = without_local_model(data)
    if name != "routeyard" and "observe" in data:
        data["observe"]["request_log"]["path"] = str(workdir / f"{name}-requests.db")
    cfg.write_text(yaml.safe_dump(data, sort_keys=False))
    argv = [*routeyard_command(), "serve", "-c", str(cfg), "--port", str(port)]
    if workers > 1:
        argv += ["--workers", str(workers)]
    proc = group.start(name, argv, cwd=workdir)  # cwd: files it writes stay in the run's folder
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/v1/chat/completions"
    targets = {"zero": Target(url, "auto"), "ttft100": Target(url, "auto:ttft")}
    notes = (
        ["request log (SQLite, in the run's temporary folder) and Prometheus metrics on"]
        if observability_available()
        else ["this version has no request log or metrics: measured with routing and stats"]
    )
    if workers > 1:
        notes.append(f"{workers} worker processes (SO_REUSEPORT), the rest as routeyard")
    if not local_model:
        notes.append(
            "local model off: the general route by cheapest estimated cost instead of predicted "
            "quality, the rest as routeyard (shows what the model costs the request path)"
        )
    return Contender(name, version("routeyard"), targets, proc, f"{base}/healthz", notes)


def routeyard_observability(contender: Contender, workdir: Path) -> dict[str, Any]:
    """After the check requests: does /metrics answer, and did the request log get rows?"""
    base = contender.health_url.removesuffix("/healthz")
    out: dict[str, Any] = {}
    try:
        with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
            body = response.read().decode(errors="replace")
            out["metrics_status"] = response.status
            out["metrics_lines"] = sum(1 for line in body.splitlines() if line and line[0] != "#")
    except (urllib.error.URLError, OSError) as exc:
        out["metrics_status"] = f"{type(exc).__name__}: {exc}"
    out["request_log_bytes"] = request_log_bytes(workdir)
    return out


def request_log_bytes(workdir: Path) -> int:
    """Size of routeyard's request-log database, its WAL included."""
    return sum(p.stat().st_size for p in workdir.glob("routeyard-requests.db*") if p.is_file())


def launch_litellm(group: ProcGroup, workdir: Path, upstreams: dict[str, Upstream]) -> Contender:
    binary = LITELLM_VENV / "bin" / "litellm"
    if not binary.exists():
        raise FileNotFoundError(f"{binary} is missing: run bench/setup")
    port = free_port()
    cfg = workdir / "litellm.yaml"
    model_list = [
        {
            "model_name": "bench-model" if name == "zero" else f"bench-model-{name}",
            "litellm_params": {
                "model": "openai/bench-model",
                "api_base": f"{up.url}/v1",
                "api_key": "dummy",
            },
        }
        for name, up in upstreams.items()
    ]
    cfg.write_text(yaml.safe_dump({"model_list": model_list}, sort_keys=False))
    argv = [str(binary), "--config", str(cfg), "--port", str(port), "--host", "127.0.0.1"]
    proc = group.start("litellm", [*argv, "--num_workers", "1"], cwd=workdir)
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/v1/chat/completions"
    auth = {"Authorization": "Bearer dummy"}
    targets = {
        "zero": Target(url, "bench-model", auth),
        "ttft100": Target(url, "bench-model-ttft100", auth),
    }
    return Contender("litellm", _litellm_version(), targets, proc, f"{base}/health/liveliness")


def _litellm_version() -> str:
    meta = sorted(LITELLM_VENV.glob("lib/python3*/site-packages/litellm-*.dist-info/METADATA"))
    for line in meta[0].read_text().splitlines() if meta else []:
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def launch_portkey(
    group: ProcGroup, upstreams: dict[str, Upstream], *, stream_fix: bool
) -> Contender:
    if not PORTKEY_JS.exists():
        raise FileNotFoundError(f"{PORTKEY_JS} is missing: run bench/setup")
    node = shutil.which("node") or "node"
    port = free_port()
    preload = ["--import", str(PORTKEY_FIX)] if stream_fix else []
    proc = group.start(
        "portkey", [node, *preload, str(PORTKEY_JS), f"--port={port}"], cwd=PORTKEY_DIR
    )
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/v1/chat/completions"
    targets = {
        name: Target(
            url,
            "bench-model",
            {
                "Authorization": "Bearer dummy",
                "x-portkey-provider": "openai",
                "x-portkey-custom-host": f"{up.url}/v1",
            },
        )
        for name, up in upstreams.items()
    }
    version = json.loads((PORTKEY_JS.parent.parent / "package.json").read_text())["version"]
    notes = [
        "streamed requests run with bench/suite/portkey_stream_fix.mjs preloaded: as shipped, "
        "Portkey 1.15.2 on Node 20 fails every one (TypeError: immutable, Portkey issues #1389 "
        "and #1550); non-streaming requests are untouched"
        if stream_fix
        else "run as shipped: its streamed requests fail (TypeError: immutable)",
        "its stream handler waits 25 ms before forwarding the first event (a setTimeout in "
        "build/start-server.js), which is most of its TTFT overhead",
    ]
    return Contender("portkey", version, targets, proc, f"{base}/", notes)


class VerifyError(RuntimeError):
    pass


def verify(contender: Contender, upstream: str) -> dict[str, Any]:
    """One non-streaming and one streaming completion must succeed; returns a sample."""
    target = contender.targets[upstream]
    status, headers, raw = _post(target, stream=False)
    if status != 200:
        raise VerifyError(f"{contender.name}/{upstream}: HTTP {status}: {raw[:300]!r}")
    reply = json.loads(raw)
    content = reply["choices"][0]["message"]["content"]
    if not content:
        raise VerifyError(f"{contender.name}/{upstream}: empty completion: {raw[:300]!r}")
    sample: dict[str, Any] = {"status": status, "model": reply.get("model"), "content": content}
    sample.update({k: v for k, v in headers.items() if k.startswith("x-routeyard-")})
    status, _, raw = _post(target, stream=True)
    text = raw.decode(errors="replace")
    chunks = [line for line in text.splitlines() if line.startswith("data:")]
    if status != 200 or not chunks or chunks[-1].strip() != "data: [DONE]":
        raise VerifyError(f"{contender.name}/{upstream}: bad stream, HTTP {status}: {text[:300]!r}")
    sample["stream_chunks"] = len(chunks)
    return sample


def _post(target: Target, *, stream: bool) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(
        target.url,
        data=json.dumps(target.body(stream=stream)).encode(),
        headers={"Content-Type": "application/json", **target.headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {}, exc.read()
