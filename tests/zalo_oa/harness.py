"""The end-to-end harness for a Zalo Official Account: the real bot (bot.app.wiring.start_bot) with Telegram and
the OA as its Zalo channel, against the Telegram double and the OA double on 127.0.0.1, in one process.

The OA double reads the bot's FakeClock (harness.clock), so tokens expire and the 7-day window closes when a
test moves the clock, never in real time. The OA starts authorized: its tokens are stored as
`bot.py zalo-oa-authorize` stores them. Every request the OA double rejects fails the test that caused it.
"""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path
from typing import Any

from bot.app.settings import Settings
from bot.sandbox.doubles.zalo_oa import ZaloOADouble, ZaloOAUser
from bot.services.zalo_oa import ZaloOAStore
from storage.db import Database
from tests.e2e.harness import BotHarness


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ZaloOAHarness(BotHarness):
    def __init__(self, db_path: Path, **settings_overrides: object) -> None:
        super().__init__(db_path, **settings_overrides)
        self.oa = ZaloOADouble(now=self.clock.now)
        self.oa_port = _free_port()
        self.authorized = True

    async def start_double(self) -> None:
        await super().start_double()
        await self.oa.start()
        self.oa.webhook_url = f"http://127.0.0.1:{self.oa_port}/zalo-oa/webhook"
        if self.authorized:
            db = Database(self.db_path)
            await db.open()
            try:
                await ZaloOAStore(db, self.clock).save_tokens(self.oa.app_id, *self.oa.issue_tokens())
            finally:
                await db.close()

    def settings(self) -> Settings:
        return dataclasses.replace(
            super().settings(), zalo_oa_app_id=self.oa.app_id, zalo_oa_app_secret=self.oa.app_secret,
            zalo_oa_secret_key=self.oa.oa_secret_key, zalo_oa_webhook_url=self.oa.webhook_url,
            zalo_oa_webhook_listen="127.0.0.1", zalo_oa_webhook_port=self.oa_port,
            zalo_oa_api_url=self.oa.api_url, zalo_oa_oauth_url=self.oa.oauth_url)

    async def stop(self) -> None:
        try:
            await self.stop_bot()
            await self.double.stop()
        finally:
            await self.oa.stop()

    async def settle(self) -> None:
        """Waits until both channels have finished handling what came in, and the outbox is empty."""
        assert self.running is not None and self.running.zalo_oa is not None
        for _ in range(2):
            await super().settle()
            await self.running.zalo_oa.wait_idle()

    def oa_user(self, name: str = "Trần Thị Bình") -> ZaloOAUser:
        return self.oa.user(name)

    def check_rejections(self) -> None:
        rejected = list(self.oa.rejections)
        self.oa.rejections.clear()
        super().check_rejections()
        if rejected:
            raise AssertionError(f"the Zalo OA double rejected {len(rejected)} request(s) from the bot: {rejected}")


async def osay(user: ZaloOAUser, text: str) -> dict[str, Any]:
    """Sends text to the OA and returns the OA's next message to this user."""
    user.skip_to_now()
    assert await user.send(text) == 200
    return await user.next_message()


async def choose(user: ZaloOAUser, label: str) -> dict[str, Any]:
    """Picks `label` from the OA's latest message: its button when it has buttons, else its number."""
    latest = next((m for m in reversed(user.messages) if m["text"]), None)
    assert latest is not None
    user.skip_to_now()
    if latest["buttons"]:
        assert await user.press(label) == 200
        return await user.next_message()
    labels = numbered(latest["text"])
    assert label in labels, (label, latest["text"])
    return await osay(user, str(labels.index(label) + 1))


def button_titles(message: dict[str, Any]) -> list[str]:
    return [title for title, _ in message["buttons"]]


def numbered(text: str) -> list[str]:
    labels = []
    for line in text.splitlines():
        head, dot, rest = line.partition(". ")
        if dot and head.isdigit() and int(head) == len(labels) + 1:
            labels.append(rest)
    return labels
