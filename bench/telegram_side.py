"""Telegram's side of the update benchmark, in its own process: the Bot API double and the simulated people.

In production Telegram's servers and the people typing are not on the bot's CPU; with the double in the
bot's process every HTTP request would be paid twice on one core and a bot that overlaps its network
waits could not show it. The parent drives this process with one JSON command per line on stdin and
reads one JSON answer per line on stdout.

Commands: {"cmd": "bot", "username"} -> {"token", "api_url", "file_url"};
{"cmd": "closed", "token", "first_id", "users", "setup": [...], "texts": [...], "expect"} -> latency figures,
each person sending the next text only after the bot answered the previous one; {"cmd": "open", ..., "interval"} ->
the same texts sent every `interval` seconds whatever the bot does; {"cmd": "stop"}.
A setup step is ["say", text] or ["press", label]; its answers are not measured. "expect" is the prefix
every measured reply should start with; how many did is returned, so a fast wrong answer is seen.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
import time
from typing import Any

from bot.sandbox.doubles.client import FakeUser
from bot.sandbox.doubles.server import TelegramDouble

REPLY_TIMEOUT = 120.0
SLOW = 0.030


def figures(latencies: list[float], elapsed: float, lost: int, expected: int, unexpected: list[str]
            ) -> dict[str, Any]:
    latencies.sort()
    count = len(latencies)
    return {
        "updates": count,
        "lost": lost,
        "expected_replies": expected,
        "elapsed_s": elapsed,
        "per_second": count / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99_ms": latencies[max(0, int(count * 0.99) - 1)] * 1000 if latencies else 0.0,
        "max_ms": latencies[-1] * 1000 if latencies else 0.0,
        "unexpected": unexpected[:3],  # shown to the parent, so a wrong answer can be read
    }


async def set_up(people: list[FakeUser], steps: list[list[str]]) -> None:
    async def one(user: FakeUser) -> None:
        for kind, value in steps:
            user.skip_to_now()
            if kind == "say":
                await user.send(value)
            else:
                await user.press(value)
            await user.next_message(timeout=REPLY_TIMEOUT)

    await asyncio.gather(*(one(user) for user in people))
    await asyncio.sleep(0.5)  # a step may answer with more than one message: let them all arrive first


def expected(message: dict[str, Any], prefix: str, unexpected: list[str]) -> bool:
    text = str(message.get("text") or "")
    if not text.startswith(prefix):
        unexpected.append(text[:200])
    return text.startswith(prefix)


async def closed_loop(people: list[FakeUser], texts: list[str], prefix: str) -> dict[str, Any]:
    latencies: list[float] = []
    unexpected: list[str] = []
    matching = 0

    async def one(user: FakeUser) -> None:
        nonlocal matching
        user.skip_to_now()
        for text in texts:
            sent = time.perf_counter()
            await user.send(text)
            reply = await user.next_message(timeout=REPLY_TIMEOUT)
            latencies.append(time.perf_counter() - sent)
            matching += expected(reply, prefix, unexpected)

    started = time.perf_counter()
    await asyncio.gather(*(one(user) for user in people))
    return figures(latencies, time.perf_counter() - started, 0, matching, unexpected)


async def open_loop(people: list[FakeUser], texts: list[str], interval: float, prefix: str) -> dict[str, Any]:
    """Each person sends on a fixed schedule (staggered over one interval); a reply is matched to the oldest
    unanswered message of that chat, since the bot answers one chat in order."""
    latencies: list[float] = []
    slow: list[tuple[float, float]] = []
    unexpected: list[str] = []
    lost = matching = 0
    started = time.perf_counter()

    async def one(index: int, user: FakeUser) -> None:
        nonlocal lost, matching
        user.skip_to_now()
        sent_at: asyncio.Queue[float] = asyncio.Queue()

        async def sender() -> None:
            first = started + interval * index / len(people)
            for k, text in enumerate(texts):
                await asyncio.sleep(max(0.0, first + k * interval - time.perf_counter()))
                sent_at.put_nowait(time.perf_counter())
                await user.send(text)

        sending = asyncio.create_task(sender())
        for _ in texts:
            try:
                reply = await user.next_message(timeout=REPLY_TIMEOUT)
            except TimeoutError:
                lost += 1
                continue
            sent = await sent_at.get()
            latencies.append(time.perf_counter() - sent)
            if latencies[-1] > SLOW:
                slow.append((round(sent - started, 3), round(latencies[-1] * 1000, 1)))
            matching += expected(reply, prefix, unexpected)
        await sending

    await asyncio.gather(*(one(i, user) for i, user in enumerate(people)))
    result = figures(latencies, time.perf_counter() - started, lost, matching, unexpected)
    result["slow"] = sorted(slow)  # (sent at, latency ms) of every answer slower than SLOW: when tails happen
    return result


async def serve() -> None:
    double = TelegramDouble()
    await double.start()
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while line := await reader.readline():
            command = json.loads(line)
            answer: dict[str, Any]
            if command["cmd"] == "stop":
                break
            if command["cmd"] == "bot":
                token = double.create_bot(username=command["username"])
                answer = {"token": token, "api_url": double.api_url, "file_url": double.file_url}
            else:
                people = [double.user(command["token"], user_id=command["first_id"] + i, first_name=f"Người {i}")
                          for i in range(command["users"])]
                await set_up(people, command.get("setup", []))
                # the double keeps every message it saw; a full collection of that heap stalled this process
                # for ~140 ms every few seconds, which showed up as the bot's latency; this side is short-lived
                gc.collect()
                gc.disable()
                try:
                    if command["cmd"] == "closed":
                        answer = await closed_loop(people, command["texts"], command["expect"])
                    else:
                        answer = await open_loop(people, command["texts"], command["interval"], command["expect"])
                finally:
                    gc.enable()
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:
        await double.stop()


if __name__ == "__main__":
    asyncio.run(serve())
