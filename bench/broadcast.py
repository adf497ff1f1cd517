"""A notice to every representative against a Bot API double enforcing Telegram's caps in real time.

N representatives (3,000; 300 with --quick) in one bloc; the head's admin, as a simulated person in chat,
sends one notice to all units (/thongbao → new notice → text → all units → no acknowledgement). The
copies leave through the real path: router → outbox (saved before the head is answered) → the outbox's
sender → TelegramChannel.deliver → SendLimiter (the production default) → HTTP →
`TelegramDouble(rate_limits=True)`, whose sliding windows (30 sends in any 1 s per bot, 1 in any
1 s per private chat) answer 429 past the caps. Everything is measured from the double's side:

- rate: the double's clock at each send it accepted. The figure with the goal is the sustained rate,
  (accepted - 30) / (time from the 30th to the last accepted) / 30: a sliding window lets the first 30
  go at once, so counting them against the span would flatter a bursty sender (300 copies in bursts of
  30 fit in 9 s, "33/s"); this measure is 1.0 for an ideal sender whether it bursts or paces evenly.
  The plain accepted / (first to last) is printed too.
- 429s: sends of the notice the double refused, as a share of all the notice sends it was asked for.
- lost / duplicated: representatives whose chat holds no copy / more than one copy of the notice.

`--latency S` adds S seconds to each of the bot's Bot API round trips (half each way), for a feel of a
far-away Telegram: the limiter holds a slot until one second after the answer, so the cap is then
30 per (1 + S) seconds, and only enough sends in flight at once reach it. Its figures have no goals.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.report import Figure
from bot.app import event_loop
from bot.app.settings import Settings
from bot.app.wiring import RunningBot, start_bot, stop_bot
from bot.sandbox.doubles.client import FakeUser
from bot.sandbox.doubles.server import TelegramDouble
from bot.sandbox.doubles.state import RateLimiter
from bot.services.refusal import Refused
from bot.services.sample_bloc import SAMPLE_UNITS, seed_sample_bloc
from bot.text.messages import Sender

NAME = "broadcast"
ADMIN = 700000
FIRST_REPRESENTATIVE = 810000
CAP = 30  # Telegram's messages per second per bot
NOTICE_HEAD = "📢 THÔNG BÁO số 1/"


class StampingRateLimiter(RateLimiter):
    """The double's own caps, unchanged; it also notes its clock at each send it accepted or refused."""

    def __init__(self) -> None:
        super().__init__()
        self.decisions: list[tuple[float, int, bool]] = []  # (double's clock, chat id, accepted)

    def check_and_record(self, bot_id: int, chat_id: int, is_group: bool) -> float:
        wait = super().check_and_record(bot_id, chat_id, is_group)
        self.decisions.append((self.clock(), chat_id, wait == 0))
        return wait


async def say(user: FakeUser, text: str) -> dict:
    user.skip_to_now()
    await user.send(text)
    return await user.next_message(timeout=30)


async def press(user: FakeUser, label: str) -> dict:
    user.skip_to_now()
    await user.press(label)
    return await user.next_message(timeout=30)


def slow_down(running: RunningBot, latency: float) -> None:
    """Every Bot API call of the bot (getUpdates aside) takes `latency` seconds longer, half each way."""
    assert running.telegram is not None
    request = running.telegram.app.bot._request[1]  # python-telegram-bot's request object for all but getUpdates
    do_request = request.do_request

    async def delayed(*args: Any, **kwargs: Any) -> tuple[int, bytes]:
        await asyncio.sleep(latency / 2)
        answer = await do_request(*args, **kwargs)
        await asyncio.sleep(latency / 2)
        return answer

    request.do_request = delayed  # type: ignore[method-assign]


async def run(representatives: int, workdir: Path, latency: float = 0.0) -> dict:
    double = TelegramDouble(rate_limits=True)
    stamps = StampingRateLimiter()
    double.limiter = stamps
    await double.start()
    token = double.create_bot(username="KhoiThiDuaBroadcastBot")
    settings = Settings(telegram_token=token, telegram_api_url=double.api_url, telegram_file_url=double.file_url,
                        database_path=workdir / "bench.sqlite3", super_admin_ids=frozenset({ADMIN}))
    # no send_limiter: the bot paces its sends with the production default
    running = await start_bot(settings, poll_timeout=5)
    if latency:
        slow_down(running, latency)
    try:
        admin_user = double.user(token, user_id=ADMIN, first_name="Quản trị")
        await say(admin_user, "/start")
        admin = Sender("telegram", str(ADMIN), str(ADMIN), "Quản trị", None, "vi", True)
        sample = await seed_sample_bloc(running.services, admin, 2026, name="Khối phát tin")
        actor = await running.services.people.resolve(admin)
        chat_ids: list[int] = []
        for i in range(representatives):
            user_id = FIRST_REPRESENTATIVE + i
            user = double.user(token, user_id=user_id, first_name=f"Người nhận {i:04d}")
            # as if each had opened the invite link and written first; their welcome replies are not the
            # broadcast being measured, and would only push the start back by N/30 seconds
            user.chat.started = True
            sender = Sender("telegram", str(user_id), str(user_id), user.full_name, None, "vi", True)
            unit = sample.units[SAMPLE_UNITS[i % len(SAMPLE_UNITS)][0]]
            try:
                await running.services.onboarding.join(sender, sample.invites[unit.name].code)
            except Refused:  # the code is used up: issue the unit a fresh one
                sample.invites[unit.name] = await running.services.onboarding.regenerate_invite(actor, unit.id)
                await running.services.onboarding.join(sender, sample.invites[unit.name].code)
            chat_ids.append(user_id)

        await say(admin_user, "/thongbao")
        await press(admin_user, "Thông báo mới")
        await say(admin_user, "Kính gửi các đơn vị: lịch họp tổng kết năm 2026.")
        await press(admin_user, "Tất cả đơn vị")
        first_decision = len(stamps.decisions)
        pressed = time.monotonic()
        confirmation = await press(admin_user, "Không")
        answered = time.monotonic()
        assert confirmation["text"].startswith("Đã lưu thông báo số 1"), confirmation["text"]
        # the copies go out from the outbox after the head was answered: idle means all were tried
        assert running.telegram is not None and running.outbox is not None
        await running.telegram.processor.wait_idle()
        await running.outbox.wait_idle()
        finished = time.monotonic()
    finally:
        await stop_bot(running)
        await double.stop()

    wanted = set(chat_ids)
    decisions = [d for d in stamps.decisions[first_decision:] if d[1] in wanted]
    accepted = sorted(t for t, _, ok in decisions if ok)
    refused = sum(1 for _, _, ok in decisions if not ok)
    bot = double.bot(token)
    copies = Counter({chat_id: sum(1 for m in bot.chats[chat_id].visible(from_bot=True)
                                   if (m.data.get("text") or "").startswith(NOTICE_HEAD))
                      for chat_id in chat_ids})
    span = accepted[-1] - accepted[0] if len(accepted) > 1 else 0.0
    steady = accepted[-1] - accepted[CAP - 1] if len(accepted) > CAP else 0.0
    return {
        "recipients": len(chat_ids),
        "accepted": len(accepted),
        "asked": len(decisions),
        "refused": refused,
        "lost": sum(1 for c in chat_ids if copies[c] == 0),
        "duplicated": sum(1 for c in chat_ids if copies[c] > 1),
        "plain_rate": len(accepted) / span / CAP if span else 0.0,
        "steady_rate": (len(accepted) - CAP) / steady / CAP if steady else 0.0,
        "span": span,
        "elapsed": finished - pressed,
        "answered": answered - pressed,
    }


async def main(quick: bool, latency: float = 0.0) -> list[Figure]:
    representatives = 300 if quick else 3000
    with tempfile.TemporaryDirectory() as tmp:
        r = await run(representatives, Path(tmp), latency)
    share = r["refused"] / r["asked"] if r["asked"] else 0.0
    print(f"broadcast: one notice to {r['recipients']} representatives, double enforcing Telegram's caps"
          + (f", {latency * 1000:.0f} ms added to each round trip" if latency else ""))
    print(f"  sustained rate {r['steady_rate']:.3f} of {CAP}/s (first to last accepted: {r['plain_rate']:.3f}, "
          f"{r['accepted']} in {r['span']:.2f} s)")
    print(f"  429 answers {r['refused']} of {r['asked']} sends ({share:.2%}); lost {r['lost']}, "
          f"duplicated {r['duplicated']}; {r['elapsed']:.1f} s from the press to the last copy")
    print(f"  the head's answer {r['answered'] * 1000:.0f} ms after the press")
    if latency:  # not the setting the goals are for
        return [Figure(NAME, f"rate / 30 msg/s at +{latency * 1000:.0f} ms round trip", f"{r['steady_rate']:.3f}"),
                Figure(NAME, f"sends answered 429 at +{latency * 1000:.0f} ms", f"{r['refused']} ({share:.2%})")]
    return [
        Figure(NAME, "recipients", str(r["recipients"])),
        Figure(NAME, "sustained rate / 30 msg/s", f"{r['steady_rate']:.3f}", "≥ 0.97", r["steady_rate"] >= 0.97),
        Figure(NAME, "first-to-last rate / 30 msg/s", f"{r['plain_rate']:.3f}"),
        Figure(NAME, "sends answered 429", f"{r['refused']} ({share:.2%})", "≤ 0.5%", share <= 0.005),
        Figure(NAME, "lost", str(r["lost"]), "0", r["lost"] == 0),
        Figure(NAME, "duplicated", str(r["duplicated"]), "0", r["duplicated"] == 0),
        Figure(NAME, "elapsed, press to last copy", f"{r['elapsed']:.1f} s"),
        Figure(NAME, "press to the head's answer", f"{r['answered'] * 1000:.0f} ms"),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each Bot API round trip")
    args = parser.parse_args()
    event_loop.run(main(args.quick, args.latency))
