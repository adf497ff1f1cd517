"""Spec-driven validation and Telegram's text formatting, without a server."""

from __future__ import annotations

import json

import pytest

from bot.sandbox.doubles.formatting import command_entities, parse_text, utf16_len
from bot.sandbox.doubles.spec import ApiError, SpecViolation, UploadedFile, default_spec

SPEC = default_spec()


def validate(method: str, **raw: object) -> dict[str, object]:
    spec = SPEC.resolve_method(method)
    assert spec is not None
    return SPEC.validate_call(spec, raw).params


def rejection(method: str, **raw: object) -> str:
    with pytest.raises(ApiError) as caught:
        validate(method, **raw)
    assert caught.value.error_code == 400
    return caught.value.description


def test_spec_is_the_bot_api_python_telegram_bot_speaks() -> None:
    import telegram

    assert SPEC.version == f"Bot API {telegram.__bot_api_version__}"


def test_form_values_are_coerced_by_spec_type() -> None:
    params = validate(
        "sendMessage",
        chat_id="-100123",
        text="x",
        disable_notification="True",
        reply_markup=json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}),
    )
    assert params["chat_id"] == -100123 and params["disable_notification"] is True
    assert params["reply_markup"] == {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}
    assert validate("sendMessage", chat_id="@khoi_thi_dua", text="x")["chat_id"] == "@khoi_thi_dua"
    assert validate("getUpdates", offset="-1", limit=5)["offset"] == -1


def test_structural_errors_name_the_field() -> None:
    assert "colour" in rejection("sendMessage", chat_id=1, text="x", colour="red")
    assert '"chat_id" is required' in rejection("sendMessage", text="x")
    assert "message_id" in rejection("deleteMessage", chat_id=1, message_id="abc")
    assert "disable_notification" in rejection("sendMessage", chat_id=1, text="x", disable_notification="yes")
    assert "reply_markup" in rejection("sendMessage", chat_id=1, text="x", reply_markup="{oops")
    nested = rejection(
        "sendMessage", chat_id=1, text="x", reply_markup={"inline_keyboard": [[{"text": ["a"], "callback_data": "b"}]]}
    )
    assert "reply_markup.inline_keyboard[0][0].text" in nested


def test_unions_are_validated_by_their_type_field() -> None:
    assert validate("setMyCommands", commands=[], scope={"type": "chat", "chat_id": 5})["scope"] == {
        "type": "chat",
        "chat_id": 5,
    }
    assert "scope.chat_id" in rejection("setMyCommands", commands=[], scope={"type": "chat"})
    assert "unsupported value" in rejection("setMyCommands", commands=[], scope={"type": "planet"})
    assert "scope.chat_id" in rejection("setMyCommands", commands=[], scope={"type": "default", "chat_id": 1})
    assert "description" in rejection("setMyCommands", commands=[{"command": "a"}])


def test_files_and_attachments() -> None:
    part = UploadedFile("a.txt", "text/plain", b"hi")
    assert validate("sendDocument", chat_id=1, document=part)["document"] is part
    assert validate("sendDocument", chat_id=1, document="BQACfileid")["document"] == "BQACfileid"
    spec = SPEC.resolve_method("sendMediaGroup")
    assert spec is not None
    media = json.dumps([{"type": "document", "media": "attach://f1"}, {"type": "document", "media": "attach://f2"}])
    call = SPEC.validate_call(spec, {"chat_id": "1", "media": media, "f1": part, "f2": part})
    assert set(call.attachments) == {"f1", "f2"}
    missing = SPEC.validate_call
    with pytest.raises(ApiError, match="attach://f2"):
        missing(spec, {"chat_id": "1", "media": media, "f1": part})
    with pytest.raises(ApiError, match="stray"):
        missing(spec, {"chat_id": "1", "media": media, "f1": part, "f2": part, "stray": part})
    assert "text" in rejection("sendMessage", chat_id=1, text=part)


def test_results_are_checked_strictly() -> None:
    SPEC.check_result({"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}, ("Message",))
    with pytest.raises(SpecViolation, match="chat"):
        SPEC.check_result({"message_id": 1, "date": 0}, ("Message",))
    with pytest.raises(SpecViolation, match="message_id"):
        SPEC.check_result({"message_id": "1", "date": 0, "chat": {"id": 1, "type": "private"}}, ("Message",))


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("<b>Khối</b> 1", "Khối 1", [{"type": "bold", "offset": 0, "length": 4}]),
        (
            "<strong>a<i>b</i></strong>",
            "ab",
            [{"type": "bold", "offset": 0, "length": 2}, {"type": "italic", "offset": 1, "length": 1}],
        ),
        ("😀<u>x</u>", "😀x", [{"type": "underline", "offset": 2, "length": 1}]),
        (
            '<a href="https://t.me/x?a=1&amp;b=2">link</a>',
            "link",
            [{"type": "text_link", "offset": 0, "length": 4, "url": "https://t.me/x?a=1&b=2"}],
        ),
        ('<span class="tg-spoiler">s</span>', "s", [{"type": "spoiler", "offset": 0, "length": 1}]),
        ("&lt;&gt;&amp;&quot;&#39;", "<>&\"'", []),
        ("<blockquote expandable>q</blockquote>", "q", [{"type": "expandable_blockquote", "offset": 0, "length": 1}]),
        (
            '<pre><code class="language-python">x</code></pre>',
            "x",
            [{"type": "pre", "offset": 0, "length": 1, "language": "python"}],
        ),
    ],
)
def test_html(source: str, text: str, entities: list[dict[str, object]]) -> None:
    assert parse_text(source, "HTML") == (text, entities)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("x</b>", "Unexpected end tag"),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ("2 < 3", "Unsupported start tag"),
    ],
)
def test_bad_html(source: str, error: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities") as caught:
        parse_text(source, "HTML")
    assert error in caught.value.description


def test_markdown_v2() -> None:
    assert parse_text(r"*Điểm:* 9\.5 \- _tốt_", "MarkdownV2") == (
        "Điểm: 9.5 - tốt",
        [{"type": "bold", "offset": 0, "length": 5}, {"type": "italic", "offset": 12, "length": 3}],
    )
    assert parse_text("[xem](https://t.me/x)", "markdownv2")[1][0]["url"] == "https://t.me/x"
    for bad in ("9.5", "a-b", "(x)", "x!", "*open"):
        with pytest.raises(ApiError, match="can't parse entities"):
            parse_text(bad, "MarkdownV2")



@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        (r"__u__ _i_ ~s~ ||sp||", "u i s sp", [
            {"type": "underline", "offset": 0, "length": 1}, {"type": "italic", "offset": 2, "length": 1},
            {"type": "strikethrough", "offset": 4, "length": 1}, {"type": "spoiler", "offset": 6, "length": 2},
        ]),
        ("*đậm _nghiêng_*", "đậm nghiêng", [
            {"type": "bold", "offset": 0, "length": 11}, {"type": "italic", "offset": 4, "length": 7},
        ]),
        # inside code only ` and \ are special
        ("`a*b\\`c`", "a*b`c", [{"type": "code", "offset": 0, "length": 5}]),
        ("```py\nx = 1\n```", "x = 1", [{"type": "pre", "offset": 0, "length": 5, "language": "py"}]),
        ("[xem](https://t.me/x)", "xem", [{"type": "text_link", "offset": 0, "length": 3, "url": "https://t.me/x"}]),
        ("![👍](tg://emoji?id=5368324170671202286)", "👍", [
            {"type": "custom_emoji", "offset": 0, "length": 2, "custom_emoji_id": "5368324170671202286"},
        ]),
        (">trích\n>dẫn\nsau", "trích\ndẫn\nsau", [{"type": "blockquote", "offset": 0, "length": 9}]),
    ],
)
def test_markdown_v2_entities(source: str, text: str, entities: list[dict[str, object]]) -> None:
    assert parse_text(source, "MarkdownV2") == (text, entities)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("a|b", "Character '|' is reserved"),
        ("x]", "Character ']' is reserved"),
        ("a > b", "Character '>' is reserved"),
        ("[a]b", "Can't find end of a URL at byte offset 3"),
        ("![x](tg://x)", "Custom emoji URL must have an emoji id at byte offset 12"),
        ("`open", "Can't find end of Code entity at byte offset 0"),
        ("```open", "Can't find end of Pre entity at byte offset 0"),
    ],
)
def test_bad_markdown_v2(source: str, error: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities") as caught:
        parse_text(source, "MarkdownV2")
    assert error in caught.value.description

def test_legacy_markdown_and_modes() -> None:
    assert parse_text("*b* _i_ 9.5", "Markdown") == (
        "b i 9.5",
        [{"type": "bold", "offset": 0, "length": 1}, {"type": "italic", "offset": 2, "length": 1}],
    )
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        parse_text("x", "BBCode")


def test_utf16_and_commands() -> None:
    assert utf16_len("Việt Nam 🇻🇳") == 13
    assert command_entities("/diem 5") == [{"type": "bot_command", "offset": 0, "length": 5}]
    assert command_entities("/diem@KhoiBot") == [{"type": "bot_command", "offset": 0, "length": 13}]
    assert command_entities("xem /diem") == []
