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
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.chat_locks import ChatLocks
from bot.channels.reconnect import connect_when_reachable, next_pause
from bot.channels.text_render import render_numbered, resolve_numbered, split_text
from bot.channels.zalo_client import TEXT_LIMIT, ZaloClient, ZaloError, ZaloUnauthorized, unwrap_update
from bot.services.notify import FAILED, LATER, SENT
from bot.text.catalogue import t
from bot.text.messages import FileRef, Inbound, Kind, Outcome, Reply, Sender
from bot.text.vi_text import fold
from handlers.base import ChannelContext, Router

log = logging.getLogger(__name__)

CHANNEL = "zalo"
# the options offered to a chat live in dialog_state under their own key, next to the chat's dialog row:
# handlers replace or clear their row at every step, and must neither wipe the numbers nor see them
OPTIONS_STATE = "zalo.options"
MAX_FILE_BYTES = 20 * 1024 * 1024
DEDUPE_WINDOW = 600.0
WEBHOOK_BODY_LIMIT = 1024 * 1024
SECRET_HEADER = "X-Bot-Api-Secret-Token"
_HASH_NUMBER = re.compile(r"#\s*(\d{1,3})\.?")

Forward = Callable[[Reply], Awaitable[None]]
# what a chat was offered: the labels and the choice data, in order
Offered = tuple[list[str], list[str]]


def options_key(chat_id: str) -> str:
    return f"{chat_id}:options"


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
    def __init__(self, token: str, api_url: str, router: Router, *, forward: Forward | None = None,
                 on_admins_changed: Callable[[], Awaitable[None]] | None = None, client: ZaloClient | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, poll_backoff: float = 1.0,
                 poll_backoff_max: float = 30.0, on_token_refused: Callable[[str], None] | None = None) -> None:
        self.router = router
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
        if webhook_url:
            await self._start_webhook(webhook_url, listen, port, secret)
        else:
            # getUpdates does not work while a webhook is set
            await self.client.delete_webhook()
            self._poll_task = asyncio.get_running_loop().create_task(self._poll())
        log.info("zalo channel started as %s (%s)", self.account_name, "webhook" if webhook_url else "polling")

    async def stop(self) -> None:
        self._stopping = True
        await self._close()
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
                update = await self.client.get_update(self._poll_timeout)
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
            if update is not None:
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
        update = unwrap_update(body)
        if update is None:
            return web.json_response({"ok": False, "description": "Bad Request"}, status=400)
        # answered at once; the work goes on in the chat's lane
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
        try:
            outcome = await self.router.dispatch(inbound, self._channel_context())
        except Exception as exc:
            log.error("zalo message in chat %s failed: %s", sender.chat_id, type(exc).__name__, exc_info=exc)
            outcome = Outcome([Reply(t("error.internal", self._lang))])
        await self.render(inbound, outcome)

    async def _group(self, inbound: Inbound) -> None:
        """Groups are beta on Zalo and the bot acts in private chats only; a command is answered once per group."""
        chat = inbound.sender.chat_id
        if inbound.kind is Kind.COMMAND and chat not in self._groups_told:
            self._groups_told.add(chat)
            await self._send_text(chat, t("group.private_only", self._lang))

    async def _as_choice(self, inbound: Inbound) -> Inbound:
        saved = await self.router.services.dialogs.get(CHANNEL, options_key(inbound.sender.chat_id))
        if saved is None or saved.state != OPTIONS_STATE:
            return inbound
        labels, data = saved.data.get("labels", []), saved.data.get("data", [])
        if len(labels) != len(data):
            return inbound
        current = await self.router.services.dialogs.get(CHANNEL, inbound.sender.chat_id)
        typing = current is not None
        if typing and saved.data.get("step") != current.state:
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
        return self.router.services.people.default_language

    async def render(self, inbound: Inbound, outcome: Outcome) -> None:
        here = inbound.sender.chat_id
        changed = False
        offered_here: Offered | None = None
        # an outcome's replies are the answer in the sender's own chat (other chats get theirs from the outbox)
        for reply in outcome.replies:
            offered, _ = await self._send_reply(here, reply, inbound.sender.user_id)
            if offered is not None or (reply.edit and inbound.kind is Kind.CHOICE):
                # a new list replaces the numbers; an answer Telegram shows by editing the pressed message
                # (its buttons gone) ends them; any other message leaves them, as buttons stay on Telegram
                changed, offered_here = True, offered
        if changed:
            await self._save_options(here, offered_here)
        if outcome.admins_changed and self.on_admins_changed is not None:
            try:
                await self.on_admins_changed()
            except Exception as exc:
                log.error("refreshing admin menus after a zalo message failed: %s", type(exc).__name__)

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        """Sends a reply to a Zalo chat nobody just wrote from (a notice, a reminder, a message another
        channel addressed here): SENT, FAILED or LATER, as for any channel (bot/services/notify.py). Zalo has no
        "blocked" answer that we know of."""
        try:
            offered, status = await self._send_reply(chat_id, reply, None)
        except ZaloError as exc:
            log.info("zalo notice to chat %s failed: %s", chat_id, _describe(exc))
            return LATER if exc.retryable else FAILED
        if status != SENT:
            return status
        if offered is not None:
            await self._save_options(chat_id, offered)
        return SENT

    async def _send_reply(self, chat_id: str, reply: Reply, user_id: str | None) -> tuple[Offered | None, str]:
        typing = False
        if reply.choices:
            typing = await self.router.services.dialogs.get(CHANNEL, chat_id) is not None
        text, labels, data = render_options(reply, self._lang, typing)
        if reply.file is not None:
            note = await self._file_instead(reply, user_id)
            text = f"{text}\n\n{note}" if text else note
        status = await self._send_text(chat_id, text)
        return ((labels, data) if data else None), status

    async def _file_instead(self, reply: Reply, user_id: str | None) -> str:
        """Zalo bots cannot send documents: the file goes to the person's Telegram if they linked one."""
        assert reply.file is not None
        name = reply.file.file_name
        if self.forward is not None and user_id is not None:
            telegram_chat = await self.router.services.people.chat_on(CHANNEL, user_id, "telegram")
            if telegram_chat is not None:
                await self.forward(Reply(reply.text, file=reply.file, chat_id=telegram_chat, channel="telegram"))
                return t("zalo.file_sent_telegram", self._lang, file=name)
        return t("zalo.file_unavailable", self._lang, file=name)

    async def _send_text(self, chat_id: str, text: str) -> str:
        """SENT when every part went out; LATER when Zalo could not be reached or its token was refused (a
        notice waits in the outbox until it can go), FAILED when Zalo refused the message. Failures are logged
        here, once."""
        if self.unauthorized:
            return LATER
        if not text.strip():
            return SENT
        for chunk in zalo_chunks(text):
            try:
                await self.client.send_message(chat_id, chunk)
            except ZaloUnauthorized:
                self._token_refused()
                return LATER
            except ZaloError as exc:
                # the rest of a split text would make no sense without this part
                log.error("sending to zalo chat %s failed: %s", chat_id, exc)
                return LATER if exc.retryable else FAILED
        return SENT

    async def _save_options(self, chat_id: str, offered: Offered | None) -> None:
        dialogs = self.router.services.dialogs
        if offered is None:
            await dialogs.clear(CHANNEL, options_key(chat_id))
        else:
            labels, data = offered
            # the dialog step the options were offered in: typed words and numbers only mean an option
            # while the chat is still in that step (a later step asking for typed input owns them)
            current = await dialogs.get(CHANNEL, chat_id)
            await dialogs.put(CHANNEL, options_key(chat_id), OPTIONS_STATE,
                              {"labels": labels, "data": data, "step": current.state if current else None})


def _describe(exc: BaseException) -> str:
    # our ZaloError messages carry no URL; anything else is named by type only, as it might
    return str(exc) if isinstance(exc, ZaloError) else type(exc).__name__
