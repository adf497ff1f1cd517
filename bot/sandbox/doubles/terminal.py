"""An interactive terminal chat against the double: a human types as any fake user.

Bot messages and edits for the current user are printed as they arrive, with inline buttons numbered
``[1] Label  [2] Label`` so that ``#2`` (or ``:press 2``) presses one.  Input and output are injectable so the
loop can be driven by a script in tests.
"""

from __future__ import annotations

import asyncio
import inspect
import mimetypes
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .client import ButtonNotFound, FakeUser, flat_buttons
from .state import ChatEvent

if TYPE_CHECKING:
    from .server import TelegramDouble

InputFn = Callable[[str], str | Awaitable[str | None] | None]
OutputFn = Callable[[str], Any]

HELP = """Type a message to send it as the current user. Commands:
  :users          list users            :as N       switch to user N (number or user id)
  #N, :press N    press button N        :buttons    show the latest buttons again
  :file PATH      upload a document     :photo PATH upload a photo
  :help           this help             :quit       leave"""


async def _default_input(prompt: str) -> str | None:
    """One line typed at the terminal; None at the end of input.

    input() blocks, so it runs in a thread while bot replies keep printing. A daemon thread of its own,
    not the loop's executor: on Ctrl+C the loop's shutdown waits for every executor thread, and one blocked
    in input() would keep the sandbox open until Enter was pressed."""
    loop = asyncio.get_running_loop()
    line: asyncio.Future[str | None] = loop.create_future()

    def settle(value: str | None, error: BaseException | None) -> None:
        if line.done():  # the session ended while this line was being typed
            return
        if error is not None:
            line.set_exception(error)
        else:
            line.set_result(value)

    def read() -> None:
        value: str | None = None
        error: BaseException | None = None
        try:
            value = input(prompt)
        except EOFError:
            value = None
        except Exception as exc:
            error = exc
        try:
            loop.call_soon_threadsafe(settle, value, error)
        except RuntimeError:  # the loop has closed: nobody is waiting for this line any more
            pass

    threading.Thread(target=read, name="sandbox-input", daemon=True).start()
    return await line


def render_message(message: dict[str, Any], *, edited: bool = False) -> str:
    """A bot message as terminal text, with its inline buttons numbered from 1."""
    head = "bot (edited)" if edited else "bot"
    parts: list[str] = []
    if "document" in message:
        doc = message["document"]
        parts.append(f"[document {doc.get('file_name', '?')} ({doc.get('file_size', 0)} bytes)]")
    if "photo" in message:
        biggest = message["photo"][-1]
        parts.append(f"[photo {biggest['width']}x{biggest['height']}]")
    if "poll" in message:
        poll = message["poll"]
        state = " (closed)" if poll["is_closed"] else ""
        parts.append(f"[poll{state}] {poll['question']}")
        parts.extend(f"  ({i}) {o['text']} — {o['voter_count']}" for i, o in enumerate(poll["options"]))
    body = message.get("text") or message.get("caption")
    if body:
        parts.append(body)
    text_lines = [line for part in parts for line in part.split("\n")] or [""]
    lines = [f"{head}: {text_lines[0]}", *("    " + line for line in text_lines[1:])]
    number = 1
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        cells = []
        for button in row:
            cells.append(f"[{number}] {button['text']}")
            number += 1
        lines.append("    " + "  ".join(cells))
    return "\n".join(lines)


def render_event(event: ChatEvent, user_id: int) -> str | None:
    """What the current user should see for a chat event, or None."""
    if event.kind in ("new", "edit") and event.from_bot and event.message is not None:
        return render_message(event.message, edited=event.kind == "edit")
    if event.kind == "delete" and event.from_bot and event.message is not None:
        return f"bot deleted message {event.message['message_id']}"
    if event.kind == "answer" and event.user_id == user_id and event.answer and event.answer.get("text"):
        how = "alert" if event.answer.get("show_alert") else "toast"
        return f"  ↳ {how}: {event.answer['text']}"
    return None


class _Session:
    def __init__(self, double: TelegramDouble, users: Sequence[FakeUser], output_fn: OutputFn) -> None:
        self.double = double
        self.users = list(users)
        self.output = output_fn
        self.current = self.users[0]
        # Where each user's view of their chat stands; independent of FakeUser.next_message().
        self.cursors = {u.id: len(u.chat.events) for u in self.users}
        self.printer: asyncio.Task[None] | None = None

    def start_printer(self) -> None:
        if self.printer is not None:
            self.printer.cancel()
        self.printer = asyncio.ensure_future(self._print_forever(self.current))

    async def stop_printer(self) -> None:
        if self.printer is not None:
            self.printer.cancel()
            await asyncio.gather(self.printer, return_exceptions=True)
            self.printer = None

    async def _print_forever(self, user: FakeUser) -> None:
        while True:
            event = await user.chat.wait_event(self.cursors[user.id], None)
            if event is None:  # pragma: no cover - only with a finite wait
                continue
            self._show(user, event)

    def drain(self) -> None:
        """Print whatever arrived for the current user and has not been shown yet."""
        user = self.current
        events = user.chat.events
        while self.cursors[user.id] < len(events):
            self._show(user, events[self.cursors[user.id]])

    def _show(self, user: FakeUser, event: ChatEvent) -> None:
        self.cursors[user.id] = event.seq + 1
        text = render_event(event, user.id)
        if text is not None:
            self.output(text)

    def list_users(self) -> None:
        for i, u in enumerate(self.users, 1):
            mark = " *" if u is self.current else ""
            self.output(f"[{i}] {u.full_name} (id {u.id}){mark}")

    def switch(self, arg: str) -> None:
        try:
            wanted = int(arg)
        except ValueError:
            self.output(f"! not a number: {arg!r}")
            return
        chosen = None
        if 1 <= wanted <= len(self.users):
            chosen = self.users[wanted - 1]
        else:
            chosen = next((u for u in self.users if u.id == wanted), None)
        if chosen is None:
            self.output(f"! no user {wanted}; :users lists them")
            return
        self.current = chosen
        self.output(f"now chatting as {chosen.full_name} (id {chosen.id})")
        self.drain()
        self.start_printer()

    async def press(self, arg: str) -> None:
        try:
            number = int(arg.strip())
        except ValueError:
            self.output(f"! not a button number: {arg!r}")
            return
        target = next((m for m in reversed(self.current.messages) if flat_buttons(m)), None)
        if target is None:
            self.output("! no bot message with buttons here")
            return
        count = len(flat_buttons(target))
        if not 1 <= number <= count:
            self.output(f"! no button [{number}]; the latest buttons are [1]..[{count}]")
            return
        await self.current.press(number - 1, message=target)

    def show_buttons(self) -> None:
        for message in reversed(self.current.messages):
            if flat_buttons(message):
                self.output(render_message(message))
                return
        self.output("(no buttons)")

    async def upload(self, arg: str, *, photo: bool) -> None:
        path = await asyncio.to_thread(lambda: Path(arg.strip()).expanduser())
        data = await asyncio.to_thread(path.read_bytes)
        if photo:
            await self.current.upload_photo(data)
        else:
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            await self.current.upload_document(path.name, data, mime)
        self.output(f"(uploaded {path.name}, {len(data)} bytes)")


async def run_terminal_chat(
    double: TelegramDouble,
    bot_token: str,
    users: Sequence[FakeUser],
    input_fn: InputFn | None = None,
    output_fn: OutputFn = print,
) -> None:
    """Chat with the bot as `users` until :quit or end of input.

    `input_fn(prompt)` may return a string or an awaitable of one (None or EOFError ends the session); the
    default reads stdin in a worker thread so bot replies print while the human is typing.
    """
    if not users:
        raise ValueError("run_terminal_chat needs at least one FakeUser")
    double.bot(bot_token)  # fail early on a wrong token
    read = input_fn or _default_input
    session = _Session(double, users, output_fn)
    output_fn(HELP)
    session.list_users()
    last = session.current.last_message
    if last is not None:
        output_fn(render_message(last))
    session.start_printer()
    try:
        while True:
            session.drain()
            try:
                line = read(f"{session.current.first_name}> ")
                if inspect.isawaitable(line):
                    line = await line
            except EOFError:
                line = None
            if line is None:
                break
            line = line.strip()
            if not line:
                continue
            try:
                if not await _dispatch(session, line):
                    break
            except (ButtonNotFound, ValueError, RuntimeError, OSError) as exc:
                output_fn(f"! {exc}")
            # Let the bot's reply (if it is quick) print before the next prompt.
            await asyncio.sleep(0)
        session.drain()
    finally:
        await session.stop_printer()


async def _dispatch(session: _Session, line: str) -> bool:
    """Run one input line; False means quit."""
    if line.startswith("#") and line[1:].strip().isdigit():
        await session.press(line[1:])
        return True
    if not line.startswith(":"):
        await session.current.send(line)
        return True
    command, _, arg = line[1:].partition(" ")
    if command in ("quit", "q", "exit"):
        return False
    if command == "help":
        session.output(HELP)
    elif command == "users":
        session.list_users()
    elif command == "as":
        session.switch(arg)
    elif command == "press":
        await session.press(arg)
    elif command == "buttons":
        session.show_buttons()
    elif command in ("file", "photo"):
        if not arg.strip():
            session.output(f"! usage: :{command} PATH")
        else:
            await session.upload(arg, photo=command == "photo")
    else:
        session.output(f"! unknown command :{command} (try :help)")
    return True
