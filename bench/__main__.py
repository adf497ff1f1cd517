"""`python -m bench [--quick]`: every benchmark, one after another."""

from __future__ import annotations

import argparse
import asyncio

from bench import reminders_scale, storage_writes, update_throughput


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small settings, for a smoke run")
    args = parser.parse_args()
    asyncio.run(update_throughput.main(args.quick))
    asyncio.run(reminders_scale.main(args.quick))
    asyncio.run(storage_writes.main(args.quick))


if __name__ == "__main__":
    main()
