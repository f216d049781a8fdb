"""The machine and the exact versions a run measured."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from suite.contenders import LITELLM_VENV, PORTKEY_DIR
from suite.load import wrk_version

ROOT = Path(__file__).resolve().parent.parent.parent


def _cmd(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "unknown"
    return (out.stdout or out.stderr).strip() or "unknown"


def _pkg(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": f"Linux {platform.release()}",
        "platform": platform.platform(),
    }


def versions() -> dict[str, str]:
    routeyard = _pkg("routeyard")
    commit = _cmd(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    if commit != "unknown":
        status = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=False,
        )
        routeyard += f" at commit {commit}{' + uncommitted src/ changes' if status.stdout else ''}"
    gateway = PORTKEY_DIR / "node_modules/@portkey-ai/gateway"
    node_server = next(
        (
            p
            for p in (
                gateway / "node_modules/@hono/node-server/package.json",
                PORTKEY_DIR / "node_modules/@hono/node-server/package.json",
            )
            if p.exists()
        ),
        gateway / "missing",
    )
    litellm_python = _cmd([str(LITELLM_VENV / "bin" / "python"), "--version"])
    return {
        "routeyard": routeyard,
        "python": platform.python_version(),
        "aiohttp": _pkg("aiohttp"),
        "uvloop": _pkg("uvloop"),
        "litellm": _litellm(),
        "litellm_python": litellm_python.removeprefix("Python "),
        "portkey": _json_version(gateway / "package.json"),
        "portkey_hono_node_server": _json_version(node_server),
        "node": _cmd(["node", "--version"]).removeprefix("v"),
        "wrk": wrk_version(),
    }


def _litellm() -> str:
    out = _cmd(
        [
            str(LITELLM_VENV / "bin" / "python"),
            "-c",
            "import importlib.metadata as m; print(m.version('litellm'))",
        ]
    )
    return out.splitlines()[-1] if out != "unknown" else out


def _json_version(path: Path) -> str:
    import json

    try:
        return str(json.loads(path.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"
