"""What the page is sent: the double's chat events as plain JSON, with the Zalo rendering of each bot message.

The Zalo view shows what the Zalo channel would send for the same dialog: no formatting, no buttons (each
choice a numbered line, "#1" while a step waits for typed input: bot/channels/zalo.render_options) and no
edits (an edit arrives as a new message). It is rendered from the Telegram conversation, not by a second
bot on the Zalo double.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.channels.zalo import render_options
from bot.sandbox.doubles.client import flat_buttons
from bot.sandbox.doubles.state import BotState, ChatEvent
from bot.text.messages import Choice, Reply

Message = dict[str, Any]


def file_url(file_id: str) -> str:
    return f"/files/{file_id}"


def _name(profile: dict[str, Any]) -> str:
    return " ".join(p for p in (profile.get("first_name"), profile.get("last_name")) if p)


def zalo_text(message: Message, typing: bool) -> str:
    """The message as the Zalo channel writes it: plain text, choices as numbered lines."""
    body = message.get("text") or message.get("caption") or ""
    choices = [[Choice(b["text"], str(b.get("callback_data", ""))) for b in row]
               for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])]
    text, _, _ = render_options(Reply(body, choices=choices), "vi", typing)
    return text


def message_view(message: Message, tz: ZoneInfo, typing: bool = False) -> Message:
    """A message for the page: text with its entities, buttons by row, attachments as links to /files."""
    sender = message.get("from") or {}
    out: Message = {
        "id": message["message_id"],
        "from_bot": bool(sender.get("is_bot")),
        "sender": _name(sender),
        "sender_id": sender.get("id"),
        "time": datetime.fromtimestamp(message.get("date", 0), UTC).astimezone(tz).strftime("%d/%m %H:%M"),
        "text": message.get("text") or message.get("caption") or "",
        "entities": message.get("entities") or message.get("caption_entities") or [],
        "buttons": [[{"text": b["text"], "url": b.get("url")} for b in row]
                    for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])],
    }
    if out["from_bot"]:
        out["zalo"] = zalo_text(message, typing)
    if "document" in message:
        doc = message["document"]
        out["document"] = {"name": doc.get("file_name") or "tep", "size": doc.get("file_size", 0),
                           "url": file_url(doc["file_id"])}
    if "photo" in message:
        biggest = message["photo"][-1]
        out["photo"] = {"url": file_url(biggest["file_id"]), "width": biggest["width"], "height": biggest["height"]}
    if "poll" in message:
        poll = message["poll"]
        out["poll"] = {
            "question": poll["question"],
            "closed": poll["is_closed"],
            "anonymous": poll["is_anonymous"],
            "multiple": poll["allows_multiple_answers"],
            "total": poll["total_voter_count"],
            "options": [{"text": o["text"], "count": o["voter_count"]} for o in poll["options"]],
        }
    return out


def event_view(chat_id: int, event: ChatEvent, tz: ZoneInfo, typing: bool = False) -> Message:
    out: Message = {"type": "event", "chat": chat_id, "seq": event.seq, "kind": event.kind,
                    "from_bot": event.from_bot, "user_id": event.user_id}
    if event.message is not None:
        out["message"] = message_view(event.message, tz, typing)
    if event.answer is not None:
        out["answer"] = {"text": event.answer.get("text") or "", "alert": bool(event.answer.get("show_alert"))}
    return out


def latest_keyboard(messages: list[Message]) -> Message | None:
    """The newest bot message with buttons: the one whose numbers a Zalo answer refers to."""
    return next((m for m in reversed(messages) if flat_buttons(m)), None)


def commands_for(bot: BotState, chat_id: int, *, group: bool) -> list[dict[str, str]]:
    """The command menu Telegram would show in this chat: the most specific scope the bot set, as Telegram
    picks it (this chat, then all private chats or all groups, then the default), in Vietnamese."""
    wanted = ["chat", "all_group_chats" if group else "all_private_chats", "default"]
    found: dict[str, list[dict[str, Any]]] = {}
    for (scope_json, language), commands in bot.commands.items():
        scope = json.loads(scope_json)
        if language not in ("vi", "") or scope.get("type") not in wanted or not commands:
            continue
        if scope["type"] == "chat" and str(scope.get("chat_id")) != str(chat_id):
            continue
        if language == "vi" or scope["type"] not in found:
            found[scope["type"]] = commands
    for kind in wanted:
        if kind in found:
            return [{"command": c["command"], "description": c["description"]} for c in found[kind]]
    return []
