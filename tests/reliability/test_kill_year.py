"""SIGKILL at random points of a scripted year: the real `python bot.py run` process against the Bot API double.

People join by invites, score their sheets criterion by criterion, submit, the head checks, opens a secret
vote that every unit answers with a ballot, sends a notice and closes the vote. At seeded random points the
process is killed (SIGKILL) after a random number of the bot's API calls into a step, started again, and the
person whose step was cut off does it again, as a person would after a silent bot.

At the end, whatever a person SAW confirmed (the double keeps every message and edit the bot made) is in
the database; the ballot box holds exactly the ballots whose receipts were seen (plus those cast in the very
moment of a kill), none twice; no message of the outbox reached a chat more often than it was queued for it,
and no copy is left 'sending'; `PRAGMA integrity_check` is ok.

Quick setting in CI; `pytest -s -m stress tests/reliability/test_kill_year.py` runs the long one. The seed
is printed: KTD_KILL_SEED=<seed> repeats a run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import signal
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot.domain.clock import FakeClock
from bot.domain.criteria_import import sample_criteria
from bot.sandbox.doubles.client import FakeUser, flat_buttons
from bot.sandbox.doubles.server import TelegramDouble
from bot.services.container import Services
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from bot.text.vi_text import format_score
from storage.db import Database
from tests.e2e.harness import TZ, sender_of
from tests.e2e.test_assessment import planned_value

ROOT = Path(__file__).resolve().parents[2]
ADMIN_ID = 930001
UNITS = [name for name, _ in SAMPLE_UNITS]
TABLE = sample_criteria()
QUESTION = "Thông qua kế hoạch thi đua năm 2027"
NOTICE = "Họp khối sơ kết lúc 8 giờ ngày 05/12/2026 tại Văn phòng Tỉnh ủy."
# no tie, which would open a runoff of the same title: five for, two against, one abstaining
CHOICES = ["Tán thành"] * 5 + ["Không tán thành"] * 2 + ["Không biểu quyết"]
STARTED = "telegram channel started as"
WAIT = 30.0  # a failure guard, never a pace: every wait ends on what the double saw


@dataclass
class Setting:
    kills: int
    scoring_units: int  # units that score in chat and submit; the others join in chat and only vote
    # criteria each of them scores in chat; the ones before are scored (by the same representative, joined
    # beforehand) through the services before the bot starts. The bot paces a chat at one message a second,
    # as Telegram asks, so the quick setting keeps the chats short and runs them side by side
    chat_criteria: int


QUICK = Setting(kills=8, scoring_units=2, chat_criteria=5)
LONG = Setting(kills=60, scoring_units=4, chat_criteria=len(sample_criteria().criteria))


@dataclass
class Seen:
    """What the people saw confirmed, read back from the double's record of the chats."""

    joins: list[tuple[int, str]] = field(default_factory=list)
    scores: list[tuple[int, str, Decimal]] = field(default_factory=list)
    checks: list[tuple[str, str, Decimal]] = field(default_factory=list)
    submissions: list[tuple[str, str]] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    notices: list[int] = field(default_factory=list)
    results: list[str] = field(default_factory=list)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=TZ)


def number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


class World:
    """The double in this process, the bot as a child process, and the people of the script."""

    def __init__(self, tmp: Path, seed: int, setting: Setting) -> None:
        self.tmp = tmp
        self.rng = random.Random(seed)
        self.setting = setting
        self.double = TelegramDouble()
        self.db_path = tmp / "bot.sqlite3"
        self.process: asyncio.subprocess.Process | None = None
        self.steps = 0
        self.kills = 0
        self.restarting = 0.0
        self.generation = 0
        self.killed = asyncio.Event()  # set when a kill cuts off whatever steps are under way
        self.ready = asyncio.Event()  # set while the bot runs
        self.ready.set()
        self.kill_plan: dict[int, int] = {}
        self.entered: dict[str, str | None] = {}  # the criterion card a person is on, as far as they know
        self.cast_data: dict[str, str] = {}  # the «Bỏ phiếu» button each person was shown

    async def start(self) -> None:
        await self.double.start()
        self.token = self.double.create_bot(username="KhoiThiDuaBot")
        clock_file = self.tmp / "clock.txt"
        clock_file.write_text(at("24/11/2026 09:00").isoformat())
        self.admin = self.double.user(self.token, user_id=ADMIN_ID, first_name="Quản trị")
        self.reps = {name: self.double.user(self.token, user_id=940000 + i, first_name=f"Đại diện {i}")
                     for i, name in enumerate(UNITS)}
        self.head = self.reps[HEAD_UNIT]
        self.scoring = UNITS[1:1 + self.setting.scoring_units]
        db = Database(self.db_path)
        await db.open()
        services = Services.build(db, FakeClock(at("24/11/2026 09:00")), TZ, frozenset({ADMIN_ID}))
        self.sample = await seed_sample_bloc(services, sender_of(self.admin), 2026)
        actor = await services.people.resolve(sender_of(self.admin))
        await services.assessment.load_table(actor, TABLE, "sample")
        self.prejoined = set()
        if self.setting.chat_criteria < len(TABLE.criteria):
            for index, unit in enumerate(UNITS):
                if unit not in self.scoring:
                    continue
                rep = self.reps[unit]
                await rep.send("/start")  # they wrote to the bot before, so it may write to them
                await services.onboarding.join(sender_of(rep), self.sample.invites[unit].code)
                self.prejoined.add(unit)
                rep_actor = await services.people.resolve(sender_of(rep))
                for criterion in TABLE.criteria[:len(TABLE.criteria) - self.setting.chat_criteria]:
                    await services.assessment.set_self_score(rep_actor, criterion.code,
                                                             format_score(value_for(index, criterion)))
        await db.close()
        await self.admin.send("/start")  # the admin has written to the bot, so it may set the admin's menu
        self.env = {"PATH": os.environ.get("PATH", ""), "KTD_TELEGRAM_TOKEN": self.token,
                    "KTD_TELEGRAM_API_URL": self.double.api_url, "KTD_TELEGRAM_FILE_URL": self.double.file_url,
                    "KTD_DATABASE_PATH": str(self.db_path), "KTD_SUPER_ADMIN_IDS": str(ADMIN_ID),
                    "KTD_CLOCK_FILE": str(clock_file), "KTD_LOG_LEVEL": "INFO"}
        await self.start_process()

    async def start_process(self) -> None:
        started_before = self.log().count(STARTED)
        log = open(self.tmp / "bot.log", "ab")  # noqa: ASYNC230 - a log file the child writes to
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "bot.py"), "run", env=self.env, cwd=self.tmp, stdout=log, stderr=log)
        log.close()
        # a long poll is logged by the double only when it ends, so the bot's own word says it polls
        process = self.process
        await wait_until(lambda: self.log().count(STARTED) > started_before or process.returncode is not None,
                         "the bot process did not start")
        assert process.returncode is None, f"the bot stopped ({process.returncode}) at start:\n{self.log()[-2000:]}"

    def log(self) -> str:
        path = self.tmp / "bot.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def answers(self) -> int:
        """The bot's API calls that are not polls: its answers, edits and deliveries so far."""
        return sum(1 for c in self.double.bot(self.token).calls if c.method != "getUpdates")

    async def kill_and_restart(self) -> None:
        assert self.process is not None
        began = time.monotonic()
        self.ready.clear()
        self.generation += 1
        self.killed.set()
        self.killed = asyncio.Event()
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        assert self.process.returncode == -signal.SIGKILL
        self.kills += 1
        await self.start_process()
        # what was queued before the kill is taken now, before anyone acts again, so its answers do not pass
        # for answers to what comes next
        await self.double.wait_confirmed(self.token, timeout=WAIT)
        await self.double.wait_idle(self.token, quiet=0.1, timeout=WAIT)
        self.entered.clear()
        self.restarting += time.monotonic() - began
        self.ready.set()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), WAIT)
        await self.double.stop()

    def kill_point_reached(self, task: asyncio.Future, answers: int, generation: int) -> bool:
        return task.done() or self.answers() >= answers or self.generation != generation

    async def step(self, action: Callable[[], Awaitable[Any]]) -> Any:
        """One step of a person. At a planned point the bot is killed after `n` of its API calls into the step;
        every step under way then (people act side by side) is done again once the bot is back, as a person
        who got no answer does it again."""
        index = self.steps
        self.steps += 1
        calls = self.kill_plan.get(index)
        while True:
            # woken together, one step may kill again before the others run: each looks for itself
            while not self.ready.is_set():
                await self.ready.wait()
            generation = self.generation
            task = asyncio.ensure_future(action())
            if calls is not None:
                await wait_until(partial(self.kill_point_reached, task, self.answers() + calls, generation),
                                 "the step did nothing")
                if self.generation == generation:
                    calls = None
                    await self.kill_and_restart()
            else:
                killed = asyncio.ensure_future(self.killed.wait())
                await asyncio.wait({task, killed}, return_when=asyncio.FIRST_COMPLETED)
                killed.cancel()
            if task.done() and not task.cancelled() and (self.generation == generation or task.exception() is None):
                return task.result()  # an answer seen is seen, whatever came after
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def wait_until(predicate: Callable[[], bool], what: str, timeout: float = WAIT) -> None:  # noqa: ASYNC109
    """Waits for the other process to make the double see something; a crash test must also notice a process
    that does nothing, so this looks on a short interval with a deadline as the failure guard."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise TimeoutError(what)
        await asyncio.sleep(0.002)


async def expect(user: FakeUser, act: Callable[[], Awaitable[Any]], wanted: Callable[[str], bool]) -> dict:
    """Does `act` and returns the first message or edit from the bot in the chat whose text `wanted` accepts."""
    user.skip_to_now()
    await act()
    while True:
        message = await user.next_message(timeout=WAIT)
        if wanted(message.get("text") or ""):
            return message


def labels_of(message: dict | None) -> list[str]:
    return [b["text"] for b in flat_buttons(message)]


async def forge(world: World, user: FakeUser, data: str) -> None:
    """Presses a button shown earlier (its message may since have been edited), as a person scrolling up can."""
    query = {"id": f"again-{user.id}-{world.steps}", "from": dict(user.profile), "chat_instance": str(user.id),
             "data": data, "message": user.last_message}
    bot = world.double.bot(world.token)
    world.double.register_callback(bot, query, user.id, user.id)
    world.double.enqueue_update(bot, "callback_query", query)


# ---- the script ----------------------------------------------------------------------------------------------


async def join(world: World, unit: str) -> None:
    rep = world.reps[unit]
    code = world.sample.invites[unit].code
    reply = await expect(rep, lambda: rep.send(f"/start {code}"),
                         lambda t: t.startswith(("Mã mời hợp lệ", "Đồng chí đã là đại diện")))
    if reply["text"].startswith("Mã mời hợp lệ"):
        await expect(rep, lambda: rep.press("Xác nhận", reply), lambda t: t.startswith("Đăng ký thành công!"))


async def score_next(world: World, index: int, unit: str) -> bool:
    """Scores the next unscored criterion of the unit; False once every one is scored."""
    rep = world.reps[unit]
    code = world.entered.get(unit)
    if code is None:
        sheet = await expect(rep, lambda: rep.send("/chamdiem"), lambda t: t.startswith("📝 Tự chấm điểm"))
        if "Chưa chấm:" not in sheet["text"]:
            return False
        card = await expect(rep, lambda: rep.press("Chấm tiếp", sheet),
                            lambda t: re.match(r"^[0-9A-Z.]+\. ", t) is not None)
        code = card["text"].split(". ")[0]
    criterion = TABLE.by_code(code)
    value = value_for(index, criterion)
    saved = await expect(rep, lambda: rep.send(format_score(value)), lambda t: t.startswith("Đã lưu "))
    following = re.search(r"\n\n([0-9A-Z.]+)\. ", saved["text"])
    world.entered[unit] = following.group(1) if following and "Đã chấm đủ" not in saved["text"] else None
    return "Đã chấm đủ" not in saved["text"]


def value_for(index: int, criterion: Any) -> Decimal:
    """What unit `index` scores: varied and valid; 0 where evidence would be required for more."""
    return Decimal(0) if criterion.evidence_required else planned_value(index, criterion)


async def submit(world: World, unit: str) -> None:
    rep = world.reps[unit]
    sheet = await expect(rep, lambda: rep.send("/chamdiem"), lambda t: t.startswith("📝 Tự chấm điểm"))
    if "Xem lại và nộp" not in " ".join(labels_of(sheet)):
        return  # submitted before the kill: the person sees it on the sheet
    review = await expect(rep, lambda: rep.press("Xem lại và nộp", sheet), lambda t: t.startswith("👁 Xem lại"))
    sure = await expect(rep, lambda: rep.press("Nộp bảng điểm", review), lambda t: t.startswith("Xác nhận nộp"))
    await expect(rep, lambda: rep.press("✅ Nộp", sure),
                 lambda t: t.startswith(("Đã nộp bảng tự chấm điểm", "Bảng điểm đã nộp", "Đơn vị đã nộp")) or
                 "đã nộp" in t[:80])


async def check(world: World, unit: str, code: str, value: Decimal) -> None:
    head = world.head
    overview = await expect(head, lambda: head.send("/thamdinh"), lambda t: t.startswith("🔎 Thẩm định"))
    card = await expect(head, lambda: head.press(unit, overview), lambda t: t.startswith(f"🔎 {unit} —"))
    await expect(head, lambda: head.press(code, card), lambda t: t.startswith(f"Thẩm định: {unit}"))
    await expect(head, lambda: head.send(format_score(value)),
                 lambda t: t.startswith(f"Đã lưu điểm thẩm định {format_score(value)} cho tiêu chí {code}."))


async def open_vote(world: World) -> None:
    head = world.head
    menu = await expect(head, lambda: head.send("/bophieu"), lambda t: t.startswith("🗳 Bình xét, bầu cử"))
    listed = labels_of(menu)
    if f"🗳 {QUESTION}" in listed or f"📊 {QUESTION}" in listed:
        return  # opened before the kill; the list marks it open (🗳) or closed (📊)
    if f"📝 {QUESTION}" in listed:
        card = await expect(head, lambda: head.press(f"📝 {QUESTION}", menu), lambda t: t.startswith(f"🗳 {QUESTION}"))
    else:
        await expect(head, lambda: head.press("Biểu quyết", menu), lambda t: t.startswith("Gõ nội dung cần biểu quyết"))
        card = await expect(head, lambda: head.send(QUESTION), lambda t: t.startswith(f"🗳 {QUESTION}"))
    # the confirmation shows the roll and options it freezes; its token does not outlive a restart
    confirm = await expect(head, lambda: head.press("Mở bỏ phiếu", card), lambda t: t.startswith("Mở bỏ phiếu «"))
    await expect(head, lambda: head.press("Xác nhận mở bỏ phiếu", confirm), lambda t: t.startswith("Đã mở bỏ phiếu"))


BALLOT = ("🗳 PHIẾU BẦU KÍN", f"🗳 {QUESTION}\nChọn tối đa")


def ballot_of(rep: FakeUser) -> dict | None:
    """The latest ballot as it stands now: the choice in progress travels in its buttons, edited in place."""
    for event in reversed(rep.chat.events):
        if (event.from_bot and event.kind in ("new", "edit")
                and (event.message or {}).get("text", "").startswith(BALLOT)):
            stored = rep.chat.messages[event.message["message_id"]]
            return None if stored.deleted else stored.snapshot()
    return None


async def fetch_ballot(world: World, rep: FakeUser) -> dict | None:
    """/phieubau: the way to a ballot that never came (the head who opened the vote, a copy a kill cut off)."""
    listed = await expect(rep, lambda: rep.send("/phieubau"),
                          lambda t: t.startswith(("Các phiếu bầu chờ đơn vị", "Hiện không có phiếu bầu")))
    if QUESTION not in labels_of(listed):
        return None  # nothing waits: the unit has voted
    return await expect(rep, lambda: rep.press(QUESTION, listed), lambda t: t.startswith((*BALLOT, *RECEIPT)))


RECEIPT = ("Đã ghi nhận phiếu", "Phiếu của đơn vị đã được ghi nhận từ trước", "Đơn vị của đồng chí đã bỏ phiếu",
           "Nút này không còn hiệu lực")


async def cast(world: World, unit: str, choice: str) -> None:
    rep = world.reps[unit]
    if unit in world.cast_data:
        # «Bỏ phiếu» was pressed but no receipt came: the same button again, as the bot asks
        await expect(rep, lambda: forge(world, rep, world.cast_data[unit]), lambda t: t.startswith(RECEIPT))
        return
    ballot = ballot_of(rep)
    if ballot is None:
        ballot = await fetch_ballot(world, rep)
        if ballot is None or ballot["text"].startswith(RECEIPT):
            return
    if not ballot["text"].startswith("Xác nhận bỏ phiếu"):
        if f"☑️ {choice}" not in labels_of(ballot):
            ballot = await expect(rep, lambda: rep.press(choice, ballot), lambda t: t.startswith(("🗳 ", *RECEIPT)))
            if ballot["text"].startswith(RECEIPT):
                return
        ballot = await expect(rep, lambda: rep.press("✅ Xác nhận", ballot),
                              lambda t: t.startswith(("Xác nhận bỏ phiếu", *RECEIPT)))
        if ballot["text"].startswith(RECEIPT):
            return
    world.cast_data[unit] = next(b["callback_data"] for b in flat_buttons(ballot) if b["text"] == "🗳 Bỏ phiếu")
    await expect(rep, lambda: rep.press("🗳 Bỏ phiếu", ballot), lambda t: t.startswith(RECEIPT))


async def send_notice(world: World) -> None:
    head = world.head
    board = await expect(head, lambda: head.send("/thongbao"), lambda t: t.startswith("📢 Thông báo của khối"))
    await expect(head, lambda: head.press("Thông báo mới", board), lambda t: t.startswith("Gõ nội dung thông báo"))
    audience = await expect(head, lambda: head.send(NOTICE), lambda t: t.startswith("Gửi thông báo tới"))
    ack = await expect(head, lambda: head.press("Tất cả đơn vị", audience),
                       lambda t: t.startswith("Yêu cầu đơn vị bấm"))
    await expect(head, lambda: head.press("Có", ack), lambda t: t.startswith("Đã lưu thông báo số"))


async def close_vote(world: World) -> None:
    head = world.head
    menu = await expect(head, lambda: head.send("/bophieu"), lambda t: t.startswith("🗳 Bình xét, bầu cử"))
    if f"🗳 {QUESTION}" not in labels_of(menu):
        return  # closed before the kill
    card = await expect(head, lambda: head.press(f"🗳 {QUESTION}", menu), lambda t: t.startswith(f"🗳 {QUESTION}"))
    confirm = await expect(head, lambda: head.press("Kết thúc và kiểm phiếu", card),
                           lambda t: t.startswith("Kết thúc và kiểm phiếu «"))
    await expect(head, lambda: head.press("Xác nhận kết thúc và kiểm phiếu", confirm),
                 lambda t: t.startswith("📊 KẾT QUẢ KIỂM PHIẾU"))


def outbox_settled(db_path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        waiting = conn.execute("SELECT count(*) FROM outbox_copy WHERE status IN ('pending', 'sending')")
        return waiting.fetchone()[0] == 0


async def score_and_submit(world: World, unit: str) -> None:
    index = UNITS.index(unit)
    while await world.step(lambda: score_next(world, index, unit)):
        pass
    await world.step(lambda: submit(world, unit))


async def run_year(world: World) -> None:
    joining = [unit for unit in UNITS if unit not in world.prejoined]
    # the steps of a run without kills: joins, scores and a submission per scoring unit, the head's checks,
    # the vote's opening, a ballot per unit, the notice and the count
    base = len(joining) + len(world.scoring) * (world.setting.chat_criteria + 2) + 1 + len(UNITS) + 2
    world.kill_plan = {i: world.rng.randrange(0, 5) for i in world.rng.sample(range(base), world.setting.kills)}
    await asyncio.gather(*(world.step(lambda unit=unit: join(world, unit)) for unit in joining))
    await asyncio.gather(*(score_and_submit(world, unit) for unit in world.scoring))
    for unit in world.scoring:
        first = TABLE.criteria[0]
        await world.step(lambda unit=unit, first=first: check(world, unit, first.code, Decimal(0)))
    await world.step(lambda: open_vote(world))
    # every ballot has gone out, or its copy was cut off by a kill and is 'unknown'
    await wait_until(lambda: outbox_settled(world.db_path), "the ballots were not sent")
    await asyncio.gather(*(world.step(lambda unit=unit, i=i: cast(world, unit, CHOICES[i]))
                           for i, unit in enumerate(UNITS)))
    await world.step(lambda: send_notice(world))
    await world.step(lambda: close_vote(world))
    await wait_until(lambda: outbox_settled(world.db_path), "the outbox did not empty")
    # a re-run can need fewer steps than planned (an answer lost after its save moves the person on): the
    # kills planned past the last step fall at the end of the year, when the last copies have gone
    while world.kills < world.setting.kills:
        await world.kill_and_restart()


# ---- what was seen, and what the database holds ---------------------------------------------------------------


def seen_texts(user: FakeUser) -> list[str]:
    """Every text the bot showed in the chat, new messages and edits alike, in order."""
    return [(e.message or {}).get("text") or "" for e in user.chat.events
            if e.from_bot and e.kind in ("new", "edit") and e.message is not None]


def read_seen(world: World) -> Seen:
    seen = Seen()
    for unit, rep in world.reps.items():
        for text in seen_texts(rep):
            if text.startswith("Đăng ký thành công!"):
                seen.joins.append((rep.id, unit))
            if match := re.match(r"Đã lưu ([0-9.,]+) điểm cho tiêu chí ([0-9A-Z.]+)\.", text):
                seen.scores.append((rep.id, match.group(2), number(match.group(1))))
            if match := re.match(r"Đã lưu điểm thẩm định ([0-9.,]+) cho tiêu chí ([0-9A-Z.]+)\.\n\n🔎 (.+?) — ", text):
                seen.checks.append((match.group(3), match.group(2), number(match.group(1))))
            submitted = text.startswith("Đã nộp bảng tự chấm điểm")
            if submitted and (match := re.search(r"Mã biên nhận: ([0-9a-f]{12})", text)):
                seen.submissions.append((unit, match.group(1)))
            if match := re.search(r"Mã biên nhận: ([A-Z0-9]{8})\b", text):
                seen.receipts.append(match.group(1))
            if match := re.match(r"Đã lưu thông báo số (\d+)", text):
                seen.notices.append(int(match.group(1)))
            if text.startswith("📊 KẾT QUẢ KIỂM PHIẾU"):
                seen.results.append(text)
    return seen


def db_rows(path: Path, sql: str, *args: object) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def check_seen_is_stored(world: World, seen: Seen) -> dict[str, int]:
    path = world.db_path
    for user_id, unit in seen.joins:
        assert db_rows(path, """SELECT 1 FROM representative r JOIN channel_identity c ON c.person_id = r.person_id
                                JOIN unit u ON u.id = r.unit_id
                                WHERE c.external_id = ? AND u.name = ? AND r.removed_at IS NULL""",
                       str(user_id), unit), f"a confirmed join of {unit} is not stored"
    for user_id, code, points in seen.scores:
        rows = db_rows(path, """SELECT e.points_centi FROM score_entry e JOIN sheet s ON s.id = e.sheet_id
                                JOIN representative r ON r.unit_id = s.unit_id
                                JOIN channel_identity c ON c.person_id = r.person_id
                                WHERE c.external_id = ? AND e.criterion = ? AND e.layer = 'self'""",
                       str(user_id), code)
        assert int(points * 100) in {p for (p,) in rows}, f"a confirmed score {code}={points} is not stored"
    for unit, code, points in seen.checks:
        rows = db_rows(path, """SELECT e.points_centi FROM score_entry e JOIN sheet s ON s.id = e.sheet_id
                                JOIN unit u ON u.id = s.unit_id WHERE u.name = ? AND e.criterion = ?
                                AND e.layer = 'check1'""", unit, code)
        assert int(points * 100) in {p for (p,) in rows}, f"a confirmed check of {unit} {code} is not stored"
    for unit, receipt in seen.submissions:
        assert db_rows(path, """SELECT 1 FROM submission b JOIN sheet s ON s.id = b.sheet_id JOIN unit u
                                ON u.id = s.unit_id WHERE u.name = ? AND b.receipt = ?""", unit, receipt), \
            f"a confirmed submission of {unit} is not stored"
    for notice in seen.notices:
        assert db_rows(path, "SELECT 1 FROM notice WHERE number = ?", notice), f"notice {notice} is not stored"
    cast = {r for (r,) in db_rows(path, "SELECT receipt FROM ballot WHERE choices NOT LIKE 'null%'")}
    voted = db_rows(path, "SELECT count(*) FROM vote_participation")[0][0]
    receipts = set(seen.receipts)
    assert receipts <= cast, f"receipts seen but no ballot: {receipts - cast}"
    assert len(cast) == voted, f"{len(cast)} ballots in the box for {voted} units that voted"
    assert len(cast) <= len(UNITS)
    for result in seen.results:
        taken = int(re.search(r"thu vào: (\d+)", result).group(1))
        assert taken == len(cast), f"the result counts {taken} ballots, the box holds {len(cast)}"
    return {"ballots": len(cast), "receipts seen": len(receipts),
            "confirmed answers checked": len(seen.joins) + len(seen.scores) + len(seen.checks)
            + len(seen.submissions) + len(seen.notices) + len(receipts) + len(seen.results)}


def check_outbox(world: World) -> dict[str, int]:
    """No outbox message reached a chat more often than it was queued for it; none is left 'sending'."""
    path = world.db_path
    statuses = Counter(s for (s,) in db_rows(path, "SELECT status FROM outbox_copy"))
    assert set(statuses) <= {"sent", "pending", "unknown"}, statuses
    queued: Counter[tuple[str, str]] = Counter()
    sent: Counter[tuple[str, str]] = Counter()
    for chat, body, status in db_rows(path, """SELECT c.chat_id, json_extract(m.body, '$.text'), c.status
                                               FROM outbox_copy c JOIN outbox_message m ON m.id = c.message_id
                                               WHERE c.channel = 'telegram'"""):
        queued[(chat, body)] += 1
        sent[(chat, body)] += status == "sent"
    chats = {str(u.id): u for u in [world.admin, *world.reps.values()]}
    doubled = []
    for (chat, body), count in queued.items():
        user = chats.get(chat)
        if user is None:
            continue
        got = sum(1 for e in user.chat.events if e.from_bot and e.kind == "new" and e.message is not None
                  and (e.message.get("text") or "") == body)
        if got > count:
            doubled.append(f"{chat}: {got} copies of {body[:60]!r} for {count} queued")
        assert got >= sent[(chat, body)], f"{chat}: a copy marked sent never arrived: {body[:60]!r}"
    assert not doubled, doubled
    return dict(statuses)


async def run(tmp_path: Path, setting: Setting) -> None:
    seed = int(os.environ.get("KTD_KILL_SEED") or random.SystemRandom().randrange(10**9))
    print(f"\nkill test: seed {seed} (repeat with KTD_KILL_SEED={seed}), {os.cpu_count()} cores, "
          f"the bot's log in {tmp_path / 'bot.log'}")
    world = World(tmp_path, seed, setting)
    started = time.monotonic()
    await world.start()
    try:
        await run_year(world)
    finally:
        await world.stop()
    seen = read_seen(world)
    figures = check_seen_is_stored(world, seen)
    outbox = check_outbox(world)
    with contextlib.closing(sqlite3.connect(world.db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # a press taken by the killed process and delivered again to the next one is answered twice; the second
    # answer is refused as Telegram would refuse it, and that is the kill's doing, not a wrong call
    answered = Counter(c.params.get("callback_query_id") for c in world.double.bot(world.token).calls
                       if c.method == "answerCallbackQuery" and c.ok)
    again = [r for r in world.double.rejections if r.method == "answerCallbackQuery"
             and answered[r.params.get("callback_query_id")] and "query is too old" in r.description]
    rejected = [r for r in world.double.rejections if r not in again]
    log = (tmp_path / "bot.log").read_text(encoding="utf-8")
    print(f"kill test: {world.kills} kills in {world.steps} steps, {figures['confirmed answers checked']} confirmed "
          f"answers checked, {figures['ballots']} ballots in the box / {figures['receipts seen']} receipts seen, "
          f"outbox copies {outbox}, {len(rejected)} rejected requests ({len(again)} presses answered again after "
          f"a kill), {log.count(' ERROR ')} ERROR lines, "
          f"integrity ok, {time.monotonic() - started:.0f} s ({world.restarting:.0f} s restarting)")
    assert world.kills == setting.kills
    assert rejected == [], rejected
    assert " ERROR " not in log and " CRITICAL " not in log
    assert "Traceback" not in log
    assert world.token.split(":")[1] not in log


async def test_kills_at_random_points_of_a_year_lose_nothing_confirmed(tmp_path):
    await run(tmp_path, QUICK)


@pytest.mark.stress
async def test_kills_at_random_points_of_a_year_lose_nothing_confirmed_long(tmp_path):
    await run(tmp_path, LONG)
