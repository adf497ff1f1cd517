"""When reminders fall due: offsets from a deadline, quiet hours, the head's daily summaries.

Pure functions of times and settings; the service turns their answers into rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.text.vi_text import fold

STEPS = ("registration", "covenant", "self_assessment", "checking", "explanation", "vote", "movement")
DAY = 1440
# 7 days, 3 days, 1 day and 2 hours before; an overdue notice 1 day after
DEFAULT_OFFSETS = (-7 * DAY, -3 * DAY, -DAY, -120, DAY)
QUIET_START = 21 * 60  # 21:00
QUIET_END = 7 * 60  # 07:00
SUMMARY_HOUR = time(8, 0)
SUMMARY_DAYS_BEFORE = 3
MAX_OFFSETS = 10


@dataclass(frozen=True)
class Planned:
    offset_minutes: int
    due_at: datetime


def in_quiet_hours(moment: datetime, tz: ZoneInfo, start: int = QUIET_START, end: int = QUIET_END) -> bool:
    local = moment.astimezone(tz)
    minute = local.hour * 60 + local.minute
    if start == end:
        return False
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def out_of_quiet(moment: datetime, tz: ZoneInfo, deadline: datetime | None = None, start: int = QUIET_START,
                 end: int = QUIET_END) -> datetime:
    """Moves a moment in quiet hours to the next morning; a reminder meant for before the deadline that
    would then land after it goes out the evening before instead."""
    if not in_quiet_hours(moment, tz, start, end):
        return moment
    local = moment.astimezone(tz)
    morning = datetime.combine(local.date(), time(end // 60, end % 60), tz)
    if morning <= local:
        morning += timedelta(days=1)
    if deadline is None or morning < deadline:
        return morning
    evening = datetime.combine(morning.date() - timedelta(days=1), time(start // 60, start % 60), tz)
    return evening - timedelta(minutes=1)


def plan(deadline: datetime, offsets: tuple[int, ...] | list[int], now: datetime, tz: ZoneInfo,
         quiet_start: int = QUIET_START, quiet_end: int = QUIET_END) -> list[Planned]:
    """The reminders still to come for a deadline; those whose time has passed when planned are left out."""
    result = []
    for offset in sorted(set(offsets)):
        raw = deadline + timedelta(minutes=offset)
        due = out_of_quiet(raw, tz, deadline if offset < 0 else None, quiet_start, quiet_end)
        if due > now:
            result.append(Planned(offset, due))
    return result


def summary_times(deadline: datetime, now: datetime, tz: ZoneInfo) -> list[Planned]:
    """The head's daily summary at 08:00 on each of the days before the deadline while it is near."""
    result = []
    local_day = deadline.astimezone(tz).date()
    for days in range(SUMMARY_DAYS_BEFORE, -1, -1):
        moment = datetime.combine(local_day - timedelta(days=days), SUMMARY_HOUR, tz)
        if now < moment < deadline:
            result.append(Planned(-days * DAY, moment))
    return result


_PART = re.compile(r"^(qua han\s*|\+)?\s*(\d{1,3})\s*(ngay|n|d|gio|g|h|phut|p|m)$")
_UNITS = {"ngay": DAY, "n": DAY, "d": DAY, "gio": 60, "g": 60, "h": 60, "phut": 1, "p": 1, "m": 1}


def parse_offsets(text: str) -> list[int] | None:
    """Offsets typed by an admin: "7 ngày, 3 ngày, 1 ngày, 2 giờ, quá hạn 1 ngày" (or "7n 3n 1n 2g +1n").

    Before the deadline unless marked "quá hạn" or "+". None when anything is unreadable.
    """
    parts = [p.strip() for p in re.split(r"[,;]", fold(text)) if p.strip()]
    if len(parts) == 1 and " " in parts[0] and not _PART.match(parts[0]):
        parts = parts[0].split()
    offsets = []
    for part in parts:
        match = _PART.match(part)
        if match is None:
            return None
        minutes = int(match.group(2)) * _UNITS[match.group(3)]
        if minutes == 0 or minutes > 60 * DAY:
            return None
        offsets.append(minutes if match.group(1) else -minutes)
    if not offsets or len(offsets) > MAX_OFFSETS:
        return None
    return sorted(set(offsets))


# a reminder that goes out this much after its planned moment (the sweep's own delay) still tells the time left
# as from that moment, so a "3 days before" sent a few seconds late does not say 2 days
LATE_SLACK = timedelta(hours=1)


def time_left(deadline: datetime, planned: datetime, now: datetime) -> int:
    """The time left before `deadline` for a reminder planned for `planned` and going out `now`, as a negative
    offset in minutes that describe_offset words truthfully: whole days when at least one full day is left,
    otherwise whole hours, otherwise minutes, always rounded down. A reminder moved out of quiet hours
    (3 days before at 22:00 goes out at 07:00) so says 2 days, not 3."""
    sent = planned if now - planned <= LATE_SLACK else now
    minutes = max(int((deadline - sent).total_seconds()) // 60, 1)
    if minutes >= DAY:
        minutes -= minutes % DAY
    elif minutes >= 60:
        minutes -= minutes % 60
    return -minutes


def describe_offset(offset: int) -> tuple[str, int]:
    """("days" | "hours" | "minutes", amount) of an offset, for the catalogue to phrase."""
    minutes = abs(offset)
    if minutes % DAY == 0:
        return "days", minutes // DAY
    if minutes % 60 == 0:
        return "hours", minutes // 60
    return "minutes", minutes
