"""Dialogs that span several messages: they survive a restart, keep a chat's order, and end cleanly."""

from __future__ import annotations

import asyncio

import pytest

from bot.services.sample_bloc import HEAD_UNIT, seed_sample_bloc
from storage import blocs, people
from tests.e2e.harness import press, say, sender_of


@pytest.fixture
async def bloc(harness):
    admin = harness.admin(0)
    await say(admin, "/start")
    return await seed_sample_bloc(harness.services, sender_of(admin), 2026, name="Khối kiểm thử hội thoại")


async def join(harness, name: str, unit: str, bloc) -> object:
    user = harness.user(name)
    await say(user, f"/start {bloc.invites[unit].code}")
    reply = await press(user, "Xác nhận")
    assert reply["text"].startswith("Đăng ký thành công!")
    await harness.settle()  # the head hears of the join right after; let that land before the next step
    return user


async def test_a_restart_in_the_middle_of_onboarding_loses_nothing(harness, bloc):
    admin = harness.admin(1)
    await say(admin, "/taokhoi")
    reply = await say(admin, "Khối sau khởi động lại")
    assert "Năm thi đua?" in reply["text"]
    # a representative has seen the confirmation question but not answered yet
    newcomer = harness.user("Vũ Thị Giang")
    reply = await say(newcomer, f"/start {bloc.invites['Ban Nội chính Tỉnh ủy'].code}")
    assert "Đơn vị: Ban Nội chính Tỉnh ủy" in reply["text"]

    await harness.restart()

    reply = await say(admin, "2027")
    assert reply["text"].startswith("Đã tạo Khối sau khởi động lại, năm 2027")
    reply = await press(newcomer, "Xác nhận")
    assert reply["text"].startswith("Đăng ký thành công! Đồng chí là đại diện chính (đầu mối) của Ban Nội chính")
    reply = await say(newcomer, "/menu")
    assert "đại diện Ban Nội chính Tỉnh ủy" in reply["text"]


async def test_one_chat_is_handled_in_order_while_chats_run_concurrently(harness, bloc):
    first = await join(harness, "Đặng Văn Hùng", "Ban Tổ chức Tỉnh ủy", bloc)
    second = await join(harness, "Bùi Thị Lan", "Ban Tổ chức Tỉnh ủy", bloc)
    first.skip_to_now()
    second.skip_to_now()
    for i in range(1, 21):
        await first.send(f"/ten Đặng Văn Hùng {i}")
        await second.send(f"/ten Bùi Thị Lan {i}")
    await harness.settle()
    for user, name in ((first, "Đặng Văn Hùng"), (second, "Bùi Thị Lan")):
        answers = [m["text"] for m in user.messages[-20:]]
        assert answers == [f"Đã đổi tên hiển thị thành «{name} {i}»." for i in range(1, 21)]
        async with harness.services.db.reading() as conn:
            ident = await people.identity(conn, "telegram", str(user.id))
            person = await people.get_person(conn, ident.person_id)
        assert person.full_name == f"{name} 20"


async def test_rename_dialog_validates_and_cancel_ends_it(harness, bloc):
    user = await join(harness, "Ngô Văn Khoa", "Ủy ban Kiểm tra Tỉnh ủy", bloc)
    reply = await say(user, "/ten")
    assert reply["text"].startswith("Tên hiển thị hiện tại: «Ngô Văn Khoa».")
    reply = await say(user, "   ")
    assert reply["text"].startswith("Tên phải có từ 1 đến 100 ký tự")
    reply = await say(user, "x" * 101)
    assert reply["text"].startswith("Tên phải có từ 1 đến 100 ký tự")
    reply = await say(user, "/huy")
    assert reply["text"].startswith("Đã hủy thao tác")
    reply = await say(user, "Ngô Văn K.")
    assert reply["text"] == "Xin chọn một việc trong menu (gõ /menu)."
    reply = await say(user, "/menu")
    assert "Ngô Văn Khoa" in reply["text"]
    reply = await press(user, "Đổi tên hiển thị")
    assert reply["text"].startswith("Tên hiển thị hiện tại")
    reply = await say(user, "  Ngô   Văn   Khoa  ")
    assert reply["text"] == "Đã đổi tên hiển thị thành «Ngô Văn Khoa»."
    reply = await say(user, "/donvicuatoi")
    assert reply["text"].startswith("🏢 Ủy ban Kiểm tra Tỉnh ủy\nKhối: Khối kiểm thử hội thoại, năm 2026")
    assert "• Ngô Văn Khoa (đầu mối chính)" in reply["text"]


async def test_the_head_removes_a_representative_who_is_told_and_loses_access(harness, bloc):
    head = await join(harness, "Nguyễn Thị Hoa", HEAD_UNIT, bloc)
    leaving = await join(harness, "Lý Văn Mạnh", "Ban Tuyên giáo và Dân vận Tỉnh ủy", bloc)
    reply = await say(head, "/donvi")
    assert reply["text"].startswith("📋 Đơn vị của Khối kiểm thử hội thoại"), reply["text"]
    await press(head, "Ban Tuyên giáo và Dân vận Tỉnh ủy")
    reply = await press(head, "Gỡ Lý Văn Mạnh")
    assert reply["text"].startswith("Gỡ đồng chí Lý Văn Mạnh khỏi danh sách đại diện")
    leaving.skip_to_now()
    reply = await press(head, "Gỡ")
    assert reply["text"].startswith("Đã gỡ đồng chí Lý Văn Mạnh khỏi Ban Tuyên giáo và Dân vận Tỉnh ủy.")
    assert "(chưa có đại diện nào)" in reply["text"]
    notice = await leaving.next_message()
    assert notice["text"].startswith("Đồng chí không còn là đại diện của Ban Tuyên giáo và Dân vận Tỉnh ủy")
    reply = await say(leaving, "/donvicuatoi")
    assert reply["text"].startswith("Đồng chí chưa đăng ký")
    # pressing the old confirmation again does nothing
    await harness.settle()
    async with harness.services.db.reading() as conn:
        assert await people.representatives_of(conn, [bloc.units["Ban Tuyên giáo và Dân vận Tỉnh ủy"].id]) == []


async def test_the_head_opens_the_next_year_keeping_units_and_people(harness, bloc):
    head = await join(harness, "Nguyễn Thị Hoa", HEAD_UNIT, bloc)
    reply = await say(head, "/namtiep")
    assert "Xin gõ năm (ví dụ 2027)" in reply["text"]
    reply = await say(head, "2025")
    assert reply["text"].startswith("Năm không hợp lệ")
    reply = await say(head, "2027")
    assert reply["text"].startswith("Đã mở năm 2027 cho Khối kiểm thử hội thoại với 8 đơn vị")
    # the new year has no head yet, so the old head's representatives no longer administer it
    reply = await say(head, "/donvi")
    assert reply["text"].startswith("Xin lỗi, chức năng này chỉ dành cho quản trị khối")
    reply = await say(head, "/menu")
    assert "năm 2027" in reply["text"]
    async with harness.services.db.reading() as conn:
        year = await blocs.find_year(conn, bloc.year.bloc_id, 2027)
        assert year is not None and year.head_unit_id is None
        assert len(await blocs.member_units(conn, year.id)) == 8


async def test_many_representatives_joining_at_once(harness, bloc):
    """Three people race for the last use of a code: exactly one wins, the others get a clear answer."""
    admin_actor = await harness.services.people.resolve(sender_of(harness.admin(0)))
    unit = bloc.units["Báo và Phát thanh, Truyền hình Hưng Yên"]
    _, view = await harness.services.onboarding.unit(admin_actor, unit.id)
    code = view.invite.code
    # two uses taken already
    for name in ("Đinh Văn Nam", "Mai Thị Oanh"):
        await join_code(harness, name, code)
    racers = [harness.user(f"Người thứ {i}") for i in range(3)]
    for racer in racers:
        await say(racer, f"/start {code}")
    for racer in racers:
        racer.skip_to_now()
    await asyncio.gather(*(racer.press("Xác nhận") for racer in racers))
    answers = [(await racer.next_message())["text"] for racer in racers]
    assert sum(a.startswith("Đăng ký thành công!") for a in answers) == 1
    assert sum(a.startswith("Mã mời này đã dùng đủ 3 lượt") for a in answers) == 2
    async with harness.services.db.reading() as conn:
        assert len(await people.representatives_of(conn, [unit.id])) == 3


async def join_code(harness, name: str, code: str) -> None:
    user = harness.user(name)
    await say(user, f"/start {code}")
    reply = await press(user, "Xác nhận")
    assert reply["text"].startswith("Đăng ký thành công!")
