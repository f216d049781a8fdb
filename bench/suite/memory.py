"""Memory and CPU of a process tree, read from /proc (LiteLLM or Portkey may spawn children)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _ppid_and_cpu(pid: int) -> tuple[int, int] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may contain spaces and parentheses: split after the last ')'.
    fields = stat[stat.rindex(")") + 2 :].split()
    ppid, utime, stime = int(fields[1]), int(fields[11]), int(fields[12])
    return ppid, utime + stime


def tree_pids(root: int) -> list[int]:
    """``root`` and all its live descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            info = _ppid_and_cpu(int(entry))
            if info is not None:
                children.setdefault(info[0], []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if Path(f"/proc/{pid}").exists():
            found.append(pid)
            todo.extend(children.get(pid, []))
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass(frozen=True)
class Memory:
    rss_mb: float  # sum of VmRSS over the tree, now
    hwm_mb: float  # sum of VmHWM (each process's own peak) over the tree
    processes: int


def memory(root: int) -> Memory:
    pids = tree_pids(root)
    rss = sum(_status_kb(p, "VmRSS") for p in pids)
    hwm = sum(_status_kb(p, "VmHWM") for p in pids)
    return Memory(rss / 1024, hwm / 1024, len(pids))


def cpu_seconds(root: int) -> float:
    """User + system CPU time of the live tree (children that exited are not counted)."""
    total = 0
    for pid in tree_pids(root):
        info = _ppid_and_cpu(pid)
        if info is not None:
            total += info[1]
    return total / _CLK_TCK


def wait_idle(
    roots: list[int], *, window: float = 0.3, busy: float = 0.05, limit: float = 60.0
) -> float:
    """Wait until the trees use under ``busy`` of a core over ``window`` s; return seconds waited.

    A slow gateway keeps working on requests that wrk already gave up on; the next contender
    must not be measured while it does.
    """
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = sum(cpu_seconds(pid) for pid in roots)
        time.sleep(window)
        if sum(cpu_seconds(pid) for pid in roots) - before < busy * window:
            break
    return time.monotonic() - started


def machine_busy_seconds() -> float:
    """CPU seconds processes on the machine have used since boot: user + nice + system time
    from /proc/stat (interrupt time and hypervisor steal belong to no process)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system = (int(x) for x in fields[:3])
    return (user + nice + system) / _CLK_TCK
