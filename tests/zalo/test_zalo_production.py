"""The Bot Platform channel made safe for production (issue #19 §3): polling flagged as development only, a
recipient's refusal holding back that recipient only, a split text never sent twice, the month's messages
counted against the quota with one warning to the head, and the update shapes the docs and clients disagree
on."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re

import pytest

from bot.app.doctor import diagnose
from bot.channels.zalo import POLLING_WARNING
from bot.services.notify import SENT
from bot.services.outbox import DeliveryCounts
from bot.services.sample_bloc import HEAD_UNIT, seed_sample_bloc
from bot.text.messages import Copy, Reply
from storage import outbox as outbox_repo
from storage import zalo_usage
from tests.e2e.harness import press, say, sender_of
from tests.zalo.harness import ZaloHarness, zsay

LONG_FIRST = "Phần một: " + "a" * 1980
LONG_SECOND = "Phần hai: hết."
LONG = f"{LONG_FIRST}\n{LONG_SECOND}"  # over Zalo's 2,000 characters: two parts, split at the line


class ManualPause:
    """The outbox's pauses, ended by the test: no real time passes, and a pause nobody ends lasts forever."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.begun = asyncio.Event()
        self._current: asyncio.Future[None] | None = None

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        self._current = asyncio.get_running_loop().create_future()
        self.begun.set()
        await self._current

    def end(self) -> None:
        assert self._current is not None
        self.begun.clear()
        self._current.set_result(None)


async def no_sleep(seconds: float) -> None:
    pass


async def started(harness: ZaloHarness, *names: str) -> list:
    """Zalo users who wrote to the bot (Zalo lets a bot write only to them), their welcome read."""
    users = []
    for name in names:
        user = harness.zalo_user(name)
        await zsay(user, "/start")
        users.append(user)
    await harness.settle()
    return users


async def copy_counts(harness: ZaloHarness, origin: str) -> DeliveryCounts:
    async with harness.services.db.reading() as conn:
        return DeliveryCounts.of(await outbox_repo.counts(conn, origin))


async def enqueue(harness: ZaloHarness, origin: str, *chats: tuple[str, str]) -> None:
    await harness.services.outbox.enqueue([Copy(Reply(text), "zalo", chat, None, origin) for chat, text in chats])


# --- long polling is for development --------------------------------------------------------------------


async def test_starting_with_long_polling_warns_once_naming_the_webhook_settings(harness, caplog):
    warned = [r for r in caplog.get_records("setup") if r.levelno == logging.WARNING
              and r.getMessage() == POLLING_WARNING]
    assert len(warned) == 1
    assert "KTD_ZALO_WEBHOOK_URL" in POLLING_WARNING and "KTD_ZALO_WEBHOOK_SECRET" in POLLING_WARNING


async def test_the_doctor_flags_a_zalo_bot_that_polls_but_not_one_with_a_webhook(harness):
    settings = harness.settings()
    found = await diagnose(settings)
    flagged = [f for f in found if f.key == "doctor.zalo_polling"]
    assert len(flagged) == 1 and not flagged[0].ok
    line = flagged[0].line("vi")
    assert "long polling" in line and "KTD_ZALO_WEBHOOK_URL" in line and "KTD_ZALO_WEBHOOK_SECRET" in line
    # the health check (--quick) is about how the bot is doing, not how it is set up
    assert all(f.key != "doctor.zalo_polling" for f in await diagnose(settings, quick=True))
    with_webhook = dataclasses.replace(settings, zalo_webhook_url="https://bot.example.vn/zalo",
                                       zalo_webhook_secret="s3cret-zalo-hook", zalo_webhook_port=8555)
    assert all(f.key != "doctor.zalo_polling" for f in await diagnose(with_webhook))


# --- one recipient's refusal holds back that recipient only ---------------------------------------------


async def test_a_quota_refusal_for_one_recipient_holds_back_that_chat_only(harness):
    an, binh, cuong = await started(harness, "An", "Bình", "Cường")
    outbox = harness.running.outbox
    pause = ManualPause()
    outbox._sleep = pause  # a pause lasts until the test ends it
    for user in (an, binh, cuong):
        user.skip_to_now()
    an_before = len(an.texts)
    # Zalo answers 429 "Quota exceeded" for An's chat
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 429, "Quota exceeded", chat_id=an.id)
    await enqueue(harness, "test.an", (an.id, "Thông báo 1 cho An"))
    await asyncio.wait_for(pause.begun.wait(), 10)  # the refusal is handled: something is paused
    # copies enqueued now: An's second waits behind the first; the others go out, though An's pause never ends
    await enqueue(harness, "test.others", (binh.id, "Thông báo cho Bình"), (an.id, "Thông báo 2 cho An"),
                  (cuong.id, "Thông báo cho Cường"))
    assert (await binh.next_message())["text"] == "Thông báo cho Bình"
    assert (await cuong.next_message())["text"] == "Thông báo cho Cường"
    assert an.texts[an_before:] == []
    refused = await copy_counts(harness, "test.an")
    assert (refused.waiting, refused.sent, refused.undeliverable, refused.unknown) == (1, 0, 0, 0)
    # the pause ends (Zalo no longer refuses): An gets both, in order, once each
    pause.end()
    assert [m["text"] for m in await an.next_messages(2)] == ["Thông báo 1 cho An", "Thông báo 2 cho An"]
    await harness.settle()
    assert (await copy_counts(harness, "test.an")).sent == 1
    assert (await copy_counts(harness, "test.others")).sent == 3
    assert pause.asked == [5.0]


async def test_every_chat_refused_in_a_row_is_the_channel_s_own_limit_and_pauses_it(harness):
    users = await started(harness, *(f"Người {n}" for n in range(6)))
    outbox = harness.running.outbox
    pause = ManualPause()
    outbox._sleep = pause
    # the bot's monthly quota spent: Zalo refuses every chat alike
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 429, "Quota exceeded", times=1000)
    for user in users[:5]:
        await enqueue(harness, "test.quota", (user.id, "Nhắc việc"))
        await asyncio.wait_for(pause.begun.wait(), 10)
        pause.begun.clear()
    # the fifth refusal in a row paused the channel: nothing more is tried until the pause ends
    assert "zalo" in outbox._paused
    tried = len([c for c in harness.zalo.calls if c.method == "sendMessage"])
    await enqueue(harness, "test.quota", (users[5].id, "Nhắc việc"))
    await outbox._next_write()
    assert len([c for c in harness.zalo.calls if c.method == "sendMessage"]) == tried
    counts = await copy_counts(harness, "test.quota")
    assert (counts.waiting, counts.sent) == (6, 0)


# --- a split text is never sent twice -----------------------------------------------------------------


async def test_a_copy_whose_second_part_is_refused_is_unknown_and_its_first_part_not_sent_again(harness):
    (an,) = await started(harness, "An")
    before = len(an.texts)
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 400, "Bad request", chat_id=an.id, skip=1)
    await enqueue(harness, "test.long", (an.id, LONG))
    await harness.settle()
    counts = await copy_counts(harness, "test.long")
    # half of it arrived: not 'failed' (as if nothing had), and never sent whole again
    assert (counts.unknown, counts.undeliverable, counts.waiting) == (1, 0, 0)
    assert an.texts[before:] == [LONG_FIRST]


async def test_an_answer_part_whose_connection_dropped_is_sent_again_without_the_parts_before(harness):
    (an,) = await started(harness, "An")
    channel = harness.running.zalo
    channel._sleep = no_sleep
    before = len(an.texts)
    # the second part's request gets no answer (the connection is cut before Zalo takes it)
    harness.zalo.drop_connection(harness.zalo_token, "sendMessage", chat_id=an.id, skip=1)
    assert await channel.deliver(an.id, Reply(LONG)) == SENT
    assert an.texts[before:] == [LONG_FIRST, LONG_SECOND]
    assert harness.zalo.stats["dropped"] == 1 and channel.possible_duplicates == 1


# --- messages counted per month, the head warned at 80% ----------------------------------------------------


@pytest.fixture
async def small_quota(tmp_path_factory):
    h = ZaloHarness(tmp_path_factory.mktemp("zalo-quota") / "bot.sqlite3", zalo_monthly_quota=5)
    await h.start_double()
    try:
        await h.start_bot()
    except BaseException:
        await h.stop()
        raise
    yield h
    await h.stop()
    h.check_rejections()


async def test_messages_are_counted_per_month_and_the_head_is_warned_once_at_80_percent(small_quota):
    harness = small_quota
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    head_rep = harness.user("Nguyễn Thị Hoa")
    await say(head_rep, f"/start {sample.invites[HEAD_UNIT].code}")
    assert (await press(head_rep, "Xác nhận"))["text"].startswith("Đăng ký thành công!")
    await harness.settle()
    head_rep.skip_to_now()
    an = harness.zalo_user("An")
    for _ in range(3):  # 3 answers: under 80% of 5
        await zsay(an, "/start")
    await harness.settle()
    await harness.running.zalo.usage.flush()
    await harness.settle()
    assert not any("Bot Zalo đã gửi" in (m.get("text") or "") for m in head_rep.messages)
    for _ in range(4):  # past 80%, and past the quota itself: still one warning
        await zsay(an, "/start")
        await harness.running.zalo.usage.flush()
    await harness.settle()
    warnings = [m["text"] for m in head_rep.messages if "Bot Zalo đã gửi" in (m.get("text") or "")]
    assert len(warnings) == 1, warnings
    used = re.search(r"Bot Zalo đã gửi (\d+)/5 tin nhắn trong tháng 11/2026 \((\d+)% hạn mức", warnings[0])
    assert used is not None and int(used.group(1)) >= 4 and int(used.group(2)) >= 80, warnings[0]
    # the count is every message Zalo accepted this month, each part of a split text included
    sent = sum(len(chat.bot_messages()) for chat in harness.zalo.bot(harness.zalo_token).chats.values())
    async with harness.services.db.reading() as conn:
        usage = await zalo_usage.month_usage(conn, harness.running.zalo.bot_id, "2026-11")
    assert usage is not None and usage.messages == sent == 7 and usage.warned_at is not None


# --- the update shapes ----------------------------------------------------------------------------------


async def test_an_image_update_is_read_from_the_documented_photo_field(harness):
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    rep = harness.zalo_user("Đại diện")
    await zsay(rep, f"/start {sample.invites[HEAD_UNIT].code}")
    await zsay(rep, "1")
    await zsay(rep, "/nhapdonvi")
    rep.skip_to_now()
    # the URL cannot be fetched: only an update read as an image gets as far as downloading it
    await rep.send_image("http://127.0.0.1:9/anh.jpg", field="photo")
    assert (await rep.next_message())["text"].startswith("Xin lỗi, đã có lỗi ở phía hệ thống")


@pytest.fixture
async def list_updates(tmp_path_factory):
    h = ZaloHarness(tmp_path_factory.mktemp("zalo-list") / "bot.sqlite3", zalo_double={"updates_as_list": True})
    await h.start_double()
    try:
        await h.start_bot()
    except BaseException:
        await h.stop()
        raise
    yield h
    await h.stop()
    h.check_rejections()


async def test_a_get_updates_result_that_is_a_list_is_handled(list_updates):
    user = list_updates.zalo_user("Người Lạ")
    assert (await zsay(user, "/start")).startswith("Kính chào Người Lạ!")
