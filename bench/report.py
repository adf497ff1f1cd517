"""The figures every benchmark returns, and the table `python -m bench` prints from them."""

from __future__ import annotations

import importlib
import os
import platform
import sys
from dataclasses import dataclass

from bot.app import event_loop
from bot.app.event_loop import loop_name

BENCHMARKS = ("broadcast", "update_throughput", "reminders_scale", "storage_writes")


@dataclass(frozen=True)
class Figure:
    """One measured figure next to the goal the issue sets for it. `met` is None when there is no goal."""

    benchmark: str
    name: str
    value: str
    goal: str = ""
    met: bool | None = None


def machine() -> str:
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu = platform.processor() or "?"
    return (f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]} "
            f"({platform.python_implementation()}, {loop_name()}), {platform.system()} {platform.release()}")


def table(figures: list[Figure]) -> str:
    """A plain-text table: benchmark, figure, value, goal, met."""
    header = ("benchmark", "figure", "value", "goal", "met")
    rows = [header] + [(f.benchmark, f.name, f.value, f.goal,
                        "" if f.met is None else ("yes" if f.met else "NO")) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_one(name: str, quick: bool) -> list[Figure]:
    """Runs bench/<name>.py's main on the bot's event loop (called in a fresh process by `python -m bench`)."""
    module = importlib.import_module(f"bench.{name}")
    return event_loop.run(module.main(quick))
