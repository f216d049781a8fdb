"""``routeyard serve``: run the gateway."""

from __future__ import annotations

import argparse
import errno
import multiprocessing
import os
import signal
import socket
import sys
from typing import Any

from routeyard.cli.common import add_config_flag, config_from
from routeyard.config import Config, load_config
from routeyard.serving import LoadConfig, run_async, serve_forever


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "serve",
        help="run the gateway (embedded default: simulated models, no keys)",
        description="Serve the OpenAI- and Anthropic-compatible gateway. Without --config it runs "
        "the embedded default: three simulated models behind the rules policy.",
    )
    add_config_flag(p)
    p.add_argument("--host", help="address to bind (default: server.host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to bind (default: server.port, 8080; 0 = any)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the port via SO_REUSEPORT (default 1; each keeps its own "
        "in-memory state and, on the embedded default, its own simulator)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    host = args.host or config.server.host
    port = config.server.port if args.port is None else args.port
    config = _with_host(config, host)
    if args.workers < 1:
        print("routeyard: --workers must be at least 1", file=sys.stderr)
        return 2
    load = None if args.config is None else _loader(args.config, host)
    try:
        if args.workers == 1:
            run_async(serve_forever(config, host, port, load=load))
            return 0
        return _run_workers(config, host, port, args.workers, load)
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        reason = os.strerror(exc.errno).lower()
        print(f"routeyard: cannot listen on {host}:{port}: {reason}", file=sys.stderr)
        return 1


def _with_host(config: Config, host: str) -> Config:
    if host == config.server.host:
        return config
    # Re-validate so the rule "no auth off loopback" applies to the command-line host too.
    server = config.server.model_validate({**config.server.model_dump(), "host": host})
    return config.model_copy(update={"server": server})


def _loader(path: str, host: str) -> LoadConfig:
    """Re-reads the file for a reload (SIGHUP), with the command line's host applied again."""

    def load() -> Config:
        return _with_host(load_config(path), host)

    return load


def _worker(config: Config, host: str, port: int, index: int, load: LoadConfig | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    # A SIGHUP forwarded while the worker starts is remembered, then acted on once it serves
    # (its config was read before it, by the parent).
    early: list[int] = []
    signal.signal(signal.SIGHUP, lambda signum, frame: early.append(signum))
    run_async(
        serve_forever(
            config, host, port, reuse_port=True, worker=index, load=load, hup_pending=early
        )
    )


def _run_workers(
    config: Config, host: str, port: int, workers: int, load: LoadConfig | None
) -> int:
    # Every worker binds the same port with SO_REUSEPORT. The parent holds a bound (never
    # listening) socket in the same group until the workers exit, so when it picks the port
    # (port 0) no other process can take it between the pick and the workers' bind.
    reserved = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    reserved.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    reserved.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        reserved.bind((host, port))
    except OSError:
        reserved.close()
        raise
    port = int(reserved.getsockname()[1])
    try:
        return _fork_workers(config, host, port, workers, load)
    finally:
        reserved.close()


def _fork_workers(
    config: Config, host: str, port: int, workers: int, load: LoadConfig | None
) -> int:
    ctx = multiprocessing.get_context("fork")
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # workers inherit this until they handle it
    procs = [
        ctx.Process(target=_worker, args=(config, host, port, i, load)) for i in range(workers)
    ]
    for proc in procs:
        proc.start()

    def stop(signum: int, frame: object) -> None:
        for proc in procs:
            if proc.is_alive() and proc.pid is not None:
                proc.terminate()

    def reload(signum: int, frame: object) -> None:  # each worker re-reads the file itself
        for proc in procs:
            if proc.is_alive() and proc.pid is not None:
                os.kill(proc.pid, signal.SIGHUP)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, reload)
    for proc in procs:
        proc.join()
    return max((p.exitcode or 0) for p in procs)
