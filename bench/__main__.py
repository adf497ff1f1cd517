"""`python -m bench [--quick]`: every benchmark, one after another, then one table of figures and goals."""

from __future__ import annotations

import argparse

from bench import broadcast, reminders_scale, storage_writes, update_throughput
from bench.report import Figure, machine, table
from bot import event_loop


async def run_all(quick: bool) -> list[Figure]:
    figures: list[Figure] = []
    for benchmark in (broadcast, update_throughput, reminders_scale, storage_writes):
        figures += await benchmark.main(quick)
        print()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small settings, for a smoke run (about a minute)")
    args = parser.parse_args()
    figures = event_loop.run(run_all(args.quick))
    print(f"machine: {machine()}{'  (quick settings: goals are for the full run)' if args.quick else ''}")
    print(table(figures))


if __name__ == "__main__":
    main()
