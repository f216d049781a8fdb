"""How much of routeyard's added latency is the floor of any Python proxy? Measured, not assumed.

Runs in one go, alternating over rounds, against the suite's zero-delay upstream:
- ``direct``: the upstream reached directly;
- ``floor``: the least a Python HTTP/1.1 proxy can do per request (this file with ``--proxy``:
  uvloop + httptools, one kept-alive upstream connection per client connection, bytes passed
  through; no validation, routing, logging or metrics);
- ``routeyard``: the embedded default's routing with request log and metrics (as in the suite);
- ``routeyard-rules``: the same without the local model.

For each, at 1 and 32 connections (wrk): requests/s, p50/p99 latency and the process's CPU per
request. The gap between ``floor`` and ``routeyard`` is routeyard's own per-request work.
Usage: ``PYTHONPATH=bench .venv/bin/python bench/floor.py [--seconds 6] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any


def serve_floor(upstream_port: int, port: int) -> None:
    import httptools
    import uvloop

    class Upstream(asyncio.Protocol):
        def __init__(self) -> None:
            self.transport: Any = None
            self.done: asyncio.Future[bytes] | None = None
            self.parts: list[bytes] = []
            self.parser: Any = None

        def connection_made(self, transport: Any) -> None:
            self.transport = transport

        def send(self, path: bytes, body: bytes) -> asyncio.Future[bytes]:
            self.parts = []
            self.parser = httptools.HttpResponseParser(self)
            self.done = asyncio.get_running_loop().create_future()
            head = b"POST %s HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
            self.transport.write(head % path + b"content-length: %d\r\n\r\n" % len(body) + body)
            return self.done

        def data_received(self, data: bytes) -> None:
            self.parser.feed_data(data)

        def on_body(self, body: bytes) -> None:
            self.parts.append(body)

        def on_message_complete(self) -> None:
            assert self.done is not None
            self.done.set_result(b"".join(self.parts))

    class Client(asyncio.Protocol):
        def __init__(self) -> None:
            self.parser = httptools.HttpRequestParser(self)
            self.upstream: Upstream | None = None
            self.url = b""
            self.parts: list[bytes] = []

        def connection_made(self, transport: Any) -> None:
            self.transport = transport

        def data_received(self, data: bytes) -> None:
            self.parser.feed_data(data)

        def on_message_begin(self) -> None:
            self.url, self.parts = b"", []

        def on_url(self, url: bytes) -> None:
            self.url += url

        def on_body(self, body: bytes) -> None:
            self.parts.append(body)

        def on_message_complete(self) -> None:
            body = b"".join(self.parts)
            asyncio.get_running_loop().create_task(self.handle(self.url, body))

        async def handle(self, url: bytes, body: bytes) -> None:
            if url == b"/healthz":
                self.transport.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                return
            if self.upstream is None:
                loop = asyncio.get_running_loop()
                _, self.upstream = await loop.create_connection(
                    Upstream, "127.0.0.1", upstream_port
                )
            data = await self.upstream.send(url, body)
            head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d"
            self.transport.write(head % len(data) + b"\r\n\r\n" + data)

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Client, "127.0.0.1", port)
        await server.serve_forever()

    uvloop.run(main())


def measure(seconds: float, rounds: int) -> None:
    from suite import contenders as cn
    from suite.load import wrk
    from suite.procs import ProcGroup, free_port, wait_http

    work = Path(tempfile.mkdtemp(prefix="routeyard-floor-"))
    group = ProcGroup(work / "logs")
    try:
        ups = cn.start_upstreams(group, work)
        upstream_port = ups["zero"].url.rsplit(":", 1)[1]
        port = free_port()
        argv = [sys.executable, __file__, "--proxy", upstream_port, str(port)]
        floor = group.start("floor", argv)
        wait_http(floor, f"http://127.0.0.1:{port}/healthz", timeout=30)
        ry = cn.launch_routeyard(group, work, ups)
        wait_http(ry.proc, ry.health_url, timeout=60)
        rules = cn.launch_routeyard(group, work, ups, local_model=False)
        wait_http(rules.proc, rules.health_url, timeout=60)
        assert ry.proc is not None and rules.proc is not None
        direct = cn.Target(f"{ups['zero'].url}/v1/chat/completions", "bench-model")
        targets = {
            "direct": (direct, None),
            "floor": (
                cn.Target(f"http://127.0.0.1:{port}/v1/chat/completions", "bench-model"),
                floor.pid,
            ),
            "routeyard": (ry.targets["zero"], ry.proc.pid),
            "routeyard-rules": (rules.targets["zero"], rules.proc.pid),
        }
        for name, (target, _) in targets.items():
            warm = wrk(target, 8, 2)
            if warm.non2xx or warm.errors or not warm.requests:
                raise SystemExit(f"{name}: {warm.non2xx} non-2xx, {warm.errors} errors")
        runs: dict[tuple[str, int], list[Any]] = {(k, c): [] for k in targets for c in (1, 32)}
        for r in range(rounds):
            print(f"round {r + 1}/{rounds}", file=sys.stderr, flush=True)
            for conns in (1, 32):
                for name, (target, pid) in targets.items():
                    run = wrk(target, conns, seconds, cpu_pid=pid)
                    if run.non2xx or run.errors:
                        print(f"  {name} c={conns}: {run.non2xx} non-2xx, {run.errors} errors")
                    runs[(name, conns)].append(run)
        print("| contender | conns | req/s | p50 ms | p99 ms | added p50 ms | CPU µs/req |")
        print("|---|---|---|---|---|---|---|")
        for (name, conns), ws in runs.items():
            p50 = statistics.median(w.p50_ms for w in ws)
            base = statistics.median(w.p50_ms for w in runs[("direct", conns)])
            cpu = [w.cpu_us_per_req for w in ws if w.cpu_us_per_req]
            print(
                f"| {name} | {conns} | {statistics.median(w.rps for w in ws):.0f} | {p50:.3f} | "
                f"{statistics.median(w.p99_ms for w in ws):.3f} | {p50 - base:+.3f} | "
                f"{statistics.median(cpu) if cpu else float('nan'):.0f} |"
            )
    finally:
        group.stop_all()


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--proxy":
        serve_floor(int(sys.argv[2]), int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per wrk run (default 6)")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds (default 3)")
    args = parser.parse_args()
    measure(args.seconds, args.rounds)


if __name__ == "__main__":
    main()
