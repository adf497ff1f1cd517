"""Files both ways (multipart uploads, getFile, downloads) and polls with votes."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

import pytest
import telegram
from telegram.error import BadRequest

from bot.sandbox.doubles import TelegramDouble


def png(width: int, height: int) -> bytes:
    """A valid grey PNG, built by hand so the tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_bot_uploads_a_document(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    user = double.user(token)
    await user.send("/start")
    data = b"PK\x03\x04 bang diem thi dua"
    sent = await tg.send_document(
        user.id, document=data, filename="bang_diem.xlsx", caption="<i>Bảng điểm</i>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "bang_diem.xlsx"
    assert sent.document.file_size == len(data) and sent.document.mime_type == XLSX
    assert sent.caption == "Bảng điểm" and sent.caption_entities[0].type == "italic"
    seen = await user.next_message()
    assert seen["document"]["file_id"] == sent.document.file_id

    again = await tg.send_document(user.id, document=sent.document.file_id)  # re-send by file_id
    assert again.document is not None and again.document.file_unique_id == sent.document.file_unique_id
    file = await tg.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == data


async def test_user_uploads_a_document_the_bot_downloads(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    user = double.user(token)
    data = bytes(range(256)) * 40
    await user.upload_document("nop_bao_cao.xlsx", data, XLSX, caption="Báo cáo tháng 3")
    [update] = await tg.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.caption == "Báo cáo tháng 3"
    file = await tg.get_file(update.message.document.file_id)
    assert file.file_size == len(data)
    assert bytes(await file.download_as_bytearray()) == data


async def test_photos_both_ways(
    double: TelegramDouble, token: str, tg: telegram.Bot, rejected: Callable[[], list[str]]
) -> None:
    user = double.user(token)
    await user.upload_photo(png(320, 200), caption="ảnh hoạt động")
    [update] = await tg.get_updates()
    assert update.message is not None
    sizes = update.message.photo
    assert [(p.width, p.height) for p in sizes] == [(90, 56), (320, 200)]
    file = await tg.get_file(sizes[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == png(320, 200)

    sent = await tg.send_photo(user.id, photo=png(64, 64), caption="Biểu đồ")
    assert [(p.width, p.height) for p in sent.photo] == [(64, 64)]
    resent = await tg.send_photo(user.id, photo=sizes[-1].file_id)
    assert resent.photo[-1].file_id == sizes[-1].file_id
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await tg.send_photo(user.id, photo=b"not an image")
    with pytest.raises(BadRequest, match=r"(?i)type of file mismatch"):
        await tg.send_document(user.id, document=sizes[-1].file_id)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await tg.send_document(user.id, document="no-such-file-id")
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await tg.send_document(user.id, document=b"x", filename="a.txt", caption="x" * 1025)
    assert len(rejected()) == 4


async def test_poll_votes_reach_the_bot(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    an, binh = double.user(token), double.user(token, first_name="Trần Thị Bình")
    group = double.group(token, title="Khối 2", members=[an, binh])
    sent = await tg.send_poll(group.chat_id, "Chọn ngày họp?", ["Thứ Hai", "Thứ Tư", "Thứ Sáu"], is_anonymous=False)
    assert sent.poll is not None and sent.poll.total_voter_count == 0
    message = await group.next_message()

    await group.answer_poll(an, message, [1])
    poll = await group.answer_poll(binh, message, [1])
    assert poll["total_voter_count"] == 2 and poll["options"][1]["voter_count"] == 2
    updates = await tg.get_updates()
    answers = [u.poll_answer for u in updates if u.poll_answer]
    assert [(a.user.id, a.option_ids) for a in answers if a.user] == [(an.id, (1,)), (binh.id, (1,))]
    states = [u.poll for u in updates if u.poll]
    assert states[-1].options[1].voter_count == 2

    await group.answer_poll(an, message, [2])  # regular polls allow revoting by default
    stopped = await tg.stop_poll(group.chat_id, sent.message_id)
    assert stopped.is_closed and [o.voter_count for o in stopped.options] == [0, 1, 1]
    with pytest.raises(ValueError, match="closed"):
        await group.answer_poll(binh, message, [0])


async def test_poll_limits(
    double: TelegramDouble, token: str, tg: telegram.Bot, rejected: Callable[[], list[str]]
) -> None:
    group = double.group(token)
    with pytest.raises(BadRequest, match=r"(?i)poll question length must not exceed 300"):
        await tg.send_poll(group.chat_id, "?" * 301, ["a", "b"])
    with pytest.raises(BadRequest, match=r"(?i)more than 12 options"):
        await tg.send_poll(group.chat_id, "Q", [str(i) for i in range(13)])
    with pytest.raises(BadRequest, match=r"(?i)options length must not exceed 100"):
        await tg.send_poll(group.chat_id, "Q", ["a", "b" * 101])
    assert len(rejected()) == 3
