"""The dispatcher every channel calls, and the context a dialog step receives.

A step is chosen by, in order: a command (which also abandons any unfinished dialog), a pressed
choice (by the prefix of its compact data), the chat's saved dialog state (for typed text and
files), and finally a default. Choice data is never trusted: every step re-checks who pressed it
against the database through the services.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from bot.services.container import Services
from bot.services.outbox import NOTIFICATION
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.text.catalogue import t
from bot.text.messages import Choice, Copy, FileRef, Inbound, Kind, Outcome, Reply
from bot.text.vi_text import format_datetime, format_score
from storage.rows import DialogState

log = logging.getLogger(__name__)
T = TypeVar("T")
# SQLite's INTEGER: a signed 64-bit number
SQLITE_INT_MIN, SQLITE_INT_MAX = -(2**63), 2**63 - 1


@dataclass
class ChannelContext:
    """What only the channel knows: its deep links and how to download a file someone sent."""

    deep_link: Callable[[str], str | None]
    fetch_file: Callable[[FileRef], Awaitable[bytes]]


@dataclass
class Context:
    inbound: Inbound
    actor: Actor
    services: Services
    channel: ChannelContext
    dialog: DialogState | None
    args: list[str] = field(default_factory=list)  # parsed arguments of a pressed choice
    # the unfinished dialog a command just abandoned, if any
    abandoned: DialogState | None = None
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def lang(self) -> str:
        return self.actor.language

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def when(self, moment: datetime) -> str:
        return format_datetime(moment, self.services.tz)

    def reply(self, key_or_text: str, *rows: list[Choice], edit: bool = False, raw: bool = False,
              **params: object) -> Reply:
        text = key_or_text if raw else self.t(key_or_text, **params)
        reply = Reply(text, [row for row in rows if row], edit=edit)
        self.outcome.replies.append(reply)
        return reply

    async def notify_people(self, person_ids: list[int], text: str, *rows: list[Choice],
                            files: list[FileRef] | None = None, origin: str = NOTIFICATION) -> None:
        """Tells people who did not just write, on the channel(s) each of them chose; never the sender's
        own chat, which already has its answer. `files` (held by the sender's channel) go along where they can.
        The copies go through the outbox once this step succeeded (see Router.dispatch)."""
        me = (self.inbound.sender.channel, self.inbound.sender.chat_id)
        plain = Reply(text, list(rows))
        with_files = Reply(text, list(rows), resend=list(files)) if files else plain
        for person, channel, chat in await self.services.people.notice_targets(person_ids):
            if (channel, chat) != me:
                reply = with_files if channel == self.inbound.sender.channel else plain
                self.outcome.copies.append(Copy(reply, channel, chat, person, origin))

    async def notify_group(self, chat_id: str, text: str) -> None:
        """Posts something public in the bloc's group (never scores before publication, never ballots)."""
        self.outcome.copies.append(Copy(Reply(text), self.inbound.sender.channel, chat_id, None, "group"))

    async def notify_units(self, unit_ids: list[int], text: str, *rows: list[Choice],
                           files: list[FileRef] | None = None, origin: str = NOTIFICATION) -> None:
        """Tells every active representative of these units (see notify_people)."""
        await self.notify_people(await self.services.people.representative_ids(unit_ids), text, *rows, files=files,
                                 origin=origin)

    def notify_chat(self, channel: str, chat_id: str, person_id: int, text: str, origin: str) -> None:
        """Tells one given chat of a person, whichever channel they chose for notices (e.g. their other
        account, when this one was just linked to it)."""
        self.outcome.copies.append(Copy(Reply(text), channel, chat_id, person_id, origin))

    def choice(self, key: str, data: str, **params: object) -> Choice:
        return Choice(self.t(key, **params), data)

    def page(self, items: Sequence[T], page: int, size: int, prefix: str) -> tuple[list[T], int, int, list[Choice]]:
        """One page of `items`: the slice, the page shown (clamped), the page count, and the ‹ › buttons
        that lead to `prefix:<page>`."""
        pages = max(1, -(-len(items) // size))
        page = min(max(page, 0), pages - 1)
        nav = []
        if page > 0:
            nav.append(self.choice("units.prev", f"{prefix}:{page - 1}"))
        if page < pages - 1:
            nav.append(self.choice("units.next", f"{prefix}:{page + 1}"))
        return list(items[page * size:(page + 1) * size]), page, pages, nav

    def arg(self, index: int = 0) -> str:
        """The button's `index`-th argument, or "" when it has none (the service then refuses it)."""
        return self.args[index] if len(self.args) > index else ""

    def int_arg(self, index: int = 0) -> int:
        try:
            value = int(self.args[index])
        except (IndexError, ValueError):
            raise StaleChoice from None
        # every id is an SQLite integer; a larger number (only a forged button carries one) would make the
        # query raise OverflowError instead of matching nothing
        if not SQLITE_INT_MIN <= value <= SQLITE_INT_MAX:
            raise StaleChoice
        return value

    async def set_state(self, state: str, **data: object) -> None:
        sender = self.inbound.sender
        await self.services.dialogs.put(sender.channel, sender.chat_id, state, dict(data))

    async def clear_state(self) -> None:
        sender = self.inbound.sender
        await self.services.dialogs.clear(sender.channel, sender.chat_id)
        self.dialog = None


def checkbox(label: str, checked: bool, data: str) -> Choice:
    """A choice that switches something on or off, showing which it is now."""
    return Choice(("☑️ " if checked else "⬜ ") + label, data)


class StaleChoice(Exception):
    """A pressed choice that no longer fits (malformed, or from an old message)."""


Step = Callable[[Context], Awaitable[None]]


class Router:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.commands: dict[str, Step] = {}
        self.choices: dict[str, Step] = {}
        self.states: dict[str, Step] = {}
        self.stranger_commands: dict[str, Step] = {}
        self.stranger_choices: dict[str, Step] = {}
        self.default: Step | None = None
        self.stranger_default: Step | None = None
        self.group_commands: dict[str, Step] = {}
        self.poll_answer: Step | None = None
        self.on_admins_changed: Callable[[], Awaitable[None]] | None = None

    @staticmethod
    def _add(table: dict[str, Step], key: str, step: Step, others: dict[str, Step] | None = None) -> None:
        # two dialogs claiming one command or prefix would silently shadow each other
        if key in table or (others is not None and key in others):
            raise ValueError(f"{key!r} is registered twice")
        table[key] = step

    def command(self, *names: str, strangers: bool = False) -> Callable[[Step], Step]:
        def register(step: Step) -> Step:
            for name in names:
                self._add(self.stranger_commands if strangers else self.commands, name, step,
                          self.commands if strangers else self.stranger_commands)
            return step
        return register

    def choice(self, prefix: str, strangers: bool = False) -> Callable[[Step], Step]:
        def register(step: Step) -> Step:
            self._add(self.stranger_choices if strangers else self.choices, prefix, step,
                      self.choices if strangers else self.stranger_choices)
            return step
        return register

    def group_command(self, name: str) -> Callable[[Step], Step]:
        """A command that works in a group chat (everything else there is refused politely)."""
        def register(step: Step) -> Step:
            self._add(self.group_commands, name, step)
            return step
        return register

    def state(self, name: str) -> Callable[[Step], Step]:
        def register(step: Step) -> Step:
            self._add(self.states, name, step)
            return step
        return register

    async def dispatch(self, inbound: Inbound, channel: ChannelContext) -> Outcome:
        sender = inbound.sender
        group_step = self.group_commands.get(inbound.command or "") if inbound.kind is Kind.COMMAND else None
        if not sender.is_private and group_step is None:
            # a group gets public things only; every other command is answered with "write privately"
            if inbound.kind is Kind.COMMAND:
                return Outcome([Reply(t("group.private_only"))])
            return Outcome()
        actor = await self.services.people.resolve(sender)
        dialog = await self.services.dialogs.get(sender.channel, sender.chat_id)
        ctx = Context(inbound, actor, self.services, channel, dialog)
        try:
            await self._route(ctx)
        except Refused as refusal:
            ctx.outcome.copies.clear()  # a refused step tells nobody else
            params = {k: format_score(v) if isinstance(v, Decimal) else v for k, v in refusal.params.items()}
            if isinstance(params.get("at"), datetime):
                at = params.pop("at")
                params["date"] = ctx.when(at)[:10]
                params["time"] = ctx.when(at)
            ctx.reply(refusal.message_key, **params)
        except StaleChoice:
            ctx.outcome.copies.clear()
            ctx.outcome.notice = ctx.t("stale_button")
            ctx.reply("stale_button")
        if ctx.outcome.copies:
            # saved before the sender's answer goes out, so "sent" is never said of copies a crash could lose;
            # the outbox's sender delivers them in the background (bot/services/outbox_sender.py)
            await self.services.outbox.enqueue(ctx.outcome.copies)
        return ctx.outcome

    async def _route(self, ctx: Context) -> None:
        inbound = ctx.inbound
        if not inbound.sender.is_private:
            await self.group_commands[inbound.command or ""](ctx)
            return
        if inbound.kind is Kind.POLL_ANSWER:
            if self.poll_answer is not None:
                await self.poll_answer(ctx)
            return
        known = ctx.actor.rep is not None or ctx.actor.is_super
        commands = {**self.stranger_commands, **(self.commands if known else {})}
        choices = {**self.stranger_choices, **(self.choices if known else {})}
        if inbound.kind is Kind.COMMAND:
            step = commands.get(inbound.command or "")
            if step is None:
                ctx.reply("unknown_command" if known else "stranger.unknown_text")
                return
            if ctx.dialog is not None:
                ctx.abandoned = ctx.dialog
                await ctx.clear_state()
            await step(ctx)
            return
        if inbound.kind is Kind.CHOICE:
            prefix, _, rest = (inbound.choice or "").partition(":")
            step = choices.get(prefix)
            if step is None:
                raise StaleChoice
            ctx.args = rest.split(":") if rest else []
            await step(ctx)
            return
        if known and ctx.dialog is not None and ctx.dialog.state in self.states:
            await self.states[ctx.dialog.state](ctx)
            return
        default = self.default if known else self.stranger_default
        if default is not None:
            await default(ctx)
