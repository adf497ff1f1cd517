"""One running bot: the database, the services, the dialogs and the channels, started and stopped together.

`serve` is the single code path used by `bot.py run`, the sandbox and the end-to-end tests.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.channels.telegram import TelegramChannel
from bot.clock import Clock, SystemClock
from bot.services.container import Services
from bot.settings import Settings
from handlers.registry import build_router
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass
class RunningBot:
    services: Services
    telegram: TelegramChannel | None


async def start_bot(settings: Settings, clock: Clock | None = None, poll_timeout: int = 30) -> RunningBot:
    db = Database(settings.database_path)
    await db.open()
    services = Services.build(db, clock or SystemClock(), settings.tz, settings.super_admin_ids,
                              settings.default_language)
    router = build_router(services)
    telegram = None
    if settings.telegram_token:
        telegram = TelegramChannel(settings.telegram_token, settings.telegram_api_url, settings.telegram_file_url,
                                   router)
        try:
            await telegram.start(webhook_url=settings.webhook_url, listen=settings.webhook_listen,
                                 port=settings.webhook_port, secret=settings.webhook_secret,
                                 poll_timeout=poll_timeout)
        except BaseException:
            await db.close()
            raise
    return RunningBot(services, telegram)


async def stop_bot(running: RunningBot) -> None:
    try:
        if running.telegram is not None:
            await running.telegram.stop()
    finally:
        await running.services.db.close()


async def serve(settings: Settings, stop: asyncio.Event, clock: Clock | None = None,
                ready: asyncio.Event | None = None, poll_timeout: int = 30) -> None:
    """Runs until `stop` is set, then shuts everything down cleanly."""
    running = await start_bot(settings, clock, poll_timeout)
    try:
        if ready is not None:
            ready.set()
        await stop.wait()
    finally:
        await stop_bot(running)
