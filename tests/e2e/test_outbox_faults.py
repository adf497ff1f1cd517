"""Every message sent once, or reported: the real bot against the Bot API double injecting faults.

Copies to others (notices, notifications) are at most once: a copy whose answer was lost is never sent again by
the bot, it is 'unknown' and the head sees it and resends it with one press; a copy that never left the
limiter is still pending after a stop or a crash. Answers to the person who wrote are at least once: they
survive a 502 and a dropped connection. A backlog of notifications to one chat becomes one digest.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.channels import telegram
from bot.sandbox.doubles.server import DROP_AFTER, DROP_BEFORE, HOLD
from bot.services.outbox_sender import DIGEST_OVER
from bot.text.catalogue import t
from bot.text.messages import Copy, Reply
from storage.db import Database
from tests.e2e.harness import BotHarness, forge_press, press, sample_bloc_joined, say
from tests.e2e.test_outbox import UNITS, copies, send_notice, status_view


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(telegram, "ANSWER_BACKOFF", 0.0)  # answers are retried at once: no real waiting


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử sự cố", lambda index, _: f"Cán bộ đầu mối {index}")


async def notice_under(harness: BotHarness, bloc: dict, text: str, inject) -> None:
    """The head's notice to every unit, its copies held until `inject()` arranged the faults they meet (so the
    head's own answers do not meet them), then sent."""
    sender, real = harness.running.outbox, harness.running.telegram
    gate = asyncio.Event()

    class Held:
        async def deliver(self, chat_id, reply, leaving=None):
            await gate.wait()
            return await real.deliver(chat_id, reply, leaving=leaving)

    sender.notifiers = {"telegram": Held()}
    try:
        await send_notice(bloc["admin"], bloc["reps"], text)
        inject()
        gate.set()
        await harness.settle()
    finally:
        sender.notifiers = harness.running.channels


async def statuses(db_path) -> Counter:
    async with Database(db_path) as db, db.reading() as conn:
        return Counter({r[0]: r[1] for r in await conn.execute_fetchall(
            "SELECT status, count(*) FROM outbox_copy GROUP BY status")})


async def test_a_notice_whose_answers_are_lost_is_never_sent_twice_and_the_head_resends_it(harness: BotHarness,
                                                                                           bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    before = await statuses(harness.db_path)
    # Telegram takes three of the copies and the answers never come back (the connection drops after it)
    await notice_under(harness, bloc, "Kính gửi các đơn vị: họp tổng kết ngày 20/12.", lambda: (
        harness.double.inject_transport_fault(harness.token, "sendMessage", DROP_AFTER, times=3)))
    assert harness.double.transport_faults_taken[DROP_AFTER] == 3
    # every unit got it exactly once: the three whose answer was lost were not sent again
    assert [copies(rep, 1) for rep in reps.values()] == [1] * len(UNITS)
    assert (await statuses(harness.db_path))["unknown"] == 3
    assert "❔ 3 bản" in await status_view(admin, 1)

    # a representative (of a unit that is not the head's) cannot see or resend them
    rep = reps[UNITS[1]]
    refused = await say(rep, "/chuagui")
    assert refused["text"] == t("refused.not_admin") and "reply_markup" not in refused
    await forge_press(harness, rep, "cg")  # the resend button, pressed by a modified client
    assert (await rep.next_message())["text"] == t("refused.not_admin")
    assert await statuses(harness.db_path) - before == {"sent": len(UNITS) - 3, "unknown": 3}  # nothing resent

    # the head sees the three, and resends them with one press: new copies, counted
    listed = await say(admin, "/chuagui")
    assert listed["text"].startswith("📭 Khối kiểm thử sự cố, năm 2026: 3 tin nhắn có thể chưa đến")
    assert listed["text"].count("• ") == 3
    resent = await press(admin, "📤 Gửi lại tất cả")
    assert resent["text"].startswith("📤 Đã xếp 3 tin nhắn vào hàng gửi lại.")
    await harness.settle()
    assert sorted(copies(rep, 1) for rep in reps.values()) == [1] * (len(UNITS) - 3) + [2] * 3
    # the unknown copies stay as the record; the resends are copies of the same notice, counted with it
    assert await statuses(harness.db_path) - before == {"sent": len(UNITS), "unknown": 3}
    assert "Khối kiểm thử sự cố, năm 2026: không có tin nhắn nào" in (await say(admin, "/chuagui"))["text"]


async def test_an_answer_held_past_the_timeout_is_unknown_too(harness: BotHarness, bloc, monkeypatch):
    monkeypatch.setattr(telegram, "SEND_READ_TIMEOUT", 0.3)  # small, rather than waiting out the real 5 s
    await harness.restart()
    reps = bloc["reps"]
    await notice_under(harness, bloc, "Thông báo lịch trực Tết.", lambda: (
        harness.double.inject_transport_fault(harness.token, "sendMessage", HOLD, times=2, seconds=0.6)))
    assert [copies(rep, 1) for rep in reps.values()] == [1] * len(UNITS)
    assert (await statuses(harness.db_path))["unknown"] == 2


async def test_copies_claimed_and_not_yet_left_stay_pending_across_a_stop(harness: BotHarness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    sender = harness.running.outbox
    real = harness.running.telegram
    entered = asyncio.Event()

    class WaitingAtTheLimiter:
        """Every copy waits forever before its request may leave, as behind a long queue at the limiter."""

        async def deliver(self, chat_id, reply, leaving=None):
            entered.set()
            await asyncio.Event().wait()
            return await real.deliver(chat_id, reply, leaving=leaving)

    before = await statuses(harness.db_path)
    sender.notifiers = {"telegram": WaitingAtTheLimiter()}
    await send_notice(admin, reps, "Thông báo về việc nộp hồ sơ.")
    await entered.wait()
    await asyncio.wait_for(harness.stop_bot(), 10)  # the bound of a stop, with the whole window claimed
    assert await statuses(harness.db_path) - before == {"pending": len(UNITS)}  # none unknown: none had left
    await harness.start_bot()
    await harness.settle()
    assert [copies(rep, 1) for rep in reps.values()] == [1] * len(UNITS)
    assert await statuses(harness.db_path) - before == {"sent": len(UNITS)}


async def test_an_answer_survives_a_502_and_a_dropped_connection(harness: BotHarness, bloc):
    rep = next(iter(bloc["reps"].values()))
    harness.double.inject_error(harness.token, "sendMessage", 502, "Bad Gateway")
    harness.double.inject_transport_fault(harness.token, "sendMessage", DROP_BEFORE)
    shown = len(rep.messages)
    answer = await say(rep, "/donvicuatoi")
    assert "Cán bộ đầu mối 0" in answer["text"] or answer["text"]
    assert harness.double.transport_faults_taken[DROP_BEFORE] == 1
    assert harness.running.telegram.possible_duplicates == 2  # counted, since either might have arrived
    await harness.settle()
    assert len(rep.messages) == shown + 1  # shown once: the 502 and the drop happened before it was taken


async def test_a_backlog_of_notifications_to_one_chat_becomes_a_digest(harness: BotHarness, bloc):
    admin = bloc["admin"]
    sender = harness.running.outbox
    gate = asyncio.Event()
    real = harness.running.telegram

    class Held:
        async def deliver(self, chat_id, reply, leaving=None):
            await gate.wait()
            return await real.deliver(chat_id, reply, leaving=leaving)

    person = None  # whose they are does not matter here
    before = await statuses(harness.db_path)
    sender.notifiers = {"telegram": Held()}
    first = Copy(Reply("Đơn vị 0 đã nộp phiếu tự chấm."), "telegram", str(admin.id), person, "notification")
    await harness.services.outbox.enqueue([first])
    await asyncio.sleep(0)
    await harness.services.outbox.enqueue([Copy(Reply(f"Đơn vị {n} đã nộp phiếu tự chấm."), "telegram",
                                                str(admin.id), person, "notification") for n in range(1, 31)])
    # the head writes while the 31 notifications wait: answered at once, ahead of them
    admin.skip_to_now()
    answer = await say(admin, "/menu")
    assert "Đơn vị" not in answer["text"]
    gate.set()
    sender.notifiers = harness.running.channels
    await harness.settle()
    texts = [m["text"] for m in admin.messages if "đã nộp phiếu" in m.get("text", "")]
    # the first went alone (it was already handed over); the 30 behind it came as one digest
    assert len(texts) == 2 and texts[0] == "Đơn vị 0 đã nộp phiếu tự chấm."
    assert texts[1].startswith("📬 Bạn có 30 thông báo mới:") and "30. Đơn vị 30 đã nộp phiếu tự chấm." in texts[1]
    assert sender.digests == 1 and 30 > DIGEST_OVER
    assert await statuses(harness.db_path) - before == {"sent": 31}  # each coalesced copy recorded sent with the digest
