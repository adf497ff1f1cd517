"""The reminder sweep's notes are worded by the handlers, and a reminder's button opens a dialog that exists."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.clock import SystemClock
from bot.services.container import Services
from bot.services.reminder_notes import UNIT_STEPS, LateUnits, Missing, StepClosed, UnitReminder, Unreachable
from handlers.registry import build_router
from handlers.reminder_text import ReminderText
from storage.db import Database

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = datetime(2026, 12, 1, 17, 0, tzinfo=TZ)
TEXT = ReminderText(TZ)


def test_every_step_a_unit_is_reminded_of_has_a_button_the_router_answers():
    router = build_router(Services.build(Database(":memory:"), SystemClock(), TZ, frozenset()))
    for step in UNIT_STEPS:
        missing = Missing("unsubmitted") if step == "self_assessment" else Missing(step)
        reply = TEXT.render(UnitReminder(step, "Sở Tư pháp", DUE, -3 * 24 * 60, missing))
        [[button]] = reply.choices
        prefix = button.data.partition(":")[0]
        assert prefix in router.choices, (step, button.data)


def test_a_unit_reminder_names_the_unit_what_is_missing_and_the_deadline():
    before = TEXT.render(UnitReminder("self_assessment", "Sở Tư pháp", DUE, -3 * 24 * 60, Missing("unscored", 25)))
    assert before.text.startswith("⏰ Nhắc hạn ")
    assert "01/12/2026 17:00" in before.text and "Sở Tư pháp" in before.text
    assert "Còn 25 tiêu chí chưa chấm." in before.text
    assert [[(c.label, c.data) for c in row] for row in before.choices] == [[("📝 Mở bảng tự chấm điểm", "as:n")]]
    overdue = TEXT.render(UnitReminder("covenant", "Sở Tư pháp", DUE, 24 * 60, Missing("covenant")))
    assert overdue.text.startswith("⚠️ Quá hạn ") and "Đơn vị chưa ký giao ước thi đua." in overdue.text
    assert overdue.choices[0][0].data == "kr:n"


def test_the_bloc_and_the_head_get_the_closing_summary_and_blocked_notes_without_buttons():
    closed = TEXT.render(StepClosed("registration", DUE, done=6, count=8))
    assert "6/8 đơn vị đã hoàn thành" in closed.text and closed.choices == []
    late = TEXT.render(LateUnits("registration", DUE, ("Sở Tư pháp", "Sở Y tế")))
    assert "2 đơn vị chưa hoàn thành:\n• Sở Tư pháp\n• Sở Y tế" in late.text and late.choices == []
    blocked = TEXT.render(Unreachable("Sở Y tế", ("Nguyễn Văn An", "Trần Thị Bình")))
    assert "Nguyễn Văn An, Trần Thị Bình (Sở Y tế)" in blocked.text and blocked.choices == []
