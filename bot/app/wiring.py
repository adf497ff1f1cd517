"""One running bot: the database, the services, the dialogs and the channels, started and stopped together.

`serve` is the single code path used by `bot.py run`, the sandbox and the end-to-end tests.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.app.scheduler import ReminderScheduler
from bot.app.settings import Settings
from bot.channels.limiter import SendLimiter
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_oa import ZaloOAChannel
from bot.domain.clock import Clock, FileClock, SystemClock
from bot.services.container import Services
from bot.services.notify import FAILED, SENT, UNKNOWN
from bot.services.outbox_sender import OutboxSender
from bot.services.zalo_oa import ZaloOAStore
from bot.services.zalo_usage import ZaloUsage
from bot.text.messages import Reply
from handlers.port import ChatApp
from handlers.registry import build_router
from handlers.reminder_text import ReminderText
from storage.db import Database

log = logging.getLogger(__name__)


class TokenRefused(Exception):
    """Every channel's token was refused while running: nothing is left to serve until a token is replaced."""

    def __init__(self, channel: str) -> None:
        super().__init__(f"{channel} refused the bot token while running")
        self.channel = channel


@dataclass
class RunningBot:
    services: Services
    telegram: TelegramChannel | None
    zalo: ZaloChannel | None = None
    # the Zalo channel when the deployment uses an Official Account instead of a bot (also channels["zalo"])
    zalo_oa: ZaloOAChannel | None = None
    channels: dict[str, TelegramChannel | ZaloChannel | ZaloOAChannel] = field(default_factory=dict)
    scheduler: ReminderScheduler | None = None
    clock_watch: asyncio.Task | None = None
    # sends what the dialogs put in the outbox (messages to people other than the one who wrote)
    outbox: OutboxSender | None = None
    # channels whose token was refused while running; once it is all of them, `ended` is set
    refused: list[str] = field(default_factory=list)
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    def token_refused(self, channel: str) -> None:
        """A channel lost its token: the others keep serving; with none left the bot stops (see serve), so a
        supervisor shows it failed instead of a process that answers nobody."""
        if channel not in self.refused:
            self.refused.append(channel)
        if self.channels and set(self.channels) <= set(self.refused):
            self.ended.set()

    async def deliver(self, reply: Reply) -> None:
        """Sends a reply to the channel it names: a file answering a Zalo user, which only their Telegram
        account can receive. Failures are logged, never raised into the dialog that caused them."""
        channel = self.channels.get(reply.channel or "")
        if channel is None or reply.chat_id is None:
            log.warning("a reply for channel %s was dropped: that channel is not running", reply.channel)
            return
        try:
            status = await channel.deliver(reply.chat_id, reply)
        except Exception as exc:
            log.error("delivering to %s chat %s failed: %s", reply.channel, reply.chat_id, type(exc).__name__)
            return
        if status != SENT:
            log.info("a reply to %s chat %s did not go out: %s", reply.channel, reply.chat_id, status)


async def start_bot(settings: Settings, clock: Clock | None = None, poll_timeout: int = 30,
                    send_limiter: SendLimiter | None = None) -> RunningBot:
    db = Database(settings.database_path)
    await db.open()
    services = Services.build(db, clock or SystemClock(), settings.tz, settings.super_admin_ids,
                              settings.default_language, reminder_text=ReminderText(settings.tz))
    app = ChatApp(build_router(services))
    running = RunningBot(services, None)
    try:
        if settings.telegram_token:
            telegram = TelegramChannel(settings.telegram_token, settings.telegram_api_url,
                                       settings.telegram_file_url, app, send_limiter,
                                       on_token_refused=running.token_refused)
            await telegram.start(webhook_url=settings.webhook_url, listen=settings.webhook_listen,
                                 port=settings.webhook_port, secret=settings.webhook_secret,
                                 poll_timeout=poll_timeout, wait_if_unreachable=bool(settings.zalo_token))
            running.telegram = running.channels["telegram"] = telegram
        if settings.zalo_token:
            zalo = ZaloChannel(settings.zalo_token, settings.zalo_api_url, app,
                               forward=running.deliver,
                               on_admins_changed=running.telegram.sync_commands if running.telegram else None,
                               on_token_refused=running.token_refused,
                               usage=ZaloUsage(services.db, services.clock, settings.tz, services.outbox,
                                               settings.zalo_monthly_quota, settings.default_language))
            await zalo.start(webhook_url=settings.zalo_webhook_url, listen=settings.zalo_webhook_listen,
                             port=settings.zalo_webhook_port, secret=settings.zalo_webhook_secret,
                             poll_timeout=poll_timeout, wait_if_unreachable=running.telegram is not None)
            running.zalo = running.channels["zalo"] = zalo
            services.reminders.notifiers["zalo"] = zalo
        if settings.zalo_oa_app_id:
            running.zalo_oa = await _start_zalo_oa(settings, app, services, running)
            running.channels["zalo"] = services.reminders.notifiers["zalo"] = running.zalo_oa
        if running.telegram is not None:
            services.reminders.notifiers["telegram"] = running.telegram
            services.votes.polls = running.telegram
        running.outbox = OutboxSender(services.db, services.clock, running.channels)
        services.outbox.on_enqueued = running.outbox.wake
        await running.outbox.start()  # after the channels it hands copies to
        running.scheduler = ReminderScheduler(services.reminders, services.clock)
        await running.scheduler.start()
        if isinstance(services.clock, FileClock):
            running.clock_watch = asyncio.create_task(_follow_file_clock(services.clock, running.scheduler))
    except BaseException:
        await stop_bot(running)
        raise
    return running


async def stop_bot(running: RunningBot) -> None:
    if running.clock_watch is not None:
        running.clock_watch.cancel()
    if running.scheduler is not None:
        await running.scheduler.stop()
    if running.outbox is not None:
        await running.outbox.stop()  # before the channels it sends through
    try:
        if running.zalo_oa is not None:
            await running.zalo_oa.stop()
        if running.zalo is not None:
            await running.zalo.stop()
    finally:
        try:
            if running.telegram is not None:
                await running.telegram.stop()
        finally:
            await running.services.db.close()


async def _start_zalo_oa(settings: Settings, app: ChatApp, services: Services,
                         running: RunningBot) -> ZaloOAChannel:
    async def to_telegram(reply: Reply) -> str:
        # a file the OA cannot carry, or a copy outside the OA's 7-day window: the person's Telegram takes it
        telegram = running.telegram
        if telegram is None or reply.chat_id is None:
            return FAILED
        try:
            return await telegram.deliver(reply.chat_id, reply)
        except Exception as exc:
            log.error("forwarding a zalo OA message to telegram failed: %s", type(exc).__name__)
            return UNKNOWN

    assert settings.zalo_oa_app_id and settings.zalo_oa_webhook_url
    store = ZaloOAStore(services.db, services.clock)
    channel = ZaloOAChannel(app, store, services.clock, app_id=settings.zalo_oa_app_id,
                            app_secret=settings.zalo_oa_app_secret or "",
                            oa_secret_key=settings.zalo_oa_secret_key or "", api_url=settings.zalo_oa_api_url,
                            oauth_url=settings.zalo_oa_oauth_url, forward=to_telegram,
                            on_admins_changed=running.telegram.sync_commands if running.telegram else None,
                            on_token_refused=running.token_refused)
    await channel.start(webhook_url=settings.zalo_oa_webhook_url, listen=settings.zalo_oa_webhook_listen,
                        port=settings.zalo_oa_webhook_port)
    return channel


async def serve(settings: Settings, stop: asyncio.Event, clock: Clock | None = None,
                ready: asyncio.Event | None = None, poll_timeout: int = 30) -> None:
    """Runs until `stop` is set, then shuts everything down cleanly; raises TokenRefused, after shutting
    down, if every channel's token was refused on the way."""
    running = await start_bot(settings, clock, poll_timeout)
    try:
        if ready is not None:
            ready.set()
        waits = [asyncio.create_task(stop.wait()), asyncio.create_task(running.ended.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
    finally:
        await stop_bot(running)
    if running.ended.is_set() and not stop.is_set():
        raise TokenRefused(running.refused[-1])


async def _follow_file_clock(clock: FileClock, scheduler: ReminderScheduler) -> None:
    """With a clock read from a file, a change of the file is the passing of time: run what fell due."""
    seen = None
    while True:
        changed = clock.changed_since(seen)
        if changed is not None:
            seen = changed
            try:
                await scheduler.wake()
            except Exception as exc:
                log.error("reminder sweep after a clock change failed: %s", type(exc).__name__, exc_info=exc)
        await asyncio.sleep(0.05)
