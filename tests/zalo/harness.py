"""The end-to-end harness for Zalo: the real bot (bot.app.start_bot) with BOTH channels, against the
Telegram Bot API double and the Zalo Bot API double on 127.0.0.1, in one process.

Tests talk as Telegram users (FakeUser) and as Zalo users (ZaloUser). Every request either double
rejects fails the test that caused it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from bot.double.zalo import ZaloDouble, ZaloUser
from bot.settings import Settings
from tests.e2e.harness import BotHarness


class ZaloHarness(BotHarness):
    def __init__(self, db_path: Path, *, zalo_double: dict[str, Any] | None = None,
                 **settings_overrides: object) -> None:
        super().__init__(db_path, **settings_overrides)
        # idle long polls end 50x sooner: the bot's 5 s poll costs 0.1 s
        self.zalo = ZaloDouble(**{"poll_time_scale": 0.02, "webhook_retry_delay": 0.0, **(zalo_double or {})})
        self.zalo_token = ""

    async def start_double(self) -> None:
        await super().start_double()
        await self.zalo.start()
        self.zalo_token = self.zalo.create_bot()

    def settings(self) -> Settings:
        return dataclasses.replace(super().settings(), zalo_token=self.zalo_token, zalo_api_url=self.zalo.api_url)

    async def stop(self) -> None:
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
