"""What the operator reads when a `bot.py` subcommand cannot start or stops on an error.

Python's default report is a traceback on stderr, and python-telegram-bot puts the rejected token into the
text of InvalidToken: both would land in the service's journal. Instead the operator gets one catalogue
line naming what to fix, and the log gets one redacted line for whoever digs further.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import sys
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

from bot.app.wiring import TokenRefused
from bot.channels.zalo_client import ZaloTransportError, ZaloUnauthorized
from bot.text.catalogue import t

log = logging.getLogger("bot")
_TOKEN_SETTINGS = {"telegram": {"service": "Telegram", "setting": "KTD_TELEGRAM_TOKEN"},
                   "zalo": {"service": "Zalo", "setting": "KTD_ZALO_TOKEN"}}


def report(exc: BaseException, language: str = "vi", database: Path | None = None) -> int:
    """Logs the failure as one redacted line, tells the operator what to fix, and gives the exit status."""
    log.error("the bot stopped", exc_info=exc)
    print(explain(exc, language, database), file=sys.stderr)
    return 1


def explain(exc: BaseException, language: str, database: Path | None = None) -> str:
    """The catalogue line for a failure that ended the bot, most specific cause first."""
    if isinstance(exc, TokenRefused):
        return t("cli.token_refused", language, **_TOKEN_SETTINGS[exc.channel])
    if isinstance(exc, InvalidToken):
        return t("cli.token_refused", language, **_TOKEN_SETTINGS["telegram"])
    if isinstance(exc, ZaloUnauthorized):
        return t("cli.token_refused", language, **_TOKEN_SETTINGS["zalo"])
    if isinstance(exc, NetworkError):
        return t("cli.unreachable", language, service="Telegram", setting="KTD_TELEGRAM_API_URL")
    if isinstance(exc, ZaloTransportError):
        return t("cli.unreachable", language, service="Zalo", setting="KTD_ZALO_API_URL")
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return t("cli.port_in_use", language)
    if isinstance(exc, sqlite3.DatabaseError):
        # SQLite's messages name the problem ("file is not a database", "database is locked") and nothing secret,
        # but not the file: the operator is told which one
        if database is not None:
            return t("cli.database_unusable_at", language, problem=exc, path=database)
        return t("cli.database_unusable", language, problem=exc)
    if isinstance(exc, OSError) and exc.strerror:
        return t("cli.file_problem", language, problem=exc.strerror, path=exc.filename or "?")
    return t("cli.stopped_on_error", language, kind=type(exc).__name__)
