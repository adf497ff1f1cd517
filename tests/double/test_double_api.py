"""The double answers like the Bot API: real python-telegram-bot calls and raw HTTP, no mocks."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from bot.sandbox.doubles import TelegramDouble, buttons


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in row] for row in rows])


async def post(double: TelegramDouble, token: str, method: str, **kwargs: object) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"{double.api_url}{token}/{method}", **kwargs)  # type: ignore[arg-type]


async def test_get_me_describes_the_bot(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    me = await tg.get_me()
    assert me.is_bot and me.username == "KhoiThiDuaBot"
    assert me.id == int(token.split(":")[0])
    assert me.can_read_all_group_messages is False  # privacy mode, Telegram's default


async def test_tokens_never_look_like_real_ones(double: TelegramDouble, token: str) -> None:
    import re

    assert re.fullmatch(r"[0-9]+:[A-Za-z0-9_-]{35}", token)
    assert not re.search(r"[0-9]{8,10}:AA[A-Za-z0-9_-]{33}", token)


async def test_unknown_token_is_unauthorized(double: TelegramDouble) -> None:
    resp = await post(double, "123:nope", "getMe")
    assert resp.status_code == 401
    assert resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    double.rejections[:] = [r for r in double.rejections if r.token != "123:nope"]


async def test_unknown_method_is_not_found(
    double: TelegramDouble, token: str, rejected: Callable[[], list[str]]
) -> None:
    resp = await post(double, token, "sendTelepathy", data={"chat_id": "1"})
    assert resp.status_code == 404
    assert resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert rejected() == ["Not Found"]


async def test_method_names_are_case_insensitive_and_json_bodies_work(double: TelegramDouble, token: str) -> None:
    user = double.user(token)
    await user.send("/start")
    resp = await post(double, token, "SENDMESSAGE", json={"chat_id": user.id, "text": "Xin chào"})
    assert resp.json()["ok"] is True
    async with httpx.AsyncClient() as client:
        got = await client.get(f"{double.api_url}{token}/sendMessage", params={"chat_id": user.id, "text": "Hai"})
    assert got.json()["result"]["text"] == "Hai"
    assert [m["text"] for m in user.messages] == ["Xin chào", "Hai"]


async def test_text_round_trip(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    user = double.user(token, first_name="Nguyễn Văn An", username="an_nguyen")
    sent = await user.send("/start dang_ky")
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]

    updates = await tg.get_updates()
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.text == "/start dang_ky"
    assert message.from_user is not None and message.from_user.full_name == "Nguyễn Văn An"
    assert message.chat.type == "private" and message.chat.id == user.id

    reply = await tg.send_message(user.id, "<b>Chào</b> anh An 👋", parse_mode=ParseMode.HTML)
    assert reply.text == "Chào anh An 👋"
    assert reply.entities[0].type == "bold" and reply.entities[0].length == 4
    got = await user.next_message()
    assert got["text"] == "Chào anh An 👋" and got["message_id"] == reply.message_id
    assert got["from"]["is_bot"] is True
    assert user.last_message == got


async def test_inline_keyboard_round_trip(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    user = double.user(token)
    await user.send("/start")
    first = await tg.get_updates()
    markup = keyboard([("Đăng ký thi đua", "reg"), ("Huỷ", "cancel")], [("Trợ giúp", "help")])
    await tg.send_message(user.id, "Chọn một mục", reply_markup=markup)
    assert buttons(user.last_message) == [["Đăng ký thi đua", "Huỷ"], ["Trợ giúp"]]

    query = await user.press("Đăng ký")  # a unique substring is enough
    assert query["data"] == "reg"
    updates = await tg.get_updates(offset=first[-1].update_id + 1)
    cq = updates[0].callback_query
    assert cq is not None and cq.data == "reg" and cq.from_user.id == user.id
    assert cq.message is not None and cq.message.text == "Chọn một mục"

    assert await tg.answer_callback_query(cq.id, text="Đã ghi nhận", show_alert=True)
    assert user.callback_answers == [
        {"callback_query_id": cq.id, "text": "Đã ghi nhận", "show_alert": True, "url": None, "cache_time": 0}
    ]
    await user.press(2)  # 0-based flat index: "Trợ giúp"
    assert double.pending_updates(token)[-1]["callback_query"]["data"] == "help"


async def test_press_explains_what_is_available(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    from bot.sandbox.doubles import ButtonNotFound

    user = double.user(token)
    await user.send("/start")
    await tg.send_message(user.id, "x", reply_markup=keyboard([("Một", "1"), ("Hai", "2")]))
    with pytest.raises(ButtonNotFound, match=r"\['Một', 'Hai'\]"):
        await user.press("Ba")
    with pytest.raises(ButtonNotFound):
        await user.press(7)


async def test_answering_a_query_twice_or_an_unknown_one_fails(
    double: TelegramDouble, token: str, tg: telegram.Bot, rejected: Callable[[], list[str]]
) -> None:
    user = double.user(token)
    await user.send("/start")
    await tg.send_message(user.id, "x", reply_markup=keyboard([("A", "a")]))
    query = await user.press("A")
    await tg.answer_callback_query(query["id"])
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await tg.answer_callback_query(query["id"])
    with pytest.raises(BadRequest):
        await tg.answer_callback_query("12345")
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert rejected() == [too_old, too_old]


async def test_edit_message_text_is_applied_and_unchanged_edits_refused(
    double: TelegramDouble, token: str, tg: telegram.Bot, rejected: Callable[[], list[str]]
) -> None:
    user = double.user(token)
    await user.send("/start")
    sent = await tg.send_message(user.id, "Bước 1", reply_markup=keyboard([("Tiếp", "next")]))
    assert (await user.next_message())["text"] == "Bước 1"

    edited = await tg.edit_message_text("Bước 2", chat_id=user.id, message_id=sent.message_id)
    assert isinstance(edited, telegram.Message) and edited.edit_date is not None
    seen = await user.next_message()
    assert seen["text"] == "Bước 2" and "reply_markup" not in seen  # an edit without markup drops it
    assert [m["text"] for m in user.messages] == ["Bước 2"]

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await tg.edit_message_text("Bước 2", chat_id=user.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await tg.edit_message_text("x", chat_id=user.id, message_id=999)
    await tg.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard([("OK", "ok")]))
    assert buttons(user.last_message) == [["OK"]]

    assert await tg.delete_message(user.id, sent.message_id)
    assert user.messages == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await tg.delete_message(user.id, sent.message_id)
    assert len(rejected()) == 3


async def test_malformed_calls_are_rejected_and_recorded(
    double: TelegramDouble, token: str, tg: telegram.Bot, rejected: Callable[[], list[str]]
) -> None:
    user = double.user(token)
    await user.send("/start")

    unknown = await post(double, token, "sendMessage", data={"chat_id": user.id, "text": "x", "colour": "red"})
    missing = await post(double, token, "sendMessage", data={"text": "x"})
    wrong_type = await post(
        double, token, "sendMessage", data={"chat_id": user.id, "text": "x", "protect_content": "maybe"}
    )
    nested = await post(
        double,
        token,
        "sendMessage",
        data={
            "chat_id": user.id,
            "text": "x",
            "reply_markup": json.dumps({"inline_keyboard": [[{"text": "a", "data": "b"}]]}),
        },
    )
    for resp, field in ((unknown, "colour"), (missing, "chat_id"), (wrong_type, "protect_content"), (nested, "data")):
        body = resp.json()
        assert resp.status_code == 400 and body["ok"] is False and body["error_code"] == 400
        assert body["description"].startswith("Bad Request: ") and field in body["description"]

    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await tg.send_message(user.id, "á" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await tg.send_message(user.id, "   ")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await tg.send_message(user.id, "x", reply_markup=keyboard([("A", "đ" * 32 + "x")]))  # 65 bytes
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await tg.send_message(user.id, "<b>đậm<i>nghiêng</b></i>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Unsupported start tag"):
        await tg.send_message(user.id, "a <br> b", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)reserved and must be escaped"):
        await tg.send_message(user.id, "Hạn chót: 31.12", parse_mode=ParseMode.MARKDOWN_V2)
    with pytest.raises(BadRequest, match=r"(?i)Text buttons are unallowed"):
        await tg.send_message(user.id, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A")]]))

    assert await tg.send_message(user.id, "á" * 4096)  # the limit itself is fine
    assert await tg.send_message(user.id, "x", reply_markup=keyboard([("A", "đ" * 32)]))  # 64 bytes
    assert len(rejected()) == 11


async def test_html_length_is_counted_after_parsing(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    user = double.user(token)
    await user.send("/start")
    text = "<b>" + "a" * 4096 + "</b> &amp;"
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await tg.send_message(user.id, text, parse_mode=ParseMode.HTML)
    double.rejections.clear()
    sent = await tg.send_message(user.id, "<b>" + "a" * 4094 + "</b> &lt;", parse_mode=ParseMode.HTML)
    assert sent.text is not None and sent.text.endswith(" <") and len(sent.text) == 4096


async def test_unknown_chat_blocked_user_and_strangers(
    double: TelegramDouble, token: str, tg: telegram.Bot, rejected: Callable[[], list[str]]
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await tg.send_message(424242, "x")
    silent = double.user(token)  # exists but never wrote to the bot
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await tg.send_message(silent.id, "x")

    member = double.user(token)
    double.group(token, title="Khối 1", members=[member])
    with pytest.raises(Forbidden, match=r"(?i)bot can't initiate conversation"):
        await tg.send_message(member.id, "x")

    user = double.user(token)
    await user.send("/start")
    user.block()
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await tg.send_message(user.id, "x")
    user.unblock()
    assert await tg.send_message(user.id, "x")
    kinds = [
        u["my_chat_member"]["new_chat_member"]["status"] for u in double.pending_updates(token) if "my_chat_member" in u
    ]
    assert kinds == ["kicked", "member"]
    assert rejected() == [
        "Bad Request: chat not found",
        "Bad Request: chat not found",
        "Forbidden: bot can't initiate conversation with a user",
        "Forbidden: bot was blocked by the user",
    ]


async def test_commands_per_scope(
    double: TelegramDouble, token: str, tg: telegram.Bot, rejected: Callable[[], list[str]]
) -> None:
    from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeChat

    user = double.user(token)
    await user.send("/start")
    assert await tg.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("bao_cao", "Báo cáo")])
    assert await tg.set_my_commands([BotCommand("diem", "Điểm")], scope=BotCommandScopeAllGroupChats())
    assert await tg.set_my_commands(
        [BotCommand("rieng", "Riêng")], scope=BotCommandScopeChat(user.id), language_code="vi"
    )
    assert [c.command for c in await tg.get_my_commands()] == ["start", "bao_cao"]
    assert [c.command for c in await tg.get_my_commands(scope=BotCommandScopeAllGroupChats())] == ["diem"]
    assert [c.command for c in await tg.get_my_commands(scope=BotCommandScopeChat(user.id), language_code="vi")] == [
        "rieng"
    ]
    assert await tg.delete_my_commands(scope=BotCommandScopeAllGroupChats())
    assert await tg.get_my_commands(scope=BotCommandScopeAllGroupChats()) == ()

    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await tg.set_my_commands([BotCommand("BaoCao", "x")])
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMANDS_TOO_MUCH"):
        await tg.set_my_commands([BotCommand(f"c{i}", "x") for i in range(101)])
    bad_scope = await post(
        double, token, "setMyCommands", data={"commands": "[]", "scope": json.dumps({"type": "chat"})}
    )
    assert bad_scope.status_code == 400 and "scope.chat_id" in bad_scope.json()["description"]
    assert len(rejected()) == 3


async def test_misc_methods(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    from telegram import MenuButtonCommands
    from telegram.constants import ChatAction

    user = double.user(token)
    await user.send("/start")
    assert await tg.send_chat_action(user.id, ChatAction.TYPING)
    assert await tg.set_chat_menu_button(chat_id=user.id, menu_button=MenuButtonCommands())
    assert (await tg.get_chat_menu_button(user.id)).type == "commands"
    assert await tg.set_my_description("Trợ lý khối thi đua")
    assert (await tg.get_my_description()).description == "Trợ lý khối thi đua"
    assert await tg.set_my_short_description("Khối thi đua")
    chat = await tg.get_chat(user.id)
    assert chat.first_name == "Nguyễn Văn An"
    copied = await tg.copy_message(user.id, from_chat_id=user.id, message_id=1)
    assert user.messages[-1]["text"] == "/start" and copied.message_id == user.messages[-1]["message_id"]
    forwarded = await tg.forward_message(user.id, from_chat_id=user.id, message_id=1)
    assert forwarded.forward_origin is not None
    # A legal method the double does not model is validated and acknowledged.
    assert await tg.set_my_default_administrator_rights()
    assert [c.method for c in double.bot(token).other_calls] == ["setMyDefaultAdministratorRights"]


async def test_group_privacy_mode(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    an, binh = double.user(token), double.user(token, first_name="Trần Thị Bình")
    group = double.group(token, title="Khối thi đua số 3", members=[an, binh])
    await group.send(an, "chào cả nhà")  # privacy mode: the bot does not see chatter
    await group.send(binh, "/diem@KhoiThiDuaBot")
    await group.send(an, "/diem@OtherBot")
    await group.send(an, "hỏi @KhoiThiDuaBot nhé")
    texts = [u["message"]["text"] for u in double.pending_updates(token)]
    assert texts == ["/diem@KhoiThiDuaBot", "hỏi @KhoiThiDuaBot nhé"]
    sent = await tg.send_message(group.chat_id, "Điểm tuần này")
    assert sent.chat.type == "supergroup" and sent.chat.title == "Khối thi đua số 3"
    assert (await group.next_message())["text"] == "Điểm tuần này"
    await group.send(an, "cảm ơn", reply_to=sent.message_id)  # replies to the bot are seen
    assert double.pending_updates(token)[-1]["message"]["reply_to_message"]["message_id"] == sent.message_id
    assert len(group.all_messages) == 6 and len(group.messages) == 1


async def test_unknown_paths_and_files_answer_like_telegram(double: TelegramDouble, token: str) -> None:
    async with httpx.AsyncClient() as client:
        for url in (f"{double.file_url}{token}/documents/none.txt", f"{double.base_url}/nothing/here"):
            resp = await client.get(url)
            assert resp.status_code == 404
            assert resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
