"""The browser sandbox: a phone-like chat page over the sandbox's world, served by aiohttp on 127.0.0.1.

The page (static/: plain HTML, CSS and JavaScript, no build step) reads the state and each chat's history
over JSON, acts through POSTs (type, press, vote, upload, move the clock, reset) and hears every chat event
over one WebSocket. Nothing here logs in, so nothing may listen beyond this machine: the host must be a
loopback address, requests naming another Host are refused (a web page elsewhere cannot reach it through
DNS rebinding), and every POST carries a header other sites' pages cannot send without permission.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import mimetypes
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.app.settings import Settings
from bot.channels.limiter import SendLimiter
from bot.channels.zalo import resolve_option
from bot.sandbox.doubles.client import ButtonNotFound, FakeGroup, FakeUser, flat_buttons
from bot.sandbox.doubles.server import MAX_UPLOAD
from bot.sandbox.doubles.state import ChatEvent, ChatState
from bot.sandbox.run import sandbox_sender
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_BLOC, SANDBOX_BOT_NAME
from bot.text.catalogue import t

from .views import commands_for, event_view, latest_keyboard, message_view
from .world import MAX_STEP, Persona, SandboxWorld, local_label, parse_local

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
POST_HEADER = "X-Sandbox"
MAX_TEXT = 4096

# what the page is told about bad input: catalogue keys sandbox.web_*, with their placeholders
ERROR_PARAMS: dict[str, dict[str, object]] = {
    "long_text": {"limit": MAX_TEXT},
    "big_file": {"limit": MAX_UPLOAD // (1024 * 1024)},
    "clock_far": {"days": MAX_STEP.days},
}


class PageError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _error(key: str, status: int = 400) -> web.Response:
    params = ERROR_PARAMS.get(key, {})
    return web.json_response({"error": t(f"sandbox.web_{key}", "vi", **params),
                              "error_en": t(f"sandbox.web_{key}", "en", **params)}, status=status)


def _host_name(header: str) -> str:
    """The name in a Host header, without the port ("[::1]:8080" -> "::1")."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class WebSandbox:
    """The page's server and the world behind it; `reset` swaps in a new world under the same page."""

    def __init__(self, settings: Settings, *, host: str = "127.0.0.1", port: int = 8080,
                 db_path: Path | None = None, send_limiter: SendLimiter | None = None) -> None:
        if not _is_loopback(host):
            raise ValueError(f"the sandbox has no login, so it listens on this machine only, not on {host}")
        self.settings = settings
        self.host = host
        self.port = port
        self.db_path = db_path
        self.send_limiter = send_limiter
        self.world: SandboxWorld | None = None
        self.generation = 0
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()
        self._watchers: list[asyncio.Task[None]] = []
        self._views: dict[tuple[int, int], dict[str, Any]] = {}
        self._resetting = asyncio.Lock()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    # --- lifecycle ------------------------------------------------------------------------------------

    async def start(self) -> str:
        await self._new_world()
        try:
            app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024, middlewares=[self._guard])
            self._routes(app)
            self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
            await self._runner.setup()
            site = web.TCPSite(self._runner, self.host, self.port)
            await site.start()
            server = site._server
            assert server is not None and server.sockets  # type: ignore[union-attr]
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        except BaseException:
            await self.stop()
            raise
        return self.url

    async def stop(self) -> None:
        try:
            if self._runner is not None:
                await self._runner.cleanup()
                self._runner = None
        finally:
            await self._drop_world()

    async def reset(self) -> None:
        async with self._resetting:
            await self._drop_world()
            await self._new_world()
        self._broadcast({"type": "reset", "generation": self.generation})

    async def _new_world(self) -> None:
        world = SandboxWorld(self.settings, self.db_path, self.send_limiter)
        await world.start()
        self.world = world
        self.generation += 1
        self._views.clear()
        chats = [p.user.chat for p in world.personas]
        if world.group is not None:
            chats.append(world.group.chat)
        self._watchers = [asyncio.create_task(self._watch(world, chat)) for chat in chats]

    async def _drop_world(self) -> None:
        for task in self._watchers:
            task.cancel()
        await asyncio.gather(*self._watchers, return_exceptions=True)
        self._watchers = []
        world, self.world = self.world, None
        if world is not None:
            await world.stop()

    # --- events to the page ---------------------------------------------------------------------------

    async def _watch(self, world: SandboxWorld, chat: ChatState) -> None:
        cursor = len(chat.events)
        while True:
            event = await chat.wait_event(cursor, None)
            if event is None:  # pragma: no cover - only with a finite wait
                continue
            cursor = event.seq + 1
            view = await self._event_view(world, chat, event)
            self._broadcast(view)

    async def _event_view(self, world: SandboxWorld, chat: ChatState, event: ChatEvent) -> dict[str, Any]:
        key = (chat.id, event.seq)
        cached = self._views.get(key)
        if cached is not None:
            return cached
        typing = False
        if event.from_bot and event.message is not None and flat_buttons(event.message) and not chat.is_group:
            # Zalo numbers a list "#1" while the chat's dialog waits for typed input, as bot/channels/zalo.py
            typing = await self._in_dialog(world, chat.id)
        view = event_view(chat.id, event, world.tz, typing)
        self._views[key] = view
        return view

    @staticmethod
    async def _in_dialog(world: SandboxWorld, chat_id: int) -> bool:
        if world.running is None:
            return False
        try:
            return await world.running.services.dialogs.get("telegram", str(chat_id)) is not None
        except Exception:  # the rendering hint is not worth failing the page for
            log.exception("reading the dialog state of chat %s failed", chat_id)
            return False

    def _broadcast(self, message: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(message)

    def _clock_message(self) -> dict[str, Any]:
        world = self._world()
        now = world.clock.now().astimezone(world.tz)
        return {"type": "clock", "now": now.isoformat(), "label": local_label(now, world.tz)}

    # --- HTTP -----------------------------------------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        app.router.add_get("/", self._index)
        app.router.add_static("/static/", STATIC, append_version=False)
        app.router.add_get("/api/state", self._state)
        app.router.add_get("/api/chat", self._chat)
        app.router.add_get("/api/person", self._person_info)
        app.router.add_post("/api/send", self._send)
        app.router.add_post("/api/press", self._press)
        app.router.add_post("/api/vote", self._vote)
        app.router.add_post("/api/upload", self._upload)
        app.router.add_post("/api/clock", self._clock)
        app.router.add_post("/api/reset", self._reset)
        app.router.add_get("/files/{file_id}", self._file)
        app.router.add_get("/ws", self._ws)

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        if not _is_loopback(_host_name(request.host or "")):
            return web.Response(status=403, text="Forbidden")
        if request.method == "POST" and request.headers.get(POST_HEADER) != "1":
            return web.Response(status=403, text="Forbidden")
        if request.path.startswith("/api/") and request.path != "/api/reset" and self._resetting.locked():
            return _error("busy", 503)
        try:
            return await handler(request)
        except PageError as exc:
            return _error(exc.key)

    async def _index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    def _world(self) -> SandboxWorld:
        if self.world is None:
            raise PageError("busy")
        return self.world

    async def _state(self, request: web.Request) -> web.Response:
        world = self._world()
        roles_en = {"admin": t("sandbox.user_admin", "en"), "head": t("sandbox.user_head", "en", unit=HEAD_UNIT)}
        personas = [{"id": p.id, "name": p.user.full_name, "role": p.role, "role_en": roles_en.get(p.kind, p.role),
                     "kind": p.kind, "unit": p.unit,
                     "code": p.code} for p in world.personas]
        group = world.group
        return web.json_response({
            "generation": self.generation,
            "bot": {"name": SANDBOX_BOT_NAME, "username": world.double.bot(world.token).username},
            "bloc": SAMPLE_BLOC,
            "year": world.year,
            "clock": self._clock_message(),
            "personas": personas,
            "group": {"id": group.chat_id, "title": group.title} if group is not None else None,
            "texts": {"choose_number": t("text.choose_number"), "choose_hash": t("zalo.choose_hash")},
        })

    def _person(self, value: object) -> Persona:
        try:
            persona = self._world().persona(int(str(value)))
        except ValueError:
            persona = None
        if persona is None:
            raise PageError("no_person")
        return persona

    def _place(self, persona: Persona, where: object) -> ChatState:
        world = self._world()
        if where == "group" and world.group is not None:
            return world.group.chat
        if where in ("private", None, ""):
            return persona.user.chat
        raise PageError("bad_request")

    async def _chat(self, request: web.Request) -> web.Response:
        world = self._world()
        persona = self._person(request.query.get("person"))
        chat = self._place(persona, request.query.get("where"))
        events = [self._with_current_poll(chat, await self._event_view(world, chat, event), world)
                  for event in list(chat.events)]
        commands = commands_for(world.double.bot(world.token), chat.id, group=chat.is_group)
        return web.json_response({"chat": chat.id, "events": events, "commands": commands,
                                  "generation": self.generation, "unit": await self._unit_of(world, persona)})

    async def _person_info(self, request: web.Request) -> web.Response:
        persona = self._person(request.query.get("person"))
        return web.json_response({"id": persona.id, "unit": await self._unit_of(self._world(), persona)})

    @staticmethod
    async def _unit_of(world: SandboxWorld, persona: Persona) -> str | None:
        """The unit the person represents now (a newcomer once they joined), for the page's hint."""
        if world.running is None:
            return None
        actor = await world.running.services.people.resolve(sandbox_sender(persona.user))
        return actor.unit.name if actor.unit is not None else None

    @staticmethod
    def _with_current_poll(chat: ChatState, view: dict[str, Any], world: SandboxWorld) -> dict[str, Any]:
        """A poll's counts as they are now: votes change them without an event (see _vote)."""
        message = view.get("message")
        if not message or "poll" not in message:
            return view
        stored = chat.messages.get(message["id"])
        if stored is None or "poll" not in stored.data:
            return view
        return {**view, "message": {**message, "poll": message_view(stored.snapshot(), world.tz)["poll"]}}

    @staticmethod
    async def _json(request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise PageError("bad_request") from exc
        if not isinstance(body, dict):
            raise PageError("bad_request")
        return body

    async def _send(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        persona = self._person(body.get("person"))
        chat = self._place(persona, body.get("where"))
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            raise PageError("empty_text")
        if len(text) > MAX_TEXT:
            raise PageError("long_text")
        world = self._world()
        if chat.is_group:
            assert world.group is not None
            await world.group.send(persona.user, text)
            return web.json_response({"ok": True})
        if body.get("zalo") and await self._zalo_choice(world, persona.user, text):
            return web.json_response({"ok": True, "pressed": True})
        await persona.user.send(text)
        return web.json_response({"ok": True})

    async def _zalo_choice(self, world: SandboxWorld, user: FakeUser, text: str) -> bool:
        """In the Zalo view a typed number or an option's words choose, as the Zalo channel reads them."""
        keyboard = latest_keyboard(user.messages)
        if keyboard is None:
            return False
        labels = [b["text"] for b in flat_buttons(keyboard)]
        indexes = [str(i) for i in range(len(labels))]
        chosen = resolve_option(text, labels, indexes, await self._in_dialog(world, user.chat_id))
        if chosen is None:
            return False
        await self._press_button(user, None, int(chosen), keyboard["message_id"])
        return True

    async def _press_button(self, user: FakeUser, group: FakeGroup | None, index: int, message_id: int) -> None:
        try:
            if group is not None:
                await group.press(user, index, message_id)
            else:
                await user.press(index, message_id)
        except (ButtonNotFound, ValueError) as exc:
            raise PageError("no_button") from exc

    async def _press(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        persona = self._person(body.get("person"))
        chat = self._place(persona, body.get("where"))
        index, message_id = body.get("index"), body.get("message")
        if not isinstance(index, int) or not isinstance(message_id, int):
            raise PageError("bad_request")
        world = self._world()
        await self._press_button(persona.user, world.group if chat.is_group else None, index, message_id)
        return web.json_response({"ok": True})

    async def _vote(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        persona = self._person(body.get("person"))
        chat = self._place(persona, body.get("where"))
        options, message_id = body.get("options"), body.get("message")
        if not isinstance(message_id, int) or not isinstance(options, list) \
                or not all(isinstance(o, int) for o in options):
            raise PageError("bad_request")
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted or "poll" not in stored.data:
            raise PageError("no_poll")
        poll = stored.data["poll"]
        if poll["is_closed"]:
            raise PageError("poll_closed")
        world = self._world()
        record = world.double.bot(world.token).polls[poll["id"]]
        if persona.id in record.votes and not poll.get("allows_revoting"):
            raise PageError("poll_voted")
        try:
            if chat.is_group:
                assert world.group is not None
                await world.group.answer_poll(persona.user, message_id, options)
            else:
                await persona.user.answer_poll(message_id, options)
        except ValueError as exc:
            raise PageError("poll_options") from exc
        # Telegram shows a poll's new counts without a message edit, so the double records no chat event for a
        # vote: the pages are told here
        update = {"type": "poll", "chat": chat.id, "message": message_view(stored.snapshot(), world.tz)}
        self._broadcast(update)
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        try:
            form = await request.post()
        except ValueError as exc:
            raise PageError("bad_request") from exc
        persona = self._person(form.get("person"))
        chat = self._place(persona, form.get("where"))
        field = form.get("file")
        if not isinstance(field, web.FileField):
            raise PageError("no_file")
        data = await asyncio.to_thread(field.file.read)
        if not data:
            raise PageError("no_file")
        if len(data) > MAX_UPLOAD:
            raise PageError("big_file")
        name = Path(field.filename or "tep").name
        mime = field.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        caption = form.get("caption")
        caption = caption.strip() if isinstance(caption, str) and caption.strip() else None
        world = self._world()
        if chat.is_group:
            assert world.group is not None
            await world.group.upload_document(persona.user, name, data, mime, caption)
        elif mime in ("image/jpeg", "image/png"):
            await persona.user.upload_photo(data, caption)
        else:
            await persona.user.upload_document(name, data, mime, caption)
        return web.json_response({"ok": True})

    async def _clock(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        world = self._world()
        now = world.clock.now()
        if "minutes" in body:
            minutes = body["minutes"]
            if not isinstance(minutes, int) or isinstance(minutes, bool):
                raise PageError("clock_value")
            target = now + timedelta(minutes=minutes)
        else:
            moment = parse_local(str(body.get("to", "")), world.tz)
            if moment is None:
                raise PageError("clock_value")
            target = moment
        if target < now:
            raise PageError("clock_back")
        if target - now > MAX_STEP:
            raise PageError("clock_far")
        await world.advance(target)
        message = self._clock_message()
        self._broadcast(message)
        return web.json_response(message)

    async def _reset(self, request: web.Request) -> web.Response:
        if self._resetting.locked():
            return _error("busy", 503)
        await self.reset()
        return web.json_response({"ok": True, "generation": self.generation})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        world = self._world()
        stored = world.double.bot(world.token).files.get(request.match_info["file_id"])
        if stored is None:
            return web.Response(status=404, text=t("sandbox.web_file_gone"))
        name = stored.file_name or Path(stored.file_path).name
        mime = stored.mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        how = "attachment" if request.query.get("download") else "inline"
        ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
        disposition = f"{how}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
        return web.Response(body=stored.data, content_type=mime,
                            headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=30)
        await ws.prepare(request)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers.add(queue)

        async def forward() -> None:
            while True:
                await ws.send_json(await queue.get())

        sender = asyncio.create_task(forward())
        try:
            async for _ in ws:  # the page only listens; this ends when it goes away
                pass
        finally:
            self._subscribers.discard(queue)
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await sender
        return ws


async def run_web_sandbox(settings: Settings, *, host: str = "127.0.0.1", port: int = 8080,
                          db_path: Path | None = None, ready: Callable[[str], None] | None = None) -> None:
    """Serves the browser sandbox until cancelled; hands `ready` the page's address (or prints it)."""
    sandbox = WebSandbox(settings, host=host, port=port, db_path=db_path)
    url = await sandbox.start()
    try:
        if ready is not None:
            ready(url)
        else:
            print(url, flush=True)
        await asyncio.Event().wait()
    finally:
        await sandbox.stop()
