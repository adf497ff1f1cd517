"""The end-to-end harness for Zalo: the real bot (bot.app.wiring.start_bot) with BOTH channels, against the
Telegram Bot API double and the Zalo Bot API double on 127.0.0.1, in one process.

Tests talk as Telegram users (FakeUser) and as Zalo users (ZaloUser). Every request either double
rejects fails the test that caused it, except a long poll the bot abandons because the harness is stopping
it (see HarnessZaloDouble).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.app.settings import Settings
from bot.sandbox.doubles.zalo import ZaloDouble, ZaloUser
from bot.sandbox.doubles.zalo.state import ZaloRejection
from tests.e2e.harness import BotHarness

CUT_OFF = "Internal Server Error: ConnectionResetError"


class HarnessZaloDouble(ZaloDouble):
    """The Zalo double as the harness runs it, telling a clean stop of the bot from a rejection.

    Stopping the bot cancels its long poll wherever it is. Cut while the double waits for an update, the
    double already answers it as the bot gone away (an expected 408); cut after its headers but before its
    body, the double fails reading the parameters ("Connection lost") and records a 500 rejection, though
    the bot made no wrong call. Such a rejection is moved to `abandoned_polls` when, and only when, it is a
    getUpdates whose connection is gone, sent by a run of the bot that the harness has begun to stop. Any
    other rejection, a cut-off poll of a bot still running included, stays for check_rejections."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.run = 0  # the bot's current run, counted by ZaloHarness.start_bot (0: none started by it)
        self.stopping_since = 0  # the latest run whose stop has begun
        self.abandoned_polls: list[ZaloRejection] = []

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        run = self.run
        response = await super()._handle_api(request)
        # nothing awaits between the double recording a rejection and returning: if this call was rejected,
        # its rejection is the last one
        transport = request.transport
        if (request.match_info["method"] == "getUpdates" and response.status == 500
                and (transport is None or transport.is_closing()) and 0 < run <= self.stopping_since
                and self.rejections and self.rejections[-1].description == CUT_OFF):
            self.abandoned_polls.append(self.rejections.pop())
        return response


class ZaloHarness(BotHarness):
    def __init__(self, db_path: Path, *, zalo_double: dict[str, Any] | None = None,
                 **settings_overrides: object) -> None:
        super().__init__(db_path, **settings_overrides)
        # idle long polls end 50x sooner: the bot's 5 s poll costs 0.1 s
        self.zalo = HarnessZaloDouble(**{"poll_time_scale": 0.02, "webhook_retry_delay": 0.0,
                                         **(zalo_double or {})})
        self.zalo_token = ""

    async def start_double(self) -> None:
        await super().start_double()
        await self.zalo.start()
        self.zalo_token = self.zalo.create_bot()

    def settings(self) -> Settings:
        return dataclasses.replace(super().settings(), zalo_token=self.zalo_token, zalo_api_url=self.zalo.api_url)

    async def start_bot(self) -> None:
        self.zalo.run += 1
        await super().start_bot()

    async def stop_bot(self) -> None:
        if self.running is not None:
            self.zalo.stopping_since = self.zalo.run  # from here, a poll this run abandons is no rejection
        await super().stop_bot()

    async def stop(self) -> None:
        # the bot first, while the doubles still answer it; then the doubles
        try:
            await self.stop_bot()
            await self.double.stop()
        finally:
            await self.zalo.stop()

    async def settle(self) -> None:
        """Waits until both channels have taken every update and finished handling it."""
        assert self.running is not None and self.running.zalo is not None
        for _ in range(2):
            await super().settle()
            await self.zalo.wait_idle(self.zalo_token, quiet=0.02)
            await self.running.zalo.wait_idle()

    def zalo_user(self, name: str = "Trần Thị Bình", user_id: str | None = None) -> ZaloUser:
        return self.zalo.user(self.zalo_token, user_id=user_id, display_name=name)

    def check_rejections(self) -> None:
        rejected = list(self.zalo.rejections)
        failed = list(self.zalo.delivery_failures)
        self.zalo.rejections.clear()
        self.zalo.delivery_failures.clear()
        super().check_rejections()
        if rejected:
            raise AssertionError(f"the Zalo double rejected {len(rejected)} request(s) from the bot: {rejected}")
        if failed:
            raise AssertionError(f"Zalo webhook deliveries to the bot failed: {failed}")


async def zsay(user: ZaloUser, text: str) -> str:
    """Sends text on Zalo and returns the text of the bot's next message in that chat."""
    user.skip_to_now()
    await user.send(text)
    return (await user.next_message())["text"]


async def join_on_zalo(harness: ZaloHarness, sample: Any, unit: str, name: str) -> ZaloUser:
    """A new Zalo user, `name`, who opens `unit`'s invite of the sample bloc and confirms by number: a
    representative of the unit."""
    user = harness.zalo_user(name)
    text = await zsay(user, f"/start {sample.invites[unit].code}")
    assert numbered(text) == ["✅ Xác nhận", "Hủy"], text
    assert (await zsay(user, "1")).startswith("Đăng ký thành công!")
    return user


def numbered(text: str) -> list[str]:
    """The labels of the numbered options in a Zalo message ("1. ✅ Xác nhận" -> "✅ Xác nhận")."""
    labels = []
    for line in text.splitlines():
        head, dot, rest = line.partition(". ")
        if dot and head.isdigit() and int(head) == len(labels) + 1:
            labels.append(rest)
    return labels


def hashed(text: str) -> list[str]:
    """The labels of the options shown as "#1 label" while a step waits for typed input."""
    labels = []
    for line in text.splitlines():
        head, space, rest = line.partition(" ")
        if space and head == f"#{len(labels) + 1}":
            labels.append(rest)
    return labels
