"""``routeyard eval``: run prompts through candidate models, score the answers, store them.

routeyard eval --data gsm8k.jsonl --models sim-small,sim-large --scorer recorded
routeyard eval --from-log --per-category 20 --models small,large --scorer judge -c cfg.yaml
routeyard eval --run eval-20261125-2210-ab12      # continue an interrupted run
routeyard eval --export outcomes.jsonl            # every stored result, as routing-eval
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson

from routeyard.cli.common import add_config_flag, config_from
from routeyard.config.schema import Config


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "eval",
        help="run prompts through candidate models, score and store the answers",
        description="Run a set of prompts through candidate models with routeyard's own "
        "providers (the embedded simulator offline), score each answer and store the results "
        "in the request log's database. Resumable: --run ID skips what is stored.",
    )
    add_config_flag(p)
    src = p.add_argument_group("prompts")
    src.add_argument(
        "--data",
        action="append",
        type=Path,
        default=[],
        metavar="FILE.jsonl",
        help="routing-eval JSONL file (repeatable)",
    )
    src.add_argument(
        "--from-log",
        action="store_true",
        help="sample prompts from the request log (needs observe.request_log.store_content)",
    )
    src.add_argument(
        "--per-category",
        type=int,
        default=20,
        metavar="N",
        help="--from-log: prompts per category (default 20)",
    )
    src.add_argument("--limit", type=int, metavar="N", help="only the first N prompts")
    src.add_argument("--seed", type=int, default=0, help="sampling seed (default 0)")
    run = p.add_argument_group("run")
    run.add_argument("--models", metavar="A,B", help="candidate models (default: all configured)")
    run.add_argument(
        "--scorer",
        metavar="NAME",
        help="exact, normalised, contains, numeric, choice, regex, json, recorded, judge or "
        "pairwise (default: recorded on simulated models, else judge)",
    )
    run.add_argument("--judge", metavar="MODEL", help="judge model (default: evals.judge_model)")
    run.add_argument(
        "--against",
        metavar="MODEL",
        help="pairwise scorer: compare each answer with this model's answer to the same prompt "
        "(default: with the prompt's reference answer)",
    )
    run.add_argument("--pattern", metavar="REGEX", help="regex scorer: the pattern to match")
    run.add_argument("--concurrency", type=int, default=4, help="calls at once (default 4)")
    run.add_argument(
        "--max-cost",
        type=float,
        metavar="USD",
        help="spending cap: no new call starts once answers and judging cost this much",
    )
    run.add_argument(
        "--run", dest="run_id", metavar="ID", help="continue this run (skips stored pairs)"
    )
    out = p.add_argument_group("output")
    out.add_argument(
        "--export",
        type=Path,
        metavar="FILE.jsonl",
        help="write stored results as routing-eval JSONL (this run's, or with no prompts "
        "given, every run's; --source filters)",
    )
    out.add_argument(
        "--source",
        choices=("eval", "shadow", "feedback"),
        help="--export: only results of routeyard eval, or of shadow evaluation; or client "
        "feedback (the served model scored by it, for requests whose prompt was stored)",
    )
    out.add_argument("--json", action="store_true", help="print the summary as JSON")
    out.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run_command)


def _fail(message: str) -> int:
    print(f"routeyard eval: {message}", file=sys.stderr)
    return 2


def run_command(args: argparse.Namespace) -> int:
    from routeyard.evals.dataset import DatasetError
    from routeyard.evals.scorers import ScorerError
    from routeyard.evals.store import EvalStore, StoreUnavailable

    config = config_from(args)
    try:
        store = EvalStore.open(config.observe.request_log)
    except StoreUnavailable as exc:
        return _fail(str(exc))
    try:
        has_prompts = bool(args.data) or args.from_log or args.run_id is not None
        summary: dict[str, Any] = {}
        if has_prompts and _only_exporting_a_finished_run(args, store):
            summary = {"run_id": args.run_id}
        elif has_prompts:
            summary = asyncio.run(_run(args, config, store))
        if args.export is not None:
            runs = [summary["run_id"]] if summary.get("run_id") else None
            n = _export(store, args.export, runs, args.source)
            summary["exported"] = {"path": str(args.export), "prompts": n}
            if not args.json:
                print(f"routeyard eval: wrote {n} prompts to {args.export}", file=sys.stderr)
        if not has_prompts and args.export is None:
            return _fail("give prompts (--data FILE, --from-log or --run ID) or --export FILE")
    except (DatasetError, ScorerError, StoreUnavailable, _UsageError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}")
    finally:
        store.close()
    if args.json:
        print(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode())
    elif summary.get("models"):
        _print_table(summary)
    return 1 if summary.get("failed") else 0


class _UsageError(ValueError):
    pass


def _only_exporting_a_finished_run(args: argparse.Namespace, store: Any) -> bool:
    """``--run ID --export FILE`` of a complete run: nothing to call, just export it."""
    if args.export is None or args.data or args.from_log or args.run_id is None:
        return False
    run = store.run(args.run_id)
    return run is not None and run["status"] == "complete"


def _export(store: Any, path: Path, runs: list[str] | None, source: str | None) -> int:
    n = 0
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as out:
        for row in store.export_rows(run_ids=runs, source=source):
            out.write(orjson.dumps(row) + b"\n")
            n += 1
    os.replace(tmp, path)  # a reader never sees half a file
    return n


def _items(args: argparse.Namespace, store: Any) -> list[Any]:
    from routeyard.evals.items import read_items
    from routeyard.evals.runner import EvalItem

    items: list[EvalItem] = []
    for path in args.data:
        items.extend(read_items(path))
    if args.from_log:
        sampled = store.sample_log(args.per_category, seed=args.seed)
        if not sampled:
            raise _UsageError(
                "no prompts in the request log: it stores them only with "
                "observe.request_log.store_content: true"
            )
        items.extend(EvalItem(p) for p in sampled)
    seen: set[str] = set()
    unique = []
    for item in items:  # the same id twice would collide in the store
        if item.prompt.id not in seen:
            seen.add(item.prompt.id)
            unique.append(item)
    return unique[: args.limit] if args.limit is not None else unique


def _default_scorer(config: Config, models: list[str]) -> str:
    simulated = all(config.providers[config.models[m].provider].kind == "simulator" for m in models)
    return "recorded" if simulated else "judge"


async def _run(args: argparse.Namespace, config: Config, store: Any) -> dict[str, Any]:
    from routeyard.evals.calls import RouterCaller, data_names, output_keeper, router_judge
    from routeyard.evals.runner import EvalRunner
    from routeyard.evals.scorers import ScorerContext, default_registry
    from routeyard.router import Router

    previous = await asyncio.to_thread(store.run, args.run_id) if args.run_id else None
    items = await asyncio.to_thread(_items, args, store) if (args.data or args.from_log) else []
    if args.run_id and previous is None and not items:
        raise _UsageError(f"no run {args.run_id!r} in the store; give --data or --from-log")
    if previous is not None and not items:
        items = _items_again(previous, args, store)
    models = _models(args, config, previous)
    scorer_name = args.scorer or (previous or {}).get("scorer") or _default_scorer(config, models)
    run_id = args.run_id or time.strftime("eval-%Y%m%d-%H%M%S-") + secrets.token_hex(2)
    if not items:
        raise _UsageError("no prompts to evaluate")
    params = {
        "data": [str(p) for p in args.data],
        "from_log": args.from_log,
        "per_category": args.per_category,
        "seed": args.seed,
        "limit": args.limit,
    }
    async with _simulator(config, args.data) as sim_url:
        router = Router(config, simulator_url=sim_url)
        try:
            against = args.against or (previous or {}).get("params", {}).get("against")
            if against is not None and (against not in config.models or scorer_name != "pairwise"):
                raise _UsageError("--against needs --scorer pairwise and a configured model")
            judge_model = args.judge or config.evals.judge_model
            if judge_model is not None and judge_model not in config.models:
                raise _UsageError(f"--judge: unknown model {judge_model!r}")
            ctx = ScorerContext(
                judge=None if judge_model is None else router_judge(router, judge_model),
                judge_model=judge_model,
                rubric=config.evals.rubric,
                options={"pattern": args.pattern} if args.pattern else {},
            )
            runner = EvalRunner(
                caller=RouterCaller(router),
                scorer=default_registry().create(scorer_name, ctx),
                store=store,
                concurrency=args.concurrency,
                max_cost_usd=args.max_cost,
                data_names=data_names(router),
                keep_output=output_keeper(config),
                progress=None if args.quiet or args.json else _ProgressBar(),
                against=against,
            )
            await asyncio.to_thread(
                store.begin_run,
                run_id,
                kind="eval",
                scorer=scorer_name,
                models=models,
                data=", ".join(str(p) for p in args.data) or ("log" if args.from_log else None),
                params={**params, "against": against},
            )
            if not args.quiet:  # before any call: an interrupted run can be continued
                print(
                    f"routeyard eval: run {run_id}: {len(items)} prompts x {len(models)} models, "
                    f"scorer {scorer_name}",
                    file=sys.stderr,
                    flush=True,
                )
            outcome = await runner.run(run_id, items, models)
        finally:
            await router.aclose()
    status = "complete" if outcome.complete else ("capped" if outcome.capped else "incomplete")
    await asyncio.to_thread(store.finish_run, run_id, status)
    if outcome.capped and not args.json:
        print(
            f"routeyard eval: spending cap reached (${outcome.spent_usd:.6f} of "
            f"${args.max_cost}): {outcome.not_started} calls not started; "
            f"continue with --run {run_id}",
            file=sys.stderr,
        )
    for failure in outcome.failures[:5]:
        print(f"routeyard eval: failed: {failure}", file=sys.stderr)
    return {
        "run_id": run_id,
        "status": status,
        "scorer": scorer_name,
        "prompts": len(items),
        "pairs": outcome.pairs,
        "skipped": outcome.skipped,
        "done": outcome.done,
        "failed": outcome.failed,
        "not_started": outcome.not_started,
        "spent_usd": round(outcome.spent_usd, 8),
        "models": await asyncio.to_thread(store.summary, run_id=run_id),
    }


def _items_again(previous: dict[str, Any], args: argparse.Namespace, store: Any) -> list[Any]:
    """A resumed run without prompt flags reads the prompts the run was started with."""
    params = previous.get("params") or {}
    args.data = [Path(p) for p in params.get("data", [])]
    args.from_log = bool(params.get("from_log"))
    args.per_category = int(params.get("per_category") or args.per_category)
    args.seed = int(params.get("seed") or 0)
    args.limit = params.get("limit")
    return _items(args, store)


def _models(args: argparse.Namespace, config: Config, previous: dict[str, Any] | None) -> list[str]:
    if args.models:
        models = [m.strip() for m in args.models.split(",") if m.strip()]
    elif previous is not None and previous.get("models"):
        models = list(previous["models"])
    else:
        models = config.chat_models()
    unknown = [m for m in models if m not in config.models]
    if unknown:
        raise _UsageError(f"--models: unknown model(s) {', '.join(unknown)}")
    embedding = [m for m in models if m not in config.chat_models()]
    if embedding:
        raise _UsageError(f"--models: {', '.join(embedding)}: embedding models answer no prompts")
    return models


@contextlib.asynccontextmanager
async def _simulator(config: Config, data: list[Path]) -> AsyncIterator[str | None]:
    """The embedded simulator for ``kind: simulator`` providers, answering from the data
    files' recorded outputs where they have them."""
    specs = [p for p in config.providers.values() if p.kind == "simulator" and p.base_url is None]
    if not specs:
        yield None
        return
    from aiohttp import web

    from routeyard import simulator

    path = specs[0].simulator_spec
    spec = simulator.load_spec(path) if path else simulator.default_spec()
    spec = spec.model_copy(update={"data_files": [*spec.data_files, *map(str, data)]})
    runner = web.AppRunner(simulator.build_app(spec), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


class _ProgressBar:
    """One line on standard error, redrawn at most ten times a second."""

    def __init__(self, width: int = 30) -> None:
        self.width = width
        self._last = 0.0
        self._tty = sys.stderr.isatty()
        self._line = ""
        self._decile = -1

    def __call__(self, o: Any) -> None:
        now = time.monotonic()
        finished = o.skipped + o.done + o.failed
        if now - self._last < 0.1 and finished < o.pairs:
            return
        self._last = now
        share = finished / o.pairs if o.pairs else 1.0
        filled = round(share * self.width)
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {finished}/{o.pairs} "
            f"${o.spent_usd:.6f}" + (f" {o.failed} failed" if o.failed else "")
        )
        if line == self._line:
            return
        self._line = line
        if self._tty:
            end = "\n" if finished >= o.pairs else ""
            print(f"\r{line}", end=end, file=sys.stderr, flush=True)
        elif finished >= o.pairs or int(share * 10) != self._decile:
            self._decile = int(share * 10)
            print(line, file=sys.stderr, flush=True)


def _print_table(summary: dict[str, Any]) -> None:
    print(
        f"run {summary['run_id']} ({summary['status']}): {summary['prompts']} prompts, "
        f"scorer {summary['scorer']}, spent ${summary['spent_usd']:.6f}"
    )
    print(f"{'model':<28} {'results':>8} {'scored':>7} {'mean':>7} {'cost USD':>12}")
    for m in summary["models"]:
        mean = "-" if m["mean_score"] is None else f"{m['mean_score']:.3f}"
        cost = m["cost_usd"] + m["judge_cost_usd"]
        print(f"{m['model']:<28} {m['results']:>8} {m['scored']:>7} {mean:>7} {cost:>12.6f}")
