"""Zalo through the Zalo Bot API: updates in, channel-neutral replies out, as numbered text.

Zalo bots have no buttons, no edits and no callbacks, so every reply's choices become numbered lines
(bot/channels/text_render.py) and the chat's last offered options are kept in the database; a person's "1", or
the words of an option, is turned into the choice before the router sees it. Anything else goes through
as typed text, so a value typed into a dialog step still reaches it.

The numbers follow what Telegram does with buttons: a new list replaces the chat's options (so numbers
always mean the latest list), a message without a list leaves them, and an answer to a choice that
Telegram would show by editing the message ends them. A step that waits for typed input (the chat has a
saved dialog state) may itself expect a number, a score say, while offering options too: there a bare
number is the person's input, never an option; the options are shown as "#1 ..." and chosen with "#1"
or their words.

Updates come by long polling (getUpdates returns one update per call and HTTP 408 when idle) or by a
webhook (aiohttp) that checks the X-Bot-Api-Secret-Token header. Either way, updates of different chats
are handled concurrently and those of one chat strictly in order, like bot/channels/ordering.py does for
Telegram; Zalo may deliver an update twice, so each is handled once per event and message id.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.chat_locks import ChatLocks
from bot.channels.reconnect import connect_when_reachable, next_pause
from bot.channels.text_render import render_numbered, resolve_numbered, split_text
from bot.channels.zalo_client import (
    TEXT_LIMIT,
    ZaloApiError,
    ZaloClient,
    ZaloError,
    ZaloRateLimited,
    ZaloTransportError,
    ZaloUnauthorized,
    unwrap_updates,
)
from bot.services.notify import FAILED, LATER, LATER_FOR_CHAT, SENT, UNKNOWN, Leaving
from bot.services.zalo_usage import ZaloUsage
from bot.text.catalogue import t
from bot.text.messages import FileRef, Inbound, Kind, Outcome, Reply, Sender
from bot.text.vi_text import fold
from handlers.base import ChannelContext
from handlers.port import ChatApp, SavedOptions

log = logging.getLogger(__name__)

CHANNEL = "zalo"
MAX_FILE_BYTES = 20 * 1024 * 1024
DEDUPE_WINDOW = 600.0
WEBHOOK_BODY_LIMIT = 1024 * 1024
SECRET_HEADER = "X-Bot-Api-Secret-Token"
_HASH_NUMBER = re.compile(r"#\s*(\d{1,3})\.?")
# tries of one part of an answer whose request may have arrived (README "Delivery": an answer is at least
# once, at most 3 tries); the client's own retries cover what certainly did not arrive
ANSWER_ATTEMPTS = 3
ANSWER_BACKOFF = 0.25
POLLING_WARNING = ("zalo takes updates by long polling (getUpdates), which Zalo's docs reserve for development: "
                   "messages sent while the bot is not asking are lost. In production set KTD_ZALO_WEBHOOK_URL "
                   "and KTD_ZALO_WEBHOOK_SECRET (docs/zalo.md)")

Forward = Callable[[Reply], Awaitable[None]]


class Offered(NamedTuple):
    """What a chat was offered: the labels and the choice data, in order."""

    labels: list[str]
    data: list[str]
    # a secret ballot's options (their data says what is ticked) are kept in this process's memory only, never
    # in dialog_state: a file must not link the voter's chat to a choice. A restart forgets them (the person
    # opens the ballot again), as Telegram forgets nothing only because the buttons live in its message.
    secret: bool = False



class SplitText:
    """A text as the parts Zalo takes, and how many of them Zalo accepted: sending goes on after those, so a
    part that is tried again never brings the earlier ones twice."""

    def __init__(self, text: str) -> None:
        self.parts = zalo_chunks(text)
        self.sent = 0

    @property
    def done(self) -> bool:
        return self.sent >= len(self.parts)

    def failed(self, status: str) -> str:
        """What a failure means for the whole text: once a part arrived, the text is partly there (UNKNOWN),
        whatever stopped the rest; sending it all again would repeat that part."""
        return UNKNOWN if self.sent else status


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def zalo_chunks(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, split at line boundaries; Zalo may count UTF-16 units, in which
    an emoji is two, so a piece over the limit in those units is split again."""
    chunks: list[str] = []
    for chunk in split_text(text, limit):
        if utf16_len(chunk) <= limit:
            chunks.append(chunk)
        else:
            chunks += zalo_chunks(chunk, limit // 2) if limit > 1 else [chunk]
    return chunks or [text[:limit]]


def render_options(reply: Reply, lang: str, typing: bool) -> tuple[str, list[str], list[str]]:
    """The reply as text with its options, their labels and their data; numbered "1. ..." normally,
    "#1 ..." while a typing step waits (where a bare number is the person's input)."""
    labels = [choice.label for row in reply.choices for choice in row]
    if not typing or not labels:
        text, data = render_numbered(reply, lang)
        return text, labels, data
    data = [choice.data for row in reply.choices for choice in row]
    lines = [reply.text, "", *(f"#{n} {label}" for n, label in enumerate(labels, start=1)), "",
             t("zalo.choose_hash", lang)]
    return "\n".join(lines), labels, data


def resolve_option(text: str, labels: list[str], data: list[str], typing: bool) -> str | None:
    """The choice data the person meant, or None when the text is input rather than a choice."""
    answer = text.strip()
    hashed = _HASH_NUMBER.fullmatch(answer)
    if hashed:
        index = int(hashed.group(1)) - 1
        return data[index] if 0 <= index < len(data) else None
    if typing and answer.rstrip(".").isdigit():
        # a number typed into a step that asked for one; only an option labelled exactly so is meant
        matches = [d for label, d in zip(labels, data, strict=True) if fold(label) == fold(answer)]
        return matches[0] if len(matches) == 1 else None
    return resolve_numbered(answer, labels, data)


def _parse_command(text: str) -> tuple[str, str] | None:
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, rest = text.partition(" ")
    command = head[1:].split("@", 1)[0].lower()
    return (command, rest.strip()) if command else None


def to_inbound(update: dict[str, Any]) -> Inbound | None:
    """The channel-neutral form of a Zalo update, or None for updates no dialog handles.

    Field names are read leniently because they drift between the docs and what was observed:
    display_name or first_name, photo_url or photo."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    user = message.get("from") if isinstance(message.get("from"), dict) else {}
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    user_id = str(user.get("id") or "")
    if not user_id or user.get("is_bot") is True:
        return None
    chat_id = str(chat.get("id") or user_id)
    name = str(user.get("display_name") or user.get("first_name") or user.get("name") or "")
    chat_type = str(chat.get("chat_type") or "PRIVATE").upper()
    sender = Sender(CHANNEL, user_id, chat_id, name, None, None, is_private=chat_type == "PRIVATE")
    event = str(update.get("event_name") or "")
    if event == "message.image.received":
        url = message.get("photo_url") or message.get("photo")
        if isinstance(url, str) and url:
            ref = FileRef(url, "anh.jpg", "image/jpeg", None)
            return Inbound(sender, Kind.FILE, text=str(message.get("caption") or ""), file=ref)
    if event == "message.file.received":
        # not documented for Zalo bots; read in case it appears, with the same lenient names
        url = message.get("url") or message.get("file_url")
        if isinstance(url, str) and url:
            file_name = str(message.get("file_name") or message.get("name") or "tep")
            ref = FileRef(url, file_name, message.get("mime_type"), message.get("size"))
            return Inbound(sender, Kind.FILE, text=str(message.get("caption") or ""), file=ref)
    if event not in ("message.text.received", ""):
        # stickers, voice, and "unsupported" (Zalo withholds the content of protected users): nothing to read,
        # but the person still gets the usual answer to something the bot does not understand
        return Inbound(sender, Kind.TEXT, text="")
    text = str(message.get("text") or "").strip()
    command = _parse_command(text)
    if command is not None:
        return Inbound(sender, Kind.COMMAND, text=command[1], command=command[0])
    return Inbound(sender, Kind.TEXT, text=text)


def dedupe_key(update: dict[str, Any]) -> str | None:
    message = update.get("message")
    message_id = message.get("message_id") if isinstance(message, dict) else None
    return f"{update.get('event_name')}:{message_id}" if message_id else None


class RecentKeys:
    """Keys seen within a time window: Zalo's redelivery policy is undocumented, so a window of minutes."""

    def __init__(self, window: float = DEDUPE_WINDOW, limit: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.limit = limit
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str) -> bool:
        now = self.clock()
        while self._seen and (len(self._seen) > self.limit or next(iter(self._seen.values())) < now - self.window):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


class ChatLanes:
    """Different chats concurrently, one chat strictly in order.

    Each job waits on its chat's lock; asyncio locks wake waiters first-in first-out, and jobs are
    registered in arrival order, so a person's messages are handled in the order they were sent."""

    def __init__(self) -> None:
        self._chats = ChatLocks()
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def submit(self, key: str, job: Coroutine[Any, Any, None]) -> None:
        self._idle.clear()
        task = asyncio.get_running_loop().create_task(self._run(key, job))
        self._tasks.add(task)
        task.add_done_callback(self._done)

    async def _run(self, key: str, job: Coroutine[Any, Any, None]) -> None:
        try:
            async with self._chats.hold(key):
                await job
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.error("zalo update in chat %s failed: %s", key, type(exc).__name__, exc_info=exc)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()

    @property
    def active(self) -> int:
        return len(self._tasks)

    async def wait_idle(self) -> None:
        await self._idle.wait()

    async def shutdown(self, grace: float = 5.0) -> None:
        """Lets running jobs finish for `grace` seconds, then cancels what is left."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


class ZaloChannel:
    def __init__(self, token: str, api_url: str, app: ChatApp, *, forward: Forward | None = None,
                 on_admins_changed: Callable[[], Awaitable[None]] | None = None, client: ZaloClient | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, poll_backoff: float = 1.0,
                 poll_backoff_max: float = 30.0, on_token_refused: Callable[[str], None] | None = None,
                 usage: ZaloUsage | None = None) -> None:
        self.chat_app = app
        # counts the messages Zalo accepted, against the monthly quota (bot/services/zalo_usage.py)
        self.usage = usage
        self.bot_id = ""
        # answer parts sent again after a failure that may have arrived: each one a possible duplicate
        self.possible_duplicates = 0
        self._polling_told = False
        self.client = client or ZaloClient(token, api_url, sleep=sleep)
        # told once if Zalo refuses the token while running (reset in Zalo Bot Creator)
        self.on_token_refused = on_token_refused
        # replies for another channel (a file for the person's Telegram) go through the running bot's hub
        self.forward = forward
        self.on_admins_changed = on_admins_changed
        self.lanes = ChatLanes()
        self.seen = RecentKeys()
        self.account_name: str | None = None
        self.unauthorized = False
        self._sleep = sleep
        self._poll_backoff = poll_backoff
        self._poll_backoff_max = poll_backoff_max
        self._poll_timeout = 30
        self._poll_task: asyncio.Task[None] | None = None
        # connects in the background when Zalo was unreachable at start
        self._connect_task: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self._secret = ""
        self._stopping = False
        # chat → a secret ballot's options, held in memory only (see Offered)
        self._secret_options: dict[str, SavedOptions] = {}
        self._groups_told: set[str] = set()

    # --- lifecycle ------------------------------------------------------------------------------------

    async def start(self, *, webhook_url: str | None = None, listen: str = "0.0.0.0", port: int = 8444,
                    secret: str | None = None, poll_timeout: int = 30, wait_if_unreachable: bool = False) -> None:
        """Connects and starts taking updates. `wait_if_unreachable`: another channel can serve meanwhile, so
        Zalo out of reach (an outage, a 5xx) does not stop the start: the channel connects in the background
        instead. A refused token or a wrong API URL always stops it: those the operator must fix."""
        if webhook_url and not secret:
            raise ValueError("a Zalo webhook needs a secret token")
        self._poll_timeout = max(1, poll_timeout)
        try:
            await self._connect(webhook_url, listen, port, secret or "")
        except ZaloError as exc:
            if not exc.retryable or not wait_if_unreachable:
                await self._close()
                raise
            # Zalo down while the bot (re)starts must not keep the Telegram channel down with it
            log.warning("zalo is unreachable at start (%s): the other channels start now and Zalo is tried "
                        "again in the background", _describe(exc))
            connect = functools.partial(self._connect, webhook_url, listen, port, secret or "")
            self._connect_task = asyncio.get_running_loop().create_task(connect_when_reachable(
                "zalo", connect, sleep=self._sleep, unreachable=ZaloError, refused=ZaloUnauthorized,
                on_refused=self._token_refused, describe=_describe, first=self._poll_backoff,
                most=self._poll_backoff_max))
        except BaseException:
            await self._close()
            raise

    async def _connect(self, webhook_url: str | None, listen: str, port: int, secret: str) -> None:
        me = await self.client.get_me()
        self.account_name = str(me.get("account_name") or me.get("display_name") or me.get("id") or "?")
        self.bot_id = str(me.get("id") or self.account_name)
        if webhook_url:
            await self._start_webhook(webhook_url, listen, port, secret)
        else:
            if not self._polling_told:
                self._polling_told = True
                log.warning(POLLING_WARNING)
            # getUpdates does not work while a webhook is set
            await self.client.delete_webhook()
            self._poll_task = asyncio.get_running_loop().create_task(self._poll())
        log.info("zalo channel started as %s (%s)", self.account_name, "webhook" if webhook_url else "polling")

    async def stop(self) -> None:
        self._stopping = True
        await self._close()
        if self.usage is not None:
            await self.usage.flush()
        log.info("zalo channel stopped")

    async def _close(self) -> None:
        if self._connect_task is not None:
            self._connect_task.cancel()
            await asyncio.gather(self._connect_task, return_exceptions=True)
            self._connect_task = None
        if self._poll_task is not None:
            self._poll_task.cancel()
            await asyncio.gather(self._poll_task, return_exceptions=True)
            self._poll_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.lanes.shutdown()
        await self.client.aclose()

    async def connected(self) -> None:
        """Returns once the background connection after an unreachable start has ended (at once otherwise)."""
        if self._connect_task is not None:
            await asyncio.shield(self._connect_task)

    async def wait_idle(self) -> None:
        """Returns once no update is being handled (used by the end-to-end tests)."""
        await self.lanes.wait_idle()

    def _token_refused(self) -> None:
        if not self.unauthorized:
            self.unauthorized = True
            log.error("zalo refused the bot token (401): the Zalo channel stops; set a valid KTD_ZALO_TOKEN "
                      "(it changes when the token is reset in Zalo Bot Creator) and restart")
            if self.on_token_refused is not None:
                self.on_token_refused("zalo")
        if self._poll_task is not None and self._poll_task is not asyncio.current_task():
            self._poll_task.cancel()

    # --- receiving ------------------------------------------------------------------------------------

    async def _poll(self) -> None:
        delay = 0.0
        while not self._stopping and not self.unauthorized:
            try:
                updates = await self.client.get_updates(self._poll_timeout)
            except asyncio.CancelledError:
                raise
            except ZaloUnauthorized:
                self._token_refused()
                return
            except Exception as exc:
                # the loop never dies: a network hiccup or a 5xx is waited out, with a growing pause
                delay = next_pause(delay, self._poll_backoff, self._poll_backoff_max)
                log.warning("zalo getUpdates failed: %s; next try in %.0f s", _describe(exc), delay)
                await self._sleep(delay)
                continue
            delay = 0.0
            for update in updates:
                self.accept(update)

    async def _start_webhook(self, url: str, listen: str, port: int, secret: str) -> None:
        self._secret = secret
        if self._runner is None:  # a second try after Zalo was unreachable keeps the server it started
            app = web.Application(client_max_size=WEBHOOK_BODY_LIMIT)
            app.router.add_post("/" + urlsplit(url).path.lstrip("/"), self._on_webhook)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            await web.TCPSite(self._runner, listen, port).start()
        await self.client.set_webhook(url, secret)

    async def _on_webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            log.warning("zalo webhook call without the right secret refused")
            return web.json_response({"ok": False, "description": "Forbidden"}, status=403)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "description": "Bad Request"}, status=400)
        updates = unwrap_updates(body)
        if not updates:
            return web.json_response({"ok": False, "description": "Bad Request"}, status=400)
        # answered at once; the work goes on in the chat's lane
        for update in updates:
            self.accept(update)
        return web.json_response({"ok": True})

    def accept(self, update: dict[str, Any]) -> None:
        """Queues an update for its chat, unless it was seen already or the channel is stopping."""
        if self._stopping or self.unauthorized:
            return
        key = dedupe_key(update)
        if key is not None and not self.seen.first_time(key):
            log.info("zalo delivered %s twice; handled once", key.split(":", 1)[0])
            return
        inbound = to_inbound(update)
        if inbound is None:
            return
        self.lanes.submit(inbound.sender.chat_id, self._handle(inbound))

    def _channel_context(self) -> ChannelContext:
        # Zalo has no deep links: the handlers show the bare invite code instead
        return ChannelContext(deep_link=lambda code: None, fetch_file=self._fetch_file)

    async def _fetch_file(self, ref: FileRef) -> bytes:
        return await self.client.download(ref.file_id, MAX_FILE_BYTES)

    async def _handle(self, inbound: Inbound) -> None:
        sender = inbound.sender
        if not sender.is_private:
            await self._group(inbound)
            return
        if inbound.kind is Kind.TEXT and inbound.text:
            inbound = await self._as_choice(inbound)
        if inbound.kind is Kind.FILE:
            await self._typing(sender.chat_id)
        outcome = await self.chat_app.handle(inbound, self._channel_context())
        await self.render(inbound, outcome)

    async def _group(self, inbound: Inbound) -> None:
        """Groups are beta on Zalo and the bot acts in private chats only; a command is answered once per group."""
        chat = inbound.sender.chat_id
        if inbound.kind is Kind.COMMAND and chat not in self._groups_told:
            self._groups_told.add(chat)
            await self._send_text(chat, t("group.private_only", self._lang))

    async def _as_choice(self, inbound: Inbound) -> Inbound:
        chat = inbound.sender.chat_id
        saved = self._secret_options.get(chat) or await self.chat_app.offered(CHANNEL, chat)
        if saved is None:
            return inbound
        current = await self.chat_app.in_dialog(CHANNEL, chat)
        typing = current is not None
        labels, data = saved.labels, saved.data
        if typing and saved.step != current:
            # options from an earlier step: only an explicit "#N" picks one; anything else is this step's input
            if not _HASH_NUMBER.fullmatch(inbound.text.strip()):
                return inbound
        choice = resolve_option(inbound.text, labels, data, typing)
        if choice is None:
            return inbound
        return Inbound(inbound.sender, Kind.CHOICE, choice=choice)

    async def _typing(self, chat_id: str) -> None:
        try:
            await self.client.send_chat_action(chat_id, "typing")
        except ZaloUnauthorized:
            self._token_refused()
        except ZaloError as exc:
            log.info("zalo typing action in chat %s failed: %s", chat_id, exc)

    # --- sending --------------------------------------------------------------------------------------

    @property
    def _lang(self) -> str:
        return self.chat_app.default_language

    async def render(self, inbound: Inbound, outcome: Outcome) -> None:
        await render_answer(self, inbound, outcome)

    async def deliver(self, chat_id: str, reply: Reply, leaving: Leaving | None = None) -> str:
        """Sends a reply to a Zalo chat nobody just wrote from (a notice, a reminder, a message another
        channel addressed here), at most once: SENT, FAILED (refused), LATER (certainly not sent: no
        connection, the token refused; LATER_FOR_CHAT for a 429, which concerns this chat only) or UNKNOWN (a
        timeout, a dropped connection, a 5xx, or a text only some of whose parts went out: it may have arrived,
        so it is not tried again; README "Delivery"). Zalo has no "blocked" answer that we know of.
        `leaving` is awaited once, before the first request."""
        try:
            offered, status = await self._send_reply(chat_id, reply, None, leaving)
        except ZaloError as exc:
            log.info("zalo notice to chat %s failed: %s", chat_id, _describe(exc))
            return LATER if exc.retryable else FAILED
        if status != SENT:
            return status
        if offered is not None:
            await self._save_options(chat_id, offered)
        return SENT

    async def _send_reply(self, chat_id: str, reply: Reply, user_id: str | None,
                          leaving: Leaving | None = None) -> tuple[Offered | None, str]:
        typing = False
        if reply.choices:
            typing = await self.chat_app.in_dialog(CHANNEL, chat_id) is not None
        text, labels, data = render_options(reply, self._lang, typing)
        if reply.file is not None:
            note = await self._file_instead(reply, user_id)
            text = f"{text}\n\n{note}" if text else note
        if leaving is None:
            status = await self._send_text(chat_id, text)
        else:
            status = await self._deliver_text(chat_id, text, leaving)
        return (Offered(labels, data, reply.secret) if data else None), status

    async def _file_instead(self, reply: Reply, user_id: str | None) -> str:
        """Zalo bots cannot send documents: the file goes to the person's Telegram if they linked one."""
        assert reply.file is not None
        name = reply.file.file_name
        if self.forward is not None and user_id is not None:
            telegram_chat = await self.chat_app.chat_on(CHANNEL, user_id, "telegram")
            if telegram_chat is not None:
                await self.forward(Reply(reply.text, file=reply.file, chat_id=telegram_chat, channel="telegram"))
                return t("zalo.file_sent_telegram", self._lang, file=name)
        return t("zalo.file_unavailable", self._lang, file=name)

    async def _send_text(self, chat_id: str, text: str) -> str:
        """An answer (or a message nobody waits on to record): SENT when every part went out; LATER when Zalo
        could not be reached or its token was refused, FAILED when Zalo refused the message, UNKNOWN when only
        some parts went out. Each part gets the client's retries for what certainly did not arrive, and up to
        ANSWER_ATTEMPTS tries after a failure that may have arrived; a part tried again never sends the parts
        before it again. Failures are logged here, once."""
        if self.unauthorized:
            return LATER
        if not text.strip():
            return SENT
        split = SplitText(text)
        tries = 0
        while not split.done:
            try:
                await self.client.send_message(chat_id, split.parts[split.sent])
            except ZaloUnauthorized:
                self._token_refused()
                return split.failed(LATER)
            except ZaloError as exc:
                tries += 1
                # the client retried what it could; left to us is a request that may have arrived (no answer)
                if exc.retryable or _outcome(exc) != UNKNOWN or tries >= ANSWER_ATTEMPTS:
                    # the rest of a split text would make no sense without this part
                    log.error("sending to zalo chat %s failed: %s", chat_id, exc)
                    return split.failed(LATER if exc.retryable else FAILED)
                self.possible_duplicates += 1
                log.info("zalo answer in chat %s: part %s of %s may have arrived (%s); sent again, a possible "
                         "duplicate", chat_id, split.sent + 1, len(split.parts), _describe(exc))
                await self._sleep(ANSWER_BACKOFF * 2 ** (tries - 1))
                continue
            tries = 0
            self._accepted(split)
        return SENT

    async def _deliver_text(self, chat_id: str, text: str, leaving: Leaving) -> str:
        """`_send_text` for a copy to someone else: no request is repeated after it may have arrived (the
        client's own retries are off), and `leaving` is awaited before the first one. Once a part arrived, a
        failure of the next is UNKNOWN: the copy is never sent whole again. A 429 on the first part concerns
        this recipient (LATER_FOR_CHAT): the outbox holds back this chat only."""
        if self.unauthorized:
            return LATER
        if not text.strip():
            return SENT
        await leaving()
        split = SplitText(text)
        while not split.done:
            try:
                await self.client.call("sendMessage", {"chat_id": chat_id, "text": split.parts[split.sent]},
                                       retries=0)
            except ZaloUnauthorized:
                self._token_refused()
                return split.failed(LATER)
            except ZaloError as exc:
                log.info("zalo notice to chat %s: %s (part %s of %s)", chat_id, _describe(exc), split.sent + 1,
                         len(split.parts))
                return split.failed(_outcome(exc))
            self._accepted(split)
        return SENT

    def _accepted(self, split: SplitText) -> None:
        split.sent += 1
        if self.usage is not None:
            self.usage.sent(self.bot_id or "?")

    async def _save_options(self, chat_id: str, offered: Offered | None) -> None:
        self._secret_options.pop(chat_id, None)
        if offered is None or offered.secret:
            # a ballot's numbers replace the ones saved before, which must not answer in its place
            await self.chat_app.forget_offered(CHANNEL, chat_id)
        if offered is None:
            return
        if offered.secret:
            # typed words and numbers only mean an option while the chat is still in the step it was offered in
            step = await self.chat_app.in_dialog(CHANNEL, chat_id)
            self._secret_options[chat_id] = SavedOptions(offered.labels, offered.data, step)
        else:
            await self.chat_app.offer(CHANNEL, chat_id, offered.labels, offered.data)

def _outcome(exc: ZaloError) -> str:
    """What a failed sendMessage means for a copy: LATER when it certainly did not arrive, UNKNOWN when it may
    have (no answer, or a server error), FAILED when Zalo refused it."""
    if isinstance(exc, ZaloRateLimited):
        # Zalo's quota answer comes for one sendMessage to one chat: others may still be reached
        return LATER_FOR_CHAT
    if isinstance(exc, ZaloApiError):
        return UNKNOWN if exc.retryable else FAILED
    if isinstance(exc, ZaloTransportError) and str(exc).split(": ", 1)[-1].startswith("HTTP "):
        return UNKNOWN if exc.retryable else FAILED  # an answer that was not the API's JSON
    return LATER if exc.retryable else UNKNOWN  # retryable transport errors never reached Zalo


async def render_answer(channel: Any, inbound: Inbound, outcome: Outcome) -> None:
    """The answer in the sender's own chat on a channel of numbered options (the Bot Platform, the OA):
    `channel` has `_send_reply`, `_save_options` and `on_admins_changed`. Other chats get theirs from the
    outbox."""
    here = inbound.sender.chat_id
    changed = False
    offered_here: Offered | None = None
    for reply in outcome.replies:
        offered, _ = await channel._send_reply(here, reply, inbound.sender.user_id)
        if offered is not None or (reply.edit and inbound.kind is Kind.CHOICE):
            # a new list replaces the numbers; an answer Telegram shows by editing the pressed message
            # (its buttons gone) ends them; any other message leaves them, as buttons stay on Telegram
            changed, offered_here = True, offered
    if changed:
        await channel._save_options(here, offered_here)
    if outcome.admins_changed and channel.on_admins_changed is not None:
        try:
            await channel.on_admins_changed()
        except Exception as exc:
            log.error("refreshing admin menus after a %s message failed: %s", inbound.sender.channel,
                      type(exc).__name__)


def _describe(exc: BaseException) -> str:
    # our ZaloError messages carry no URL; anything else is named by type only, as it might
    return str(exc) if isinstance(exc, ZaloError) else type(exc).__name__
