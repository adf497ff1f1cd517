"""Fake users of a Zalo Official Account: the test side of the OA double, so tests read like a chat.

    user = double.user("Nguyễn Văn An")
    await user.follow()
    await user.send("/start K7QXM2PA9Z")
    message = await user.next_message()
    await user.press("✅ Xác nhận")

Every action is an event the double posts, signed, to the bot's webhook (and an interaction, which opens the
7-day window); the reading helpers show what the OA sent this user.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .state import OAUser

if TYPE_CHECKING:
    from .server import ZaloOADouble

Message = dict[str, Any]


class ZaloOAUser:
    def __init__(self, double: ZaloOADouble, user: OAUser) -> None:
        self._double = double
        self._user = user
        self._cursor = len(user.messages)
        self.last_event: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"ZaloOAUser({self.id}, {self._user.display_name!r})"

    @property
    def id(self) -> str:
        return self._user.id

    @property
    def messages(self) -> list[Message]:
        return list(self._user.messages)

    @property
    def texts(self) -> list[str]:
        return [m["text"] or "" for m in self._user.messages]

    async def _post(self, name: str, message: dict[str, Any] | None = None) -> int:
        event = self._double.event(self._user, name, message)
        self.last_event = event
        return await self._double.post_event(event)

    async def send(self, text: str) -> int:
        """Types a message; the webhook's HTTP status."""
        return await self._post("user_send_text", {"text": text})

    async def press(self, title: str) -> int:
        """Presses the button `title` of the latest message that has buttons: Zalo sends its payload as text."""
        for message in reversed(self._user.messages):
            if message["buttons"]:
                payloads = [payload for label, payload in message["buttons"] if label == title]
                assert payloads, f"no button {title!r} in {[label for label, _ in message['buttons']]}"
                return await self.send(payloads[0])
        raise AssertionError("the OA sent no buttons")

    async def send_image(self, url: str) -> int:
        return await self._post("user_send_image", {"text": "", "attachments": [
            {"type": "image", "payload": {"url": url, "thumbnail": url}}]})

    async def send_file(self, url: str, name: str, size: int) -> int:
        return await self._post("user_send_file", {"attachments": [
            {"type": "file", "payload": {"url": url, "name": name, "size": str(size), "type": name.rsplit(".")[-1]}}]})

    async def follow(self) -> int:
        self._user.follower = True
        return await self._post("follow")

    async def unfollow(self) -> int:
        self._user.follower = False
        return await self._post("unfollow")

    async def next_messages(self, count: int, timeout: float = 5.0) -> list[Message]:  # noqa: ASYNC109
        return [await self.next_message(timeout) for _ in range(count)]

    def skip_to_now(self) -> None:
        self._cursor = len(self._user.messages)

    async def next_message(self, timeout: float = 5.0) -> Message:  # noqa: ASYNC109
        """The OA's next message to this user since the previous call."""
        async def wait() -> Message:
            while self._cursor >= len(self._user.messages):
                self._user.changed.clear()
                await self._user.changed.wait()
            self._cursor += 1
            return self._user.messages[self._cursor - 1]

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no new OA message to {self.id} within {timeout}s "
                               f"(last: {self.texts[-1:]!r})") from None
