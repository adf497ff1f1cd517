"""Updates per second and reply latency: our bot's dialog vs a bare python-telegram-bot echo bot.

Both run against the same Bot API double on 127.0.0.1 with the rate caps off. N simulated
representatives each send a message and wait for the reply before sending the next (closed loop),
so throughput and latency are those a person would see. Our bot goes through the whole path:
getUpdates -> router -> service -> SQLite commit -> sendMessage.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.app import start_bot, stop_bot
from bot.channels.limiter import SendLimiter
from bot.double.server import TelegramDouble
from bot.messages import Sender
from bot.refusal import Refused
from bot.sample_data import SAMPLE_UNITS, seed_sample_bloc
from bot.settings import Settings

ADMIN = 700000


async def drive(double: TelegramDouble, token: str, users: int, rounds: int,
                text_of: Callable[[int, int], str]) -> dict:
    fakes = [double.user(token, user_id=800000 + i, first_name=f"Người {i}") for i in range(users)]
    latencies: list[float] = []

    async def person(index: int) -> None:
        user = fakes[index]
        user.skip_to_now()
        for r in range(rounds):
            sent = time.perf_counter()
            await user.send(text_of(index, r))
            await user.next_message(timeout=60)
            latencies.append(time.perf_counter() - sent)

    start = time.perf_counter()
    await asyncio.gather(*(person(i) for i in range(users)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "updates": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


async def bare_echo(double: TelegramDouble, users: int, rounds: int) -> dict:
    token = double.create_bot(username="EchoBot")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    app = (ApplicationBuilder().token(token).base_url(double.api_url).base_file_url(double.file_url).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=5)
        result = await drive(double, token, users, rounds, lambda i, r: f"echo {i} {r}")
        await app.updater.stop()
        await app.stop()
    return result


async def our_bot(double: TelegramDouble, users: int, rounds: int, workdir: Path) -> dict:
    token = double.create_bot(username="KhoiThiDuaBenchBot")
    settings = Settings(telegram_token=token, telegram_api_url=double.api_url, telegram_file_url=double.file_url,
                        database_path=workdir / "bench.sqlite3", super_admin_ids=frozenset({ADMIN}))
    # the double's caps are off here, so are the bot's: this measures handling, not Telegram's limits
    running = await start_bot(settings, poll_timeout=5,
                              send_limiter=SendLimiter(per_second=1_000_000, chat_interval=0))
    try:
        admin = Sender("telegram", str(ADMIN), str(ADMIN), "Quản trị", None, "vi", True)
        double.user(token, user_id=ADMIN, first_name="Admin")
        sample = await seed_sample_bloc(running.services, admin, 2026)
        # register every simulated person as a representative, round-robin over the units
        actor = await running.services.people.resolve(admin)
        for i in range(users):
            sender = Sender("telegram", str(800000 + i), str(800000 + i), f"Người {i}", None, "vi", True)
            unit = sample.units[SAMPLE_UNITS[i % len(SAMPLE_UNITS)][0]]
            try:
                await running.services.onboarding.join(sender, sample.invites[unit.name].code)
            except Refused:  # the code is used up: issue the unit a fresh one
                sample.invites[unit.name] = await running.services.onboarding.regenerate_invite(actor, unit.id)
                await running.services.onboarding.join(sender, sample.invites[unit.name].code)
        # /ten renames: a read, a write transaction and a reply per update
        return await drive(double, token, users, rounds, lambda i, r: f"/ten Người {i} lần {r}")
    finally:
        await stop_bot(running)


async def main(quick: bool) -> None:
    users, rounds = (50, 4) if quick else (300, 10)
    double = TelegramDouble()
    await double.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            echo = await bare_echo(double, users, rounds)
            ours = await our_bot(double, users, rounds, Path(tmp))
    finally:
        await double.stop()
    print(f"update throughput, {users} representatives x {rounds} messages each, closed loop, caps off")
    for name, r in (("bare PTB echo bot", echo), ("our dialog (/ten -> SQLite commit -> reply)", ours)):
        print(f"  {name:45s} {r['per_second']:7.1f} updates/s   p50 {r['p50_ms']:6.1f} ms   p99 {r['p99_ms']:6.1f} ms")
    print(f"  ratio ours / echo: {ours['per_second'] / echo['per_second']:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
