"""Fake Telegram users and groups: the test side of the double, so tests read like a chat transcript.

    user = double.user(token, first_name="Nguyễn Văn An")
    await user.send("/start")
    reply = await user.next_message()
    await user.press("Đăng ký")

Actions change the double's state directly and queue updates for the bot, exactly what Telegram would
deliver; reading helpers show the bot's messages with edits applied.
"""

from __future__ import annotations

import asyncio
import copy
import secrets
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .formatting import command_entities
from .state import BotState, ChatState, StoredMessage

if TYPE_CHECKING:
    from .server import TelegramDouble

Message = dict[str, Any]


class ButtonNotFound(LookupError):
    """No inline button matches what the test asked to press."""


def buttons(message: Message | None) -> list[list[str]]:
    """Labels of a message's inline keyboard, row by row ([] when it has none)."""
    if not message:
        return []
    markup = message.get("reply_markup") or {}
    return [[b["text"] for b in row] for row in markup.get("inline_keyboard", [])]


def flat_buttons(message: Message | None) -> list[dict[str, Any]]:
    if not message:
        return []
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def _find_button(message: Message, wanted: str | int) -> dict[str, Any]:
    flat = flat_buttons(message)
    labels = [b["text"] for b in flat]
    if isinstance(wanted, int):
        if 0 <= wanted < len(flat):
            return flat[wanted]
        raise ButtonNotFound(f"no button #{wanted} (0-based); available: {labels}")
    exact = [b for b in flat if b["text"] == wanted]
    if exact:
        return exact[0]
    partial = [b for b in flat if wanted.casefold() in b["text"].casefold()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise ButtonNotFound(f"{wanted!r} matches several buttons: {[b['text'] for b in partial]}")
    raise ButtonNotFound(f"no button labelled {wanted!r}; available: {labels}")


class _ChatView:
    """Reading helpers shared by private chats and groups."""

    def __init__(self, double: TelegramDouble, bot: BotState, chat: ChatState) -> None:
        self._double = double
        self._bot = bot
        self._chat = chat
        self._cursor = len(chat.events)

    @property
    def chat(self) -> ChatState:
        return self._chat

    @property
    def chat_id(self) -> int:
        return self._chat.id

    @property
    def messages(self) -> list[Message]:
        """The bot's messages in this chat, current state (edits applied, deleted ones left out), in order."""
        return [m.snapshot() for m in self._chat.visible(from_bot=True)]

    @property
    def all_messages(self) -> list[Message]:
        """Everyone's messages in this chat, current state, in order."""
        return [m.snapshot() for m in self._chat.visible()]

    @property
    def last_message(self) -> Message | None:
        msgs = self._chat.visible(from_bot=True)
        return msgs[-1].snapshot() if msgs else None

    @property
    def reply_keyboard(self) -> list[list[str]]:
        """Labels of the custom reply keyboard the bot currently shows here (tap one with send(label))."""
        markup = self._chat.reply_keyboard or {}
        return [[b["text"] for b in row] for row in markup.get("keyboard", [])]

    # The timeout keyword is the public API the tests were specified with.
    async def next_message(self, timeout: float = 5.0) -> Message:  # noqa: ASYNC109
        """The next bot message or edit in this chat since the previous call (or since this view was made)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = await self._chat.wait_event(self._cursor, max(0.0, deadline - loop.time()))
            if event is None:
                last = self.last_message
                shown = (last or {}).get("text") or (last or {}).get("caption")
                raise TimeoutError(
                    f"no new bot message in chat {self._chat.id} within {timeout}s (last bot message: {shown!r})"
                )
            self._cursor = event.seq + 1
            if event.from_bot and event.kind in ("new", "edit") and event.message is not None:
                return copy.deepcopy(event.message)

    def skip_to_now(self) -> None:
        """Forget unread events, so next_message() only returns what happens from now on."""
        self._cursor = len(self._chat.events)

    def _message(self, message: Message | int | None) -> StoredMessage:
        if message is None:
            for stored in reversed(self._chat.visible(from_bot=True)):
                if flat_buttons(stored.data):
                    return stored
            raise ButtonNotFound(f"no bot message with an inline keyboard in chat {self._chat.id}")
        mid = message if isinstance(message, int) else message["message_id"]
        stored = self._chat.messages.get(mid)
        if stored is None or stored.deleted:
            raise ButtonNotFound(f"message {mid} is not (or no longer) in chat {self._chat.id}")
        return stored

    def _user_message(
        self,
        profile: dict[str, Any],
        content: Message,
        *,
        reply_to: Message | int | None = None,
        deliver: bool = True,
    ) -> Message:
        reply = None
        if reply_to is not None:
            target = self._message(reply_to)
            reply = target.snapshot()
            reply.pop("reply_to_message", None)
        stored = self._double.add_message(
            self._chat, profile, content, from_bot=False, reply_to=reply, delivered=deliver
        )
        message = stored.snapshot()
        if deliver:
            self._double.enqueue_update(self._bot, "message", copy.deepcopy(message))
        return message

    async def _press(self, profile: dict[str, Any], wanted: str | int, message: Message | int | None) -> Message:
        stored = self._message(message)
        button = _find_button(stored.data, wanted)
        if "callback_data" not in button:
            kinds = [k for k in button if k != "text"]
            raise ValueError(f"button {button['text']!r} is a {kinds} button; pressing it sends nothing to the bot")
        query: Message = {
            "id": str(self._bot.id * 10**9 + secrets.randbelow(10**9)),
            "from": dict(profile),
            "message": stored.snapshot(),
            # Stable per chat, like Telegram's opaque chat_instance.
            "chat_instance": str(zlib.crc32(f"{self._bot.id}:{self._chat.id}".encode()) * 7919),
            "data": button["callback_data"],
        }
        self._double.register_callback(self._bot, query, profile["id"], self._chat.id)
        self._double.enqueue_update(self._bot, "callback_query", copy.deepcopy(query))
        await asyncio.sleep(0)
        return query

    def _callback_answers(self, user_id: int) -> list[dict[str, Any]]:
        return [
            dict(rec.answer)
            for rec in self._bot.callback_queries.values()
            if rec.user_id == user_id and rec.chat_id == self._chat.id and rec.answer is not None
        ]

    def _document(self, file_name: str, data: bytes, mime_type: str, caption: str | None) -> Message:
        stored = self._bot.add_file(data, "document", file_name=file_name, mime_type=mime_type)
        content: Message = {
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(data),
            }
        }
        if caption:
            content["caption"] = caption
        return content

    def _photo(self, data: bytes, caption: str | None) -> Message:
        stored = self._bot.add_file(data, "photo", mime_type="image/jpeg")
        content: Message = {"photo": self._double.photo_sizes(self._bot, stored, strict=False)}
        if caption:
            content["caption"] = caption
        return content

    async def _vote(self, profile: dict[str, Any], poll_message: Message | int, option_ids: Sequence[int]) -> Message:
        user_id = profile["id"]
        stored = self._message(poll_message)
        poll_data = stored.data.get("poll")
        if poll_data is None:
            raise ValueError(f"message {stored.message_id} has no poll")
        record = self._bot.polls[poll_data["id"]]
        poll = record.poll
        options = list(option_ids)
        if poll["is_closed"]:
            raise ValueError("the poll is closed")
        if any(not 0 <= o < len(poll["options"]) for o in options) or len(set(options)) != len(options):
            raise ValueError(f"invalid option ids {options} for {len(poll['options'])} options")
        if len(options) > 1 and not poll["allows_multiple_answers"]:
            raise ValueError("this poll allows only one answer")
        if user_id in record.votes and not poll["allows_revoting"]:
            raise ValueError("this poll does not allow changing the vote")
        if not options and user_id not in record.votes:
            raise ValueError("nothing to retract: the user has not voted")
        if options:
            record.votes[user_id] = options
        else:
            record.votes.pop(user_id, None)
        for i, option in enumerate(poll["options"]):
            option["voter_count"] = sum(1 for v in record.votes.values() if i in v)
        poll["total_voter_count"] = len(record.votes)
        stored.data["poll"] = copy.deepcopy(poll)
        if not poll["is_anonymous"]:
            self._double.enqueue_update(
                self._bot,
                "poll_answer",
                {
                    "poll_id": poll["id"],
                    "user": dict(profile),
                    "option_ids": options,
                    "option_persistent_ids": [poll["options"][o]["persistent_id"] for o in options],
                },
            )
        self._double.enqueue_update(self._bot, "poll", copy.deepcopy(poll))
        await asyncio.sleep(0)
        return copy.deepcopy(poll)


class FakeUser(_ChatView):
    """One Telegram user talking to the bot in a private chat (chat id = user id)."""

    def __init__(self, double: TelegramDouble, bot: BotState, profile: dict[str, Any]) -> None:
        super().__init__(double, bot, bot.chats[profile["id"]])
        self.profile = profile

    def __repr__(self) -> str:
        return f"FakeUser({self.id}, {self.full_name!r})"

    @property
    def id(self) -> int:
        return int(self.profile["id"])

    @property
    def first_name(self) -> str:
        return str(self.profile["first_name"])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.profile.get("first_name"), self.profile.get("last_name")) if p)

    @property
    def blocked(self) -> bool:
        return self.id in self._bot.blocked

    def _open_chat(self) -> None:
        if self.blocked:
            raise RuntimeError(f"{self!r} has blocked the bot; call user.unblock() first")
        self._chat.started = True

    async def send(self, text: str, *, reply_to: Message | int | None = None) -> Message:
        """Type a message to the bot; a leading /command gets its bot_command entity. Returns the Message."""
        self._open_chat()
        content: Message = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        message = self._user_message(self.profile, content, reply_to=reply_to)
        await asyncio.sleep(0)
        return message

    async def press(self, label_or_index: str | int, message: Message | int | None = None) -> Message:
        """Press an inline button (exact label, unique label substring, or 0-based flat index).

        Uses the latest bot message with an inline keyboard unless `message` is given. Returns the
        callback_query that was queued for the bot.
        """
        self._open_chat()
        return await self._press(self.profile, label_or_index, message)

    async def upload_document(
        self, file_name: str, data: bytes, mime_type: str = "application/octet-stream", caption: str | None = None
    ) -> Message:
        self._open_chat()
        message = self._user_message(self.profile, self._document(file_name, data, mime_type, caption))
        await asyncio.sleep(0)
        return message

    async def upload_photo(self, data: bytes, caption: str | None = None) -> Message:
        self._open_chat()
        message = self._user_message(self.profile, self._photo(data, caption))
        await asyncio.sleep(0)
        return message

    async def answer_poll(self, poll_message: Message | int, option_ids: Sequence[int]) -> Message:
        """Vote in a poll the bot sent to this private chat (option_ids=[] retracts). Returns the poll."""
        self._open_chat()
        return await self._vote(self.profile, poll_message, option_ids)

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """answerCallbackQuery calls for this user's presses in the private chat, in press order."""
        return self._callback_answers(self.id)

    def block(self) -> None:
        """Block the bot: its sends now fail with 403, and it gets a my_chat_member update like on Telegram."""
        if self.id not in self._bot.blocked:
            self._bot.blocked.add(self.id)
            self._member_update("member", "kicked")

    def unblock(self) -> None:
        if self.id in self._bot.blocked:
            self._bot.blocked.discard(self.id)
            self._member_update("kicked", "member")

    def _member_update(self, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            out: dict[str, Any] = {"status": status, "user": self._bot.user_object()}
            if status == "kicked":
                out["until_date"] = 0
            return out

        self._double.enqueue_update(
            self._bot,
            "my_chat_member",
            {
                "chat": self._chat.public(),
                "from": dict(self.profile),
                "date": self._double._now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )


class FakeGroup(_ChatView):
    """A group or supergroup the bot is in; members act through it."""

    def __repr__(self) -> str:
        return f"FakeGroup({self.chat_id}, {self.title!r})"

    @property
    def title(self) -> str:
        return str(self._chat.info.get("title", ""))

    def add_member(self, user: FakeUser) -> None:
        self._chat.members[user.id] = user.profile

    def kick_bot(self) -> None:
        """Remove the bot from the group: its sends now fail with 403 "bot was kicked"."""
        self._chat.bot_kicked = True

    def _sees(self, text: str, reply_to: Message | int | None) -> bool:
        """Whether the bot receives a member's message (Telegram's privacy mode)."""
        bot = self._bot
        if self._chat.bot_kicked:
            return False
        if not bot.privacy_mode or self._chat.bot_is_admin:
            return True
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            return "@" not in command or command.split("@", 1)[1].lower() == bot.username.lower()
        if f"@{bot.username}".lower() in text.lower():
            return True
        if reply_to is not None:
            return self._message(reply_to).from_bot
        return False

    async def send(self, user: FakeUser, text: str, *, reply_to: Message | int | None = None) -> Message:
        """`user` writes in the group; the bot gets it only if privacy mode lets it see the message."""
        self.add_member(user)
        content: Message = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        message = self._user_message(user.profile, content, reply_to=reply_to, deliver=self._sees(text, reply_to))
        await asyncio.sleep(0)
        return message

    async def press(self, user: FakeUser, label_or_index: str | int, message: Message | int | None = None) -> Message:
        self.add_member(user)
        return await self._press(user.profile, label_or_index, message)

    async def upload_document(
        self,
        user: FakeUser,
        file_name: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> Message:
        self.add_member(user)
        deliver = self._sees(caption or "", None)
        content = self._document(file_name, data, mime_type, caption)
        message = self._user_message(user.profile, content, deliver=deliver)
        await asyncio.sleep(0)
        return message

    def callback_answers(self, user: FakeUser) -> list[dict[str, Any]]:
        return self._callback_answers(user.id)

    async def answer_poll(self, user: FakeUser, poll_message: Message | int, option_ids: Sequence[int]) -> Message:
        """`user` votes; the bot gets poll_answer (non-anonymous polls) and the new poll state. Returns the poll."""
        self.add_member(user)
        return await self._vote(user.profile, poll_message, option_ids)
