"""``bench/run [--quick|--full] [--out DIR]``: the whole suite, in one run, on this machine.

Order: routing-decision microbenchmark (nothing else running) → start the two upstreams and the
three gateways → check each answers a real completion → idle memory → wrk at each connection
count (contenders alternated every round) → streaming TTFT → concurrent-streams burst → peak
memory → stop everything → JSON, Markdown and PNG in the output folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from suite import contenders as cn
from suite import decision, env, report
from suite.load import WrkRun, wrk, wrk_get
from suite.memory import cpu_seconds, machine_busy_seconds, memory, wait_idle
from suite.procs import ProcGroup, StartError, install_signal_handlers, wait_http
from suite.stats import percentile
from suite.stream_ttft import StreamStats, burst, measure_ttft

BENCH = Path(__file__).resolve().parent.parent
PLOT_PYTHON = BENCH / ".peers" / "plot-venv" / "bin" / "python"
DOCS = BENCH.parent / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Settings:
    mode: str
    wrk_seconds: float
    rounds: int
    warmup_seconds: float
    connections: tuple[int, ...]
    ttft_seconds: float
    ttft_rounds: int
    ttft_concurrency: tuple[int, ...]
    burst_streams: int
    burst_contenders: tuple[str, ...]
    decision_iterations: int
    settle_seconds: float


QUICK = Settings(
    mode="quick",
    wrk_seconds=2,
    rounds=1,
    warmup_seconds=1,
    connections=(1, 32, 256),
    ttft_seconds=1,
    ttft_rounds=1,
    ttft_concurrency=(1, 32),
    burst_streams=500,
    burst_contenders=("direct", "routeyard"),
    decision_iterations=2000,
    settle_seconds=1,
)
FULL = Settings(
    mode="full",
    wrk_seconds=10,
    rounds=3,
    warmup_seconds=10,
    connections=(1, 32, 256),
    ttft_seconds=6,
    ttft_rounds=3,
    ttft_concurrency=(1, 32),
    burst_streams=500,
    burst_contenders=cn.CONTENDERS,
    decision_iterations=20000,
    settle_seconds=2,
)


class Progress:
    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", flush=True)


def _ready_at(c: cn.Contender) -> float:
    """When the contender's health URL first answered (monotonic clock); raises StartError."""
    if c.proc is not None:
        wait_http(c.proc, c.health_url, timeout=120)
    return time.monotonic()


def _ms(value: float | None) -> str:
    return "     — ms" if value is None else f"{value:7.2f} ms"


def rotated(names: list[str], by: int) -> list[str]:
    k = by % len(names) if names else 0
    return names[k:] + names[:k]


class Suite:
    def __init__(self, settings: Settings, group: ProcGroup, workdir: Path, portkey_fix: bool):
        self.s = settings
        self.group = group
        self.workdir = workdir
        self.portkey_fix = portkey_fix
        self.log = Progress()
        self.raw = report.Raw()
        self.live: dict[str, cn.Contender] = {}
        self.upstreams: dict[str, cn.Upstream] = {}

    # -- setup ---------------------------------------------------------------------------------

    def fail(self, name: str, why: str) -> None:
        self.log(f"!! {name}: {why}")
        self.raw.failures.append(f"{name}: {why}")
        if name in self.raw.contenders:
            self.raw.contenders[name].status = f"failed: {why.splitlines()[0][:200]}"
        self.live.pop(name, None)

    def start(self, only: tuple[str, ...]) -> None:
        self.log("starting the upstreams (routeyard simulate: zero-delay and 100 ms TTFT)")
        upstreams = cn.start_upstreams(self.group, self.workdir)
        self.upstreams = upstreams
        launchers: dict[str, Callable[[], cn.Contender]] = {
            "direct": lambda: cn.direct(upstreams),
            "routeyard": lambda: cn.launch_routeyard(self.group, self.workdir, upstreams),
            "routeyard-2w": lambda: cn.launch_routeyard(
                self.group, self.workdir, upstreams, workers=2
            ),
            "routeyard-rules": lambda: cn.launch_routeyard(
                self.group, self.workdir, upstreams, local_model=False
            ),
            "litellm": lambda: cn.launch_litellm(self.group, self.workdir, upstreams),
            "portkey": lambda: cn.launch_portkey(
                self.group, upstreams, stream_fix=self.portkey_fix
            ),
        }
        launched: list[cn.Contender] = []
        for name in cn.CONTENDERS:
            if name not in only:
                continue
            self.raw.contenders[name] = report.ContenderInfo(version="unknown")
            try:
                launched.append(launchers[name]())
            except Exception as exc:  # any failure to launch is reported, the rest go on
                self.fail(name, f"could not start: {exc}")
        # Wait for all of them at once, so each start-up time is its own.
        with ThreadPoolExecutor(max_workers=max(1, len(launched))) as pool:
            ready = {c.name: pool.submit(_ready_at, c) for c in launched}
        for c in launched:
            info = self.raw.contenders[c.name]
            info.version, info.notes = c.version, c.notes
            try:
                if c.proc is not None:
                    info.ready_s = ready[c.name].result() - c.launched_at
                    self.log(f"{c.name} {c.version} up in {info.ready_s:.1f} s (pid {c.proc.pid})")
                for upstream in cn.UPSTREAMS:
                    sample = cn.verify(c, upstream)
                    info.sample.setdefault(upstream, sample)
                    content = str(sample["content"])[:60]
                    extra = {k: v for k, v in sample.items() if k.startswith("x-routeyard-m")}
                    extra.update({k: v for k, v in sample.items() if k == "x-routeyard-route"})
                    self.log(
                        f"  ok {c.name:<9} {upstream:<8} 200 model={sample['model']} "
                        f"stream chunks={sample['stream_chunks']} {extra or ''} “{content}…”"
                    )
                if c.name == "routeyard" and cn.observability_available():
                    obs = cn.routeyard_observability(c, self.workdir)
                    info.sample["observability"] = obs
                    self.log(
                        f"  routeyard /metrics: {obs['metrics_status']}, "
                        f"{obs.get('metrics_lines', 0)} samples; request log "
                        f"{obs['request_log_bytes']} bytes so far"
                    )
                self.live[c.name] = c
            except (StartError, cn.VerifyError, OSError, ValueError, KeyError) as exc:
                self.fail(c.name, f"{type(exc).__name__}: {exc}")
        time.sleep(self.s.settle_seconds)
        for c in self.live.values():
            if c.proc is not None:
                idle = memory(c.proc.pid)
                self.raw.contenders[c.name].idle = idle
                self.log(f"{c.name}: idle RSS {idle.rss_mb:.1f} MB ({idle.processes} process(es))")

    def pids(self) -> list[int]:
        """Every process under test: the gateways and the upstreams."""
        procs = [c.proc for c in self.live.values() if c.proc is not None]
        procs += [u.proc for u in self.upstreams.values()]
        return [p.pid for p in procs if p.alive()]

    def settle(self) -> None:
        """Let a slow gateway finish the requests wrk abandoned before measuring the next one."""
        waited = wait_idle(self.pids())
        if waited > 2:
            self.log(f"  (waited {waited:.1f} s for the processes under test to go idle)")

    def cpu_used(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids())

    def alive(self) -> list[str]:
        for name, c in list(self.live.items()):
            if c.proc is not None and not c.proc.alive():
                self.fail(name, f"process exited during the run:\n{c.proc.log_tail()}")
        return list(self.live)

    # -- measurements --------------------------------------------------------------------------

    def loadgen_check(self) -> None:
        url = f"{self.upstreams['zero'].url}/healthz"
        rps = wrk_get(url, 32, max(2.0, self.s.wrk_seconds / 2))
        self.raw.loadgen["wrk_get_healthz_rps_c32"] = round(rps, 1)
        self.log(
            f"load generator check: wrk GET /healthz on the upstream, 32 conn: {rps:.0f} req/s"
        )

    def run_wrk(self) -> None:
        names = self.alive()
        self.log(f"warming up every contender: wrk, 16 connections, {self.s.warmup_seconds} s each")
        for name in names:  # JIT, connection pools, caches
            wrk(self.live[name].targets["zero"], 16, self.s.warmup_seconds)
            self.settle()
        for i, connections in enumerate(self.s.connections):
            by_name: dict[str, list[WrkRun]] = {n: [] for n in names}
            self.raw.wrk[connections] = by_name
            for rnd in range(self.s.rounds):
                for name in rotated(self.alive(), i + rnd):
                    c = self.live[name]
                    pid = c.proc.pid if c.proc else None
                    try:
                        run = wrk(c.targets["zero"], connections, self.s.wrk_seconds, cpu_pid=pid)
                    except (subprocess.SubprocessError, RuntimeError) as exc:
                        self.fail(name, f"wrk c={connections}: {exc}")
                        continue
                    by_name[name].append(run)
                    self.settle()
                    cpu = f"  CPU {run.cpu_us_per_req:5.0f} µs/req" if run.cpu_us_per_req else ""
                    self.log(
                        f"wrk c={connections:<3} round {rnd + 1}/{self.s.rounds} {name:<9} "
                        f"{run.rps:8.0f} req/s  p50 {_ms(run.p50_ms)}  p99 {_ms(run.p99_ms)}"
                        f"  err {run.errors + run.non2xx}{cpu}"
                    )

    def run_ttft(self) -> None:
        for upstream in cn.UPSTREAMS:
            by_conc: dict[int, dict[str, list[StreamStats]]] = {}
            self.raw.ttft[upstream] = by_conc
            for i, conc in enumerate(self.s.ttft_concurrency):
                by_name: dict[str, list[StreamStats]] = {n: [] for n in self.alive()}
                by_conc[conc] = by_name
                for rnd in range(self.s.ttft_rounds):
                    for name in rotated(self.alive(), i + rnd):
                        target = self.live[name].targets[upstream]
                        stats = measure_ttft(target, conc, self.s.ttft_seconds)
                        by_name.setdefault(name, []).append(stats)
                        self.settle()
                        p50 = percentile(stats.ttft_ms, 50)
                        p99 = percentile(stats.ttft_ms, 99)
                        self.log(
                            f"ttft {upstream:<7} ×{conc:<3} round {rnd + 1}/{self.s.ttft_rounds} "
                            f"{name:<9} {stats.ok:6d} streams  TTFT p50 {p50:7.2f} ms  "
                            f"p99 {p99:8.2f} ms  err {stats.errors}"
                            + (f" {dict(stats.error_kinds)}" if stats.errors else "")
                        )

    def run_burst(self) -> None:
        for name in self.alive():
            if name not in self.s.burst_contenders:
                continue
            stats = burst(self.live[name].targets["ttft100"], self.s.burst_streams)
            self.raw.burst[name] = stats
            self.settle()
            self.log(
                f"burst {name:<9} {self.s.burst_streams} streams at once: ok {stats.ok}, "
                f"errors {stats.errors} {dict(stats.error_kinds) or ''}, "
                f"peak in flight {stats.peak_in_flight}, {stats.seconds:.2f} s"
            )

    def final_memory(self) -> None:
        for name in self.alive():
            c = self.live[name]
            if c.proc is not None:
                m = memory(c.proc.pid)
                self.raw.contenders[name].end = m
                if name == "routeyard" and cn.observability_available():
                    size = cn.request_log_bytes(self.workdir)
                    self.raw.contenders[name].sample["request_log_bytes_at_end"] = size
                    self.log(f"routeyard: request log {size / 1e6:.1f} MB after the run")
                self.log(
                    f"{name}: peak RSS {m.hwm_mb:.1f} MB, now {m.rss_mb:.1f} MB, "
                    f"{m.processes} process(es)"
                )


def _own_cpu() -> float:
    """CPU seconds of this process and of the children it waited for (wrk runs)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _background_cpu(suite: Suite, busy_before: float, own_before: float, load: float) -> None:
    """How much CPU processes outside the benchmark used while it ran (other work on the box)."""
    wall = time.monotonic() - suite.log.started
    busy = machine_busy_seconds() - busy_before
    ours = _own_cpu() - own_before + suite.cpu_used()
    other = max(0.0, busy - ours)
    cores = os.cpu_count() or 1
    suite.raw.loadgen.update(
        {
            "other_processes_cpu_s": round(other, 1),
            "other_processes_share": round(other / (wall * cores), 3),
            "loadavg_1m_start": round(load, 2),
            "loadavg_1m_end": round(os.getloadavg()[0], 2),
        }
    )
    suite.log(
        f"other processes on the machine used {other:.0f} CPU-s during the run "
        f"({other / (wall * cores):.0%} of its {cores} cores)"
    )


def _loadgen_verdict(summary: dict[str, Any]) -> str:
    rows = summary["nonstreaming"]
    direct = {r["connections"]: r["rps"] for r in rows if r["contender"] == "direct"}
    gateways = [r for r in rows if r["contender"] != "direct" and r["rps"]]
    parts, tight = [], []
    for c, d in sorted(direct.items()):
        best = max(
            (r for r in gateways if r["connections"] == c), key=lambda r: r["rps"], default=None
        )
        if best and d:
            ratio = d / best["rps"]
            parts.append(
                f"{c} conn: direct {d:.0f} req/s = {ratio:.1f}× the fastest gateway "
                f"({report.LABELS[best['contender']]}, {best['rps']:.0f})"
            )
            if ratio < 2:
                tight.append(str(c))
    lg = summary["loadgen"]
    text = "wrk (one thread) against the upstream alone: " + "; ".join(parts) + ". "
    if ceiling := lg.get("wrk_get_healthz_rps_c32"):
        text += f"wrk's own ceiling here (GET /healthz, 32 conn): {ceiling:.0f} req/s. "
    if tight:
        text += (
            f"At {', '.join(tight)} connection(s) wrk + upstream reach less than 2× the fastest "
            "gateway: there the figures may be bounded by the shared cores as much as by the "
            "gateway. "
        )
    else:
        text += (
            "wrk + upstream serve at least 2× what any gateway does, so they do not bound the "
            "gateway figures. "
        )
    text += (
        "All processes share the machine's cores, so every gateway's figures include the cost of "
        "the load generator and upstream running beside it."
    )
    ttft_direct = [r for r in summary["streaming"] if r["contender"] == "direct"]
    if ttft_direct:
        reached = ", ".join(
            f"{r['streams_per_s']:.0f}/s ({r['upstream']}, ×{r['concurrency']})"
            for r in ttft_direct
        )
        text += (
            f" The aiohttp streaming client completed {reached} streams against the upstream alone."
        )
    if "other_processes_share" in lg:
        text += (
            f" Other processes on the machine used {lg['other_processes_cpu_s']:.0f} CPU-s during "
            f"the run ({lg['other_processes_share']:.0%} of the cores; 1-min load average "
            f"{lg['loadavg_1m_start']} at the start, {lg['loadavg_1m_end']} at the end)."
        )
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="under 2 minutes: 1 round, short runs")
    mode.add_argument("--full", action="store_true", help="everything (the default; ~15 min)")
    p.add_argument(
        "--out",
        type=Path,
        help="output folder (default: bench/results, quick mode: bench/results/tmp)",
    )
    p.add_argument(
        "--only",
        default=",".join(cn.CONTENDERS),
        help="comma-separated contenders (default: all; direct is always included)",
    )
    p.add_argument(
        "--no-portkey-stream-fix",
        action="store_true",
        help="run Portkey exactly as shipped (its streamed requests then fail)",
    )
    p.add_argument("--no-chart", action="store_true", help="skip the PNG")
    p.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="measure nothing: rewrite the Markdown, PNG (and docs, for latest.json) from a "
        "results file",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        summary = json.loads(args.render.read_text())
        stem, out = args.render.stem, args.render.parent
        summary["loadgen"]["verdict"] = _loadgen_verdict(summary)
        publish(summary, out, stem, chart=not args.no_chart, docs=stem == "latest")
        return 0
    settings = QUICK if args.quick else FULL
    stem = "quick" if args.quick else "latest"
    out = args.out or (BENCH / "results" / ("tmp" if args.quick else ""))
    only = tuple(n for n in cn.CONTENDERS if n in {"direct", *args.only.split(",")})
    install_signal_handlers()
    started_at = datetime.now(UTC)
    workdir = Path(tempfile.mkdtemp(prefix="routeyard-bench-"))
    group = ProcGroup(BENCH / "results" / "tmp" / "logs")
    suite = Suite(settings, group, workdir, portkey_fix=not args.no_portkey_stream_fix)
    log = suite.log
    log(f"{settings.mode} mode; contenders: {', '.join(only)}; logs in {group.log_dir}")
    versions = env.versions()  # now: the code the processes load, not what is committed later
    busy_before, own_before = machine_busy_seconds(), _own_cpu()
    load_before = os.getloadavg()[0]
    try:
        log(f"routing decision microbenchmark, {settings.decision_iterations} iterations per size")
        try:
            suite.raw.decision = decision.measure(settings.decision_iterations)
        except Exception as exc:  # the planner's API is someone else's: report, go on
            suite.fail("decision", f"routing decision microbenchmark: {type(exc).__name__}: {exc}")
        for d in suite.raw.decision:
            log(
                f"  {d.size:<14} ~{d.estimated_tokens:>4} tokens  route {d.route:<8} "
                f"p50 {d.p50_us:7.1f} µs  p99 {d.p99_us:7.1f} µs"
            )
        suite.start(only)
        if "direct" not in suite.live:
            raise StartError("the upstream does not answer: nothing to compare against")
        suite.loadgen_check()
        suite.run_wrk()
        suite.run_ttft()
        suite.run_burst()
        suite.final_memory()
        _background_cpu(suite, busy_before, own_before, load_before)
    except KeyboardInterrupt:
        log("interrupted: stopping every process")
        group.stop_all()
        return 130
    except StartError as exc:
        log(f"!! {exc}")
        suite.raw.failures.append(str(exc))
    finally:
        group.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)

    meta = {
        "title": "routeyard gateway benchmark",
        "mode": settings.mode,
        "date": started_at.strftime("%Y-%m-%d"),
        "started_at": started_at.isoformat(timespec="seconds"),
        "duration_s": round(time.monotonic() - log.started, 1),
        "machine": env.machine(),
        "versions": versions,
        "settings": asdict(settings),
    }
    summary = report.summarise(suite.raw, meta)
    summary["loadgen"]["verdict"] = _loadgen_verdict(summary)
    publish(summary, out, stem, chart=not args.no_chart, docs=not args.quick and not args.out)
    return 1 if suite.raw.failures else 0


def publish(summary: dict[str, Any], out: Path, stem: str, *, chart: bool, docs: bool) -> None:
    """Write STEM.json, STEM.md and STEM.png into ``out``; a full run also refreshes the
    results block of docs/benchmarks.md."""
    log = Progress()
    chart_name = draw_chart(summary, out, stem, log) if chart else None
    md = report.write(summary, out, stem, chart_name)
    print()
    print(md.read_text())
    written = [out / f"{stem}.json", md] + ([out / chart_name] if chart_name else [])
    if docs and report.update_docs(summary, DOCS, out, chart_name):
        written.append(DOCS)
    print("wrote " + ", ".join(str(p) for p in written), flush=True)


def draw_chart(summary: dict[str, Any], out: Path, stem: str, log: Progress) -> str | None:
    """The chart is drawn by bench/suite/chart.py in its own venv (matplotlib)."""
    if not PLOT_PYTHON.exists():
        log("no chart: bench/.peers/plot-venv is missing (run bench/setup)")
        return None
    out.mkdir(parents=True, exist_ok=True)
    data = out / f"{stem}.json"
    data.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    png = out / f"{stem}.png"
    done = subprocess.run(
        [str(PLOT_PYTHON), str(Path(__file__).with_name("chart.py")), str(data), str(png)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        log(f"no chart: {done.stderr.strip()[-500:]}")
        return None
    return png.name


if __name__ == "__main__":
    sys.exit(main())
