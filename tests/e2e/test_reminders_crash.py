"""The bot process is killed (SIGKILL) between two reminders and started again: nothing is lost or sent twice.

The bot runs as `python bot.py run`, a separate process, against the Bot API double in this process. Its
time comes from a file (KTD_CLOCK_FILE), so the test moves it through days without waiting.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.domain.clock import FakeClock
from bot.domain.criteria_import import sample_criteria
from bot.sandbox.doubles.server import TelegramDouble
from bot.services.container import Services
from bot.services.sample_bloc import SAMPLE_UNITS, seed_sample_bloc
from storage.db import Database
from tests.e2e.harness import TZ, sender_of

ROOT = Path(__file__).resolve().parents[2]
ADMIN_ID = 910001
UNITS = [name for name, _ in SAMPLE_UNITS]
EARLY = set(UNITS[:3])


def at(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=TZ)


def reminders(user) -> list[str]:
    return [m["text"] for m in user.messages if m.get("text", "").startswith("⏰ Nhắc hạn")]


async def wait_for(predicate, timeout: float = 20.0) -> None:  # noqa: ASYNC109 - the message names what hung
    """Waits for the other process to do something; the double's events would be finer, but a crash test
    must also notice a process that does nothing, so this checks on a short interval with a deadline."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise TimeoutError("the bot process did not do what was expected in time")
        await asyncio.sleep(0.05)


@pytest.fixture
async def world(tmp_path):
    double = TelegramDouble()
    await double.start()
    token = double.create_bot(username="KhoiThiDuaBot")
    db_path = tmp_path / "bot.sqlite3"
    clock_file = tmp_path / "clock.txt"
    clock_file.write_text(at("24/11/2026 09:00").isoformat())
    admin = double.user(token, user_id=ADMIN_ID, first_name="Quản trị")
    reps = {name: double.user(token, user_id=920000 + i, first_name=f"Đại diện {i}") for i, name in enumerate(UNITS)}
    for user in [admin, *reps.values()]:
        await user.send("/start")  # they have written to the bot, so it may write to them
    db = Database(db_path)
    await db.open()
    services = Services.build(db, FakeClock(at("24/11/2026 09:00")), TZ, frozenset({ADMIN_ID}))
    sample = await seed_sample_bloc(services, sender_of(admin), 2026)
    actor = await services.people.resolve(sender_of(admin))
    await services.assessment.load_table(actor, sample_criteria(), "sample")
    for name, rep in reps.items():
        await services.onboarding.join(sender_of(rep), sample.invites[name].code)
        if name in EARLY:
            rep_actor = await services.people.resolve(sender_of(rep))
            for criterion in sample_criteria().criteria:
                if criterion.evidence_required:
                    await services.assessment.add_evidence(rep_actor, criterion.code, note="Văn bản số 1")
                await services.assessment.set_self_score(rep_actor, criterion.code, "0")
            await services.assessment.submit(rep_actor)
    await services.deadlines.set_deadline(actor, "self_assessment", at("01/12/2026 17:00"))
    await db.close()
    env = {"PATH": os.environ.get("PATH", ""), "KTD_TELEGRAM_TOKEN": token, "KTD_TELEGRAM_API_URL": double.api_url,
           "KTD_TELEGRAM_FILE_URL": double.file_url, "KTD_DATABASE_PATH": str(db_path),
           "KTD_SUPER_ADMIN_IDS": str(ADMIN_ID), "KTD_CLOCK_FILE": str(clock_file), "KTD_LOG_LEVEL": "INFO"}
    yield {"double": double, "token": token, "reps": reps, "env": env, "clock": clock_file, "tmp": tmp_path}
    await double.stop()


async def start_process(world) -> asyncio.subprocess.Process:
    log = open(world["tmp"] / "bot.log", "ab")  # noqa: ASYNC230 - a log file the child writes to
    process = await asyncio.create_subprocess_exec(sys.executable, str(ROOT / "bot.py"), "run", env=world["env"],
                                                   cwd=world["tmp"], stdout=log, stderr=log)
    log.close()
    double, token = world["double"], world["token"]
    await wait_for(lambda: any(c.method == "getUpdates" and c.token == token for c in double.calls))
    return process


async def test_a_killed_bot_loses_and_duplicates_nothing(world):
    reps, clock = world["reps"], world["clock"]
    late = [rep for name, rep in reps.items() if name not in EARLY]

    process = await start_process(world)
    clock.write_text(at("24/11/2026 17:05").isoformat())  # the 7-days-before reminder falls due
    await wait_for(lambda: all(len(reminders(rep)) == 1 for rep in late))

    process.send_signal(signal.SIGKILL)
    await process.wait()
    assert process.returncode == -signal.SIGKILL

    clock.write_text(at("28/11/2026 17:05").isoformat())  # while it is down, the 3-days-before one falls due
    process = await start_process(world)
    await wait_for(lambda: all(len(reminders(rep)) == 2 for rep in late))

    process.send_signal(signal.SIGTERM)  # a clean stop this time
    await asyncio.wait_for(process.wait(), 20)
    assert process.returncode == 0

    for rep in late:
        got = reminders(rep)
        assert len(got) == 2 and "(còn 7 ngày)" in got[0] and "(còn 3 ngày)" in got[1], got
    for name in EARLY:
        assert reminders(reps[name]) == []
    assert world["double"].rejections == []
    log = (world["tmp"] / "bot.log").read_text(encoding="utf-8")
    assert world["token"] not in log and world["token"].split(":")[1] not in log
    assert "Traceback" not in log
