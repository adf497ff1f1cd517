"""Zalo when things go wrong: idle polls (HTTP 408) are normal, errors are retried a bounded number of
times and logged on one line, a refused token stops the Zalo channel, and no log line carries the token."""

from __future__ import annotations

import functools
import logging

import pytest

import bot.app.wiring
from bot.app.logging_setup import RedactingFormatter
from bot.app.settings import Settings
from bot.app.wiring import start_bot
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_client import ZaloUnauthorized
from bot.services.notify import FAILED, LATER, SENT, UNKNOWN
from bot.services.sample_bloc import HEAD_UNIT, seed_sample_bloc
from bot.text.messages import Choice, Reply
from tests.e2e.harness import say, sender_of
from tests.zalo.harness import ZaloHarness, zsay

SLEEPS: list[float] = []


async def no_sleep(seconds: float) -> None:
    SLEEPS.append(seconds)


class Captured(logging.Handler):
    """Every record of the module, formatted as the bot formats them in production (bot/app/logging_setup.py),
    but without the configured secrets: only what the bot itself keeps out of its messages stays out."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(RedactingFormatter())
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(record.getMessage())
        self.lines.append(self.format(record))


@pytest.fixture
def captured():
    handler = Captured()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # as configure_logging does: httpx logs every URL at INFO, and the URL holds the token
    quieted = {name: logging.getLogger(name) for name in ("httpx", "httpcore")}
    old_levels = {name: logger.level for name, logger in quieted.items()}
    for logger in quieted.values():
        logger.setLevel(logging.WARNING)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)
    for name, logger in quieted.items():
        logger.setLevel(old_levels[name])


@pytest.fixture
async def harness(tmp_path_factory, captured, monkeypatch):
    # retries and poll back-offs happen, without real waiting; pytest's monkeypatch undoes it after the
    # test whatever happens, so no other test's bot gets this module's sleep
    monkeypatch.setattr(bot.app.wiring, "ZaloChannel", functools.partial(ZaloChannel, sleep=no_sleep))
    h = ZaloHarness(tmp_path_factory.mktemp("zalo-failures") / "bot.sqlite3")
    await h.start_double()
    try:
        await h.start_bot()
    except BaseException:
        await h.stop()
        raise
    yield h
    await h.stop()
    h.check_rejections()
    # every test's log lines, its bot's start and stop included, keep the token out (as the last test checks)
    assert token_leaks(captured, h) == []


def token_leaks(captured: Captured, harness) -> list[str]:
    secret = harness.zalo_token.split(":", 1)[1]
    return [line for line in captured.lines if secret in line or "zdbl." in line]


def zalo_records(captured: Captured, since: int = 0, level: int = logging.WARNING) -> list[str]:
    return [r.getMessage() for r in captured.records[since:]
            if r.name.startswith("bot.channels.zalo") and r.levelno >= level]


def polls(harness) -> list:
    return [c for c in harness.zalo.calls if c.method == "getUpdates"]


async def test_idle_polling_is_normal_and_logs_nothing_alarming(harness, captured):
    start = len(captured.records)
    seen = len(polls(harness))
    while len([c for c in polls(harness)[seen:] if c.error_code == 408]) < 3:
        await harness.zalo.wait_idle(harness.zalo_token, quiet=0.05)
    assert all(c.params == {"timeout": "5"} for c in polls(harness))
    assert zalo_records(captured, start) == []


async def test_server_errors_and_rate_limits_are_retried_with_back_off(harness, captured):
    user = harness.zalo_user("Người Lạ")
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 500, "Internal Server Error", times=2)
    SLEEPS.clear()
    assert (await zsay(user, "/start")).startswith("Kính chào Người Lạ!")
    assert SLEEPS == [0.5, 1.0]

    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 429, "Quota exceeded", times=3)
    SLEEPS.clear()
    assert (await zsay(user, "/start")).startswith("Kính chào Người Lạ!")
    assert SLEEPS == [1.0, 2.0, 4.0]


async def test_an_error_that_does_not_pass_is_logged_and_the_loop_goes_on(harness, captured):
    user = harness.zalo_user("Người Lạ 2")
    start = len(captured.records)
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 500, "Internal Server Error", times=4)
    await user.send("/start")
    await harness.settle()
    assert user.messages == []
    errors = zalo_records(captured, start, logging.ERROR)
    assert errors == [f"sending to zalo chat {user.id} failed: Zalo sendMessage: 500 Internal Server Error"]
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 400, "Bad request", times=1)
    await user.send("/start")
    await harness.settle()
    assert len(zalo_records(captured, start, logging.ERROR)) == 2
    assert (await zsay(user, "/start")).startswith("Kính chào")


async def test_polling_survives_failing_polls(harness, captured):
    start = len(captured.records)
    harness.zalo.inject_error(harness.zalo_token, "getUpdates", 500, "Internal Server Error", times=2)
    SLEEPS.clear()
    user = harness.zalo_user("Người Lạ 3")
    assert (await zsay(user, "/start")).startswith("Kính chào")
    # a poll already waiting when the failures were arranged may bring the first message before they hit;
    # the second message can only come through a poll after both failures
    assert (await zsay(user, "/start")).startswith("Kính chào")
    warnings = zalo_records(captured, start)
    assert warnings[:2] == ["zalo getUpdates failed: Zalo getUpdates: 500 Internal Server Error; next try in 1 s",
                            "zalo getUpdates failed: Zalo getUpdates: 500 Internal Server Error; next try in 2 s"]
    assert SLEEPS[:2] == [1.0, 2.0]


async def test_a_failing_dialog_gets_an_apology_and_one_log_line(harness, captured):
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    rep = harness.zalo_user("Đại diện")
    await zsay(rep, f"/start {sample.invites[HEAD_UNIT].code}")
    await zsay(rep, "1")
    await zsay(rep, "/nhapdonvi")
    start = len(captured.records)
    rep.skip_to_now()
    # a photo whose URL cannot be fetched: the download fails inside the import step
    await rep.send_image("http://127.0.0.1:9/anh.jpg")
    assert (await rep.next_message())["text"].startswith("Xin lỗi, đã có lỗi ở phía hệ thống")
    errors = [r for r in captured.records[start:] if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].getMessage() == f"an update in zalo chat {rep.id} failed: ZaloTransportError"
    formatted = RedactingFormatter().format(errors[0])
    assert "\n" not in formatted and "(ZaloTransportError: Zalo download: ConnectError at " in formatted


async def _left() -> None:
    """A sender's leaving hook with nothing to record."""


async def test_a_notice_that_does_not_go_out_is_reported_as_failed_or_to_try_later(harness):
    user = harness.zalo_user("Người nhận thông báo")
    await zsay(user, "/start")
    channel = harness.running.zalo
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 400, "Bad request")
    assert await channel.deliver(user.id, Reply("Nhắc việc")) == FAILED  # refused: not worth another try
    # Zalo's servers failing: the message may have been taken, so a copy is not tried again (at most once)
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 500, "Internal Server Error", times=1)
    assert await channel.deliver(user.id, Reply("Nhắc việc"), leaving=_left) == UNKNOWN
    # a 429 certainly did not send: the outbox tries again later
    harness.zalo.inject_error(harness.zalo_token, "sendMessage", 429, "Quota exceeded", times=1)
    assert await channel.deliver(user.id, Reply("Nhắc việc"), leaving=_left) == LATER
    user.skip_to_now()
    assert await channel.deliver(user.id, Reply("Nhắc việc", [[Choice("Mở phiếu", "as")]])) == SENT
    text = (await user.next_message())["text"]
    assert text.startswith("Nhắc việc\n\n1. Mở phiếu")


async def test_a_wrong_token_at_start_stops_the_start_without_showing_it(tmp_path, harness):
    settings = Settings(zalo_token="123456:zdbl.not-a-real-token-at-all", zalo_api_url=harness.zalo.api_url,
                        database_path=tmp_path / "other.sqlite3")
    with pytest.raises(ZaloUnauthorized) as caught:
        await start_bot(settings)
    assert "zdbl" not in str(caught.value) and str(caught.value) == "Zalo getMe: 401 Unauthorized"
    # the double saw a call with a token it does not know: that is this test's point, not a bot bug
    harness.zalo.rejections.clear()


async def test_a_token_refused_while_running_stops_the_zalo_channel(harness, captured):
    start = len(captured.records)
    harness.zalo.inject_error(harness.zalo_token, "getUpdates", 401, "Unauthorized", times=1)
    channel = harness.running.zalo
    while not channel.unauthorized:
        await harness.zalo.wait_idle(harness.zalo_token, quiet=0.05)
    errors = zalo_records(captured, start, logging.ERROR)
    assert len(errors) == 1 and "(401)" in errors[0] and "KTD_ZALO_TOKEN" in errors[0]
    count = len(polls(harness))
    await harness.zalo.wait_idle(harness.zalo_token, quiet=0.2)
    assert len(polls(harness)) == count
    # Telegram goes on
    user = harness.user("Người Telegram")
    assert (await say(user, "/start"))["text"].startswith("Kính chào")


def test_no_log_line_carries_the_token(harness, captured):
    assert captured.lines
    assert token_leaks(captured, harness) == []
