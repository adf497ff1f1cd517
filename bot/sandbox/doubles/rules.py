"""Limits the Bot API states only in prose, enforced with Telegram's own error strings where they are known.

The spec validator (``spec.py``) has already checked names and types when these run, so the functions here
can index the validated parameters directly.
"""

from __future__ import annotations

import re
from typing import Any

from .formatting import Entity, parse_text, utf16_len
from .spec import ApiError, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_POLL_QUESTION = 300
MAX_POLL_OPTIONS = 12
MAX_POLL_OPTION = 100
MAX_COMMANDS = 100
MAX_INLINE_BUTTONS = 100

# The spec says an InlineKeyboardButton uses exactly one field "other than text, icon_custom_emoji_id, and
# style"; everything else on the type is an action.
BUTTON_DECORATION_FIELDS = frozenset({"text", "icon_custom_emoji_id", "style"})
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def message_text(params: dict[str, Any]) -> tuple[str, list[Entity]]:
    """The text of sendMessage/editMessageText after parsing, checked against 1-4096."""
    text, entities = parse_text(params["text"], params.get("parse_mode"), params.get("entities"))
    if not text:
        raise bad_request("message text is empty")
    if utf16_len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text, entities


def caption(params: dict[str, Any]) -> tuple[str | None, list[Entity]]:
    """Caption after parsing (None when absent or empty), checked against 0-1024."""
    raw = params.get("caption")
    if raw is None:
        return None, []
    text, entities = parse_text(raw, params.get("parse_mode"), params.get("caption_entities"))
    if utf16_len(text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return (text or None), entities


def reply_markup_kind(markup: dict[str, Any] | None) -> str | None:
    """'inline', 'keyboard', 'remove' or 'force_reply'; validates inline keyboards on the way."""
    if markup is None:
        return None
    if "inline_keyboard" in markup:
        inline_keyboard(markup)
        return "inline"
    if "keyboard" in markup:
        for row in markup["keyboard"]:
            for button in row:
                if not button["text"]:
                    raise bad_request("keyboard button text must be non-empty")
        return "keyboard"
    if "remove_keyboard" in markup:
        return "remove"
    return "force_reply"


def inline_keyboard(markup: dict[str, Any]) -> None:
    count = 0
    for row in markup["inline_keyboard"]:
        for button in row:
            count += 1
            actions = [k for k in button if k not in BUTTON_DECORATION_FIELDS]
            if not button["text"]:
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            if len(actions) > 1:
                raise bad_request(
                    "can't parse inline keyboard button: exactly one of "
                    f"{', '.join(sorted(actions))} must be used, not several"
                )
            if "callback_data" in button:
                size = len(button["callback_data"].encode("utf-8"))
                if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"(https?|tg)://\S+$", button["url"]):
                raise bad_request("BUTTON_URL_INVALID")
    if count > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")


def poll(params: dict[str, Any]) -> None:
    question = params["question"]
    if not question.strip():
        raise bad_request("poll question must be non-empty")
    if len(question) > MAX_POLL_QUESTION:
        raise bad_request(f"poll question length must not exceed {MAX_POLL_QUESTION}")
    options = params["options"]
    # Bot API 10.0 allows 1-12 options (older versions required at least 2).
    if not options:
        raise bad_request("poll must have at least one answer option")
    if len(options) > MAX_POLL_OPTIONS:
        raise bad_request(f"poll can't have more than {MAX_POLL_OPTIONS} options")
    for option in options:
        if not option["text"].strip():
            raise bad_request("poll options must be non-empty")
        if len(option["text"]) > MAX_POLL_OPTION:
            raise bad_request(f"poll options length must not exceed {MAX_POLL_OPTION}")
    kind = params.get("type", "regular")
    if kind not in ("regular", "quiz"):
        raise bad_request("poll type must be regular or quiz")
    correct = params.get("correct_option_ids")
    if kind == "quiz":
        if not correct:
            raise bad_request("correct option identifiers must be specified for quiz polls")
        if any(not 0 <= c < len(options) for c in correct) or correct != sorted(set(correct)):
            raise bad_request("wrong correct option ID specified")
    if params.get("open_period") is not None and params.get("close_date") is not None:
        raise bad_request("can't use open_period and close_date together")
    explanation = params.get("explanation")
    if explanation is not None:
        text, _ = parse_text(explanation, params.get("explanation_parse_mode"), params.get("explanation_entities"))
        if len(text) > 200 or text.count("\n") > 2:
            raise bad_request("explanation is too long")


def commands(params: dict[str, Any]) -> None:
    items = params["commands"]
    if len(items) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for item in items:
        if not _COMMAND_NAME.fullmatch(item["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(item["description"]) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    language_code(params)


def language_code(params: dict[str, Any]) -> None:
    code = params.get("language_code", "")
    if code and not _LANGUAGE_CODE.fullmatch(code):
        raise bad_request("LANG_CODE_INVALID")


def callback_answer(params: dict[str, Any]) -> None:
    if len(params.get("text") or "") > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")


def chat_action(params: dict[str, Any]) -> None:
    if params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")


def webhook(params: dict[str, Any], *, allow_http: bool) -> None:
    url = params["url"]
    if url:
        if not re.match(r"https?://[^/\s]+", url) or (not allow_http and not url.startswith("https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.get("max_connections")
    if max_connections is not None and not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")


def descriptions(params: dict[str, Any], field: str, limit: int) -> None:
    if len(params.get(field) or "") > limit:
        raise ApiError(400, f"Bad Request: {field} is too long")
    language_code(params)
