"""What the operator reads when `bot.py run` cannot start or stops on an error.

Python's default report is a traceback on stderr, and python-telegram-bot puts the rejected token into the
text of InvalidToken: both would land in the service's journal. Instead the operator gets one catalogue
line naming what to fix, and the log gets one redacted line for whoever digs further.
"""

from __future__ import annotations

import errno

from telegram.error import InvalidToken, NetworkError

from bot.catalogue import t
from bot.channels.zalo_client import ZaloTransportError, ZaloUnauthorized


def explain(exc: BaseException, language: str) -> str:
    """The catalogue line for a failure that ended the bot, most specific cause first."""
    if isinstance(exc, InvalidToken):
        return t("cli.token_refused", language, service="Telegram", setting="KTD_TELEGRAM_TOKEN")
    if isinstance(exc, ZaloUnauthorized):
        return t("cli.token_refused", language, service="Zalo", setting="KTD_ZALO_TOKEN")
    if isinstance(exc, NetworkError):
        return t("cli.unreachable", language, service="Telegram", setting="KTD_TELEGRAM_API_URL")
    if isinstance(exc, ZaloTransportError):
        return t("cli.unreachable", language, service="Zalo", setting="KTD_ZALO_API_URL")
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return t("cli.port_in_use", language)
    return t("cli.stopped_on_error", language, kind=type(exc).__name__)
