"""`python -m bench [--quick]`: every benchmark, one after another, then one table of figures and goals.

Each benchmark runs in a fresh process: run in one, the later ones measured the heap and the leftover
threads of the earlier ones (the reminder sweep's p99 went from 0.27 s alone to 0.46 s after the others).
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from bench.report import BENCHMARKS, Figure, machine, run_one, table


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small settings, for a smoke run (about a minute)")
    parser.add_argument("only", nargs="*", metavar="benchmark", help=f"run just these: {', '.join(BENCHMARKS)}")
    args = parser.parse_args()
    unknown = set(args.only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    figures: list[Figure] = []
    for name in args.only or BENCHMARKS:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as fresh:
            figures += fresh.submit(run_one, name, args.quick).result()
        print(flush=True)
    print(f"machine: {machine()}{'  (quick settings: goals are for the full run)' if args.quick else ''}")
    print(table(figures))


if __name__ == "__main__":
    main()
