"""The send limiter keeps to Telegram's caps, measured on a fake clock."""

from __future__ import annotations

from bot.channels.limiter import SendLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_at_most_thirty_sends_in_any_second():
    fake = FakeTime()
    limiter = SendLimiter(clock=fake.clock, sleep=fake.sleep)
    times = []
    for i in range(95):
        await limiter.acquire(f"chat{i}")
        times.append(fake.now)
    for i, start in enumerate(times):
        assert sum(1 for t in times[i:] if t < start + 1.0) <= 30
    assert times[-1] < 3.2  # and not slower than needed


async def test_one_per_second_per_private_chat_for_broadcasts_only():
    fake = FakeTime()
    limiter = SendLimiter(clock=fake.clock, sleep=fake.sleep)
    await limiter.acquire("a")
    await limiter.acquire("a")
    assert fake.now == 1.0
    await limiter.acquire("a", pace_chat=False)
    assert fake.now == 1.0


async def test_twenty_a_minute_per_group_and_a_pause_after_429():
    fake = FakeTime()
    limiter = SendLimiter(clock=fake.clock, sleep=fake.sleep, chat_interval=0)
    for _ in range(21):
        await limiter.acquire("-100", group=True)
    assert fake.now == 60.0
    limiter.pause(7)
    await limiter.acquire("b")
    assert fake.now == 67.0
