"""Thousands of generated updates on both channels: valid in shape, arbitrary in content.

A seeded generator sends, through the Telegram double and the Zalo double, commands with junk arguments,
texts with unicode, emoji and very long strings, presses of forged callback data for every action the
router knows (and of real buttons), documents and photos, edited messages, poll answers (old and new
form), group messages, stickers and kinds the bot does not handle — from strangers, representatives, the
head and a super-admin. Afterwards: the bot still answers /start on both channels (no crash), logged no
ERROR or CRITICAL line, made no request either double rejected, every text it sent begins as a catalogue
text does and none carries a traceback or a token, and `PRAGMA integrity_check` is ok.

Quick setting in CI; `pytest -s -m stress tests/reliability/test_generated_updates.py` runs 10,000 a
channel. The seed is printed: KTD_FUZZ_SEED=<seed> repeats a run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import re
import sqlite3
import string
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.channels.limiter import SendLimiter
from bot.sandbox.doubles.client import FakeUser, flat_buttons
from bot.sandbox.doubles.server import NOT_MODIFIED, TelegramDouble
from bot.sandbox.doubles.zalo import ZaloUser
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from bot.text.catalogue import MESSAGES
from handlers.registry import build_router
from tests.e2e.harness import say, sender_of
from tests.fixtures import bot_harness
from tests.zalo.harness import ZaloHarness, join_on_zalo

QUICK = 1_000
LONG = 10_000
BATCH = 100  # updates sent before waiting for the bot to take them all
UNITS = [name for name, _ in SAMPLE_UNITS]
EMOJI = "😀🎉🔥✅❌🗳📢🇻🇳👍🏽‍♀️🤖💯"
VIETNAMESE = "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ"
ODD = "\u200b\u200d\u202e\ufeff\u0301\x00\t\r\n<>&\"'`{}%s%d\\"
# what the known defects look like (tests/reliability/test_found_defects.py)
KNOWN_REFUSALS = {f"Bad Request: {NOT_MODIFIED}", "Bad Request: type of file mismatch",
                  "Bad Request: there is no text in the message to edit"}
KNOWN_ERRORS = ("failed: Type of file mismatch", "failed: IllegalCharacterError")
UNKNOWN_KINDS = ["message_reaction", "chat_join_request", "channel_post", "shipping_query", "chat_boost"]


def lenient(path: Path) -> ZaloHarness:
    # old-form poll answers are part of the mix: the double must not refuse its own getUpdates for them
    # and the group's pace (twenty a minute, as Telegram asks) would make a run wait in real time
    return ZaloHarness(path, double=TelegramDouble(self_check=False),
                       send_limiter=SendLimiter(per_second=100_000, chat_interval=0, group_per_minute=10**9))


harness = bot_harness(lenient, "fuzz")


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")


class Generator:
    """Valid-shaped, arbitrary updates, all drawn from one seeded random source."""

    def __init__(self, rng: random.Random, prefixes: list[str], commands: list[str]) -> None:
        self.rng = rng
        self.prefixes = prefixes
        self.commands = commands

    def junk(self) -> str:
        rng = self.rng
        kind = rng.randrange(9)
        if kind == 0:
            return "".join(rng.choice(EMOJI) for _ in range(rng.randrange(1, 30)))
        if kind == 1:
            return "".join(rng.choice(VIETNAMESE + " ") for _ in range(rng.randrange(1, 4000)))
        if kind == 2:
            return "".join(rng.choice(ODD + string.printable) for _ in range(rng.randrange(1, 60))) or "x"
        if kind == 3:
            return str(rng.choice([0, -1, 1, 7, 2**31, 2**63, 2**64 + 5, 10**30, -(2**70)]))
        if kind == 4:
            return rng.choice(["7,5", "7.5", "1e9", "NaN", "inf", "-0", "0,0001", "10,", ",5", "½", "٣"])
        if kind == 5:
            return rng.choice(["Có", "Không", "Đồng ý", "Hủy", "/huy", "1", "2", "#1", "99", "Xác nhận"])
        if kind == 6:
            return "https://" + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(1, 200)))
        if kind == 7:
            return rng.choice(["01/12/2026 17:00", "31/02/2026", "32/13/9999 25:61", "hôm qua", "2026-12-01"])
        return "".join(rng.choice(string.ascii_letters + VIETNAMESE + " ") for _ in range(rng.randrange(1, 80)))

    def command(self) -> str:
        rng = self.rng
        name = rng.choice(self.commands) if rng.random() < 0.9 else "".join(
            rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(1, 12)))
        args = "" if rng.random() < 0.3 else " " + self.junk()[:300]
        return f"/{name}{args}"

    def callback_data(self) -> str:
        rng = self.rng
        prefix = rng.choice(self.prefixes) if rng.random() < 0.95 else self.junk()[:10]
        parts = [rng.choice([str(rng.randrange(-3, 40)), str(2**64 + rng.randrange(9)), "yes", "no", "abstain",
                             "x", "", "AAAAAAAAAAAAAAAAAAAAAA", "-0", "1e3"]) for _ in range(rng.randrange(0, 4))]
        data = ":".join([prefix, *parts])
        return data.encode()[:64].decode(errors="ignore") or prefix


class TelegramSide:
    def __init__(self, harness: ZaloHarness, gen: Generator, users: list[FakeUser]) -> None:
        self.harness = harness
        self.gen = gen
        self.users = users
        self.double = harness.double
        self.bot = harness.double.bot(harness.token)
        self.group = harness.double.group(harness.token, title="Nhóm khối thi đua", members=users[:4])
        self.kinds: Counter[str] = Counter()

    async def one(self) -> None:
        rng = self.gen.rng
        user = rng.choice(self.users)
        kind = rng.choices(["text", "command", "forged", "button", "document", "photo", "edited", "poll_answer",
                            "group", "unknown"], weights=[20, 20, 25, 10, 4, 3, 5, 4, 6, 3])[0]
        self.kinds[kind] += 1
        if kind == "text":
            await user.send(self.gen.junk())
        elif kind == "command":
            await user.send(self.gen.command())
        elif kind == "forged":
            self.forge(user, self.gen.callback_data())
        elif kind == "button":
            message = next((m for m in reversed(user.messages) if flat_buttons(m)), None)
            buttons = [b for b in flat_buttons(message) if "callback_data" in b]
            if buttons:
                self.forge(user, rng.choice(buttons)["callback_data"], message)
            else:
                await user.send(self.gen.command())
        elif kind == "document":
            name = rng.choice(["bang-diem.xlsx", "minh chứng.pdf", "a" * 200 + ".docx", "x", "😀.csv"])
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2000)))
            await user.upload_document(name, data, rng.choice(["application/pdf", "text/csv", "image/png",
                                                               "application/octet-stream"]),
                                       caption=self.gen.junk()[:1000] if rng.random() < 0.5 else None)
        elif kind == "photo":
            await user.upload_photo(bytes(rng.randrange(256) for _ in range(200)),
                                    caption=self.gen.junk()[:1000] if rng.random() < 0.5 else None)
        elif kind == "edited":
            sent = await user.send(self.gen.junk())
            edited = {**sent, "text": self.gen.junk(), "edit_date": sent["date"] + 1}
            edited.pop("entities", None)
            self.double.enqueue_update(self.bot, "edited_message", edited)
        elif kind == "poll_answer":
            answer: dict[str, Any] = {"poll_id": str(rng.randrange(10**10)), "option_ids": [rng.randrange(3)],
                                      "user": dict(user.profile)}
            if rng.random() < 0.7:
                answer["option_persistent_ids"] = [str(rng.randrange(9))]
            self.double.enqueue_update(self.bot, "poll_answer", answer)
        elif kind == "group":
            await self.group.send(user, rng.choice([self.gen.command(), self.gen.junk()[:500],
                                                    "@KhoiThiDuaBot " + self.gen.junk()[:100]]))
        else:
            self.double.enqueue_update(self.bot, rng.choice(UNKNOWN_KINDS),
                                       {"chat": {"id": user.id, "type": "private"}, "date": 0})

    def forge(self, user: FakeUser, data: str, message: dict | None = None) -> None:
        query = {"id": f"fuzz-{user.id}-{self.kinds.total()}", "from": dict(user.profile),
                 "chat_instance": str(user.id), "data": data, "message": message or user.last_message}
        if query["message"] is None:
            query.pop("message")
        self.double.register_callback(self.bot, query, user.id, user.id)
        self.double.enqueue_update(self.bot, "callback_query", query)

    def texts(self) -> list[str]:
        return [e.message["text"] for chat in self.bot.chats.values() for e in chat.events
                if e.from_bot and e.kind in ("new", "edit") and e.message is not None and "text" in e.message]

    def captions(self) -> list[str]:
        """The captions of files the bot sent back: what people wrote under them, as they wrote it."""
        return [e.message["caption"] for chat in self.bot.chats.values() for e in chat.events
                if e.from_bot and e.kind in ("new", "edit") and e.message is not None and "caption" in e.message]


class ZaloSide:
    def __init__(self, harness: ZaloHarness, gen: Generator, users: list[ZaloUser]) -> None:
        self.harness = harness
        self.gen = gen
        self.users = users
        self.group = harness.zalo.group(harness.zalo_token)
        self.kinds: Counter[str] = Counter()

    async def one(self) -> None:
        rng = self.gen.rng
        user = rng.choice(self.users)
        kind = rng.choices(["text", "command", "number", "image", "sticker", "unsupported", "group"],
                           weights=[30, 25, 25, 5, 4, 4, 7])[0]
        self.kinds[kind] += 1
        if kind == "text":
            await user.send(self.gen.junk()[:2000])
        elif kind == "command":
            await user.send(self.gen.command()[:2000])
        elif kind == "number":
            await user.send(rng.choice([str(rng.randrange(-2, 40)), f"#{rng.randrange(0, 12)}", "0", "1",
                                        str(2**64)]))
        elif kind == "image":
            # a photo on the double's CDN, as Zalo's: one that cannot be fetched is an ERROR by design
            # (tests/zalo/test_zalo_failures.py), not what this run looks for
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
            await user.send_image(self.harness.zalo.host_file(data, rng.choice(["image/jpeg", "image/png",
                                                                                 "application/pdf"])),
                                  caption=self.gen.junk()[:500] if rng.random() < 0.5 else None)
        elif kind == "sticker":
            await user.send_sticker()
        elif kind == "unsupported":
            await user.send_unsupported()
        else:
            await self.group.send(user, rng.choice([self.gen.command()[:500], self.gen.junk()[:500]]))

    def texts(self) -> list[str]:
        bot = self.harness.zalo.bot(self.harness.zalo_token)
        return [m.get("text") or "" for chat in bot.chats.values() for m in chat.bot_messages()]


def catalogue_starts() -> list[re.Pattern[str]]:
    """How each Vietnamese catalogue text begins: its first line, placeholders matching anything (a text
    that is nearly all placeholder is left out: it would let anything pass)."""
    patterns = []
    for vi, _ in MESSAGES.values():
        first = vi.strip().split("\n", 1)[0]
        parts = [part for part in re.split(r"(\{[^{}]*\})", first) if part]
        literal = sum(len(part.strip()) for part in parts if not part.startswith("{"))
        if not parts or (parts[0].startswith("{") and literal < 3):
            continue  # a text that is all placeholder (or nearly) would let anything pass
        patterns.append(re.compile("".join(".*?" if part.startswith("{") else re.escape(part) for part in parts),
                                   re.DOTALL))
    return patterns


def foreign(texts: list[str], secrets: list[str]) -> list[str]:
    """Texts that do not begin as a catalogue text does, or that carry what no reply may."""
    starts = catalogue_starts()
    bad = []
    for text in set(texts):
        if any(marker in text for marker in ("Traceback", 'File "', "Error:", *secrets)):
            bad.append(text)
        elif re.search(r"(?m)^[a-z_]+(\.[a-z_0-9]+)+$", text):
            bad.append(text)  # a catalogue key shown as it is: its text is missing
        elif not any(p.match(line) for line in text.split("\n") for p in starts):
            # a line of some catalogue text is there (a card begins with the criterion's own title, its
            # second line is the catalogue's)
            bad.append(text)
    return bad


async def people(harness: ZaloHarness) -> tuple[list[FakeUser], list[ZaloUser]]:
    """Strangers, representatives, the head and a super-admin on Telegram; strangers and representatives on
    Zalo. All have written to the bot once, so it may write to them."""
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    telegram = [admin]
    for index, unit in enumerate(UNITS[:5]):
        rep = harness.user(f"Đại diện {index}")
        await say(rep, "/start")
        await harness.services.onboarding.join(sender_of(rep), sample.invites[unit].code)
        telegram.append(rep)
    for index in range(4):
        stranger = harness.user(f"Người lạ {index}")
        await say(stranger, "/start")
        telegram.append(stranger)
    zalo = [await join_on_zalo(harness, sample, unit, f"Zalo {index}") for index, unit in enumerate(UNITS[5:])]
    for index in range(3):
        stranger = harness.zalo_user(f"Người lạ Zalo {index}")
        await stranger.send("/start")
        zalo.append(stranger)
    await harness.settle()
    assert HEAD_UNIT in UNITS[:5]
    return telegram, zalo


async def run(harness: ZaloHarness, count: int) -> None:
    seed = int(os.environ.get("KTD_FUZZ_SEED") or random.SystemRandom().randrange(10**9))
    print(f"\ngenerated updates: seed {seed} (repeat with KTD_FUZZ_SEED={seed}), {count} a channel, "
          f"{os.cpu_count()} cores")
    errors = Errors()
    logging.getLogger().addHandler(errors)
    started = time.monotonic()
    try:
        telegram_users, zalo_users = await people(harness)
        router = build_router(harness.services)
        gen = Generator(random.Random(seed), sorted({*router.choices, *router.stranger_choices}),
                        sorted({*router.commands, *router.stranger_commands}))
        telegram, zalo = TelegramSide(harness, gen, telegram_users), ZaloSide(harness, gen, zalo_users)
        for sent in range(0, count, BATCH):
            for _ in range(min(BATCH, count - sent)):
                await telegram.one()
                await zalo.one()
            await harness.settle()
        # still alive on both channels
        newcomer, zalo_newcomer = harness.user("Người mới"), harness.zalo_user("Người mới Zalo")
        alive = (await say(newcomer, "/start"))["text"].startswith("Kính chào")
        newcomer_text = ""
        zalo_newcomer.skip_to_now()
        await zalo_newcomer.send("/start")
        newcomer_text = (await zalo_newcomer.next_message())["text"]
    finally:
        logging.getLogger().removeHandler(errors)
    secrets = [harness.token, harness.token.split(":")[1], harness.zalo_token]
    bad_telegram = foreign(telegram.texts(), secrets)
    bad_telegram += [c for c in telegram.captions() if any(m in c for m in ("Traceback", 'File "', *secrets))]
    bad_zalo = foreign(zalo.texts(), secrets)
    # known defects, each held by a strict xfail in tests/reliability/test_found_defects.py: counted apart and
    # printed, not hidden; when one is fixed its xfail passes and its line here goes
    known = [r for r in harness.double.rejections if r.description in KNOWN_REFUSALS]
    for rejection in known:
        harness.double.rejections.remove(rejection)
    known_errors = [line for line in errors.lines if any(cause in line for cause in KNOWN_ERRORS)]
    errors.lines = [line for line in errors.lines if line not in known_errors]
    rejected = len(harness.double.rejections) + len(harness.zalo.rejections)
    with contextlib.closing(sqlite3.connect(harness.db_path)) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    print(f"generated updates: telegram {telegram.kinds.total()} ({dict(telegram.kinds)}), zalo "
          f"{zalo.kinds.total()} ({dict(zalo.kinds)}); crashes {0 if alive else 1}, ERROR lines "
          f"{len(errors.lines)}, rejected requests {rejected} (known defects apart: {len(known)} refused, "
          f"{len(known_errors)} ERROR lines), replies {len(telegram.texts())} + "
          f"{len(zalo.texts())}, outside the catalogue {len(bad_telegram) + len(bad_zalo)}, integrity {integrity}, "
          f"{time.monotonic() - started:.0f} s")
    assert alive and newcomer_text.startswith("Kính chào"), newcomer_text
    assert errors.lines == [], errors.lines[:20]
    assert rejected == 0, (harness.double.rejections[:5], harness.zalo.rejections[:5])
    assert bad_telegram == [] and bad_zalo == [], [text.split("\n", 1)[0] for text in bad_telegram + bad_zalo]
    assert integrity == "ok"


def test_the_reply_check_is_not_blind():
    assert foreign(["Kính chào Nguyễn Văn An!"], []) == []
    wrong = ["Traceback (most recent call last):", "hello from nowhere", "a token 123:abc", "vote.ballot"]
    assert sorted(foreign(wrong, ["123:abc"])) == sorted(wrong)


async def test_generated_updates_on_both_channels(harness):
    await run(harness, QUICK)


@pytest.mark.stress
async def test_generated_updates_on_both_channels_long(harness):
    await run(harness, LONG)
