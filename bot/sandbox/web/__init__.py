"""The sandbox in a browser: the real bot against the Bot API double, shown as a phone chat on 127.0.0.1.

`python bot.py sandbox --web` (and plain `python bot.py` with no token) calls run_web_sandbox.
"""

from .server import WebSandbox, run_web_sandbox

__all__ = ["WebSandbox", "run_web_sandbox"]
