"""Reading Telegram's updates one at a time, so one that python-telegram-bot cannot parse costs only itself.

python-telegram-bot parses a getUpdates answer as a whole: one update it cannot read (a `poll_answer`
without `option_persistent_ids`, sent by an older Bot API server) fails the batch, which it then fetches
again forever, processing nothing, and each time logs the whole batch, with people's messages, at CRITICAL.
Its webhook server answers a body that is not JSON with 500 and logs unreadable updates the same way.
Here an update that cannot be parsed is skipped with one log line that carries no user text, and the
others are processed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.ext import ExtBot
from telegram.ext import _updater as ptb_updater
from telegram.ext._utils.webhookhandler import TelegramHandler, WebhookAppClass
from telegram.request import BaseRequest

log = logging.getLogger(__name__)


def parse_update(data: object, bot: ExtBot[Any]) -> Update | None:
    """The update, or None (and one log line) when python-telegram-bot cannot parse it."""
    try:
        return Update.de_json(data, bot)  # type: ignore[arg-type]
    except Exception as exc:  # any parse failure of one update must not stop the others
        # field names only: the exception's text can quote a value, and values are what people wrote
        if isinstance(data, dict):
            update_id, kinds = data.get("update_id"), ",".join(sorted(str(k) for k in data if k != "update_id"))
        else:
            update_id, kinds = None, type(data).__name__
        log.warning("telegram update %s (%s) could not be read (%s) and is skipped", update_id, kinds,
                    type(exc).__name__)
        return None


def _placeholder(data: object) -> Update | None:
    """A bare update of the unreadable one's id: polling confirms updates up to the last one it returns, so
    without it an unreadable last update would be fetched again on every poll."""
    update_id = data.get("update_id") if isinstance(data, dict) else None
    return Update(update_id) if isinstance(update_id, int) and not isinstance(update_id, bool) else None


class TolerantBot(ExtBot[None]):
    """python-telegram-bot's bot with getUpdates parsed update by update."""

    def __init__(self, token: str, base_url: str, base_file_url: str, request: BaseRequest,
                 get_updates_request: BaseRequest) -> None:
        super().__init__(token, base_url=base_url, base_file_url=base_file_url, request=request,
                         get_updates_request=get_updates_request)
        self._poll_request = get_updates_request

    async def get_updates(  # type: ignore[override]
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 - python-telegram-bot's signature
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        data: JSONDict = {"timeout": timeout, "offset": offset, "limit": limit, "allowed_updates": allowed_updates}
        # as python-telegram-bot's own get_updates: a long poll may take its timeout on top of the read timeout
        base = (self._poll_request.read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout) or 0
        if isinstance(timeout, timedelta):
            waited = base + timeout.total_seconds()
        else:
            waited = base + timeout if timeout else base
        result = await self._post("getUpdates", data, read_timeout=waited, write_timeout=write_timeout,
                                  connect_timeout=connect_timeout, pool_timeout=pool_timeout, api_kwargs=api_kwargs)
        updates = []
        for item in result or ():
            update = parse_update(item, self) or _placeholder(item)
            if update is not None:
                self.insert_callback_data(update)
                updates.append(update)
        return tuple(updates)


class _WebhookHandler(TelegramHandler):
    async def post(self) -> None:
        self._validate_post()  # content type and secret, as python-telegram-bot checks them
        try:
            data = json.loads(self.request.body)
        except ValueError:  # UnicodeDecodeError included
            data = None
        if not isinstance(data, dict):
            # only its size: a body is what someone sent, and may hold what people wrote
            log.warning("telegram webhook: a request with the right secret has a body that is not a JSON "
                        "object (%d bytes); answered 400", len(self.request.body))
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Body is not a JSON object")
        self.set_status(HTTPStatus.OK)
        update = parse_update(data, self.bot)  # type: ignore[arg-type]
        # a skipped update is still answered 200: Telegram would otherwise send it again and again
        if update is not None:
            self.bot.insert_callback_data(update)  # type: ignore[attr-defined]
            await self.update_queue.put(update)


class _WebhookApp(WebhookAppClass):
    def __init__(self, webhook_path: str, bot: ExtBot[Any], update_queue: Any, secret_token: str | None = None
                 ) -> None:
        # as WebhookAppClass.__init__, with the handler above
        self.shared_objects = {"bot": bot, "update_queue": update_queue, "secret_token": secret_token}
        tornado.web.Application.__init__(self, [(rf"{webhook_path}/?", _WebhookHandler, self.shared_objects)])


def install_webhook_handler() -> None:
    """python-telegram-bot's Updater builds its webhook server from this module-level name and offers no
    other way in."""
    if ptb_updater.WebhookAppClass is not _WebhookApp:
        ptb_updater.WebhookAppClass = _WebhookApp  # type: ignore[misc]
