"""`python -m bot.sandbox.web [PORT]`: the browser sandbox without bot.py, for working on the page itself."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from bot.app.settings import Settings

from . import run_web_sandbox


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_web_sandbox(Settings(), port=port))


if __name__ == "__main__":
    main()
