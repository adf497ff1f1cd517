"""Zalo through an Official Account (OA): webhook events in, channel-neutral replies out as consultation messages.

It is the project's "zalo" channel when the deployment uses an OA instead of a Zalo Bot Platform bot (the two
are alternatives: docs/zalo.md "Choosing"), so accounts, links and notice choices are the same as with a bot.

What differs from the Bot Platform channel (bot/channels/zalo.py, whose rendering of options it shares):
- Choices become buttons when they fit what the OA API takes (at most 5, titles up to 100 characters); a
  pressed button comes back as the user's text, "#2 label", which picks option 2 of the chat's latest list
  only if its label still is that label (a stale button is not taken for a different choice). Longer lists
  are numbered lines, as on the Bot Platform.
- Files go as files (upload, then send) when Zalo takes them: PDF, DOC, DOCX up to 5 MB, JPG or PNG images
  up to 1 MB. Anything else goes to the person's Telegram if they linked one, or is named as unavailable.
- The OA may only write to someone who interacted with it in the last 7 days (-230/-232, or -213 for someone
  not following). A copy refused for that did not arrive: it goes to the person's Telegram when they chose
  Zalo alone for notices and linked Telegram (with "both" they got it there already); otherwise it is FAILED,
  and the person is asked to keep in touch the next time they write.
- Unfollowing is the OA's "blocked": the account is marked so, as a blocked bot is on Telegram.
- Tokens expire (bot/channels/zalo_oa_tokens.py); a refused token is refreshed and the request sent once more
  (a refused request delivered nothing). A rate limit (-32) or an exhausted quota (-211/-218) pauses this
  channel's sends only, for a minute or an hour.

The webhook is answered at once, after its signature (X-ZEvent-Signature: mac=sha256(app id + body +
timestamp + OA secret key)) was checked; the work goes on in the chat's lane. Zalo retries unanswered
events, so an event is handled once per message id.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.zalo import (
    ChatLanes,
    Offered,
    RecentKeys,
    render_answer,
    render_options,
    resolve_option,
    zalo_chunks,
)
from bot.channels.zalo_oa_client import (
    BUTTON_PAYLOAD_LIMIT,
    BUTTON_TITLE_LIMIT,
    FILE_LIMIT,
    FILE_TYPES,
    IMAGE_LIMIT,
    IMAGE_TYPES,
    MAX_BUTTONS,
    TEXT_LIMIT,
    OAApiError,
    OAError,
    ZaloOAClient,
    file_message,
    file_type,
    image_message,
    text_message,
    webhook_mac,
)
from bot.channels.zalo_oa_tokens import TokenKeeper, TokensDead
from bot.domain.clock import Clock
from bot.services.notify import FAILED, LATER, SENT, UNKNOWN, Leaving
from bot.services.zalo_oa import ZaloOAStore
from bot.text.catalogue import t
from bot.text.messages import FileRef, Inbound, Kind, Outcome, OutFile, Reply, Sender
from handlers.base import ChannelContext
from handlers.port import ChatApp, SavedOptions

log = logging.getLogger(__name__)

CHANNEL = "zalo"
SIGNATURE_HEADER = "X-ZEvent-Signature"
WEBHOOK_BODY_LIMIT = 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
# Zalo redelivers for up to 12 h an event it thinks unanswered
DEDUPE_WINDOW = 13 * 3600.0
RATE_PAUSE = 60.0
QUOTA_PAUSE = 3600.0
_PRESSED = re.compile(r"#\s*(\d{1,3})(?:\s+(.+))?", re.DOTALL)

# what another channel's deliver answers (the running bot's Telegram channel)
Forward = Callable[[Reply], Awaitable[str]]


def buttons_fit(labels: list[str]) -> bool:
    return 0 < len(labels) <= MAX_BUTTONS and all(
        0 < len(label) <= BUTTON_TITLE_LIMIT and len(_payload(n, label)) <= BUTTON_PAYLOAD_LIMIT
        for n, label in enumerate(labels, start=1))


def _payload(n: int, label: str) -> str:
    return f"#{n} {label}"


def _command(text: str) -> tuple[str, str] | None:
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, rest = text.partition(" ")
    command = head[1:].split("@", 1)[0].lower()
    return (command, rest.strip()) if command else None


def event_user(event: dict[str, Any]) -> str:
    """The user an event is about: the sender of a message, the follower of a (un)follow (kept as text: ids
    exceed 2^53)."""
    for key in ("sender", "follower", "user"):
        part = event.get(key)
        if isinstance(part, dict) and part.get("id") not in (None, ""):
            return str(part["id"])
    return str(event.get("user_id") or "")


def dedupe_key(event: dict[str, Any]) -> str | None:
    message = event.get("message")
    msg_id = message.get("msg_id") if isinstance(message, dict) else None
    if msg_id:
        return f"msg:{msg_id}"
    if event.get("timestamp"):
        return f"{event.get('event_name')}:{event_user(event)}:{event.get('timestamp')}"
    return None


def to_inbound(event: dict[str, Any]) -> Inbound | None:
    """The channel-neutral form of a user's message event, or None for events no dialog handles."""
    name = str(event.get("event_name") or "")
    if not name.startswith("user_send_") or name.startswith("user_send_group"):
        return None
    user_id = event_user(event)
    if not user_id:
        return None
    sender = Sender(CHANNEL, user_id, user_id, "", None, None, is_private=True)
    message = event.get("message") if isinstance(event.get("message"), dict) else {}
    if name in ("user_send_image", "user_send_file"):
        attachments = message.get("attachments")
        first = attachments[0] if isinstance(attachments, list) and attachments else {}
        payload = first.get("payload") if isinstance(first, dict) and isinstance(first.get("payload"), dict) else {}
        url = payload.get("url")
        if isinstance(url, str) and url:
            if name == "user_send_image":
                ref = FileRef(url, "anh.jpg", "image/jpeg", None)
            else:
                size = payload.get("size")
                ref = FileRef(url, str(payload.get("name") or "tep"), None,
                              int(size) if str(size or "").isdigit() else None)
            return Inbound(sender, Kind.FILE, text=str(message.get("text") or ""), file=ref)
    if name != "user_send_text":
        # a sticker, a voice note, a location: nothing to read, but the usual answer to the unexpected
        return Inbound(sender, Kind.TEXT, text="")
    text = str(message.get("text") or "").strip()
    command = _command(text)
    if command is not None:
        return Inbound(sender, Kind.COMMAND, text=command[1], command=command[0])
    return Inbound(sender, Kind.TEXT, text=text)


class ZaloOAChannel:
    def __init__(self, app: ChatApp, store: ZaloOAStore, clock: Clock, *, app_id: str, app_secret: str,
                 oa_secret_key: str, api_url: str, oauth_url: str, forward: Forward | None = None,
                 on_admins_changed: Callable[[], Awaitable[None]] | None = None,
                 on_token_refused: Callable[[str], None] | None = None, client: ZaloOAClient | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.chat_app = app
        self.store = store
        self.clock = clock
        self.app_id = app_id
        self._oa_secret_key = oa_secret_key
        self.client = client or ZaloOAClient(app_id, app_secret, api_url, oauth_url)
        self.tokens = TokenKeeper(store, self.client, clock, on_dead=self._tokens_dead)
        self.forward = forward
        self.on_admins_changed = on_admins_changed
        self.on_token_refused = on_token_refused
        self.lanes = ChatLanes()
        self.seen = RecentKeys(window=DEDUPE_WINDOW, clock=monotonic)
        self._monotonic = monotonic
        self._paused_until = 0.0
        self._runner: web.AppRunner | None = None
        self._stopping = False
        # chat -> a secret ballot's options, in this process's memory only (bot/channels/zalo.py, Offered)
        self._secret_options: dict[str, SavedOptions] = {}
        self.duplicates = 0
        # people who missed a copy (zalo_oa_contact), read at start: most messages then need no write
        self._missed: set[str] = set()

    @property
    def unauthorized(self) -> bool:
        return self.tokens.dead

    # --- lifecycle ------------------------------------------------------------------------------------

    async def start(self, *, webhook_url: str, listen: str = "0.0.0.0", port: int = 8445) -> None:
        """Loads the tokens and listens for Zalo's webhook. Without tokens the channel says how to authorize
        and stays off; the other channels go on."""
        await self.tokens.load()
        self._missed = await self.store.missed_users()
        app = web.Application(client_max_size=WEBHOOK_BODY_LIMIT)
        app.router.add_post("/" + urlsplit(webhook_url).path.lstrip("/"), self._on_webhook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()
        log.info("zalo OA channel started (app %s)%s", self.app_id, "" if not self.tokens.dead else
                 ", without tokens: it answers nobody until the OA is authorized")

    async def stop(self) -> None:
        self._stopping = True
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.lanes.shutdown()
        await self.client.aclose()
        log.info("zalo OA channel stopped")

    async def wait_idle(self) -> None:
        await self.lanes.wait_idle()

    def _tokens_dead(self, why: str) -> None:
        if self.on_token_refused is not None:
            self.on_token_refused(CHANNEL)

    # --- receiving ------------------------------------------------------------------------------------

    async def _on_webhook(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            event = json.loads(body)
        except ValueError:
            event = None
        if not isinstance(event, dict) or not self._signed(event, body, request.headers.get(SIGNATURE_HEADER, "")):
            log.warning("zalo OA webhook call without a valid signature refused")
            return web.json_response({"error": -1, "message": "Forbidden"}, status=403)
        # answered at once (Zalo waits 2 s, then retries): the work goes on in the chat's lane
        self.accept(event)
        return web.json_response({"error": 0, "message": "Success"})

    def _signed(self, event: dict[str, Any], body: bytes, header: str) -> bool:
        given = header.strip()
        if given.lower().startswith("mac="):
            given = given[4:]
        app_id, timestamp = str(event.get("app_id") or ""), str(event.get("timestamp") or "")
        if not given or app_id != self.app_id or not timestamp:
            return False
        expected = webhook_mac(app_id, body, timestamp, self._oa_secret_key)
        return hmac.compare_digest(given.lower().encode(), expected.encode())

    def accept(self, event: dict[str, Any]) -> None:
        """Queues an event for its user, unless it was seen already or the channel is off."""
        if self._stopping or self.unauthorized:
            return
        key = dedupe_key(event)
        if key is not None and not self.seen.first_time(key):
            self.duplicates += 1
            log.info("zalo OA delivered %s twice; handled once", event.get("event_name"))
            return
        name = str(event.get("event_name") or "")
        user_id = event_user(event)
        if not user_id:
            return
        if name == "unfollow":
            self.lanes.submit(user_id, self.chat_app.mark_blocked(CHANNEL, user_id))
            return
        if name == "follow":
            # following is the OA's "open the bot": the welcome, as /start gives it
            inbound: Inbound | None = Inbound(Sender(CHANNEL, user_id, user_id, ""), Kind.COMMAND, command="start")
        else:
            inbound = to_inbound(event)
        if inbound is not None:
            self.lanes.submit(user_id, self._handle(inbound))

    def _channel_context(self) -> ChannelContext:
        # an OA has no deep links: the handlers show the bare invite code
        return ChannelContext(deep_link=lambda code: None, fetch_file=self._fetch_file)

    async def _fetch_file(self, ref: FileRef) -> bytes:
        return await self.client.download(ref.file_id, MAX_DOWNLOAD)

    async def _handle(self, inbound: Inbound) -> None:
        if inbound.kind is Kind.TEXT and inbound.text:
            inbound = await self._as_choice(inbound)
        outcome = await self.chat_app.handle(inbound, self._channel_context())
        await self.render(inbound, outcome)
        if await self._take_missed(inbound.sender.user_id):
            await self._send_reply(inbound.sender.chat_id, Reply(t("zalo_oa.keep_in_touch", self._lang)), None)

    async def _as_choice(self, inbound: Inbound) -> Inbound:
        chat = inbound.sender.chat_id
        saved = self._secret_options.get(chat) or await self.chat_app.offered(CHANNEL, chat)
        if saved is None:
            return inbound
        text = inbound.text.strip()
        pressed = _PRESSED.fullmatch(text)
        if pressed and pressed.group(2) is not None:
            # a button: its label says which list it belongs to
            index = int(pressed.group(1)) - 1
            if 0 <= index < len(saved.labels) and saved.labels[index] == pressed.group(2).strip():
                return Inbound(inbound.sender, Kind.CHOICE, choice=saved.data[index])
            return inbound
        current = await self.chat_app.in_dialog(CHANNEL, chat)
        typing = current is not None
        if typing and saved.step != current and not pressed:
            return inbound  # options of an earlier step: only "#N" picks one, anything else is this step's input
        choice = resolve_option(text, saved.labels, saved.data, typing)
        return inbound if choice is None else Inbound(inbound.sender, Kind.CHOICE, choice=choice)

    # --- sending --------------------------------------------------------------------------------------

    @property
    def _lang(self) -> str:
        return self.chat_app.default_language

    async def render(self, inbound: Inbound, outcome: Outcome) -> None:
        await render_answer(self, inbound, outcome)

    async def deliver(self, chat_id: str, reply: Reply, leaving: Leaving | None = None) -> str:
        """Sends a reply to someone who did not just write, at most once: SENT, FAILED (refused, or outside the
        interaction window with no other channel to take it), LATER (nothing left: no connection, paused, no
        token) or UNKNOWN (it may have arrived: not tried again). `leaving` is awaited once, before the first
        message request."""
        try:
            offered, status = await self._send_reply(chat_id, reply, None, leaving, copy=True)
        except OAApiError as exc:
            if exc.outside_window:
                return await self._outside_window(chat_id, reply, exc)
            return FAILED
        if status == SENT and offered is not None:
            await self._save_options(chat_id, offered)
        return status

    async def _send_reply(self, chat_id: str, reply: Reply, user_id: str | None, leaving: Leaving | None = None,
                          copy: bool = False) -> tuple[Offered | None, str]:
        """Sends the reply's text (with buttons or numbered options), then its file. An answer to the writer
        (no `leaving`) is logged and dropped on failure; a copy for someone else raises OAApiError when the
        first part was refused for the window, so deliver can send it elsewhere."""
        labels = [choice.label for row in reply.choices for choice in row]
        typing = bool(labels) and await self.chat_app.in_dialog(CHANNEL, chat_id) is not None
        if buttons_fit(labels) and reply.text.strip():
            data = [choice.data for row in reply.choices for choice in row]
            parts = [text_message(chunk) for chunk in zalo_chunks(reply.text, TEXT_LIMIT)]
            parts[-1] = text_message(parts[-1]["text"], [(label, _payload(n, label))
                                                        for n, label in enumerate(labels, start=1)])
        else:
            text, labels, data = render_options(reply, self._lang, typing)
            parts = [text_message(chunk) for chunk in zalo_chunks(text, TEXT_LIMIT)] if text.strip() else []
        offered = Offered(labels, data, reply.secret) if data else None
        file_note: str | None = None
        if reply.file is not None and not self._carries(reply.file):
            file_note = await self._file_elsewhere(reply, user_id)
            parts.append(text_message(file_note))
        status = await self._send_parts(chat_id, parts, leaving, sent_before=0, copy=copy)
        if status == SENT and reply.file is not None and file_note is None:
            status = await self._send_file(chat_id, reply.file, leaving, sent_before=len(parts))
        return offered, status

    @staticmethod
    def _carries(file: OutFile) -> bool:
        kind = file_type(file.file_name)
        return (kind in FILE_TYPES and len(file.data) <= FILE_LIMIT) or (
            kind in IMAGE_TYPES and len(file.data) <= IMAGE_LIMIT)

    async def _file_elsewhere(self, reply: Reply, user_id: str | None) -> str:
        """A file Zalo does not take (a spreadsheet, say) goes to the person's Telegram if they linked one."""
        assert reply.file is not None
        name = reply.file.file_name
        if self.forward is not None and user_id is not None:
            telegram_chat = await self.chat_app.chat_on(CHANNEL, user_id, "telegram")
            if telegram_chat is not None:
                status = await self.forward(Reply(reply.text, file=reply.file, chat_id=telegram_chat,
                                                  channel="telegram"))
                if status == SENT:
                    return t("zalo_oa.file_sent_telegram", self._lang, file=name)
        return t("zalo_oa.file_unavailable", self._lang, file=name)

    async def _send_file(self, chat_id: str, file: OutFile, leaving: Leaving | None, sent_before: int) -> str:
        async def upload(token: str) -> dict[str, Any]:
            if file_type(file.file_name) in IMAGE_TYPES:
                return image_message(await self.client.upload_image(token, file.file_name, file.data, file.mime_type))
            return file_message(await self.client.upload_file(token, file.file_name, file.data, file.mime_type))

        try:
            message = await self._with_token(upload)
        except (OAError, TokensDead) as exc:
            log.error("uploading %s for zalo OA chat %s failed: %s", file_type(file.file_name), chat_id,
                      _describe(exc))
            return UNKNOWN if sent_before else LATER
        return await self._send_parts(chat_id, [message], leaving, sent_before)

    async def _send_parts(self, chat_id: str, parts: list[dict[str, Any]], leaving: Leaving | None,
                          sent_before: int, copy: bool = False) -> str:
        if not parts:
            return SENT
        if self.unauthorized or self._monotonic() < self._paused_until:
            return UNKNOWN if sent_before else LATER
        answered = sent_before
        for message in parts:
            if leaving is not None and answered == 0:
                try:
                    await self.tokens.access_token()  # a due refresh happens before the copy is marked leaving
                except (OAError, TokensDead):
                    return LATER
                await leaving()
            try:
                await self._with_token(lambda token, m=message: self.client.send(token, chat_id, m))
                answered += 1
            except TokensDead:
                return UNKNOWN if answered else LATER
            except OAApiError as exc:
                log.info("zalo OA message to chat %s refused: %s", chat_id, exc)
                if exc.rate_limited or exc.out_of_quota:
                    self._pause(exc)
                    return UNKNOWN if answered else LATER
                if exc.outside_window and answered == 0 and copy:
                    raise
                return UNKNOWN if answered and exc.code >= 500 else FAILED
            except OAError as exc:
                log.info("zalo OA message to chat %s failed: %s", chat_id, exc)
                return UNKNOWN if exc.left or answered else LATER
        return SENT

    async def _with_token(self, call: Callable[[str], Awaitable[Any]]) -> Any:
        """The call with a fresh token; once more with a refreshed one when Zalo refuses the token (a refused
        request delivered nothing, so repeating it cannot send twice)."""
        token = await self.tokens.access_token()
        try:
            return await call(token)
        except OAApiError as exc:
            if not exc.token_refused:
                raise
        log.info("zalo OA refused its access token; refreshing")
        return await call(await self.tokens.refused(token))

    def _pause(self, exc: OAApiError) -> None:
        pause = QUOTA_PAUSE if exc.out_of_quota else RATE_PAUSE
        self._paused_until = max(self._paused_until, self._monotonic() + pause)
        level = logging.ERROR if exc.out_of_quota else logging.WARNING
        log.log(level, "zalo OA %s: its sends pause for %.0f s (other channels go on)",
                "quota used up" if exc.out_of_quota else "rate limit reached", pause)

    async def _outside_window(self, chat_id: str, reply: Reply, exc: OAApiError) -> str:
        """A copy Zalo refused because the person has not written to the OA lately: nothing arrived."""
        reason = "not_follower" if exc.code == -213 else "window"
        telegram_chat, wanted = await self.store.other_channel(CHANNEL, chat_id)
        if telegram_chat is not None and wanted == "zalo" and self.forward is not None:
            # they chose Zalo alone, so no Telegram copy went out: this one goes there instead
            status = await self.forward(Reply(reply.text, reply.choices, chat_id=telegram_chat, channel="telegram"))
            log.info("a copy for zalo OA chat %s outside the 7-day window went to their Telegram: %s",
                     chat_id, status)
            if status == SENT:
                return SENT
        await self.store.record_missed(chat_id, reason)
        self._missed.add(chat_id)
        log.info("a copy for zalo OA chat %s was not deliverable on Zalo: %s", chat_id, reason)
        return FAILED

    async def _take_missed(self, user_id: str) -> bool:
        """Whether the person missed a copy since they last wrote (then they are told, once)."""
        if user_id not in self._missed:
            return False
        self._missed.discard(user_id)
        return await self.store.take_missed(user_id)

    async def _save_options(self, chat_id: str, offered: Offered | None) -> None:
        self._secret_options.pop(chat_id, None)
        if offered is None or offered.secret:
            await self.chat_app.forget_offered(CHANNEL, chat_id)
        if offered is None:
            return
        if offered.secret:
            step = await self.chat_app.in_dialog(CHANNEL, chat_id)
            self._secret_options[chat_id] = SavedOptions(offered.labels, offered.data, step)
        else:
            await self.chat_app.offer(CHANNEL, chat_id, offered.labels, offered.data)


def _describe(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, OAError) else type(exc).__name__
