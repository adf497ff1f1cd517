"""The dispatcher every channel calls, and the context a dialog step receives.

A step is chosen by, in order: a command (which also abandons any unfinished dialog), a pressed
choice (by the code its compact data starts with, handlers/actions.py), the chat's saved dialog state
(for typed text and files), and finally a default. The router is built from the dialogs' tables
(handlers/dialog.py) and holds each step to the edges of its table. Choice data is never trusted: every
step re-checks who pressed it against the database through the services.
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
from handlers.actions import Action
from handlers.dialog import Command, Default, Dialog, Edge, PollAnswer, Running, Typed, trigger_key
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
    # the edges of the dialog table this step runs along (None: a step wired without a table)
    running: Running | None = None
    # the step began to change the chat's saved dialog state (see StepFailed)
    dialog_touched: bool = False

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

    def button(self, key: str, action: Action, *args: object, **params: object) -> Choice:
        """A button labelled with the catalogue's `key` that presses `action` with `args`."""
        return Choice(self.t(key, **params), action.data(*args))

    def page(self, items: Sequence[T], page: int, size: int, action: Action,
             *args: object) -> tuple[list[T], int, int, list[Choice]]:
        """One page of `items`: the slice, the page shown (clamped), the page count, and the ‹ › buttons
        that press `action` with `args` and then the page."""
        pages = max(1, -(-len(items) // size))
        page = min(max(page, 0), pages - 1)
        nav = []
        if page > 0:
            nav.append(self.button("units.prev", action, *args, page - 1))
        if page < pages - 1:
            nav.append(self.button("units.next", action, *args, page + 1))
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
        if self.running is not None:
            self.running.check_set(state)
        self.dialog_touched = True
        sender = self.inbound.sender
        await self.services.dialogs.put(sender.channel, sender.chat_id, state, dict(data))

    async def clear_state(self) -> None:
        if self.running is not None:
            self.running.check_clear()
        self.dialog_touched = True
        sender = self.inbound.sender
        await self.services.dialogs.clear(sender.channel, sender.chat_id)
        self.dialog = None


def checkbox(label: str, checked: bool, action: Action, *args: object) -> Choice:
    """A choice that switches something on or off, showing which it is now."""
    return Choice(("☑️ " if checked else "⬜ ") + label, action.data(*args))


class StaleChoice(Exception):
    """A pressed choice that no longer fits (malformed, or from an old message)."""


class StepFailed(Exception):
    """A step raised something no step expects (its cause is chained). `dialog_uncertain`: it had begun to
    change the chat's saved dialog state, which may now no longer match what the person sees (the criterion
    on screen is not the one a typed score would be checked against); a step that failed before that left
    the state as the screen shows it, and its buttons can simply be pressed again."""

    def __init__(self, dialog_uncertain: bool) -> None:
        super().__init__("a dialog step failed")
        self.dialog_uncertain = dialog_uncertain


Step = Callable[[Context], Awaitable[None]]


class Router:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.commands: dict[str, Step] = {}
        self.choices: dict[str, Step] = {}
        self.states: dict[str, Step] = {}
        self.stranger_commands: dict[str, Step] = {}
        self.stranger_choices: dict[str, Step] = {}
        self.group_commands: dict[str, Step] = {}
        self.hooks: dict[str, Step] = {}  # the defaults and the poll answer, by trigger_key
        self.on_admins_changed: Callable[[], Awaitable[None]] | None = None
        self.dialogs: list[Dialog] = []
        self.saved_states: frozenset[str] = frozenset()
        # the edges of every trigger, by the key dispatch finds its step by (trigger_key, _command_key)
        self.edges: dict[str, list[Edge]] = {}

    @property
    def default(self) -> Step | None:
        return self.hooks.get(trigger_key(Default(), ""))

    @property
    def stranger_default(self) -> Step | None:
        return self.hooks.get(trigger_key(Default(strangers=True), ""))

    @property
    def poll_answer(self) -> Step | None:
        return self.hooks.get(trigger_key(PollAnswer(), ""))

    @staticmethod
    def _add(table: dict[str, Step], key: str, step: Step, others: dict[str, Step] | None = None) -> None:
        # two dialogs claiming one command or prefix would silently shadow each other; several edges of one
        # trigger (its different outcomes) share one step
        if table.get(key, step) is not step or (others is not None and key in others):
            raise ValueError(f"{key!r} is registered twice")
        table[key] = step

    def add(self, dialog: Dialog) -> None:
        """Wires every edge of a dialog's table to its step."""
        self.dialogs.append(dialog)
        self.saved_states |= frozenset(dialog.states)
        for edge in dialog.edges:
            trigger = edge.trigger
            if isinstance(trigger, Command):
                for name in trigger.names:
                    if trigger.group:
                        self._add(self.group_commands, name, edge.step)
                    elif trigger.strangers:
                        self._add(self.stranger_commands, name, edge.step, self.commands)
                    else:
                        self._add(self.commands, name, edge.step, self.stranger_commands)
                    self.edges.setdefault(self._command_key(name, trigger.group), []).append(edge)
                continue
            key = trigger_key(trigger, edge.source)
            if isinstance(trigger, Action):
                mine, others = ((self.stranger_choices, self.choices) if trigger.strangers
                                else (self.choices, self.stranger_choices))
                self._add(mine, key, edge.step, others)
            elif isinstance(trigger, Typed):
                self._add(self.states, edge.source, edge.step)
            else:
                self._add(self.hooks, key, edge.step)
            self.edges.setdefault(key, []).append(edge)

    @staticmethod
    def _command_key(name: str, group: bool = False) -> str:
        return f"group /{name}" if group else f"/{name}"

    def _run(self, ctx: Context, key: str, step: Step) -> Awaitable[None]:
        edges = self.edges.get(key)
        if edges is not None:
            ctx.running = Running.of(edges, ctx.dialog.state if ctx.dialog else None, self.saved_states)
        return step(ctx)

    def command(self, *names: str, strangers: bool = False) -> Callable[[Step], Step]:
        """Wires a step without a dialog table (nothing then checks where it leads)."""
        def register(step: Step) -> Step:
            for name in names:
                self._add(self.stranger_commands if strangers else self.commands, name, step,
                          self.commands if strangers else self.stranger_commands)
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
        except Exception as exc:
            raise StepFailed(ctx.dialog_touched) from exc
        if ctx.outcome.copies:
            # saved before the sender's answer goes out, so "sent" is never said of copies a crash could lose;
            # the outbox's sender delivers them in the background (bot/services/outbox_sender.py)
            try:
                await self.services.outbox.enqueue(ctx.outcome.copies)
            except Exception as exc:
                raise StepFailed(ctx.dialog_touched) from exc
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
            await self._run(ctx, self._command_key(inbound.command or ""), step)
            return
        if inbound.kind is Kind.CHOICE:
            prefix, _, rest = (inbound.choice or "").partition(":")
            step = choices.get(prefix)
            if step is None:
                raise StaleChoice
            ctx.args = rest.split(":") if rest else []
            await self._run(ctx, prefix, step)
            return
        if known and ctx.dialog is not None and ctx.dialog.state in self.states:
            state = ctx.dialog.state
            await self._run(ctx, trigger_key(Typed(), state), self.states[state])
            return
        default = Default(strangers=not known)
        step = self.hooks.get(trigger_key(default, ""))
        if step is not None:
            await self._run(ctx, trigger_key(default, ""), step)
