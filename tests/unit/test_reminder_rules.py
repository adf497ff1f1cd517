"""When reminders fall due."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.reminder_rules import (
    DAY,
    DEFAULT_OFFSETS,
    describe_offset,
    in_quiet_hours,
    out_of_quiet,
    parse_offsets,
    plan,
    summary_times,
    time_left,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime(2026, 11, 30, 17, 0, tzinfo=TZ)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


def local(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%d/%m %H:%M")


def test_default_plan_for_a_deadline_at_five_in_the_afternoon():
    planned = plan(DEADLINE, DEFAULT_OFFSETS, NOW, TZ)
    assert [local(p.due_at) for p in planned] == ["23/11 17:00", "27/11 17:00", "29/11 17:00", "30/11 15:00",
                                                  "01/12 17:00"]


def test_reminders_already_past_when_planned_are_left_out():
    planned = plan(DEADLINE, DEFAULT_OFFSETS, datetime(2026, 11, 28, 9, 0, tzinfo=TZ), TZ)
    assert [p.offset_minutes for p in planned] == [-DAY, -120, DAY]


def test_quiet_hours_move_a_reminder_to_the_next_morning():
    late = datetime(2026, 11, 30, 23, 30, tzinfo=TZ)
    assert in_quiet_hours(late, TZ) and not in_quiet_hours(late.replace(hour=20), TZ)
    assert local(out_of_quiet(late, TZ)) == "01/12 07:00"
    early = datetime(2026, 11, 30, 5, 0, tzinfo=TZ)
    assert local(out_of_quiet(early, TZ)) == "30/11 07:00"


def test_a_before_reminder_never_lands_after_its_deadline():
    deadline = datetime(2026, 11, 30, 6, 30, tzinfo=TZ)  # 2 hours before is 04:30, in quiet hours
    [two_hours] = [p for p in plan(deadline, (-120,), NOW, TZ)]
    assert local(two_hours.due_at) == "29/11 20:59"


def test_the_heads_summaries_run_daily_at_eight_while_the_deadline_is_near():
    assert [local(p.due_at) for p in summary_times(DEADLINE, NOW, TZ)] == ["27/11 08:00", "28/11 08:00",
                                                                             "29/11 08:00", "30/11 08:00"]


def test_offsets_typed_by_an_admin():
    assert parse_offsets("7 ngày, 3 ngày, 1 ngày, 2 giờ, quá hạn 1 ngày") == [-7 * DAY, -3 * DAY, -DAY, -120, DAY]
    assert parse_offsets("7n 3n 2g +1n") == [-7 * DAY, -3 * DAY, -120, DAY]
    assert parse_offsets("5 ngày; 30 phút") == [-5 * DAY, -30]
    for bad in ("", "bảy ngày", "0 ngày", "7 tuần", "100 ngày", ", ,"):
        assert parse_offsets(bad) is None, bad
    assert describe_offset(-3 * DAY) == ("days", 3) and describe_offset(-120) == ("hours", 2)
    assert describe_offset(-90) == ("minutes", 90)
    assert timedelta(minutes=DAY) == timedelta(days=1)


def test_the_time_left_is_said_in_whole_days_then_hours_never_more_than_is_left():
    deadline = datetime(2026, 12, 1, 22, 0, tzinfo=TZ)

    def said(left: timedelta, late: timedelta = timedelta(0)) -> tuple[str, int]:
        planned = deadline - left
        return describe_offset(time_left(deadline, planned, planned + late))

    # 3 days before at 22:00, moved out of quiet hours to 07:00: 2 days 15 hours are left
    assert said(timedelta(days=2, hours=15)) == ("days", 2)
    assert said(timedelta(days=3)) == ("days", 3)
    assert said(timedelta(days=1)) == ("days", 1)
    assert said(timedelta(days=1) - timedelta(minutes=1)) == ("hours", 23)
    assert said(timedelta(hours=1)) == ("hours", 1)
    assert said(timedelta(minutes=59)) == ("minutes", 59)
    assert said(timedelta(seconds=20)) == ("minutes", 1)
    # the sweep's own delay does not count; a reminder sent long after its time (the bot was down) does
    assert said(timedelta(days=3), late=timedelta(seconds=30)) == ("days", 3)
    assert said(timedelta(days=3), late=timedelta(hours=5)) == ("days", 2)
