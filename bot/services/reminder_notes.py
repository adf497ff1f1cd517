"""What the reminder sweep tells people, as facts: which reminder, about which unit and deadline kind.

How a note reads, and which dialog its button opens, belong to the handlers (handlers/reminder_text.py):
the sweep receives a `ReminderText` when it is built and hands every note to it, so the services layer
neither phrases messages nor knows the handlers' routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.tally import Tally
from bot.services.votes import Opened, VoteView
from bot.text.messages import Reply

# the deadline kinds whose completion a unit can be reminded about (each has a dialog that completes it)
UNIT_STEPS = frozenset({"self_assessment", "explanation", "registration", "covenant", "movement"})


@dataclass(frozen=True)
class Missing:
    """What a unit still has to do for a step: "unscored" (`count` criteria), "unsubmitted", or the step's own
    kind ("explanation", "registration", "covenant") when it is the whole step."""

    what: str
    count: int = 0


@dataclass(frozen=True)
class UnitReminder:
    """To a unit's representatives: the step (a deadline kind in UNIT_STEPS, which the reminder leads to) is
    due at `due` and this is missing. `offset_minutes`: before the deadline, minus the time left (as the
    reminder says it, bot.domain.reminder_rules.time_left); after it, how long overdue the rule meant."""

    step: str
    unit: str
    due: datetime
    offset_minutes: int
    missing: Missing


@dataclass(frozen=True)
class StepClosed:
    """To every unit: the step's deadline passed; `done` of `count` units finished it."""

    step: str
    due: datetime
    done: int
    count: int


@dataclass(frozen=True)
class LateUnits:
    """To the head: the units that have not finished the step due at `due`."""

    step: str
    due: datetime
    units: tuple[str, ...]


@dataclass(frozen=True)
class Unreachable:
    """To the head: these representatives of a unit blocked the bot, so its reminders cannot reach them."""

    unit: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class VoteClosed:
    """To every unit on the roll: the vote deadline closed this vote; its result and receipts."""

    view: VoteView
    result: Tally
    receipts: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class VoteOpened:
    """To every unit on the roll: a runoff the deadline's closing opened at once; its ballot."""

    opened: Opened


ReminderNote = UnitReminder | StepClosed | LateUnits | Unreachable | VoteClosed | VoteOpened


class ReminderText(Protocol):
    def render(self, note: ReminderNote) -> Reply:
        """The message for a note, with the button that opens its step where there is one."""
        ...


class VoteNotes:
    """The messages of the votes the deadline closes (bot.services.votes.VoteMessages), worded by the sweep's
    ReminderText like every other note of the sweep."""

    def __init__(self, text: ReminderText) -> None:
        self.text = text

    def ballot(self, opened: Opened) -> Reply:
        return self.text.render(VoteOpened(opened))

    def result(self, view: VoteView, result: Tally, receipts: list[tuple[str, list[str]]]) -> Reply:
        return self.text.render(VoteClosed(view, result, receipts))
