"""Fake Zalo users and groups: the test side of the Zalo double, so tests read like a chat transcript.

    user = double.user(token, display_name="Nguyễn Văn An")
    await user.send("/start K7QXM2PA9Z")
    reply = await user.next_message()
    await user.send("1")

Actions record the user's message in the chat and queue the update Zalo would deliver; the reading
helpers show what the bot sent to that chat (Zalo bots cannot edit, so messages never change).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .state import ZaloBot, ZaloChat

if TYPE_CHECKING:
    from .server import ZaloDouble

Message = dict[str, Any]


class _ChatView:
    def __init__(self, double: ZaloDouble, bot: ZaloBot, chat: ZaloChat) -> None:
        self._double = double
        self._bot = bot
        self._chat = chat
        self._cursor = len(chat.events)

    @property
    def chat_id(self) -> str:
        return self._chat.id

    @property
    def messages(self) -> list[Message]:
        """Everything the bot sent to this chat, in order (text, photo or sticker messages)."""
        return self._chat.bot_messages()

    @property
    def texts(self) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.messages]

    @property
    def last_message(self) -> Message | None:
        messages = self.messages
        return messages[-1] if messages else None

    @property
    def actions(self) -> list[str]:
        """Chat actions (typing) the bot showed here."""
        return self._chat.actions()

    async def next_message(self, timeout: float = 5.0) -> Message:  # noqa: ASYNC109
        """The bot's next message in this chat since the previous call (or since this view was made)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = await self._chat.wait_event(self._cursor, max(0.0, deadline - loop.time()))
            if event is None:
                last = self.last_message
                raise TimeoutError(f"no new bot message in Zalo chat {self._chat.id} within {timeout}s "
                                   f"(last bot message: {(last or {}).get('text')!r})")
            self._cursor = event.seq + 1
            if event.from_bot and event.message is not None:
                return dict(event.message)

    async def next_messages(self, count: int, timeout: float = 5.0) -> list[Message]:  # noqa: ASYNC109
        return [await self.next_message(timeout) for _ in range(count)]

    def skip_to_now(self) -> None:
        """Forget unread messages, so next_message() only returns what the bot sends from now on."""
        self._cursor = len(self._chat.events)


class ZaloUser(_ChatView):
    """One Zalo user writing to the bot in a private chat (chat id = user id, as on Zalo)."""

    def __init__(self, double: ZaloDouble, bot: ZaloBot, profile: dict[str, Any], chat: ZaloChat) -> None:
        super().__init__(double, bot, chat)
        self.profile = profile

    def __repr__(self) -> str:
        return f"ZaloUser({self.id}, {self.display_name!r})"

    @property
    def id(self) -> str:
        return str(self.profile["id"])

    @property
    def display_name(self) -> str:
        return str(self.profile["display_name"])

    async def _post(self, event_name: str, content: Message) -> Message:
        update = self._double.user_message(self._bot, self._chat, self.profile, event_name, content)
        await asyncio.sleep(0)
        return update

    async def send(self, text: str) -> Message:
        """Types a message to the bot; returns the update Zalo delivers for it."""
        return await self._post("message.text.received", {"text": text})

    async def send_image(self, url: str, caption: str | None = None, field: str = "photo_url") -> Message:
        """A photo; `field` is where the update carries its URL: the documented "photo", or "photo_url" as
        public clients observed it."""
        content: Message = {field: url}
        if caption:
            content["caption"] = caption
        return await self._post("message.image.received", content)

    async def send_sticker(self, sticker: str = "0e078a2fb66a5f34067b") -> Message:
        return await self._post("message.sticker.received",
                                {"sticker": sticker, "url": f"https://zalo-api.zadn.vn/sticker/{sticker}"})

    async def send_unsupported(self) -> Message:
        """What Zalo sends instead of the content when the sender belongs to a protected group."""
        return await self._post("message.unsupported.received", {})


class ZaloGroup(_ChatView):
    """A Zalo group the bot is in (a beta feature on Zalo)."""

    async def send(self, user: ZaloUser, text: str) -> Message:
        update = self._double.user_message(self._bot, self._chat, user.profile, "message.text.received",
                                           {"text": text})
        await asyncio.sleep(0)
        return update
