"""The head sets what the bloc's documents print in their header (/vanban), and /baocao says what is missing.

The superior body and the place differ by province (shared/reference/documents.md), so the bot never guesses
them: a bloc without them gets marked blanks in its documents, and the head is told so where the documents
are asked for, with a button to set them. Bad input is refused politely and changes nothing; a setting is
recorded in the audit trail; a representative of another unit cannot reach it.
"""

from __future__ import annotations

import pytest

from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS
from tests.e2e.harness import labels, press, sample_bloc_joined, say
from tests.e2e.test_notice_atomic import on_database

UNITS = [name for name, _ in SAMPLE_UNITS]
BLOC = "Khối kiểm thử văn bản"


@pytest.fixture
async def bloc(harness):
    joined = await sample_bloc_joined(harness, BLOC, lambda index, _: f"Đại diện {index}",
                                      units=[HEAD_UNIT, UNITS[2]])
    # a bloc whose admin never set them (the sample bloc has them)
    on_database(harness, "UPDATE bloc SET superior_body = NULL, place = NULL")
    return joined


def settings_of(harness) -> list[tuple]:
    return on_database(harness, "SELECT superior_body, place FROM bloc")


async def test_the_head_is_told_what_is_missing_and_sets_it(harness, bloc):
    head = bloc["reps"][HEAD_UNIT]
    menu = await say(head, "/baocao")
    assert ("⚠️ Các văn bản còn để trống tên cơ quan cấp trên (ví dụ: Tỉnh ủy Hưng Yên), địa danh ở dòng ngày tháng "
            "(ví dụ: Hưng Yên) ở phần đầu") in menu["text"]
    card = await press(head, "🏛 Thông tin văn bản")
    assert "• Cơ quan cấp trên: (chưa khai báo: văn bản để trống)" in card["text"]
    assert (await press(head, "✏️ Khai báo lại"))["text"].startswith("Đề nghị đồng chí nhập tên cơ quan cấp trên")

    # empty or too long: refused, asked again, nothing saved
    assert "phải có từ 1 đến 200 ký tự" in (await say(head, "   "))["text"]
    assert (await say(head, "x" * 201))["text"] == (await say(head, "   "))["text"]
    assert settings_of(harness) == [(None, None)]
    assert (await say(head, "Tỉnh ủy  Hưng Yên"))["text"].startswith("Đề nghị đồng chí nhập địa danh")
    await say(head, "y" * 101)
    assert settings_of(harness) == [(None, None)]
    saved = await say(head, "Hưng Yên")
    assert saved["text"] == ("Đã lưu. Văn bản của khối sẽ in «TỈNH ỦY HƯNG YÊN» ở phần đầu và «Hưng Yên, ngày … tháng "
                             "… năm …».")
    assert settings_of(harness) == [("Tỉnh ủy Hưng Yên", "Hưng Yên")]

    menu = await say(head, "/baocao")
    assert "⚠️" not in menu["text"] and "🏛 Thông tin văn bản" not in labels(menu)
    trail = await say(head, "/nhatky")
    assert "Khai báo thông tin văn bản: Tỉnh ủy Hưng Yên; Hưng Yên" in trail["text"]


async def test_a_representative_of_another_unit_cannot_set_them(harness, bloc):
    other = bloc["reps"][UNITS[2]]
    reply = await say(other, "/vanban")
    assert reply["text"] == "Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay."
    assert settings_of(harness) == [(None, None)]
