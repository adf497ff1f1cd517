"""Updates per second and reply latency: representatives scoring in chat vs a bare python-telegram-bot echo bot.

Both bots run in this process against the same Bot API double (caps off), which runs with the simulated
people in another process (bench/telegram_side.py), as Telegram does. Closed loop: N representatives each
type a score and wait for the answer before typing the next, so throughput and latency are those a person
would see. Open loop: 300 representatives each answer every 2 s (150 updates/s) whatever the bot does,
and the figure is the reply latency. Our bot goes through the whole path: getUpdates -> per-chat ordering ->
router -> scoring dialog -> SQLite commit -> sendMessage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.report import Figure
from bot.app import event_loop
from bot.app.settings import Settings
from bot.app.wiring import start_bot, stop_bot
from bot.channels.limiter import SendLimiter
from bot.domain.clock import SystemClock
from bot.domain.criteria import Kind
from bot.domain.criteria_import import sample_criteria
from bot.services.container import Services
from bot.services.people import system_actor
from bot.text.catalogue import t
from bot.text.vi_text import format_score
from storage import blocs, people
from storage.db import Database
from storage.timefmt import to_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_ID = 800_000
# how every answer to a typed score starts: the catalogue's text up to its first placeholder
SAVED = t("score.saved", points="\0", code="\0").split("\0")[0]


class TelegramSide:
    """The double and the simulated people in a child process, driven one JSON line at a time."""

    async def __aenter__(self) -> TelegramSide:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.telegram_side", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, limit=1 << 20)
        return self

    async def ask(self, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError("the Telegram side stopped")
        return json.loads(line)

    async def __aexit__(self, *exc: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b'{"cmd": "stop"}\n')
        await self.process.stdin.drain()
        await self.process.wait()


def score_texts(first: int, count: int) -> list[str]:
    """What a representative types for criteria first..first+count-1 of the sample table: a valid value each,
    0 where a non-zero value would first need evidence (evidence is another dialog)."""
    texts = []
    for criterion in sample_criteria().criteria[first:first + count]:
        if criterion.evidence_required or criterion.kind is Kind.PENALTY:
            texts.append("0")
        elif criterion.counts_items:
            texts.append(str(criterion.max_count))
        else:
            texts.append(format_score(criterion.max_points))
    return texts


async def seed(path: Path, units: int) -> None:
    """A bloc-year with the sample criteria table, an open scoring deadline, and `units` units with one
    representative each (Telegram user FIRST_ID + i)."""
    db = Database(path)
    await db.open()
    clock = SystemClock()
    services = Services.build(db, clock, TZ, frozenset())
    now = clock.now()
    async with db.transaction() as conn:
        bloc = await blocs.create_bloc(conn, "Khối đo tốc độ", "khoi do toc do", now, None)
        year_id = await blocs.create_year(conn, bloc.id, now.year, now)
        for i in range(units):
            unit = await blocs.add_unit(conn, bloc.id, f"Đơn vị {i}", f"don vi {i}", None, None, now)
            await blocs.add_member(conn, year_id, bloc.id, unit.id, now)
            person = await people.create_person(conn, f"Người {i}", "vi", now)
            await people.add_identity(conn, "telegram", str(FIRST_ID + i), person.id, str(FIRST_ID + i), None, now)
            await people.add_representative(conn, unit.id, person.id, None, now)
        await conn.execute("INSERT INTO deadline (year_id, step, due_at, set_at) VALUES (?, 'self_assessment', ?, ?)",
                           (year_id, to_db(now + timedelta(days=30)), to_db(now)))
    async with db.reading() as conn:
        year = await blocs.get_year(conn, year_id)
    assert year is not None
    await services.assessment.load_table(system_actor(year), sample_criteria(), "sample")
    await db.close()


async def bare_echo(side: TelegramSide, users: int, closed: list[str], opened: list[str], interval: float
                    ) -> tuple[dict, dict]:
    bot = await side.ask(cmd="bot", username="EchoBot")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(SAVED + update.effective_message.text)

    app = ApplicationBuilder().token(bot["token"]).base_url(bot["api_url"]).base_file_url(bot["file_url"]).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=5)
        closed_result = await side.ask(cmd="closed", token=bot["token"], first_id=FIRST_ID, users=users,
                                       texts=closed, expect=SAVED)
        open_result = await side.ask(cmd="open", token=bot["token"], first_id=FIRST_ID, users=users, texts=opened,
                                     interval=interval, expect=SAVED)
        await app.updater.stop()
        await app.stop()
    return closed_result, open_result


async def our_bot(side: TelegramSide, users: int, closed: list[str], opened: list[str], interval: float,
                  workdir: Path) -> tuple[dict, dict]:
    bot = await side.ask(cmd="bot", username="KhoiThiDuaBenchBot")
    path = workdir / "bench.sqlite3"
    await seed(path, users)
    settings = Settings(telegram_token=bot["token"], telegram_api_url=bot["api_url"],
                        telegram_file_url=bot["file_url"], database_path=path)
    # the double's caps are off here, so are the bot's: this measures handling, not Telegram's limits
    running = await start_bot(settings, poll_timeout=5,
                              send_limiter=SendLimiter(per_second=1_000_000, chat_interval=0))
    try:
        # each representative opens the unit's sheet; then every typed score is one measured update
        setup = [["say", "/chamdiem"], ["press", t("sheet.continue")]]
        closed_result = await side.ask(cmd="closed", token=bot["token"], first_id=FIRST_ID, users=users,
                                       setup=setup, texts=closed, expect=SAVED)
        open_result = await side.ask(cmd="open", token=bot["token"], first_id=FIRST_ID, users=users, texts=opened,
                                     interval=interval, expect=SAVED)
    finally:
        await stop_bot(running)
    return closed_result, open_result


def _line(name: str, r: dict) -> str:
    return (f"  {name:34s} {r['per_second']:7.1f} updates/s   p50 {r['p50_ms']:7.1f} ms   p99 {r['p99_ms']:7.1f} ms"
            f"   answers as expected {r['expected_replies']}/{r['updates']}, lost {r['lost']}")


async def main(quick: bool) -> list[Figure]:
    users, rounds, interval = (100, 4, 2.0) if quick else (300, 10, 2.0)
    closed, opened = score_texts(0, rounds), score_texts(rounds, rounds)
    async with TelegramSide() as side:
        with tempfile.TemporaryDirectory() as tmp:
            echo_closed, echo_open = await bare_echo(side, users, closed, opened, interval)
            ours_closed, ours_open = await our_bot(side, users, closed, opened, interval, Path(tmp))
    ratio = ours_closed["per_second"] / echo_closed["per_second"]
    print(f"update throughput: {users} representatives x {rounds} typed scores, caps off, "
          f"Telegram's side in another process")
    print(" closed loop (each waits for the answer):")
    print(_line("bare PTB echo bot", echo_closed))
    print(_line("our scoring dialog", ours_closed))
    print(f"  ratio ours / echo: {ratio:.2f}")
    print(f" open loop ({users} answering every {interval:g} s = {users / interval:.0f} updates/s offered):")
    print(_line("bare PTB echo bot", echo_open))
    print(_line("our scoring dialog", ours_open))
    for wrong in ours_closed["unexpected"] + ours_open["unexpected"]:
        print(f"  an answer that was not a saved score: {wrong!r}")
    name = "updates"
    right = ours_closed["expected_replies"] == ours_closed["updates"] == users * rounds
    return [
        Figure(name, "closed loop: echo bot updates/s", f"{echo_closed['per_second']:.0f}"),
        Figure(name, "closed loop: ours updates/s", f"{ours_closed['per_second']:.0f}"),
        Figure(name, "closed loop: ours / echo", f"{ratio:.2f}", "≥ 1.0", ratio >= 1.0),
        Figure(name, "closed loop: ours p50 / p99 ms", f"{ours_closed['p50_ms']:.0f} / {ours_closed['p99_ms']:.0f}"),
        Figure(name, "closed loop: echo p50 / p99 ms", f"{echo_closed['p50_ms']:.0f} / {echo_closed['p99_ms']:.0f}"),
        Figure(name, "closed loop: scores saved / sent", f"{ours_closed['expected_replies']} / {users * rounds}",
               "all", right),
        Figure(name, f"open loop {users / interval:.0f}/s: ours p50 ms", f"{ours_open['p50_ms']:.1f}"),
        Figure(name, f"open loop {users / interval:.0f}/s: ours p99 ms", f"{ours_open['p99_ms']:.1f}", "≤ 50",
               ours_open["p99_ms"] <= 50 and ours_open["lost"] == 0),
        Figure(name, f"open loop {users / interval:.0f}/s: echo p99 ms", f"{echo_open['p99_ms']:.1f}"),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    event_loop.run(main(parser.parse_args().quick))
