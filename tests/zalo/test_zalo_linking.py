"""One person, two channels: linking a Telegram and a Zalo account with a one-time code, the channel
for notices (/kenh), and notices that cross from one channel to the other."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from storage import people
from tests.e2e.harness import press, say, sender_of
from tests.zalo.harness import join_on_zalo, numbered, zsay

LINK_CODE = re.compile(r"/lienket ([A-HJ-NP-Z2-9]{8})\b")


def link_code(text: str) -> str:
    match = LINK_CODE.search(text)
    assert match, text
    return match.group(1)


@pytest.fixture
async def bloc(harness):
    admin = harness.admin(0)
    await say(admin, "/start")
    return await seed_sample_bloc(harness.services, sender_of(admin), 2026)


@pytest.fixture
async def head(harness, bloc):
    """The head unit's representative, who joined on Telegram."""
    return await join_on_telegram(harness, bloc, HEAD_UNIT, "Nguyễn Thị Hoa")


async def join_on_telegram(harness, sample, unit: str, name: str):
    user = harness.user(name)
    await say(user, f"/start {sample.invites[unit].code}")
    reply = await press(user, "Xác nhận")
    assert reply["text"].startswith("Đăng ký thành công!")
    return user


async def link_zalo(harness, tg, name: str):
    """A new Zalo account, `name`, linked to the person of the Telegram user `tg` with the code /lienket gave
    them, as in the first test; the notice of it on Telegram is taken. Returns the Zalo user."""
    code = link_code((await say(tg, "/lienket"))["text"])
    zalo = harness.zalo_user(name)
    tg.skip_to_now()
    assert (await zsay(zalo, f"/lienket {code}")).startswith("Đã liên kết! Tài khoản Zalo này nay là của đồng chí")
    assert (await tg.next_message())["text"].startswith("Một tài khoản Zalo vừa được liên kết")
    return zalo


async def person_of(harness, channel: str, external_id: str) -> int | None:
    async with harness.services.db.reading() as conn:
        ident = await people.identity(conn, channel, external_id)
    return ident.person_id if ident else None


async def test_a_telegram_representative_links_their_zalo_account(harness, head):
    tg = head
    reply = await say(tg, "/lienket")
    assert reply["text"].startswith("Mã liên kết của đồng chí: ") and "trên Zalo" in reply["text"]
    code = link_code(reply["text"])
    assert "hết hạn lúc 24/11/2026 09:15" in reply["text"]

    zalo = harness.zalo_user("Hoa Zalo")
    tg.skip_to_now()
    text = await zsay(zalo, f"/lienket {code.lower()}")
    assert text.startswith("Đã liên kết! Tài khoản Zalo này nay là của đồng chí Nguyễn Thị Hoa")
    # the Telegram account is told, in case it was not them
    notice = await tg.next_message()
    assert notice["text"].startswith("Một tài khoản Zalo vừa được liên kết với tài khoản của đồng chí.")
    assert await person_of(harness, "zalo", zalo.id) == await person_of(harness, "telegram", str(tg.id))

    # the same person on Zalo: their unit, and the admin rights of the head's representative
    assert (await zsay(zalo, "/donvicuatoi")).startswith(f"🏢 {HEAD_UNIT}")
    assert (await zsay(zalo, "/donvi")).startswith("📋 Đơn vị của")

    # a used code is spent; another account cannot take it
    other = harness.zalo_user("Kẻ Lạ")
    assert (await zsay(other, f"/lienket {code}")).startswith("Mã liên kết không đúng hoặc đã được dùng")
    assert await person_of(harness, "zalo", other.id) is None
    # both channels linked: nothing left to link
    assert (await say(tg, "/lienket"))["text"] == "Tài khoản của đồng chí đã liên kết cả Telegram và Zalo."


async def test_a_zalo_representative_links_their_telegram_account(harness, bloc):
    zalo = await join_on_zalo(harness, bloc, SAMPLE_UNITS[1][0], "Trần Thị Bình")
    text = await zsay(zalo, "/lienket")
    assert "Xin mở bot trên Telegram" in text
    code = link_code(text)

    tg = harness.user("Trần Thị Bình")
    zalo.skip_to_now()
    reply = await say(tg, f"/lienket {code}")
    assert reply["text"].startswith("Đã liên kết! Tài khoản Telegram này nay là của đồng chí Trần Thị Bình")
    notice = await zalo.next_message()
    assert notice["text"].startswith("Một tài khoản Telegram vừa được liên kết")
    reply = await say(tg, "/donvicuatoi")
    assert reply["text"].startswith(f"🏢 {SAMPLE_UNITS[1][0]}")


async def test_link_codes_are_one_time_short_lived_and_for_the_other_channel(harness, bloc):
    zalo = await join_on_zalo(harness, bloc, SAMPLE_UNITS[2][0], "Lê Văn Cường")
    code = link_code(await zsay(zalo, "/lienket"))
    # typed on the channel that showed it (by another Zalo account)
    other = harness.zalo_user("Người Khác")
    assert await zsay(other, f"/lienket {code}") == "Mã này cần gõ trên Telegram, không phải trên kênh đã lấy mã."
    # an older code stops working when a new one is asked for
    newer = link_code(await zsay(zalo, "/lienket"))
    tg = harness.user("Lê Văn Cường")
    assert (await say(tg, f"/lienket {code}"))["text"].startswith("Mã liên kết không đúng")
    harness.clock.advance(timedelta(minutes=16))
    try:
        assert (await say(tg, f"/lienket {newer}"))["text"].startswith("Mã liên kết đã hết hạn")
    finally:
        harness.clock.advance(timedelta(minutes=-16))
    assert await person_of(harness, "telegram", str(tg.id)) is None


async def test_a_stranger_asking_to_link_is_told_how(harness):
    stranger = harness.zalo_user("Chưa Đăng Ký")
    text = await zsay(stranger, "/lienket")
    assert text.startswith("Để dùng bot trên cả Telegram và Zalo")


async def test_guessing_link_codes_is_throttled_like_invite_codes(harness):
    guesser = harness.zalo_user("Người Đoán Mã")
    for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "DDDDDDDD", "EEEEEEEE"):
        assert (await zsay(guesser, f"/lienket {guess}")).startswith("Mã liên kết không đúng")
    text = await zsay(guesser, "/lienket FFFFFFFF")
    assert text.startswith("Đồng chí đã nhập sai mã mời nhiều lần")


async def test_an_account_of_someone_else_cannot_be_linked(harness, bloc):
    zalo_rep = await join_on_zalo(harness, bloc, SAMPLE_UNITS[3][0], "Phạm Thị Dung")
    tg_rep = await join_on_telegram(harness, bloc, SAMPLE_UNITS[4][0], "Hoàng Văn Em")
    code = link_code((await say(tg_rep, "/lienket"))["text"])
    text = await zsay(zalo_rep, f"/lienket {code}")
    assert text.startswith("Tài khoản Zalo này đã thuộc về một người dùng khác")


async def test_the_notice_channel_preference(harness, bloc):
    tg = await join_on_telegram(harness, bloc, SAMPLE_UNITS[5][0], "Đặng Văn Hùng")
    person_id = await person_of(harness, "telegram", str(tg.id))
    service = harness.services.people
    assert await service.notice_preference(person_id) == "both"

    reply = await say(tg, "/kenh")
    assert reply["text"].startswith("Nhắc việc và thông báo của khối hiện gửi cho đồng chí qua: Cả Telegram và Zalo.")
    assert "mới dùng bot trên Telegram" in reply["text"]
    reply = await press(tg, "Zalo")
    assert reply["text"] == "Đồng chí chưa liên kết Zalo. Gõ /lienket để lấy mã liên kết."

    zalo = harness.zalo_user("Hùng Zalo")
    await zsay(zalo, f"/lienket {link_code((await say(tg, '/lienket'))['text'])}")
    text = await zsay(zalo, "/kenh")
    assert numbered(text) == ["Telegram", "Zalo", "Cả Telegram và Zalo"]
    assert await zsay(zalo, "2") == "Đã lưu. Nhắc việc và thông báo sẽ gửi cho đồng chí qua: Zalo."
    assert await service.notice_preference(person_id) == "zalo"
    unit_id = bloc.units[SAMPLE_UNITS[5][0]].id
    assert await service.notice_chats_of_unit(unit_id) == [("zalo", zalo.id)]

    reply = await say(tg, "/kenh telegram")
    assert reply["text"] == "Đã lưu. Nhắc việc và thông báo sẽ gửi cho đồng chí qua: Telegram."
    assert await service.notice_chats_of_unit(unit_id) == [("telegram", str(tg.id))]
    assert (await zsay(zalo, "/kenh cả hai")).endswith("qua: Cả Telegram và Zalo.")
    assert sorted(await service.notice_chats_of_unit(unit_id)) == [("telegram", str(tg.id)), ("zalo", zalo.id)]

    # a preferred channel that cannot be reached falls back to the others, so nothing is lost
    await zsay(zalo, "/kenh zalo")
    await service.mark_blocked("zalo", zalo.id)
    assert await service.notice_chats_of_unit(unit_id) == [("telegram", str(tg.id))]


async def test_a_file_asked_for_on_zalo_goes_to_the_linked_telegram(harness, head):
    # the head's representative links Zalo, as in the first test
    head_rep = head
    zalo = await link_zalo(harness, head_rep, "Hoa Zalo")
    async with harness.services.db.reading() as conn:
        person_id = (await people.identity(conn, "telegram", str(head_rep.id))).person_id
        zalo_id = next(i.external_id for i in await people.identities_of(conn, person_id) if i.channel == "zalo")
    assert zalo_id == zalo.id
    await zsay(zalo, "/nhapdonvi")
    head_rep.skip_to_now()
    text = await zsay(zalo, "#1")
    assert text.startswith("Tệp mẫu danh sách đơn vị")
    assert "tệp «mau-danh-sach-don-vi.xlsx» đã được gửi sang Telegram của đồng chí" in text
    document = await head_rep.next_message()
    assert document["document"]["file_name"] == "mau-danh-sach-don-vi.xlsx"


async def test_a_super_admin_who_linked_zalo_administers_from_zalo(harness, bloc):
    admin = harness.admin(0)
    code = link_code((await say(admin, "/lienket"))["text"])
    zalo = harness.zalo_user("Quản trị Zalo")
    await zsay(zalo, f"/lienket {code}")
    text = await zsay(zalo, "/mamoi")
    assert text.startswith("🔑 Mã mời các đơn vị của")


async def test_the_head_on_telegram_sees_a_representative_join_on_zalo(harness, bloc, head):
    head_rep = head
    # the head's representative wants notices on Telegram only
    await say(head_rep, "/kenh telegram")
    head_rep.skip_to_now()
    await join_on_zalo(harness, bloc, SAMPLE_UNITS[6][0], "Vũ Thị Giang")
    notice = await head_rep.next_message(timeout=1.0)
    assert notice["text"] == f"Đồng chí Vũ Thị Giang vừa đăng ký làm đại diện của {SAMPLE_UNITS[6][0]}."
