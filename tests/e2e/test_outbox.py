"""The outbox end to end: the real bot against the Bot API double, the head sending notices to every unit.

The head is answered before any copy has gone out, and every representative then gets exactly one copy;
copies saved before a stop go out after the restart; a copy the last run was sending when it stopped is
'unknown' and not sent again; a representative who blocked the bot is marked and counted in the notice's
status view; a step that was refused puts nothing in the outbox.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.telegram import MAX_SEND_ATTEMPTS
from bot.sandbox.doubles.client import FakeUser
from bot.services.notify import FAILED, SENT, UNKNOWN
from bot.services.refusal import Refused
from bot.services.sample_bloc import SAMPLE_UNITS
from bot.text.messages import Inbound, Kind, Reply
from handlers.base import ChannelContext, Context, Router
from storage import outbox, people
from storage.db import Database
from tests.e2e.harness import BotHarness, press, sample_bloc_joined, say, sender_of

UNITS = [name for name, _ in SAMPLE_UNITS]


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử hộp thư đi", lambda index, _: f"Cán bộ đầu mối {index}")


async def send_notice(admin: FakeUser, reps: dict[str, FakeUser], text: str) -> dict:
    """The head's notice to every unit, no acknowledgement asked; returns the head's answer."""
    await say(admin, "/thongbao")
    await press(admin, "Thông báo mới")
    await say(admin, text)
    await press(admin, "Tất cả đơn vị")
    for rep in reps.values():
        rep.skip_to_now()
    return await press(admin, "Không")


def copies(rep: FakeUser, number: int) -> int:
    return sum(1 for m in rep.messages if m.get("text", "").startswith(f"📢 THÔNG BÁO số {number}/2026"))


async def status_view(admin: FakeUser, number: int) -> str:
    await say(admin, "/thongbao")
    return (await press(admin, f"Số {number}:"))["text"]


class HeldChannel:
    """A channel whose sends wait until `release` is set."""

    def __init__(self, channel) -> None:
        self.channel = channel
        self.release = asyncio.Event()

    async def deliver(self, chat_id: str, reply: Reply, leaving=None) -> str:
        await self.release.wait()
        return await self.channel.deliver(chat_id, reply, leaving=leaving)


async def test_the_head_is_answered_before_the_copies_and_every_representative_gets_one(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    sender = harness.running.outbox
    held = HeldChannel(harness.running.telegram)
    sender.notifiers = {"telegram": held}
    try:
        answer = await send_notice(admin, reps, "Kính gửi các đơn vị: lịch họp tổng kết năm 2026.")
        # the answer came while no copy could leave: it no longer waits for them, and does not claim they left
        assert answer["text"] == "Đã lưu thông báo số 1, đang gửi tới 8 đơn vị."
        assert all(copies(rep, 1) == 0 for rep in reps.values())
        held.release.set()
        await harness.settle()
    finally:
        sender.notifiers = harness.running.channels
    assert [copies(rep, 1) for rep in reps.values()] == [1] * len(UNITS)
    view = await status_view(admin, 1)
    assert "đã gửi 8/8, đang chờ gửi 0, không gửi được 0" in view and "❔" not in view


async def test_copies_saved_before_a_stop_go_out_after_the_restart(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await harness.running.outbox.stop()  # the process stops right after saving the copies
    answer = await send_notice(admin, reps, "Đề nghị các đơn vị gửi báo cáo sơ kết.")
    assert answer["text"] == "Đã lưu thông báo số 1, đang gửi tới 8 đơn vị."  # the database's first notice
    await harness.settle()
    assert all(copies(rep, 1) == 0 for rep in reps.values())
    assert "đã gửi 0/8, đang chờ gửi 8" in await status_view(admin, 1)

    await harness.restart()
    await harness.settle()
    assert [copies(rep, 1) for rep in reps.values()] == [1] * len(UNITS)
    assert "đã gửi 8/8, đang chờ gửi 0" in await status_view(admin, 1)


async def test_a_copy_being_sent_when_the_bot_stopped_is_unknown_and_not_sent_again(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await harness.running.outbox.stop()
    await send_notice(admin, reps, "Thông báo về việc nộp hồ sơ khen thưởng.")
    await harness.settle()
    await harness.stop_bot()
    # the last run had let the first copy's request leave and died before recording it
    async with Database(harness.db_path) as db:
        claimed = await db.write(lambda conn: outbox.claim(conn, 1))
        await db.write(lambda conn: outbox.mark_sending(conn, [claimed[0].id], harness.clock.now()))
    await harness.start_bot()
    await harness.settle()

    first = next(rep for rep in reps.values() if str(rep.id) == claimed[0].chat_id)
    # the notice is the database's first
    assert copies(first, 1) == 0
    assert all(copies(rep, 1) == 1 for rep in reps.values() if rep is not first)
    view = await status_view(admin, 1)
    assert "đã gửi 7/8, đang chờ gửi 0, không gửi được 0" in view
    assert "❔ 1 bản đang gửi dở khi bot dừng" in view


async def test_a_refused_step_puts_nothing_in_the_outbox(harness, bloc):
    router = Router(harness.services)
    rep_ids = await harness.services.people.representative_ids([u.id for u in bloc["sample"].units.values()])

    @router.command("thu")
    async def tell_then_refuse(ctx: Context) -> None:
        await ctx.notify_people(rep_ids, "Tin này không được gửi.")
        raise Refused("notice_no_units")

    async def count() -> int:
        async with harness.services.db.reading() as conn:
            return (await conn.execute_fetchall("SELECT count(*) FROM outbox_copy"))[0][0]

    before = await count()
    inbound = Inbound(sender_of(bloc["admin"]), Kind.COMMAND, command="thu")
    outcome = await router.dispatch(inbound, ChannelContext(lambda code: None, lambda ref: asyncio.sleep(0, b"")))
    assert [r.text for r in outcome.replies] == ["Chưa chọn đơn vị nhận nào."] and outcome.copies == []
    assert await count() == before


async def test_a_representative_who_blocked_the_bot_is_marked_and_counted(harness: BotHarness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    blocker = reps[UNITS[3]]
    blocker.block()
    await send_notice(admin, reps, "Thông báo lịch trực Tết.")
    await harness.settle()
    assert harness.expect_rejections("Forbidden: bot was blocked by the user", blocker.id) == 1
    async with harness.services.db.reading() as conn:
        identity = await people.identity(conn, "telegram", str(blocker.id))
    assert identity is not None and identity.blocked_at is not None
    assert "đã gửi 7/8, đang chờ gửi 0, không gửi được 1" in await status_view(admin, 1)  # the database's first notice


async def test_telegram_failing_is_worth_a_later_try_and_a_refusal_is_not(harness: BotHarness, bloc):
    """What the outbox does with a copy depends on how the channel failed (bot/services/outbox_sender.py)."""
    assert harness.running is not None and harness.running.telegram is not None
    telegram = harness.running.telegram
    rep = bloc["reps"][UNITS[1]]
    # Telegram's servers failing: it may have taken the message, so the copy is UNKNOWN and not tried again
    harness.double.inject_error(harness.token, "sendMessage", 502, "Bad Gateway", times=MAX_SEND_ATTEMPTS)
    assert await telegram.deliver(str(rep.id), Reply("Thông báo thử")) == UNKNOWN
    assert [c.ok for c in harness.double.calls if c.method == "sendMessage"][-1:] == [False]
    # (nothing certainly unsent happens in this double: tests/unit/test_telegram_sending.py has the LATERs)
    harness.double.clear_faults(harness.token)  # the unused ones
    # a request Telegram refuses for what it is: FAILED, trying again would not help
    harness.double.inject_error(harness.token, "sendMessage", 400, "Bad Request: message text is empty")
    assert await telegram.deliver(str(rep.id), Reply("Thông báo thử")) == FAILED
    # once Telegram answers again, the copy goes out
    rep.skip_to_now()
    assert await telegram.deliver(str(rep.id), Reply("Thông báo thử")) == SENT
    assert (await rep.next_message())["text"] == "Thông báo thử"
