"""How the reminder sweep's notes read (bot/services/reminder_notes.py), and the dialog a reminder's button opens.

The sweep is handed an instance when the services are built (bot/app/wiring.py), so it never phrases a
message or knows a route itself.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.domain.reminder_rules import describe_offset
from bot.services.reminder_notes import (
    LateUnits,
    Missing,
    ReminderNote,
    StepClosed,
    UnitReminder,
    Unreachable,
    VoteClosed,
    VoteOpened,
)
from bot.text.catalogue import t
from bot.text.messages import Choice, Reply
from bot.text.vi_text import format_datetime
from handlers.actions import COVENANT_READ, EXPLAIN_LIST, MOVEMENTS, REGISTRATION, SHEET
from handlers.vote_text import ballot_message, result_text

# the dialog that completes each step a unit is reminded about, opened in one tap (":n" opens it as a new
# message, so the reminder itself stays readable in the chat)
STEP_DIALOGS = {"self_assessment": SHEET.data("n"), "explanation": EXPLAIN_LIST.data("n"),
                "registration": REGISTRATION.data("n"), "covenant": COVENANT_READ.data("n"),
                "movement": MOVEMENTS.data("n")}
# the parts of a reminder that do not name the unit (step, time, time left, what is missing) repeat across
# the thousands of reminders of a sweep: formatted once (profiled: a quarter of the sweep's own time)
_t = lru_cache(maxsize=1024)(t)
_when = lru_cache(maxsize=256)(format_datetime)


@lru_cache(maxsize=64)
def _missing(missing: Missing) -> str:
    if missing.what == "unscored":
        return t("reminder.missing.unscored", count=missing.count)
    return t(f"reminder.missing.{missing.what}")


class ReminderText:
    """Vietnamese, as every reminder is: they go out with no one's language at hand."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def when(self, moment: datetime) -> str:
        return _when(moment, self.tz)

    def render(self, note: ReminderNote) -> Reply:
        match note:
            case UnitReminder():
                return self.unit(note)
            case StepClosed():
                return Reply(t("reminder.closed", step=_t(f"step.{note.step}"), when=self.when(note.due),
                               done=note.done, count=note.count))
            case LateUnits():
                return Reply(t("reminder.summary", step=_t(f"step.{note.step}"), when=self.when(note.due),
                               count=len(note.units), units="\n".join(f"• {name}" for name in note.units)))
            case Unreachable():
                return Reply(t("reminder.blocked", names=", ".join(note.names), unit=note.unit))
            case VoteClosed():
                return Reply(result_text("vi", note.view, note.result, note.receipts))
            case VoteOpened():
                return ballot_message("vi", note.opened)
        raise TypeError(f"no text for {note!r}")

    def unit(self, note: UnitReminder) -> Reply:
        step_name = _t(f"step.{note.step}")
        when = self.when(note.due)
        missing = _missing(note.missing)
        if note.offset_minutes > 0:
            text = t("reminder.overdue", step=step_name, when=when, unit=note.unit, missing=missing)
        else:
            size, amount = describe_offset(note.offset_minutes)
            text = t("reminder.before", step=step_name, when=when, unit=note.unit, missing=missing,
                     left=_t(f"reminder.left.{size}", amount=amount))
        return Reply(text, [[Choice(_t(f"reminder.open.{note.step}"), STEP_DIALOGS[note.step])]])
