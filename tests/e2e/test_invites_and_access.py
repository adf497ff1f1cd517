"""Bad invite codes, strangers, representatives reaching for admin powers, and forged button presses."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest

from bot.domain.invite_rules import FAILURE_WINDOW, FAILURES_ALLOWED
from bot.services.sample_bloc import HEAD_UNIT, seed_sample_bloc
from storage import invites, people
from tests.e2e.harness import START, forge_press, say, sender_of


@pytest.fixture
async def bloc(harness):
    admin = harness.admin(0)
    await say(admin, "/start")  # the super-admin has written to the bot, so the bot can reach them
    return await seed_sample_bloc(harness.services, sender_of(admin), 2026, name="Khối kiểm thử mã mời")


async def rep_count(harness, unit_id: int) -> int:
    async with harness.services.db.reading() as conn:
        return len(await people.representatives_of(conn, [unit_id]))


async def person_count(harness) -> int:
    async with harness.services.db.reading() as conn, conn.execute("SELECT count(*) FROM person") as cur:
        return (await cur.fetchone())[0]


async def test_a_stranger_is_told_how_to_join_and_nothing_is_stored(harness, bloc):
    before = await person_count(harness)
    stranger = harness.user("Người Lạ")
    reply = await say(stranger, "Xin chào")
    assert reply["text"].startswith("Đồng chí chưa đăng ký với khối thi đua nào")
    reply = await say(stranger, "/start")
    assert reply["text"].startswith("Kính chào Người Lạ!") and "mã mời" in reply["text"]
    reply = await say(stranger, "/donvi")
    assert reply["text"].startswith("Đồng chí chưa đăng ký")
    await harness.settle()
    assert await person_count(harness) == before


async def test_unknown_expired_revoked_and_used_up_codes_register_nothing(harness, bloc):
    unit = bloc.units["Ban Tổ chức Tỉnh ủy"]
    person = harness.user("Trần Văn Bảo")

    reply = await say(person, "/start ABCDEFGHJK")
    assert reply["text"].startswith("Mã mời không đúng")

    code = bloc.invites["Ban Tổ chức Tỉnh ủy"].code
    harness.clock.set(START + timedelta(days=31))
    try:
        reply = await say(person, f"/start {code}")
        assert reply["text"] == "Mã mời này đã hết hạn ngày 24/12/2026. Xin đề nghị Trưởng khối cấp mã mới."
    finally:
        harness.clock.set(START)

    # three representatives use the code up; the fourth is refused
    for n in range(3):
        joiner = harness.user(f"Đại diện {n}")
        await say(joiner, f"/start {code}")
        joiner.skip_to_now()
        await joiner.press("Xác nhận")
        assert (await joiner.next_message())["text"].startswith("Đăng ký thành công!")
    reply = await say(person, f"/start {code}")
    assert reply["text"].startswith("Mã mời này đã dùng đủ 3 lượt đăng ký")
    assert await rep_count(harness, unit.id) == 3

    # the admin revokes another unit's code: it stops working at once
    other = bloc.invites["Ban Nội chính Tỉnh ủy"].code
    await harness.services.onboarding.revoke_invite(
        await harness.services.people.resolve(sender_of(harness.admin(0))), bloc.units["Ban Nội chính Tỉnh ủy"].id)
    reply = await say(person, other)
    assert reply["text"].startswith("Mã mời này đã bị thu hồi")
    await harness.settle()
    assert await rep_count(harness, bloc.units["Ban Nội chính Tỉnh ủy"].id) == 0


async def test_a_confirm_pressed_after_the_code_was_revoked_registers_nothing(harness, bloc):
    name = "Trường Chính trị Nguyễn Văn Linh"
    person = harness.user("Lê Thị Cúc")
    reply = await say(person, f"/start {bloc.invites[name].code}")
    assert f"Đơn vị: {name}" in reply["text"]
    admin_actor = await harness.services.people.resolve(sender_of(harness.admin(0)))
    await harness.services.onboarding.regenerate_invite(admin_actor, bloc.units[name].id)
    person.skip_to_now()
    await person.press("Xác nhận")
    assert (await person.next_message())["text"].startswith("Mã mời này đã bị thu hồi")
    assert await rep_count(harness, bloc.units[name].id) == 0


async def test_repeated_wrong_codes_are_slowed_down(harness, bloc):
    guesser = harness.user("Kẻ Đoán Mò")
    for _ in range(FAILURES_ALLOWED):
        reply = await say(guesser, "ZZZZZZZZZZ")
        assert reply["text"].startswith("Mã mời không đúng")
    # now even the right code is refused until the window slides
    good = bloc.invites["Ủy ban Kiểm tra Tỉnh ủy"].code
    reply = await say(guesser, good)
    assert reply["text"].startswith("Đồng chí đã nhập sai mã mời nhiều lần. Xin thử lại sau 24/11/2026 09:15")
    harness.clock.set(START + FAILURE_WINDOW + timedelta(seconds=1))
    try:
        reply = await say(guesser, good)
        assert "Đơn vị: Ủy ban Kiểm tra Tỉnh ủy" in reply["text"]
    finally:
        harness.clock.set(START)


async def test_a_representative_cannot_join_a_second_unit(harness, bloc):
    person = harness.user("Phạm Văn Dũng")
    await say(person, f"/start {bloc.invites['Đảng ủy các cơ quan Đảng tỉnh'].code}")
    person.skip_to_now()
    await person.press("Xác nhận")
    await person.next_message()
    reply = await say(person, f"/start {bloc.invites['Báo và Phát thanh, Truyền hình Hưng Yên'].code}")
    assert reply["text"].startswith("Đồng chí đã là đại diện của Đảng ủy các cơ quan Đảng tỉnh")


async def test_a_representative_cannot_use_admin_commands_or_forged_buttons(harness, bloc):
    rep = harness.user("Hoàng Thị Én")
    await say(rep, f"/start {bloc.invites['Báo và Phát thanh, Truyền hình Hưng Yên'].code}")
    rep.skip_to_now()
    await rep.press("Xác nhận")
    await rep.next_message()
    for command in ("/donvi", "/themdonvi Ban Mới", "/mamoi", "/truongkhoi", "/nhapdonvi", "/namtiep", "/quantri"):
        reply = await say(rep, command)
        assert reply["text"] == "Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay.", command
    reply = await say(rep, "/taokhoi")
    assert reply["text"].startswith("Xin lỗi, chỉ quản trị hệ thống")

    # a client that forges callback data for admin actions gets nowhere
    target = bloc.units[HEAD_UNIT]
    async with harness.services.db.reading() as conn:
        before = await invites.live_for_unit(conn, target.id)
    for data in (f"ui:{target.id}", f"ux:{target.id}", f"uh:{bloc.units['Báo và Phát thanh, Truyền hình Hưng Yên'].id}",
                 "ry:1", "by:1", "uc:abc", "zz:1"):
        rep.skip_to_now()
        await forge_press(harness, rep, data)
        reply = await rep.next_message()
        assert reply["text"] in ("Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay.",
                                 "Xin lỗi, chỉ quản trị hệ thống mới tạo hoặc chọn khối thi đua.",
                                 "Nút này không còn hiệu lực. Xin mở lại /menu."), (data, reply["text"])
    async with harness.services.db.reading() as conn:
        after = await invites.live_for_unit(conn, target.id)
        actor = await harness.services.people.resolve(sender_of(rep))
    assert after == before
    assert actor.year is not None and actor.year.head_unit_id == target.id



async def test_an_admin_cannot_reach_another_blocs_units(harness, bloc):
    other_admin = harness.admin(5)
    await say(other_admin, "/taokhoi")
    await say(other_admin, "Khối khác")
    await say(other_admin, "2026")
    for data in (f"uc:{bloc.units[HEAD_UNIT].id}", f"ui:{bloc.units[HEAD_UNIT].id}"):
        other_admin.skip_to_now()
        await forge_press(harness, other_admin, data)
        reply = await other_admin.next_message()
        assert reply["text"] == "Không tìm thấy đơn vị này trong khối đang quản trị."
    reply = await say(other_admin, "/donvi")
    assert reply["text"].startswith("Khối chưa có đơn vị nào")


async def test_a_request_the_double_rejects_fails_the_test(harness):
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{harness.double.api_url}{harness.token}/sendMessage",
                                     data={"chat_id": "1", "text": "x", "bogus_field": "1"})
    assert response.status_code == 400
    with pytest.raises(AssertionError, match="rejected 1 request"):
        harness.check_rejections()


async def test_a_forged_button_with_a_number_too_big_for_the_database_is_a_stale_choice(harness, bloc, caplog):
    admin = harness.admin(0)
    rep = harness.user("Đỗ Thị Hạnh")
    await say(rep, f"/start {bloc.invites['Ban Tổ chức Tỉnh ủy'].code}")
    rep.skip_to_now()
    await rep.press("Xác nhận")
    await rep.next_message()
    # each press as someone it reaches the database for: a representative's buttons, then an admin's
    presses = [(rep, prefix) for prefix in ("qr", "vb")]
    presses += [(admin, prefix) for prefix in ("vv", "hu", "hs", "ry", "vt", "vx", "vm")]
    for who, prefix in presses:
        for number in (2**63, 2**64 + 5, -(2**63) - 1):
            who.skip_to_now()
            await forge_press(harness, who, f"{prefix}:{number}")
            reply = await who.next_message()
            assert reply["text"] == "Nút này không còn hiệu lực. Xin mở lại /menu.", (prefix, number, reply["text"])
    await harness.settle()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_removed_representative_gets_no_link_code(harness, bloc):
    admin = harness.admin(0)
    rep = harness.user("Vũ Thị Lan")
    await say(rep, f"/start {bloc.invites['Ban Tổ chức Tỉnh ủy'].code}")
    rep.skip_to_now()
    await rep.press("Xác nhận")
    await rep.next_message()
    assert (await say(rep, "/lienket"))["text"].startswith("Mã liên kết của đồng chí:")
    actor = await harness.services.people.resolve(sender_of(rep))
    assert actor.rep is not None
    admin.skip_to_now()
    await forge_press(harness, admin, f"ry:{actor.rep.id}")
    assert (await admin.next_message())["text"].startswith("Đã gỡ đồng chí Vũ Thị Lan")
    await harness.settle()
    async with harness.services.db.reading() as conn, conn.execute("SELECT count(*) FROM link_code") as cur:
        codes_before = (await cur.fetchone())[0]
    reply = await say(rep, "/lienket")
    assert reply["text"].startswith("Xin lỗi, tài khoản này hiện không còn là đại diện của đơn vị nào")
    async with harness.services.db.reading() as conn, conn.execute("SELECT count(*) FROM link_code") as cur:
        assert (await cur.fetchone())[0] == codes_before


async def test_a_strangers_wrong_codes_keep_no_account_id_and_are_forgotten_after_a_day(harness, bloc):
    async def attempts() -> list[tuple]:
        async with harness.services.db.reading() as conn, conn.execute("SELECT * FROM invite_attempt") as cur:
            return [tuple(row) for row in await cur.fetchall()]

    guesser = harness.user("Kẻ Đoán Mò", user_id=734519208)
    for _ in range(2):
        assert (await say(guesser, "ZZZZZZZZZZ"))["text"].startswith("Mã mời không đúng")
    kept = await attempts()
    assert len(kept) == 2 and not [row for row in kept if any("734519208" in str(value) for value in row)]
    # a day later, the next attempt (anyone's) takes the old ones away
    harness.clock.set(START + timedelta(days=1, minutes=1))
    try:
        other = harness.user("Người Khác")
        assert (await say(other, "ZZZZZZZZZZ"))["text"].startswith("Mã mời không đúng")
        assert len(await attempts()) == 1
    finally:
        harness.clock.set(START)
