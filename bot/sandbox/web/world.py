"""One sample year for the browser sandbox: the Bot API double, the real bot on a clock the page moves, the
sample bloc with its people, and the bloc's group.

A reset throws the whole world away and builds a new one, so nothing of the previous year (the double's
chats, the database, pending reminders) can leak into the next.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app.settings import Settings
from bot.app.wiring import RunningBot, start_bot, stop_bot
from bot.channels.limiter import SendLimiter
from bot.domain.clock import FakeClock
from bot.domain.criteria_import import sample_criteria
from bot.sandbox.doubles.client import FakeGroup, FakeUser
from bot.sandbox.doubles.server import TelegramDouble
from bot.sandbox.run import ADMIN_ID, FIRST_NEW_USER_ID, HEAD_REP_ID, SANDBOX_BOT, SANDBOX_DEADLINE, sandbox_sender
from bot.services.sample_bloc import (
    HEAD_UNIT,
    NEW_USER_NAMES,
    SAMPLE_UNITS,
    SANDBOX_ADMIN,
    SANDBOX_BOT_NAME,
    SANDBOX_HEAD_REP,
    seed_sample_bloc,
)
from bot.text.catalogue import t

log = logging.getLogger(__name__)

# an office morning: reminders planned from it fall in working hours, not the quiet hours
DAY_START = time(8, 0)
# how long the set-up waits for the bot to answer /ganketnhom in the group before going on without it
LINK_GROUP_WAIT = 10.0


@dataclass(frozen=True)
class Persona:
    """Someone the visitor can be: a fake Telegram user with a role in the sample year."""

    user: FakeUser
    role: str
    kind: str  # "admin", "head", "rep", "stranger"
    unit: str | None = None
    code: str | None = None  # the unit's invite code, for a representative who has not joined yet

    @property
    def id(self) -> int:
        return self.user.id


class SandboxWorld:
    """The double, the bot and the sample year; `start` builds them, `stop` removes every trace."""

    def __init__(self, settings: Settings, db_path: Path | None = None,
                 send_limiter: SendLimiter | None = None) -> None:
        self.settings = settings
        self.given_db_path = db_path
        self.send_limiter = send_limiter
        start = datetime.combine(datetime.now(settings.tz).date(), DAY_START, settings.tz)
        self.clock = FakeClock(start)
        # message dates follow the sandbox's time, so the page shows when things happened in the sample year
        self.double = TelegramDouble(wall_clock=lambda: self.clock.now().timestamp())
        self.token = ""
        self.running: RunningBot | None = None
        self.personas: list[Persona] = []
        self.group: FakeGroup | None = None
        self.year = 0
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self.db_path: Path | None = None
        self._advancing = asyncio.Lock()

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz

    def persona(self, user_id: int) -> Persona | None:
        return next((p for p in self.personas if p.id == user_id), None)

    async def start(self) -> None:
        await self.double.start()
        try:
            await self._start_bot()
            await self._seed()
        except BaseException:
            await self.stop()
            raise

    async def _start_bot(self) -> None:
        if self.given_db_path is None:
            self._workdir = tempfile.TemporaryDirectory(prefix="ktd-web-sandbox-")
            self.db_path = Path(self._workdir.name) / "sandbox.sqlite3"
        else:
            self.db_path = self.given_db_path
            # the sandbox's own database: a reset starts the sample year afresh in the same file
            for suffix in ("", "-wal", "-shm", "-journal"):
                await asyncio.to_thread(Path(f"{self.db_path}{suffix}").unlink, missing_ok=True)
        self.token = self.double.create_bot(username=SANDBOX_BOT, first_name=SANDBOX_BOT_NAME)
        settings = dataclasses.replace(
            self.settings, telegram_token=self.token, telegram_api_url=self.double.api_url,
            telegram_file_url=self.double.file_url, database_path=self.db_path,
            super_admin_ids=frozenset({ADMIN_ID}), webhook_url=None, webhook_secret=None,
            zalo_token=None, zalo_webhook_url=None, zalo_webhook_secret=None,
        )
        self.running = await start_bot(settings, clock=self.clock, poll_timeout=5, send_limiter=self.send_limiter)

    async def _seed(self) -> None:
        assert self.running is not None
        services = self.running.services
        double, token = self.double, self.token
        admin = double.user(token, user_id=ADMIN_ID, first_name=SANDBOX_ADMIN[0], last_name=SANDBOX_ADMIN[1])
        head = double.user(token, user_id=HEAD_REP_ID, first_name=SANDBOX_HEAD_REP[0], last_name=SANDBOX_HEAD_REP[1])
        # they joined before the sandbox opened, so they have a chat with the bot: reminders can reach them
        admin.chat.started = head.chat.started = True
        self.year = self.clock.now().astimezone(self.tz).year
        sample = await seed_sample_bloc(services, sandbox_sender(admin), self.year)
        await services.onboarding.join(sandbox_sender(head), sample.invites[HEAD_UNIT].code)
        admin_actor = await services.people.resolve(sandbox_sender(admin))
        await services.assessment.load_table(admin_actor, sample_criteria(), "sample")
        await services.deadlines.set_deadline(admin_actor, "self_assessment", self.clock.now() + SANDBOX_DEADLINE)
        self.personas = [
            Persona(admin, t("sandbox.user_admin"), "admin"),
            Persona(head, t("sandbox.user_head", unit=HEAD_UNIT), "head", HEAD_UNIT),
        ]
        # one newcomer per other unit, holding that unit's invite code; the last name left over is a stranger
        others = [name for name, _ in SAMPLE_UNITS if name != HEAD_UNIT]
        for index, name in enumerate(NEW_USER_NAMES):
            first, _, last = name.rpartition(" ")
            user = double.user(token, user_id=FIRST_NEW_USER_ID + index, first_name=first, last_name=last)
            if index < len(others):
                unit = others[index]
                self.personas.append(Persona(user, t("sandbox.user_new"), "rep", unit, sample.invites[unit].code))
            else:
                self.personas.append(Persona(user, t("sandbox.user_new"), "stranger"))
        self.group = double.group(token, title=t("sandbox.group_title"), members=[p.user for p in self.personas])
        await self._link_group(admin)

    async def _link_group(self, admin: FakeUser) -> None:
        """The administrator links the group in chat, as a real bloc does, so votes and notices reach it."""
        assert self.group is not None
        await self.group.send(admin, "/ganketnhom")
        try:
            await self.group.next_message(timeout=LINK_GROUP_WAIT)
        except TimeoutError:
            log.warning("the sandbox's group was not linked: the bot did not answer /ganketnhom")

    async def advance(self, moment: datetime) -> None:
        """Moves the bot's clock and runs what fell due (reminders, deadlines), as the passing of time would."""
        async with self._advancing:
            assert self.running is not None and self.running.scheduler is not None
            self.clock.set(moment)
            await self.running.scheduler.wake()

    async def stop(self) -> None:
        try:
            if self.running is not None:
                await stop_bot(self.running)
                self.running = None
        finally:
            await self.double.stop()
            if self._workdir is not None:
                await asyncio.to_thread(self._workdir.cleanup)
                self._workdir = None


def local_label(moment: datetime, tz: ZoneInfo) -> str:
    """The sandbox's time as the bot writes times: 24/11/2026 09:00."""
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M")


def parse_local(value: str, tz: ZoneInfo) -> datetime | None:
    """A time typed as the bot writes times (24/11/2026 09:00, or just the date) or in ISO 8601, in the
    sandbox's zone; None if it is neither."""
    text = " ".join(value.split())
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


MAX_STEP = timedelta(days=400)
