"""Logging that never writes a token, a secret or a traceback.

Errors are written as one line naming the exception type, its message and the innermost frame of
our own code, which is what an operator needs to find the cause without a multi-line traceback that
could carry request URLs (the Bot API puts the token in every URL) into log collectors.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable

# a Telegram-shaped token anywhere in a line (bot<digits>:<secret> in URLs, or bare)
_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


class RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str] = (), fmt: str | None = None) -> None:
        super().__init__(fmt or "%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return _TOKEN_SHAPE.sub("***", text)

    def formatException(self, ei) -> str:
        exc = ei[1]
        frames = traceback.extract_tb(ei[2]) if ei[2] is not None else []
        ours = [f for f in frames if "site-packages" not in f.filename] or frames
        where = f" at {ours[-1].filename.rsplit('/', 1)[-1]}:{ours[-1].lineno} in {ours[-1].name}" if ours else ""
        return f"  ({type(exc).__name__}: {exc}{where})"

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = None
        text = super().format(record).replace("\n  (", " (")
        return self.redact(text)


# Libraries that at DEBUG write what passes through them: aiosqlite every statement with its parameters (a
# ballot's choices right after its unit's participation row), python-telegram-bot every update (who pressed
# which ballot button). A secret ballot must not be reconstructible from the log, whatever level an
# operator sets, so these are held at INFO.
CONTENT_LOGGERS = ("aiosqlite", "telegram", "telegram.ext", "telegram.ext.Application", "telegram.ext.Updater",
                   "telegram.ext.ExtBot", "telegram._bot", "hpack", "sqlite3")


class ContentFilter(logging.Filter):
    """Drops DEBUG records of the content loggers even if something lowered their level again."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG:
            return True
        return not any(record.name == name or record.name.startswith(name + ".") for name in CONTENT_LOGGERS)


def quiet_content_loggers() -> None:
    for name in CONTENT_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:  # NOTSET or DEBUG: it would follow the root down to DEBUG
            logger.setLevel(logging.INFO)


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets))
    handler.addFilter(ContentFilter())
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL holds the bot token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    quiet_content_loggers()
