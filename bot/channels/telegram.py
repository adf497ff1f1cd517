"""Telegram through python-telegram-bot: updates in, channel-neutral replies out."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InputFile,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.warnings import PTBUserWarning

from bot.channels.aiohttp_request import AiohttpRequest
from bot.channels.limiter import SendLimiter
from bot.channels.ordering import PerChatUpdateProcessor
from bot.channels.reconnect import connect_when_reachable
from bot.channels.telegram_updates import TolerantBot, install_webhook_handler
from bot.channels.text_render import split_text
from bot.services.notify import BLOCKED, FAILED, LATER, SENT, UNKNOWN, Leaving
from bot.text.catalogue import t
from bot.text.messages import Choice, FileRef, Inbound, Kind, Outcome, Reply, Sender
from handlers.base import ChannelContext
from handlers.port import ChatApp

log = logging.getLogger(__name__)

CHANNEL = "telegram"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
MAX_SEND_ATTEMPTS = 4
# an answer to the person who just wrote is tried this many times after an ambiguous failure (a timeout, a
# dropped connection, a 5xx): at least once within a bound, a possible duplicate counted (README "Delivery")
ANSWER_ATTEMPTS = 3
# seconds before the first retry of an answer, doubled for the next (tests set 0: no real waiting)
ANSWER_BACKOFF = 0.25
# seconds a send may take to connect and to be answered; module constants so tests can make them small
SEND_CONNECT_TIMEOUT = 5.0
SEND_READ_TIMEOUT = 5.0
# connections for sends: every reply of every update shares them (aiohttp queues a request for a free
# connection at no cost); measured, 8 to 64 make no difference on one core, and fewer is kinder to the server
SEND_CONNECTIONS = 16
ALLOWED_UPDATES = ["message", "callback_query", "poll", "poll_answer", "my_chat_member"]
# a second copy of the bot makes every getUpdates fail with 409: said once in this many seconds, not each time
CONFLICT_LOG_INTERVAL = 600.0
# Replies go through Bot.do_api_request (see TelegramChannel._api), which warns that these methods have typed
# counterparts: known and chosen. (pytest resets filters set while it collects; pyproject.toml repeats this one.)
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText|sendDocument|sendPhoto)'",
                        category=PTBUserWarning, module=__name__)

USER_COMMANDS = ("start", "menu", "dangky", "kygiaouoc", "chamdiem", "phieubau", "thongbao", "donvicuatoi", "ten",
                 "lienket", "kenh", "huy", "help")
ADMIN_COMMANDS = (*USER_COMMANDS[:-1], "quantri", "tonghopdangky", "giaouoc", "donvi", "themdonvi", "nhapdonvi",
                  "mamoi", "truongkhoi", "baocao", "vanban", "nhatky", "chuagui",
                  "bangtieuchi", "hanchot", "hanchamdiem", "thamdinh", "xephang", "bophieu", "namtiep", "taokhoi",
                  "chonkhoi",
                  "help")


def commands_for(names: tuple[str, ...], lang: str) -> list[BotCommand]:
    return [BotCommand(name, t(f"cmd.{name}", lang)) for name in names]


def to_inbound(update: Update) -> Inbound | None:
    """The channel-neutral form of an update, or None for updates no dialog handles."""
    user = update.effective_user
    chat = update.effective_chat
    answer = update.poll_answer
    if answer is not None and answer.user is not None and not answer.user.is_bot:
        voter = answer.user
        sender = Sender(CHANNEL, str(voter.id), str(voter.id), voter.full_name, voter.username,
                        voter.language_code, True)
        return Inbound(sender, Kind.POLL_ANSWER, poll_id=answer.poll_id, option_ids=tuple(answer.option_ids))
    if user is None or chat is None or user.is_bot:
        return None
    sender = Sender(
        channel=CHANNEL,
        user_id=str(user.id),
        chat_id=str(chat.id),
        display_name=user.full_name,
        username=user.username,
        language=user.language_code,
        is_private=chat.type == chat.PRIVATE,
    )
    title = chat.title if chat.type != chat.PRIVATE else None
    if update.callback_query is not None:
        return Inbound(sender, Kind.CHOICE, choice=update.callback_query.data or "")
    message = update.message
    if message is None:
        return None
    if message.document is not None:
        doc = message.document
        ref = FileRef(doc.file_id, doc.file_name or "tep", doc.mime_type, doc.file_size)
        return Inbound(sender, Kind.FILE, text=message.caption or "", file=ref)
    if message.photo:
        photo = message.photo[-1]
        ref = FileRef(photo.file_id, "anh.jpg", "image/jpeg", photo.file_size)
        return Inbound(sender, Kind.FILE, text=message.caption or "", file=ref)
    text = message.text or ""
    if text.startswith("/"):
        head, _, rest = text.partition(" ")
        command = head[1:].split("@", 1)[0].lower()
        return Inbound(sender, Kind.COMMAND, text=rest.strip(), command=command, chat_title=title)
    return Inbound(sender, Kind.TEXT, text=text)


def keyboard(reply: Reply) -> dict[str, Any] | None:
    """The reply's buttons as the Bot API's InlineKeyboardMarkup object (shared: never modify it)."""
    return _markup(tuple(tuple(row) for row in reply.choices)) if reply.choices else None


# A scoring keyboard is the same for every representative on a criterion, so each distinct keyboard is
# built once: as python-telegram-bot button objects and their dict form it cost ~300 µs per reply.
@lru_cache(maxsize=2048)
def _markup(rows: tuple[tuple[Choice, ...], ...]) -> dict[str, Any]:
    for row in rows:
        for choice in row:
            if not 1 <= len(choice.data.encode()) <= CALLBACK_DATA_LIMIT:
                raise ValueError(f"callback data must be 1-64 bytes: {choice.data!r}")
    return {"inline_keyboard": [[{"text": c.label, "callback_data": c.data} for c in row] for row in rows]}


class TelegramChannel:
    def __init__(self, token: str, api_url: str, file_url: str, app: ChatApp,
                 limiter: SendLimiter | None = None, on_token_refused: Callable[[str], None] | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.chat_app = app
        self._sleep = sleep
        # connects in the background when Telegram was unreachable at start
        self._connect_task: asyncio.Task[None] | None = None
        # told once if Telegram refuses the token while running (revoked in @BotFather): polling has ended
        self.on_token_refused = on_token_refused
        self.unauthorized = False
        self._serving = False
        self._conflict_logged_at: float | None = None
        self.processor = PerChatUpdateProcessor()
        self.app: Application = (
            ApplicationBuilder()
            .bot(TolerantBot(
                token, base_url=api_url, base_file_url=file_url,
                request=AiohttpRequest(connections=SEND_CONNECTIONS, on_unauthorized=self._token_refused,
                                       read_timeout=SEND_READ_TIMEOUT, write_timeout=SEND_READ_TIMEOUT,
                                       connect_timeout=SEND_CONNECT_TIMEOUT),
                # getUpdates has a connection of its own, so a long poll never holds up a reply
                get_updates_request=AiohttpRequest(connections=1, on_unauthorized=self._token_refused)))
            .concurrent_updates(self.processor)
            .build()
        )
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.app.add_error_handler(self._on_error)
        self._admin_chats: set[str] = set()
        self.limiter = limiter or SendLimiter()
        self.username: str | None = None
        # answers sent again after an ambiguous failure: each may have been shown twice (a count, no text)
        self.possible_duplicates = 0

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self, *, webhook_url: str | None = None, listen: str = "0.0.0.0", port: int = 8443,
                    secret: str | None = None, poll_timeout: int = 30, wait_if_unreachable: bool = False) -> None:
        """Connects and starts taking updates. `wait_if_unreachable`: another channel can serve meanwhile, so
        Telegram out of reach (an outage, or a network that blocks it) does not stop the start: the channel
        connects in the background instead. A refused token always stops it: that one the operator must fix."""
        connect = functools.partial(self._connect, webhook_url, listen, port, secret, poll_timeout)
        try:
            await connect()
            self._serving = True
        except NetworkError as exc:  # TimedOut included
            if not wait_if_unreachable:
                # the caller never gets a channel to stop, so a half-started one must not leave its sessions
                # and tasks behind
                await self.stop()
                raise
            self._serving = True  # a refused token is now news for the running bot, not for the caller
            log.warning("telegram is unreachable at start (%s): the other channels start now and Telegram is "
                        "tried again in the background", type(exc).__name__)
            # a refusal on a later try has already stopped the channel through the transport's 401
            self._connect_task = asyncio.get_running_loop().create_task(connect_when_reachable(
                "telegram", connect, sleep=self._sleep, unreachable=NetworkError, refused=InvalidToken,
                on_refused=lambda: None, describe=lambda exc: type(exc).__name__))
        except BaseException:  # a refused token, a webhook port in use: stopped the same way
            await self.stop()
            raise

    async def _connect(self, webhook_url: str | None, listen: str, port: int, secret: str | None,
                       poll_timeout: int) -> None:
        # each step is skipped once done, so a later try goes on from where an unreachable Telegram stopped it
        if self.username is None:
            await self.app.initialize()  # does nothing once it succeeded
            await self.sync_commands(initial=True)
            self.username = self.app.bot.username
        if not self.app.running:
            await self.app.start()
        assert self.app.updater is not None
        if webhook_url:
            install_webhook_handler()
            # python-telegram-bot registers the webhook before it listens, so a failed try holds no port
            await self.app.updater.start_webhook(
                listen=listen, port=port, url_path=_url_path(webhook_url), webhook_url=webhook_url,
                secret_token=secret, allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await self.app.updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES,
                                                 error_callback=self._polling_failed)
        log.info("telegram channel started as @%s (%s)", self.username, "webhook" if webhook_url else "polling")

    async def connected(self) -> None:
        """Returns once the background connection after an unreachable start has ended (at once otherwise)."""
        if self._connect_task is not None:
            await asyncio.shield(self._connect_task)

    def _polling_failed(self, exc: TelegramError) -> None:
        """python-telegram-bot retries getUpdates after this; by default it logs every failure with its
        traceback, which says nothing of the one cause an operator can act on: a second copy of the bot."""
        if isinstance(exc, Conflict):
            now = time.monotonic()
            if self._conflict_logged_at is None or now - self._conflict_logged_at >= CONFLICT_LOG_INTERVAL:
                self._conflict_logged_at = now
                log.error("telegram: another process is polling with this bot token (409 Conflict), so each "
                          "takes updates from the other; only one may run: stop the other copy (a second "
                          "server or service, or one started by hand)")
            return
        log.warning("telegram getUpdates failed: %s; python-telegram-bot retries", type(exc).__name__)

    def _token_refused(self) -> None:
        # at start the refusal is raised to whoever starts the bot; only a refusal while serving is news
        if not self._serving or self.unauthorized:
            return
        self.unauthorized = True
        log.error("telegram refused the bot token (401): the Telegram channel stops; set a valid "
                  "KTD_TELEGRAM_TOKEN (it changes when the token is revoked in @BotFather) and restart")
        if self.on_token_refused is not None:
            self.on_token_refused("telegram")

    async def stop(self) -> None:
        self._serving = False
        if self._connect_task is not None:
            self._connect_task.cancel()
            await asyncio.gather(self._connect_task, return_exceptions=True)
            self._connect_task = None
        updater = self.app.updater
        if updater is not None and updater.running:
            try:
                await updater.stop()
            except TelegramError as exc:
                # polling that already ended on an error (a refused token) reports it again here; it was
                # logged when it happened, and the rest must still shut down
                log.info("telegram polling had ended: %s", type(exc).__name__)
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        # an initialize that never succeeded (Telegram unreachable) leaves the bot's HTTP sessions open, and
        # the application's shutdown skips them; this closes them and does nothing after a normal shutdown
        await self.app.bot.shutdown()
        log.info("telegram channel stopped")
    # --- inbound --------------------------------------------------------------------------------

    def _channel_context(self) -> ChannelContext:
        return ChannelContext(deep_link=self.deep_link, fetch_file=self._fetch_file)

    def deep_link(self, code: str) -> str | None:
        return f"https://t.me/{self.username}?start={code}" if self.username else None

    async def _fetch_file(self, ref: FileRef) -> bytes:
        file = await self.app.bot.get_file(ref.file_id)
        return bytes(await file.download_as_bytearray())

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        inbound = to_inbound(update)
        if inbound is None:
            return
        outcome = await self.chat_app.handle(inbound, self._channel_context())
        await self.render(update, inbound, outcome)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram error: %s", type(context.error).__name__, exc_info=context.error)

    # --- outbound -------------------------------------------------------------------------------

    async def render(self, update: Update, inbound: Inbound, outcome: Outcome) -> None:
        query = update.callback_query
        if query is not None:
            try:
                await query.answer(outcome.notice[:200] if outcome.notice else None)
            except BadRequest as exc:
                log.info("callback answer refused: %s", exc.message)
        pressed = query.message if query is not None and isinstance(query.message, Message) else None
        # an outcome's replies are the answer in the sender's own chat; what goes to other chats went to the
        # outbox (bot/services/outbox.py) before this
        chat_id = inbound.sender.chat_id
        try:
            await self._render_chat(chat_id, outcome.replies, pressed)
        except Exception as exc:
            log.error("replying in chat %s failed: %s", chat_id, type(exc).__name__, exc_info=exc)
        if outcome.admins_changed:
            await self.sync_commands()

    async def _render_chat(self, chat_id: str, replies: list[Reply], pressed: Message | None) -> None:
        for reply in replies:
            try:
                if reply.edit and pressed is not None and reply.file is None and len(reply.text) <= TEXT_LIMIT:
                    await self._edit(pressed, reply)
                else:
                    await self.send(chat_id, reply, urgent=True)
            except Forbidden:
                log.info("chat %s blocked the bot", chat_id)
                await self.chat_app.mark_blocked(CHANNEL, chat_id)
            except TelegramError as exc:
                log.error("sending to chat %s failed: %s", chat_id, exc.message)

    async def _edit(self, message: Message, reply: Reply) -> None:
        chat_id = str(message.chat_id)
        try:
            await self._call(chat_id, lambda: self._api("editMessageText", chat_id=chat_id,
                                                        message_id=message.message_id, text=reply.text,
                                                        reply_markup=keyboard(reply)), pace=False, urgent=True)
        except BadRequest as exc:
            if "not modified" in exc.message:
                return
            # too old to edit, or deleted: say it afresh rather than lose it
            await self.send(chat_id, reply, urgent=True)

    async def deliver(self, chat_id: str, reply: Reply, leaving: Leaving | None = None) -> str:
        """A message nobody is waiting on (a reminder, a notice): at most once. SENT, BLOCKED, FAILED (refused),
        LATER when nothing left (no connection, Telegram's 429s), UNKNOWN when a request may have arrived and
        its answer was lost (a timeout, a dropped connection, a 5xx): never tried again here, since Telegram
        may have shown it (README "Delivery"). `leaving` is awaited once, as the first request is let go."""
        gate = _Gate(leaving)
        for _ in range(MAX_SEND_ATTEMPTS):
            try:
                await self.send(chat_id, reply, gate=gate)
                return SENT
            except Forbidden:
                return BLOCKED
            except BadRequest as exc:
                log.info("notice to chat %s refused: %s", chat_id, exc.message)
                return FAILED
            except TelegramError as exc:
                if gate.answered or not _never_sent(exc):
                    # a part arrived, or this one may have: sending again could show it twice
                    log.info("notice to chat %s: outcome unknown (%s), not retried", chat_id, type(exc).__name__)
                    return UNKNOWN
                log.info("notice to chat %s not sent, will retry: %s", chat_id, exc.message)
        return LATER

    async def _call(self, chat_id: str, send: Callable[[], Awaitable[object]], group: bool = False,
                    pace: bool = True, urgent: bool = False, gate: _Gate | None = None) -> object:
        """One API call through the limiter; a 429 pauses every send for Telegram's retry_after, then retries.
        Edits are not paced per chat (Telegram's per-chat cap is about new messages). Group and channel
        chats (negative ids) are held to a group's twenty a minute. `urgent`: the answer to someone who just
        wrote, which goes ahead of notices and reminders at the limiter, and is tried again after an
        ambiguous failure (ANSWER_ATTEMPTS); anything else is not. `gate`: awaited as the request leaves."""
        group = group or chat_id.startswith("-")
        ambiguous = 0
        for attempt in range(MAX_SEND_ATTEMPTS + ANSWER_ATTEMPTS):
            # the slot is held until the answer is back: Telegram counted the send somewhere in between
            # (acquire/release rather than `async with limiter.slot()`: every reply passes here, and a
            # generator-based context manager cost more than the limiter's own checks)
            ticket = await self.limiter.acquire(chat_id, group=group, pace_chat=pace, urgent=urgent)
            try:
                if gate is not None:
                    await gate.leave()
                result = await send()
                if gate is not None:
                    gate.answered += 1
                return result
            except RetryAfter as exc:
                if attempt >= MAX_SEND_ATTEMPTS - 1:
                    raise
                wait = exc.retry_after
                self.limiter.pause(wait.total_seconds() if isinstance(wait, timedelta) else float(wait))
            except (TimedOut, NetworkError) as exc:
                if not urgent or isinstance(exc, (BadRequest, Forbidden)):
                    raise
                if not _never_sent(exc):
                    ambiguous += 1
                    if ambiguous >= ANSWER_ATTEMPTS:
                        raise
                    self.possible_duplicates += 1
                    log.warning("answer to chat %s sent again after %s: it may be shown twice (%s so far)",
                                chat_id, type(exc).__name__, self.possible_duplicates)
                elif attempt >= ANSWER_ATTEMPTS - 1:
                    raise
                await self._sleep(ANSWER_BACKOFF * 2 ** attempt)
            finally:
                self.limiter.release(ticket)
        raise AssertionError("unreachable")

    async def _api(self, method: str, **params: object) -> object:
        """One Bot API call through python-telegram-bot's request path (its timeouts, and its errors: RetryAfter,
        Forbidden, BadRequest), answered with the raw result. Replies are sent this way rather than with
        send_message and friends because nothing reads the Message those return, and parsing it back into
        objects (with the keyboard) cost ~250 µs of CPU per reply: about a tenth of a typed score's."""
        return await self.app.bot.do_api_request(method, params)  # it drops the parameters that are None

    async def send(self, chat_id: str, reply: Reply, urgent: bool = False, gate: _Gate | None = None) -> None:
        markup = keyboard(reply)
        if reply.file is not None:
            caption = reply.text if len(reply.text) <= CAPTION_LIMIT else None
            file = reply.file
            await self._call(chat_id, lambda: self._api(
                "sendDocument", chat_id=chat_id, document=InputFile(file.data, filename=file.file_name),
                caption=caption, reply_markup=markup if caption is not None else None), urgent=urgent, gate=gate)
            if caption is not None:
                return
        chunks = split_text(reply.text, TEXT_LIMIT)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1 and not reply.resend
            await self._call(chat_id, lambda chunk=chunk, last=last: self._api(
                "sendMessage", chat_id=chat_id, text=chunk, reply_markup=markup if last else None), urgent=urgent,
                gate=gate)
        for index, ref in enumerate(reply.resend):
            last = index == len(reply.resend) - 1
            method, field = ("sendPhoto", "photo") if (ref.mime_type or "").startswith("image/") \
                else ("sendDocument", "document")
            await self._call(chat_id, lambda ref=ref, last=last, method=method, field=field: self._api(
                method, chat_id=chat_id, **{field: ref.file_id}, caption=ref.file_name[:CAPTION_LIMIT],
                reply_markup=markup if last else None), urgent=urgent, gate=gate)

    async def post_poll(self, chat_id: str, question: str, options: list[str], multiple: bool) -> tuple[str, int]:
        message = await self._call(chat_id, lambda: self.app.bot.send_poll(
            chat_id, question[:300], options, is_anonymous=False, allows_multiple_answers=multiple), group=True)
        assert isinstance(message, Message) and message.poll is not None
        return message.poll.id, message.message_id

    async def stop_poll(self, chat_id: str, message_id: int) -> None:
        await self._call(chat_id, lambda: self.app.bot.stop_poll(chat_id, message_id), group=True)

    async def sync_commands(self, initial: bool = False) -> None:
        """The command menu: everyone's, plus a per-chat one for those who administer a bloc."""
        bot = self.app.bot
        if initial:
            await bot.set_my_commands(commands_for(USER_COMMANDS, "vi"), scope=BotCommandScopeDefault())
            await bot.set_my_commands(commands_for(USER_COMMANDS, "en"), scope=BotCommandScopeDefault(),
                                      language_code="en")
            self._admin_chats = set()
        now = await self.chat_app.admin_chats(CHANNEL)
        for chat in sorted(now - self._admin_chats):
            try:
                await bot.set_my_commands(commands_for(ADMIN_COMMANDS, "vi"), scope=BotCommandScopeChat(chat))
            except TelegramError as exc:
                log.info("admin menu for chat %s not set: %s", chat, exc.message)
        for chat in sorted(self._admin_chats - now):
            try:
                await bot.delete_my_commands(scope=BotCommandScopeChat(chat))
            except TelegramError as exc:
                log.info("admin menu for chat %s not removed: %s", chat, exc.message)
        self._admin_chats = now


class _Gate:
    """One message's way out: `leave` awaits the sender's hook once, just before the first request goes."""

    def __init__(self, leaving: Leaving | None) -> None:
        self._leaving = leaving
        self.answered = 0  # requests of the message Telegram answered

    async def leave(self) -> None:
        if self._leaving is not None:
            leaving, self._leaving = self._leaving, None
            await leaving()


def _never_sent(exc: TelegramError) -> bool:
    """Whether a failed request certainly never reached Telegram: it could not connect, or Telegram said 429
    before taking it. A timeout, a connection dropped after the request was written or a 5xx may each hide
    a message Telegram took."""
    if isinstance(exc, RetryAfter):
        return True
    return isinstance(exc, NetworkError) and not isinstance(exc, TimedOut) \
        and exc.message.startswith("aiohttp.ClientConnector")


def _url_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path.lstrip("/")
