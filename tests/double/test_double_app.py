"""A real python-telegram-bot Application, polling the double, driven by fake users and the terminal."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox.doubles import TelegramDouble
from bot.sandbox.doubles.terminal import run_terminal_chat

MENU = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Đăng ký", callback_data="reg")], [InlineKeyboardButton("Xem điểm", callback_data="score")]]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_user
    await update.effective_message.reply_text(f"Chào {update.effective_user.first_name}", reply_markup=MENU)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    if query.data == "reg":
        await query.answer("Đã đăng ký")
        await query.edit_message_text("Bạn đã đăng ký")
    else:
        await query.answer()
        await context.bot.send_message(query.message.chat.id, "Điểm: 95")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_message.text
    await update.effective_message.reply_text(f"Bạn nói: {update.effective_message.text}")


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message and message.document
    data = await (await message.document.get_file()).download_as_bytearray()
    await message.reply_text(f"Đã nhận {message.document.file_name}: {len(data)} bytes")


@contextlib.asynccontextmanager
async def running_app(double: TelegramDouble, token: str) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = ApplicationBuilder().token(token).base_url(double.api_url).base_file_url(double.file_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.Document.ALL, document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    # Polls for 10 s on paper, 0.1 s with the module's time scale.
    await app.updater.start_polling(poll_interval=0, timeout=10)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_application_conversation_over_polling(double: TelegramDouble, token: str) -> None:
    user = double.user(token, first_name="An")
    async with running_app(double, token):
        await user.send("/start")
        greeting = await user.next_message()
        assert greeting["text"] == "Chào An"

        await user.press("Đăng ký")
        edited = await user.next_message()
        assert edited["message_id"] == greeting["message_id"] and edited["text"] == "Bạn đã đăng ký"
        assert [a["text"] for a in user.callback_answers] == ["Đã đăng ký"]

        await user.upload_document("bao_cao.xlsx", b"x" * 1234, "application/octet-stream")
        assert (await user.next_message())["text"] == "Đã nhận bao_cao.xlsx: 1234 bytes"

        await double.wait_confirmed(token)
        assert double.pending_updates(token) == []
        await user.send("không có gì")
        await double.wait_idle(token)  # the bot has answered and gone quiet
        assert user.last_message is not None and user.last_message["text"] == "Bạn nói: không có gì"


class Script:
    """Scripted terminal input: each line is typed only once the output shows what it waits for."""

    def __init__(self, steps: list[tuple[str | None, str]]) -> None:
        self.steps = steps
        self.output: list[str] = []
        self._changed = asyncio.Event()

    def write(self, text: str) -> None:
        self.output.append(text)
        self._changed.set()

    async def read(self, prompt: str) -> str | None:
        if not self.steps:
            return None
        expect, line = self.steps.pop(0)
        try:
            async with asyncio.timeout(5):
                while expect is not None and not any(expect in chunk for chunk in self.output):
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"{expect!r} never showed up in: {self.output}") from None
        return line


async def test_terminal_chat_with_scripted_input(double: TelegramDouble, token: str, tmp_path: Path) -> None:
    an = double.user(token, first_name="An")
    binh = double.user(token, first_name="Bình", last_name="Trần")
    upload = tmp_path / "bang_diem.csv"
    upload.write_bytes(b"don_vi,diem\nA,95\n")
    script = Script(
        [
            (None, "/start"),
            ("[1] Đăng ký", ":press 9"),
            ("no button [9]", "#2"),
            ("bot: Điểm: 95", "#1"),
            ("bot (edited): Bạn đã đăng ký", "#1"),
            ("no bot message with buttons", ":as 2"),
            ("now chatting as Bình Trần", "xin chào"),
            ("bot: Bạn nói: xin chào", f":file {upload}"),
            ("Đã nhận bang_diem.csv: 17 bytes", ":users"),
            ("[2] Bình Trần (id", ":bogus"),
            ("unknown command", ":quit"),
        ]
    )
    async with running_app(double, token):
        await run_terminal_chat(double, token, [an, binh], input_fn=script.read, output_fn=script.write)
    transcript = "\n".join(script.output)
    assert "bot: Chào An\n    [1] Đăng ký\n    [2] Xem điểm" in transcript
    assert "↳ toast: Đã đăng ký" in transcript
    assert "Bạn nói: xin chào" in transcript
    assert [m["text"] for m in binh.messages] == ["Bạn nói: xin chào", "Đã nhận bang_diem.csv: 17 bytes"]
    assert script.steps == []
