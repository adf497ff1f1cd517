"""Channel-neutral messages: what a person sent, and what the bot answers.

Handlers only ever see these types. A channel (Telegram, Zalo, the terminal sandbox) turns its own
updates into `Inbound` and renders `Reply` as well as it can: inline keyboards where they exist,
numbered lines where they do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    COMMAND = "command"
    CHOICE = "choice"  # a button pressed, or a numbered option typed on a text-only channel
    FILE = "file"
    POLL_ANSWER = "poll_answer"  # an answer to a native poll in a group (Telegram)


@dataclass(frozen=True)
class Sender:
    channel: str  # "telegram" | "zalo"
    user_id: str
    chat_id: str
    display_name: str
    username: str | None = None
    language: str | None = None
    is_private: bool = True


@dataclass(frozen=True)
class FileRef:
    """A file the person sent; `file_id` is the channel's handle to fetch it later."""

    file_id: str
    file_name: str
    mime_type: str | None
    size: int | None


@dataclass(frozen=True)
class Inbound:
    sender: Sender
    kind: Kind
    text: str = ""  # the text, or a command's arguments
    command: str | None = None  # without the slash, lower case
    choice: str | None = None  # the compact data of the pressed choice
    file: FileRef | None = None
    poll_id: str | None = None
    option_ids: tuple[int, ...] = ()
    chat_title: str | None = None


@dataclass(frozen=True)
class Choice:
    label: str
    data: str


# the media types of the files the bot makes
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG_MIME = "image/png"


@dataclass(frozen=True)
class OutFile:
    file_name: str
    data: bytes
    mime_type: str


@dataclass
class Reply:
    """One message to send. In an Outcome it goes to the chat the inbound came from (messages to anyone else
    are Copies, for the outbox); `chat_id` and `channel` address it elsewhere only when it is handed to
    RunningBot.deliver directly (a file a Zalo user asked for, sent to their Telegram)."""

    text: str
    choices: list[list[Choice]] = field(default_factory=list)
    file: OutFile | None = None
    # replace the message whose button was pressed instead of sending a new one
    edit: bool = False
    # files the channel already holds (evidence sent earlier), resent by their channel file id
    resend: list[FileRef] = field(default_factory=list)
    chat_id: str | None = None
    channel: str | None = None
    # its choices carry a secret ballot in progress (what is ticked): no channel may write them anywhere
    secret: bool = False


@dataclass(frozen=True)
class Copy:
    """A message for someone other than the sender. It is not sent with the sender's answer: the router writes
    a step's copies to the outbox once the step succeeded, before the answer goes out, and the outbox's
    sender delivers them (bot/services/outbox_sender.py)."""

    reply: Reply  # one Reply is shared by every copy of a message, so it is stored once
    channel: str
    chat_id: str
    person_id: int | None  # None: a post in the bloc's group
    origin: str  # what it came from, e.g. "notice:12" (the notice's status view counts its copies by it)


@dataclass
class Outcome:
    """Everything a handler wants to happen in answer to one inbound message."""

    replies: list[Reply] = field(default_factory=list)
    # messages to other chats, for the outbox (never sent by the channel that renders `replies`)
    copies: list[Copy] = field(default_factory=list)
    # a short toast for the pressed button (Telegram's answerCallbackQuery); ignored elsewhere
    notice: str | None = None
    # who administers a bloc may have changed: the channel refreshes its admin command menus
    admins_changed: bool = False
