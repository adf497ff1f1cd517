"""One APScheduler job that wakes the reminder sweep at the earliest pending due time.

Registering a job per reminder made start-up cost grow with the number of pending reminders (3.5 s and
130 MB for 100,000). Here the database holds them all and the scheduler holds one timer, so start-up
is one query whatever the count. With a clock that tests or rehearsals move by hand, `wake()` is called
when the clock moves instead of waiting for wall time.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.domain.clock import Clock, SystemClock
from bot.services.reminders import ReminderService

log = logging.getLogger(__name__)

JOB_ID = "reminder-sweep"
# wall-clock timers are re-armed at least this often, so a system clock change cannot strand them
MAX_SLEEP = timedelta(hours=1)


class ReminderScheduler:
    def __init__(self, reminders: ReminderService, clock: Clock) -> None:
        self.reminders = reminders
        self.clock = clock
        self.follows_wall_clock = isinstance(clock, SystemClock)
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._waking = asyncio.Lock()
        self._again = False

    async def start(self) -> None:
        await self.reminders.recover()
        self._scheduler.start()
        self.reminders.on_plan_changed = self.plan_changed
        await self.wake()

    async def stop(self) -> None:
        self.reminders.on_plan_changed = None
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    async def plan_changed(self) -> None:
        """A deadline was set or moved. With no sweep running, what is due runs now and the timer is re-armed
        before the person who moved it gets the answer; with one running (a reminder to a whole province
        takes minutes at Telegram's 30 a second), that sweep looks again when it ends and the person does
        not wait for it."""
        if self._waking.locked():
            self._again = True
            return
        await self.wake()

    async def wake(self) -> int:
        """Runs what is due now, then sets the single timer for the next due reminder."""
        async with self._waking:
            handled = await self.reminders.sweep()
            while self._again:  # the plan changed while sweeping: what it added may be due already
                self._again = False
                handled += await self.reminders.sweep()
            if handled:
                log.info("handled %s due reminder(s)", handled)
            following = await self.reminders.next_due()
            if following is not None and self.follows_wall_clock:
                run_at = min(following, datetime.now(UTC) + MAX_SLEEP)
                self._scheduler.add_job(self._timer, "date", run_date=run_at, id=JOB_ID, replace_existing=True,
                                        misfire_grace_time=None, coalesce=True)
            return handled

    async def _timer(self) -> None:
        try:
            await self.wake()
        except Exception as exc:
            log.error("reminder sweep failed: %s", type(exc).__name__, exc_info=exc)
