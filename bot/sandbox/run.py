"""`bot.py sandbox`: the real bot against the project's Bot API double, with a sample bloc and a terminal chat.

Nothing leaves this machine: the double listens on 127.0.0.1 and the bot is pointed at it exactly as
it would be pointed at Telegram.
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from bot.app.settings import Settings
from bot.app.wiring import start_bot, stop_bot
from bot.domain.criteria_import import sample_criteria
from bot.sandbox.doubles.client import FakeUser
from bot.sandbox.doubles.server import TelegramDouble
from bot.sandbox.doubles.terminal import run_terminal_chat
from bot.services.sample_bloc import (
    DEPUTY_UNIT,
    HEAD_UNIT,
    NEW_USER_NAMES,
    SAMPLE_BLOC,
    SAMPLE_UNITS,
    SANDBOX_ADMIN,
    SANDBOX_BOT_NAME,
    SANDBOX_HEAD_REP,
    seed_sample_bloc,
)
from bot.text.catalogue import t
from bot.text.messages import Sender

SANDBOX_BOT = "KhoiThiDuaThuBot"
ADMIN_ID = 100001
HEAD_REP_ID = 100002
FIRST_NEW_USER_ID = 100010
SANDBOX_DEADLINE = timedelta(days=14)


def sandbox_sender(user: FakeUser) -> Sender:
    return Sender("telegram", str(user.id), str(user.id), user.full_name, None, "vi", True)


async def run_sandbox(settings: Settings, db_path: Path | None = None,
                      input_fn: Callable[[str], Awaitable[str]] | None = None,
                      output_fn: Callable[[str], None] = print) -> None:
    double = TelegramDouble()
    await double.start()
    workdir = None
    if db_path is None:
        workdir = tempfile.TemporaryDirectory(prefix="ktd-sandbox-")
        db_path = Path(workdir.name) / "sandbox.sqlite3"
    try:
        token = double.create_bot(username=SANDBOX_BOT, first_name=SANDBOX_BOT_NAME)
        sandbox_settings = dataclasses.replace(
            settings, telegram_token=token, telegram_api_url=double.api_url, telegram_file_url=double.file_url,
            database_path=db_path, super_admin_ids=frozenset({ADMIN_ID}), webhook_url=None, webhook_secret=None,
            zalo_token=None, zalo_webhook_url=None, zalo_webhook_secret=None,
        )
        admin = double.user(token, user_id=ADMIN_ID, first_name=SANDBOX_ADMIN[0], last_name=SANDBOX_ADMIN[1])
        head_rep = double.user(token, user_id=HEAD_REP_ID, first_name=SANDBOX_HEAD_REP[0],
                               last_name=SANDBOX_HEAD_REP[1])
        newcomers = [double.user(token, user_id=FIRST_NEW_USER_ID + i, first_name=name)
                     for i, name in enumerate(NEW_USER_NAMES)]
        running = await start_bot(sandbox_settings, poll_timeout=5)
        try:
            services = running.services
            year = services.clock.now().astimezone(services.tz).year
            sample = await seed_sample_bloc(services, sandbox_sender(admin), year)
            await services.onboarding.join(sandbox_sender(head_rep), sample.invites[HEAD_UNIT].code)
            admin_actor = await services.people.resolve(sandbox_sender(admin))
            await services.assessment.load_table(admin_actor, sample_criteria(), "sample")
            await services.deadlines.set_deadline(admin_actor, "self_assessment",
                                                  services.clock.now() + SANDBOX_DEADLINE)
            users = [admin, head_rep, *newcomers]
            roles = [t("sandbox.user_admin"), t("sandbox.user_head", unit=HEAD_UNIT)]
            roles += [t("sandbox.user_new")] * len(newcomers)
            output_fn(t(
                "sandbox.intro", url=double.base_url, bot=SANDBOX_BOT, db=db_path, bloc=SAMPLE_BLOC, year=year,
                head=HEAD_UNIT, deputy=DEPUTY_UNIT,
                users="\n".join(f"  {i}. {u.full_name} ({role})" for i, (u, role) in enumerate(
                    zip(users, roles, strict=True), start=1)),
                codes="\n".join(f"  {name}: {sample.invites[name].code}" for name, _ in SAMPLE_UNITS),
            ))
            kwargs = {"input_fn": input_fn} if input_fn is not None else {}
            await run_terminal_chat(double, token, users, output_fn=output_fn, **kwargs)
        finally:
            await stop_bot(running)
    finally:
        await double.stop()
        if workdir is not None:
            await asyncio.to_thread(workdir.cleanup)
