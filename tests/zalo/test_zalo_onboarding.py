"""Zalo end to end: representatives onboard over Zalo with numbered options, an admin works over Zalo,
while the same bot serves Telegram in the same process."""

from __future__ import annotations

import re

import pytest

from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from storage import people
from tests.e2e.harness import press, say, sender_of
from tests.zalo.harness import hashed, join_on_zalo, numbered, zsay

CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{10})\b")


@pytest.fixture
async def bloc(harness):
    """The sample bloc, set up by super-admin 0 on Telegram; its head unit's first representative is on
    Telegram."""
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    head_rep = harness.user("Nguyễn Thị Hoa")
    await say(head_rep, f"/start {sample.invites[HEAD_UNIT].code}")
    reply = await press(head_rep, "Xác nhận")
    assert reply["text"].startswith("Đăng ký thành công!")
    return sample, head_rep


@pytest.fixture
async def zalo_admin(harness, bloc):
    """A second representative of the head unit, on Zalo: an admin of the year."""
    sample, _ = bloc
    admin = harness.zalo_user("Đặng Văn Hùng")
    await zsay(admin, f"/start {sample.invites[HEAD_UNIT].code}")
    text = await zsay(admin, "1")
    assert text.startswith(f"Đăng ký thành công! Đồng chí là đại diện của {HEAD_UNIT}")
    return admin


async def test_a_stranger_on_zalo_is_told_how_to_join_and_nothing_is_stored(harness):
    stranger = harness.zalo_user("Người Lạ")
    text = await zsay(stranger, "/start")
    assert text.startswith("Kính chào Người Lạ!") and "mã mời" in text
    text = await zsay(stranger, "xin chào")
    assert text.startswith("Đồng chí chưa đăng ký")
    stranger.skip_to_now()
    await stranger.send_sticker()
    assert (await stranger.next_message())["text"].startswith("Đồng chí chưa đăng ký")
    await stranger.send_unsupported()
    assert (await stranger.next_message())["text"].startswith("Đồng chí chưa đăng ký")
    async with harness.services.db.reading() as conn:
        assert await people.identity(conn, "zalo", stranger.id) is None


async def test_a_representative_onboards_entirely_over_zalo(harness, bloc):
    sample, head_rep = bloc
    unit = SAMPLE_UNITS[1][0]
    rep = harness.zalo_user("Trần Thị Bình")
    text = await zsay(rep, f"/start {sample.invites[unit].code}")
    assert f"Đơn vị: {unit}" in text and "«Trần Thị Bình»" in text
    assert numbered(text) == ["✅ Xác nhận", "Hủy"]
    assert text.endswith("Gõ số thứ tự để chọn.")
    head_rep.skip_to_now()
    text = await zsay(rep, "1")
    assert text.startswith(f"Đăng ký thành công! Đồng chí là đại diện chính (đầu mối) của {unit}")
    await harness.settle()
    async with harness.services.db.reading() as conn:
        ident = await people.identity(conn, "zalo", rep.id)
        assert ident is not None and ident.chat_id == rep.id
        assert (await people.active_representation(conn, ident.person_id)) is not None
    text = await zsay(rep, "/donvicuatoi")
    assert text.startswith(f"🏢 {unit}") and "Trần Thị Bình" in text


async def test_typing_the_option_s_words_or_a_bare_code_works_too(harness, bloc):
    sample, _ = bloc
    unit = SAMPLE_UNITS[2][0]
    rep = harness.zalo_user("Lê Văn Cường")
    # the code typed without /start, in lower case, as people do
    text = await zsay(rep, sample.invites[unit].code.lower())
    assert f"Đơn vị: {unit}" in text
    text = await zsay(rep, "xác nhận")
    assert text.startswith(f"Đăng ký thành công! Đồng chí là đại diện chính (đầu mối) của {unit}")

    # a message without a list leaves the numbers, as buttons stay on Telegram
    late = harness.zalo_user("Ngô Văn Tâm")
    await zsay(late, f"/start {sample.invites[unit].code}")
    assert (await zsay(late, "được")).startswith("Đồng chí chưa đăng ký")
    assert (await zsay(late, "1")).startswith("Đăng ký thành công!")

    other = harness.zalo_user("Phạm Thị Dung")
    await zsay(other, f"/start {sample.invites[unit].code}")
    text = await zsay(other, "Hủy")
    assert text == "Đã hủy, chưa đăng ký."
    # the list ended with that answer: a "1" now is plain text, not a stale "Xác nhận"
    text = await zsay(other, "1")
    assert text.startswith("Đồng chí chưa đăng ký")


async def test_text_that_matches_no_option_goes_to_the_dialog_as_typed(harness, bloc):
    sample, _ = bloc
    rep = harness.zalo_user("Hoàng Văn Em")
    await zsay(rep, f"/start {sample.invites[SAMPLE_UNITS[3][0]].code}")
    await zsay(rep, "1")
    text = await zsay(rep, "/menu")
    assert "🏢 Đơn vị của tôi" in numbered(text)
    # out of range and no label's words: typed text, which the main menu does not understand
    assert (await zsay(rep, "99")).startswith("Xin chọn một việc trong menu")
    text = await zsay(rep, "/ten")
    assert "tên" in text.lower() and not numbered(text)
    # the rename step asked for a name and offered no list, so "2" is the new name, not an option
    assert await zsay(rep, "2") == "Đã đổi tên hiển thị thành «2»."
    assert await zsay(rep, "/ten Hoàng Văn Em") == "Đã đổi tên hiển thị thành «Hoàng Văn Em»."


async def test_the_head_administers_the_bloc_over_zalo_with_numbered_choices(harness, bloc, zalo_admin):
    sample, _ = bloc
    admin = zalo_admin
    # the second unit's representative, whom its card lists; the head's are told of her joining before
    # the admin's first command, so its answer is the admin's next message
    await join_on_zalo(harness, sample, SAMPLE_UNITS[1][0], "Trần Thị Bình")
    await harness.settle()
    text = await zsay(admin, "/donvi")
    assert text.startswith("📋 Đơn vị của")
    labels = numbered(text)
    assert len(labels) == 8 + 1 and "⭐ Văn phòng Tỉnh ủy (2)" in labels
    second = next(i for i, label in enumerate(labels, start=1) if SAMPLE_UNITS[1][0] in label)
    text = await zsay(admin, str(second))
    assert text.startswith(f"🏢 {SAMPLE_UNITS[1][0]}") and "Trần Thị Bình" in text
    # Zalo has no deep links: the card shows the bare code
    assert sample.invites[SAMPLE_UNITS[1][0]].code in text and "t.me" not in text
    card = numbered(text)
    assert any("Danh sách đơn vị" in label for label in card)
    text = await zsay(admin, "danh sách đơn vị")
    assert text.startswith("📋 Đơn vị của")

    text = await zsay(admin, "/quantri")
    units = next(i for i, label in enumerate(numbered(text), start=1) if label.startswith("📋"))
    text = await zsay(admin, str(units))
    assert text.startswith("📋 Đơn vị của")

    text = await zsay(admin, "/mamoi")
    assert all(f"{name}: " in text for name, _ in SAMPLE_UNITS) and "t.me" not in text


async def test_a_file_reply_on_zalo_says_where_to_get_the_file(harness, zalo_admin):
    admin = zalo_admin
    text = await zsay(admin, "/nhapdonvi")
    # the step waits for a file: its option is chosen with "#1" or its words, and a bare "1" is input
    assert hashed(text) == ["📄 Tệp mẫu"] and text.endswith("Gõ #số để chọn (ví dụ #1), hoặc gõ nội dung được hỏi.")
    assert (await zsay(admin, "1")).startswith("Xin gửi tệp")
    text = await zsay(admin, "#1")
    assert text.startswith("Tệp mẫu danh sách đơn vị")
    assert "Zalo không gửi được tệp «mau-danh-sach-don-vi.xlsx»" in text
    assert (await zsay(admin, "tệp mẫu")).startswith("Tệp mẫu danh sách đơn vị")


async def test_a_photo_sent_on_zalo_reaches_the_dialog_as_a_file(harness, zalo_admin):
    admin = zalo_admin
    await zsay(admin, "/nhapdonvi")
    url = harness.zalo.host_file(b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg")
    admin.skip_to_now()
    await admin.send_image(url)
    text = (await admin.next_message())["text"]
    # the photo was downloaded from its URL and read as an import file (and refused as one)
    assert text.startswith("Chưa nhập được tệp «anh.jpg»")
    assert harness.zalo.stats["file_downloads"] >= 1
    assert "typing" in admin.actions


async def test_long_texts_are_split_into_messages_of_at_most_2000_characters(harness):
    admin = harness.admin(1)
    await say(admin, "/start")
    actor = await harness.services.people.resolve(sender_of(admin))
    year = await harness.services.onboarding.create_bloc(actor, "Khối tên dài", 2026)
    from bot.domain.unit_import import UnitImport, UnitRow

    names = [f"Đơn vị số {i:02d} " + "với một cái tên rất dài của cơ quan " * 4 for i in range(1, 16)]
    actor = await harness.services.people.resolve(sender_of(admin))
    await harness.services.onboarding.import_units(actor, UnitImport([UnitRow(i + 2, n.strip(), None, None)
                                                                      for i, n in enumerate(names)], []))
    _, views = await harness.services.onboarding.units(actor)
    await harness.services.onboarding.set_role(actor, views[0].unit.id, "head")
    _, pairs = await harness.services.onboarding.all_invites(actor)
    head_code = dict((u.id, i.code) for u, i in pairs)[views[0].unit.id]
    assert year.bloc_name == "Khối tên dài"

    rep = harness.zalo_user("Bùi Thị Lan")
    await zsay(rep, f"/start {head_code}")
    await zsay(rep, "1")
    before = len(rep.messages)
    await rep.send("/mamoi")
    await harness.settle()
    parts = [m["text"] for m in rep.messages[before:]]
    whole = "\n".join(parts)
    assert len(parts) >= 2 and len(whole) > 2000 and all(len(p) <= 2000 for p in parts)
    assert parts[0].startswith("🔑 Mã mời các đơn vị của Khối tên dài")
    assert all(n.strip() in whole for n in names)


async def test_group_messages_are_ignored_and_a_command_answered_once(harness):
    member = harness.zalo_user("Vũ Thị Giang")
    group = harness.zalo.group(harness.zalo_token)
    await group.send(member, "/start")
    assert (await group.next_message())["text"] == "Xin nhắn riêng cho bot để thực hiện thao tác này."
    await group.send(member, "/menu")
    await group.send(member, "chào cả nhà")
    await harness.settle()
    assert len(group.messages) == 1


async def test_one_chat_in_order_while_chats_run_concurrently(harness, bloc):
    sample, _ = bloc
    reps = []
    for index, unit in enumerate((SAMPLE_UNITS[4][0], SAMPLE_UNITS[5][0])):
        rep = harness.zalo_user(f"Người thứ {index}")
        await zsay(rep, f"/start {sample.invites[unit].code}")
        await zsay(rep, "1")
        rep.skip_to_now()
        reps.append(rep)
    for n in range(1, 16):
        for rep in reps:
            await rep.send(f"/ten Tên {rep.display_name[-1]}-{n}")
    await harness.settle()
    for rep in reps:
        names = [m["text"] for m in rep.messages[-15:]]
        assert names == [f"Đã đổi tên hiển thị thành «Tên {rep.display_name[-1]}-{n}»." for n in range(1, 16)]


async def test_the_offered_numbers_survive_a_restart(harness, bloc):
    sample, _ = bloc
    rep = harness.zalo_user("Nguyễn Văn Khôi")
    text = await zsay(rep, f"/start {sample.invites[SAMPLE_UNITS[6][0]].code}")
    assert numbered(text) == ["✅ Xác nhận", "Hủy"]
    await harness.restart()
    text = await zsay(rep, "1")
    assert text.startswith("Đăng ký thành công!")
