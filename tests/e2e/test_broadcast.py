"""A notice to 300 representatives against a double that enforces Telegram's caps as sliding windows.

The double and the bot's send limiter share one fake clock that moves only when the limiter waits, so
the test is exact and takes no real time: what it checks is that the limiter's arithmetic keeps inside
the caps the double enforces independently. The real-time rate is measured by `python -m bench.broadcast`.
"""

from __future__ import annotations

from pathlib import Path

from bot.channels.limiter import SendLimiter
from bot.sandbox.doubles.server import TelegramDouble
from bot.services.sample_bloc import seed_sample_bloc
from bot.text.messages import Sender
from storage import blocs
from tests.e2e.harness import BotHarness, press, say, sender_of
from tests.fixtures import bot_harness

REPRESENTATIVES = 300


class SharedTime:
    """Requests take no time on this clock. The bot sends to many chats at once, so a sleep jumps the
    clock only once every send on the wire has been answered (in real time they would have been, long
    before the sleep ended), and to the sleeper's wake-up time, so sleepers side by side do not add up."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.limiter: SendLimiter | None = None

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wake = self.now + seconds
        if self.limiter is not None:
            await self.limiter.wait_idle()
        self.now = max(self.now, wake)


def broadcast_harness(path: Path) -> BotHarness:
    """The bot and a double enforcing Telegram's caps, both on one shared fake clock."""
    time = SharedTime()
    double = TelegramDouble(rate_limits=True, clock=time.clock)
    time.limiter = SendLimiter(clock=time.clock, sleep=time.sleep)
    h = BotHarness(path, double=double, send_limiter=time.limiter)
    h.time = time
    return h


harness = bot_harness(broadcast_harness, "broadcast")


async def test_a_notice_to_300_representatives_within_the_caps(harness):
    services = harness.services
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(services, sender_of(admin), 2026, name="Khối phát tin")
    actor = await services.people.resolve(sender_of(admin))
    users = []
    for i in range(REPRESENTATIVES):
        unit = await services.onboarding.add_unit(actor, f"Đơn vị số {i + 1:03d}")
        user = harness.user(f"Người nhận {i:03d}")
        await user.send("/start")  # they wrote first, as a real person opening the invite link would
        await services.onboarding.join(Sender("telegram", str(user.id), str(user.id), user.full_name, None, "vi",
                                              True), unit[1].code)
        users.append(user)
    await harness.settle()
    for user in users:
        user.skip_to_now()
    before_429 = harness.double.stats["429"]

    await say(admin, "/thongbao")
    await press(admin, "Thông báo mới")
    await say(admin, "Kính gửi các đơn vị: lịch họp tổng kết năm 2026.")
    await press(admin, "Tất cả đơn vị")
    started = harness.time.now
    reply = await press(admin, "Không")
    async with services.db.reading() as conn:
        members = len(await blocs.member_units(conn, sample.year.id))
    assert reply["text"] == f"Đã lưu thông báo số 1, đang gửi tới {members} đơn vị."
    await harness.settle()

    got = [sum(1 for m in u.messages if m.get("text", "").startswith("📢 THÔNG BÁO số 1/2026")) for u in users]
    assert got == [1] * REPRESENTATIVES  # none lost, none duplicated
    refused = harness.double.stats["429"] - before_429
    assert refused <= REPRESENTATIVES * 0.005
    elapsed = harness.time.now - started
    # 300 sends at 30 a second need at least ~10 s of the shared clock, and the limiter should not idle
    assert REPRESENTATIVES / elapsed >= 0.97 * 30, elapsed
