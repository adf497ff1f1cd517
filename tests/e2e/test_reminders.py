"""Deadlines and reminders end to end: the 8 sample units, a week of reminders in seconds.

Three units finish early and are never reminded; the others get each reminder exactly once, across a
restart with the bot down while one fell due; quiet hours hold; moving the deadline cancels the stale
reminders; a representative who blocked the bot is reported to the head once and not tried again.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from storage import outbox as outbox_repo
from storage import reminders as repo
from tests.e2e.harness import TZ, press, say, sender_of

UNITS = [name for name, _ in SAMPLE_UNITS]
EARLY = UNITS[5:]  # finish before any reminder
SECOND_REP_UNIT = UNITS[3]


def at(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=TZ)


def reminders(user) -> list[str]:
    return [m["text"] for m in user.messages if m.get("text", "").startswith(("⏰ Nhắc hạn", "⚠️ Quá hạn"))]


async def complete(harness, rep) -> None:
    services = harness.services
    actor = await services.people.resolve(sender_of(rep))
    view = await services.assessment.my_sheet(actor)
    for criterion in view.table.criteria:
        if criterion.evidence_required:
            await services.assessment.add_evidence(actor, criterion.code, note="Văn bản số 1")
        await services.assessment.set_self_score(actor, criterion.code, "0")
    await services.assessment.submit(actor)


@pytest.fixture
async def bloc(harness):
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026, name="Khối kiểm thử nhắc hạn")
    await say(admin, "/bangtieuchi")
    await press(admin, "Dùng bảng mẫu")
    reps = {}
    for index, name in enumerate(UNITS):
        reps[name] = [harness.user(f"Cán bộ {index} A")]
        if name == SECOND_REP_UNIT:
            reps[name].append(harness.user(f"Cán bộ {index} B"))
        for rep in reps[name]:
            await say(rep, f"/start {sample.invites[name].code}")
            await press(rep, "Xác nhận")
    for name in EARLY:
        await complete(harness, reps[name][0])
    await harness.settle()
    return {"sample": sample, "reps": reps, "admin": admin}


async def test_a_week_of_reminders(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    head = reps[HEAD_UNIT][0]
    late_reps = [rep for name in UNITS if name not in EARLY for rep in reps[name]]

    # the head sets the deadline in chat: 01/12 22:00, so raw reminder times fall in quiet hours
    reply = await say(admin, "/hanchot")
    assert "• Hạn tự chấm điểm: chưa đặt" in reply["text"]
    reply = await press(admin, "Đặt hạn tự chấm điểm")
    assert reply["text"].startswith("Hạn tự chấm điểm hiện tại: chưa đặt.")
    reply = await say(admin, "31/11/2026 17:00")
    assert reply["text"].startswith("Không hiểu thời điểm này.")
    reply = await say(admin, "01/12/2026 22:00")
    assert reply["text"] == "Đã đặt hạn tự chấm điểm: 01/12/2026 22:00. Các đơn vị sẽ được nhắc theo lịch."

    # 7 days before would be 24/11 22:00: quiet hours move it to 25/11 07:00
    await harness.advance_to(at("24/11/2026 22:30"))
    assert all(reminders(rep) == [] for rep in late_reps)

    # the bot is down when that reminder falls due; it goes out at start, the deadline still being ahead
    await harness.stop_bot()
    harness.clock.set(at("25/11/2026 07:05"))
    await harness.start_bot()
    await harness.settle()
    for rep in late_reps:
        assert len(reminders(rep)) == 1, rep
        # moved from 24/11 22:00 to 07:00, it says the time truly left (6 days 15 hours), not its 7 days
        assert reminders(rep)[0].startswith("⏰ Nhắc hạn tự chấm điểm: hết hạn lúc 01/12/2026 22:00 (còn 6 ngày).")
        assert "Còn 28 tiêu chí chưa chấm." in reminders(rep)[0]
        assert rep.last_message["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "as:n"
    for name in EARLY:
        assert reminders(reps[name][0]) == []

    # one tap opens the sheet
    first = late_reps[0]
    first.skip_to_now()
    await first.press("Mở bảng tự chấm điểm")
    assert (await first.next_message())["text"].startswith("📝 Tự chấm điểm năm 2026")

    # a representative blocks the bot; the head's daily summary lists the 5 late units
    blocked = reps[SECOND_REP_UNIT][1]
    blocked.block()
    await harness.advance_to(at("28/11/2026 08:00"))
    summaries = [m["text"] for m in head.messages if m.get("text", "").startswith("📋 Hạn tự chấm điểm")]
    assert len(summaries) == 1 and "5 đơn vị chưa hoàn thành" in summaries[0]
    assert all(f"• {name}" not in summaries[0] for name in EARLY)

    # 3 days before: everyone late is reminded again; the blocked one is reported to the head once
    await harness.advance_to(at("29/11/2026 07:00"))
    for rep in late_reps:
        assert len(reminders(rep)) == (1 if rep is blocked else 2), rep
    reports = [m["text"] for m in head.messages if m.get("text", "").startswith("⚠️ Không gửi được nhắc hạn")]
    assert reports == [f"⚠️ Không gửi được nhắc hạn cho {blocked.full_name} ({SECOND_REP_UNIT}): người này đã chặn "
                       "bot. Xin liên hệ trực tiếp."]
    assert harness.expect_rejections("Forbidden: bot was blocked by the user", blocked.id) == 1
    async with harness.services.db.reading() as conn:  # the report went through the outbox and was sent
        assert await outbox_repo.counts(conn, "blocked") == {"sent": len(reps[HEAD_UNIT])}

    # the head moves the deadline: the old plan's reminders are cancelled, the new plan's are sent
    await say(admin, "/hanchot")
    await press(admin, "Đặt hạn tự chấm điểm")
    reply = await say(admin, "03/12/2026 17:00")
    assert reply["text"].startswith("Hạn mới: 03/12/2026 17:00. Xin gõ lý do")
    reply = await say(admin, "Theo đề nghị của nhiều đơn vị")
    assert reply["text"].startswith("Đã đổi hạn tự chấm điểm thành 03/12/2026 17:00.")
    for moment in ("30/11/2026 17:00", "01/12/2026 07:00", "01/12/2026 22:00", "02/12/2026 17:00",
                   "03/12/2026 15:00", "03/12/2026 17:00", "04/12/2026 17:00"):
        await harness.advance_to(at(moment))

    # the second was moved out of quiet hours (28/11 22:00 to 29/11 07:00): 2 days 15 hours were left
    expected = ["(còn 6 ngày)", "(còn 2 ngày)", "(còn 3 ngày)", "(còn 1 ngày)", "(còn 2 giờ)", "Quá hạn"]
    for rep in late_reps:
        got = reminders(rep)
        if rep is blocked:
            assert len(got) == 1
            continue
        assert len(got) == 6, (rep, got)
        assert "01/12/2026 22:00" in got[1] and all("03/12/2026 17:00" in text for text in got[2:])
        for text, marker in zip(got, expected, strict=True):
            assert marker in text, (marker, text)
    for name in EARLY:
        assert reminders(reps[name][0]) == []
    # everyone hears once that the (moved) deadline passed; nobody hears of the old one
    closed = [m["text"] for m in head.messages if m.get("text", "").startswith("🔔 Đã hết hạn")]
    assert closed == ["🔔 Đã hết hạn tự chấm điểm lúc 03/12/2026 17:00: 3/8 đơn vị đã hoàn thành."]

    # the blocked person was tried once after blocking the bot, and never again
    tries = [c.ok for c in harness.double.calls if c.method == "sendMessage"
             and str(c.params.get("chat_id")) == str(blocked.id) and c.params["text"].startswith(("⏰", "⚠️"))]
    assert tries == [True, False]

    # the record agrees: one delivery per person and reminder, none pending
    async with harness.services.db.reading() as conn:
        rows = await repo.deliveries_of(conn, bloc["sample"].year.id, "self_assessment")
    sent: dict[int, int] = {}
    for _, _, person, status in rows:
        sent[person] = sent.get(person, 0) + (status == "sent")
    assert sorted(sent.values()) == sorted([1] + [6] * (len(late_reps) - 1))
    assert {status for *_, status in rows} == {"sent", "blocked"}
    assert await harness.services.reminders.next_due() is None
