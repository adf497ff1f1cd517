"""The end-to-end harness: the real bot (bot.app.wiring.start_bot, as `bot.py run` uses) against the Bot API double.

Tests talk as fake users over real HTTP on 127.0.0.1; the bot's clock is a FakeClock so deadlines
and expiries move without sleeping. Every request the double rejects is a test failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app.settings import Settings
from bot.app.wiring import RunningBot, start_bot, stop_bot
from bot.channels.limiter import SendLimiter
from bot.domain.clock import FakeClock
from bot.sandbox.doubles.client import FakeUser, buttons
from bot.sandbox.doubles.server import TelegramDouble
from bot.services.sample_bloc import SAMPLE_UNITS, seed_sample_bloc
from bot.text.messages import Sender

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
BOT_USERNAME = "KhoiThiDuaBot"
# super-admins: one per test that needs its own focus, so tests sharing a bot do not interfere
SUPER_ADMINS = frozenset(range(900001, 900021))


class BotHarness:
    def __init__(self, db_path: Path, double: TelegramDouble | None = None, send_limiter: SendLimiter | None = None,
                 **settings_overrides: object) -> None:
        self.db_path = db_path
        self.double = double or TelegramDouble()
        self.send_limiter = send_limiter
        self.clock = FakeClock(START)
        self.token = ""
        self.running: RunningBot | None = None
        self.settings_overrides = settings_overrides
        self._users = 0

    async def start_double(self) -> None:
        await self.double.start()
        self.token = self.double.create_bot(username=BOT_USERNAME, first_name="Khối thi đua")

    def settings(self) -> Settings:
        values: dict = {
            "telegram_token": self.token,
            "telegram_api_url": self.double.api_url,
            "telegram_file_url": self.double.file_url,
            "database_path": self.db_path,
            "super_admin_ids": SUPER_ADMINS,
        }
        values.update(self.settings_overrides)
        return Settings(**values)

    async def start_bot(self) -> None:
        # the double's rate caps are off in these tests, so are the bot's (tests/unit/test_limiter.py and the
        # benchmarks measure them); with them on, replies would wait in real time
        self.running = await start_bot(self.settings(), clock=self.clock, poll_timeout=5,
                                       send_limiter=self.send_limiter or SendLimiter(per_second=100_000,
                                                                                     chat_interval=0))

    async def stop_bot(self) -> None:
        if self.running is not None:
            await stop_bot(self.running)
            self.running = None

    async def restart(self) -> None:
        """Stops the bot process's work and starts it again on the same database, as after a crash."""
        await self.stop_bot()
        await self.start_bot()

    async def stop(self) -> None:
        await self.stop_bot()
        await self.double.stop()

    @property
    def services(self):
        assert self.running is not None
        return self.running.services

    async def settle(self) -> None:
        """Waits until the bot has taken every update and finished handling it."""
        assert self.running is not None and self.running.telegram is not None
        for _ in range(3):
            await self.double.wait_confirmed(self.token)
            await self.running.telegram.processor.wait_idle()
            await self.wait_outbox()
        await self.double.wait_idle(self.token, quiet=0.02)

    async def wait_outbox(self) -> None:
        """Waits until every message the dialogs put in the outbox so far has been sent and recorded (they go
        out after the sender's answer), so a test that someone got nothing is not passed by a copy not yet sent."""
        assert self.running is not None and self.running.outbox is not None
        await self.running.outbox.wait_idle()

    async def advance_to(self, moment: datetime) -> None:
        """Moves the bot's clock and lets the scheduler run what fell due, as the passing of time would."""
        assert self.running is not None and self.running.scheduler is not None
        self.clock.set(moment)
        await self.running.scheduler.wake()
        await self.settle()

    def user(self, name: str = "Nguyễn Văn An", user_id: int | None = None) -> FakeUser:
        if user_id is None:
            self._users += 1
            user_id = 500000 + self._users
        first, _, last = name.rpartition(" ")
        return self.double.user(self.token, user_id=user_id, first_name=first or last,
                                last_name=last if first else None)

    def admin(self, index: int) -> FakeUser:
        ids = sorted(SUPER_ADMINS)
        return self.double.user(self.token, user_id=ids[index], first_name="Quản trị", last_name=f"Viên {index}")

    def expect_rejections(self, description: str, chat_id: int) -> int:
        """Takes out the rejections a test caused on purpose (e.g. writing to someone who blocked the bot)."""
        expected = [r for r in self.double.rejections
                    if r.description == description and str(r.params.get("chat_id")) == str(chat_id)]
        for rejection in expected:
            self.double.rejections.remove(rejection)
        return len(expected)

    def check_rejections(self) -> None:
        rejected = list(self.double.rejections)
        failed = list(self.double.delivery_failures)
        self.double.rejections.clear()
        self.double.delivery_failures.clear()
        if rejected:
            raise AssertionError(f"the Bot API double rejected {len(rejected)} request(s) from the bot: {rejected}")
        if failed:
            raise AssertionError(f"webhook deliveries to the bot failed: {failed}")


def sender_of(user: FakeUser) -> Sender:
    return Sender("telegram", str(user.id), str(user.id), user.full_name, None, "vi", True)


async def say(user: FakeUser, text: str) -> dict:
    """Sends text and returns the bot's next message (or edit) in that chat."""
    user.skip_to_now()
    await user.send(text)
    return await user.next_message()


async def press(user: FakeUser, label: str) -> dict:
    user.skip_to_now()
    await user.press(label)
    return await user.next_message()


def labels(message: dict) -> list[str]:
    """Every button label of a message, row after row."""
    return [label for row in buttons(message) for label in row]


async def forge_press(harness: BotHarness, user: FakeUser, data: str) -> None:
    """Presses a button that was never offered, as a modified client could: any callback data at all."""
    bot = harness.double.bot(harness.token)
    query = {"id": f"forged-{user.id}-{data}-{len(user.all_messages)}",
             "from": {"id": user.id, "is_bot": False, "first_name": user.first_name},
             "chat_instance": str(user.id), "data": data, "message": user.last_message}
    harness.double.register_callback(bot, query, user.id, user.id)
    harness.double.enqueue_update(bot, "callback_query", query)


async def sample_bloc_joined(harness: BotHarness, bloc_name: str, rep_name: Callable[[int, str], str],
                             units: Sequence[str] | None = None) -> dict:
    """The sample bloc of 2026 set up by the first admin, and one representative per unit (all units unless
    `units` names some) who opened the unit's invite link and confirmed, as a person would. Returns the
    sample, the admin and the representatives by unit name."""
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026, name=bloc_name)
    reps = {}
    for index, name in enumerate(units if units is not None else [name for name, _ in SAMPLE_UNITS]):
        rep = harness.user(rep_name(index, name))
        await say(rep, f"/start {sample.invites[name].code}")
        await press(rep, "Xác nhận")
        reps[name] = rep
    await harness.settle()
    return {"sample": sample, "reps": reps, "admin": admin}
