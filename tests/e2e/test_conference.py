"""The year-end conference played through chat for the sample bloc: the head prepares it with an agenda, every unit
is invited and reminded the day before, delegates check in by the invitation's button and by the QR code's deep
link, one unit is absent with a reason and one authorizes a delegate, the chair sees the quorum and runs the agenda
(a secret review vote on the roll of the units present, the acclamation of next year's head and deputy, the covenant
signed at its item), closes, the secretary corrects a drafted line, and the head receives minutes that state what
happened. A representative cannot chair; bad input is refused and changes nothing."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import docx
import pytest

from bot.services.sample_bloc import DEPUTY_UNIT, HEAD_UNIT, SAMPLE_UNITS
from handlers import actions as a
from tests.e2e.harness import TZ, forge_press, labels, press, sample_bloc_joined, say, sender_of
from tests.e2e.test_votes import vote

UNITS = [name for name, _ in SAMPLE_UNITS]
SECRETARY = UNITS[1]  # Ban Tổ chức Tỉnh ủy's representative keeps the minutes
DELEGATING = UNITS[6]  # Báo và Phát thanh, Truyền hình Hưng Yên authorizes a delegate
ABSENT = UNITS[7]  # Trường Chính trị Nguyễn Văn Linh is away on a mission
BY_LINK = UNITS[5]  # Đảng ủy các cơ quan Đảng tỉnh checks in with the QR code's link
STARTS = datetime(2026, 12, 18, 8, 0, tzinfo=TZ)
TITLE = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2026"
DETAILS = (f"{TITLE}\n18/12/2026 08:00\nHội trường Tỉnh ủy Hưng Yên\nNguyễn Văn Hùng, Chánh Văn phòng Tỉnh ủy\n"
           "Ban Thi đua - Khen thưởng, Sở Nội vụ")
AGENDA = [
    ("Báo cáo", "Báo cáo tổng kết công tác thi đua năm 2026"),
    ("Thảo luận", "Thảo luận, góp ý báo cáo"),
    ("Bình xét", "Cờ thi đua của UBND tỉnh năm 2026"),
    ("Suy tôn Trưởng khối", "Suy tôn Trưởng khối năm 2027"),
    ("Suy tôn Phó Trưởng khối", "Suy tôn Phó Trưởng khối năm 2027"),
    ("Ký giao ước", "Ký kết giao ước thi đua năm 2027"),
]
CORRECTED = "Mục 2. Thảo luận, góp ý báo cáo: đại diện Ban Tổ chức Tỉnh ủy và Ủy ban Kiểm tra Tỉnh ủy phát biểu."
REFUSED_ADMIN = "Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay."


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử hội nghị", lambda index, _: f"Đại diện {index}")


async def conference_rows(harness) -> dict:
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT id, status, opened_at, closed_at FROM conference") as cur:
            conferences = [tuple(r) for r in await cur.fetchall()]
        async with conn.execute("SELECT position, title, status FROM conference_item ORDER BY position") as cur:
            items = [tuple(r) for r in await cur.fetchall()]
        async with conn.execute("SELECT unit_id, present, reason, delegate FROM conference_attendance") as cur:
            attendance = [tuple(r) for r in await cur.fetchall()]
        async with conn.execute("SELECT line, text FROM conference_correction") as cur:
            corrections = [tuple(r) for r in await cur.fetchall()]
    return {"conferences": conferences, "items": items, "attendance": attendance, "corrections": corrections}


async def actions_recorded(harness) -> list[tuple[str, dict]]:
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT action, detail FROM audit_event WHERE action LIKE 'conference.%'"
                                " ORDER BY id") as cur:
            return [(r[0], json.loads(r[1])) for r in await cur.fetchall()]


async def prepare(harness, bloc) -> dict:
    """The head creates the conference (after a refused first try), sets its agenda, names the secretary and
    invites every unit."""
    head, reps = bloc["reps"][HEAD_UNIT], bloc["reps"]
    reply = await say(head, "/hoinghi")
    assert reply["text"].startswith("Năm nay chưa có hội nghị tổng kết.")
    await press(head, "Tạo hội nghị")
    before = await conference_rows(harness)
    refused = await say(head, f"{TITLE}\n18/11/2026 08:00\nHội trường\nNguyễn Văn Hùng")  # a date already past
    assert refused["text"].startswith("Xin lỗi, thông tin chưa hợp lệ")
    assert await conference_rows(harness) == before
    created = await say(head, DETAILS)
    assert created["text"].startswith("Đã tạo hội nghị.")
    assert "Chủ trì: Nguyễn Văn Hùng, Chánh Văn phòng Tỉnh ủy" in created["text"]
    for kind, title in [*AGENDA, ("Nội dung khác", "Phát biểu của khách mời")]:
        await press(head, kind)
        added = await say(head, title)
        assert added["text"].startswith("Đã thêm mục vào chương trình.")
    card = await press(head, "Bỏ mục 7")
    assert "Phát biểu của khách mời" not in card["text"] and "6. Ký kết giao ước thi đua năm 2027" in card["text"]
    await press(head, "Thư ký")
    chosen = await press(head, f"Đại diện 1 ({SECRETARY})")
    assert chosen["text"].startswith("Thư ký hội nghị: đồng chí Đại diện 1.")
    for rep in reps.values():
        rep.skip_to_now()
    invited = await press(head, "Gửi giấy mời")
    assert invited["text"].startswith("Đã gửi giấy mời tới 8 đơn vị; sẽ nhắc lại trước một ngày.")
    await harness.settle()
    for name, rep in reps.items():
        if name == HEAD_UNIT:
            continue  # the head has the card; it is reminded the day before like every unit
        invitation = rep.last_message
        assert invitation["text"].startswith(f"📨 GIẤY MỜI\nKính mời đồng chí dự {TITLE}.")
        assert "Thời gian: 18/12/2026 08:00" in invitation["text"]
        assert "3. Cờ thi đua của UBND tỉnh năm 2026 (Bình xét)" in invitation["text"]
        assert labels(invitation) == ["✅ Điểm danh", "👤 Ủy quyền"]
    return (await conference_rows(harness))


async def test_a_conference_from_invitation_to_signed_minutes(harness, bloc):
    head, reps, services = bloc["reps"][HEAD_UNIT], bloc["reps"], harness.services
    rows = await prepare(harness, bloc)
    conference_id = rows["conferences"][0][0]
    head_actor = await services.people.resolve(sender_of(head))
    await services.registration.publish_covenant(head_actor, "Giao ước thi đua năm 2027 của Khối", None)

    # the day before, at 08:00, every unit is reminded, once; checking in is not open yet
    await harness.advance_to(STARTS - timedelta(days=1, hours=1))
    assert reps[UNITS[3]].last_message["text"].startswith("📨 GIẤY MỜI")
    await harness.advance_to(STARTS - timedelta(days=1))
    for rep in reps.values():
        assert rep.last_message["text"].startswith(f"🔔 Nhắc lịch: {TITLE} diễn ra lúc 18/12/2026 08:00")
    await harness.advance_to(STARTS - timedelta(days=1) + timedelta(hours=2))
    assert sum(m["text"].startswith("🔔 Nhắc lịch") for m in reps[UNITS[3]].all_messages if m.get("text")) == 1
    early = await press(reps[UNITS[3]], "Điểm danh")
    assert early["text"] == "Điểm danh mở từ 18/12/2026 05:00."
    assert (await conference_rows(harness))["attendance"] == []

    # at the hall: five units by the invitation's button, one by the QR code's deep link
    await harness.advance_to(STARTS - timedelta(minutes=30))
    for name in UNITS[:5]:
        checked = await press(reps[name], "Điểm danh")
        assert checked["text"] == f"Đã điểm danh: {name} có mặt lúc 18/12/2026 07:30."
    qr = await say(head, "/hoinghi")
    qr = await press(head, "Mã QR điểm danh")
    link = f"https://t.me/KhoiThiDuaBot?start=hn{conference_id}"
    assert qr["caption"].endswith(link)
    png = harness.double.bot(harness.token).files[qr["document"]["file_id"]].data
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    by_link = await say(reps[BY_LINK], f"/start hn{conference_id}")
    assert by_link["text"] == f"Đã điểm danh: {BY_LINK} có mặt lúc 18/12/2026 07:30."
    stranger = harness.user("Người lạ")
    refused = await say(stranger, f"/start hn{conference_id}")
    assert "chưa" in refused["text"] and "Đã điểm danh" not in refused["text"]

    # one unit authorizes a named delegate, whom the secretary then marks present; one is absent with a reason
    await press(reps[DELEGATING], "Ủy quyền")
    assert (await say(reps[DELEGATING], "12345"))["text"].startswith("Xin gõ họ tên người được ủy quyền")
    delegated = await say(reps[DELEGATING], "Trần Văn Bình")
    assert delegated["text"] == f"Đã ghi nhận: {DELEGATING} ủy quyền cho đồng chí Trần Văn Bình dự hội nghị."
    secretary = reps[SECRETARY]
    sheet = await say(secretary, "/hoinghi")
    assert sheet["text"].startswith(f"Điểm danh «{TITLE}»: có mặt 6/8 đơn vị (cần tối thiểu 6).")
    assert f"👤 {DELEGATING}: ủy quyền cho đồng chí Trần Văn Bình" in sheet["text"]
    await press(secretary, f"⬜ {DELEGATING}")
    await press(secretary, "Có mặt")
    await press(secretary, f"⬜ {ABSENT}")
    await press(secretary, "Vắng có lý do")
    marked = await say(secretary, "Đi công tác tại Trung ương")
    assert marked["text"].startswith(f"Điểm danh «{TITLE}»: có mặt 7/8 đơn vị")
    assert f"❌ {ABSENT}" in labels(marked) and f"✅ {DELEGATING}" in labels(marked)

    # only the head's admins chair: a representative's forged press is refused and nothing opens
    await forge_press(harness, reps[UNITS[3]], a.CONF_OPEN.data())
    assert (await reps[UNITS[3]].next_message())["text"] == REFUSED_ADMIN
    assert (await conference_rows(harness))["conferences"][0][1] == "invited"

    await harness.advance_to(STARTS + timedelta(minutes=5))
    card = await say(head, "/hoinghi")
    assert "Có mặt 7/8 đơn vị; cần tối thiểu 6: đủ điều kiện tiến hành." in card["text"]
    assert "Mỗi cuộc bỏ phiếu: tính trên 7 đơn vị, cần tối thiểu 5 phiếu thu vào." in card["text"]
    opened = await press(head, "Khai mạc")
    assert opened["text"].startswith("Hội nghị khai mạc lúc 18/12/2026 08:05.")
    assert "Bỏ mục" not in " ".join(labels(opened))  # the agenda is frozen once the conference opened

    await press(head, "Bắt đầu mục 1")
    await harness.advance_to(STARTS + timedelta(minutes=45))
    await press(head, "Kết thúc mục 1")
    postponed = await press(head, "Hoãn mục 2")
    assert "⏸ 2. Thảo luận, góp ý báo cáo" in postponed["text"]

    async def vote_item(number: int, choices: dict[str, str]) -> str:
        for rep in reps.values():
            rep.skip_to_now()
        started = await press(head, f"Bắt đầu mục {number}")
        assert "Đã phát phiếu bầu kín cho 7 đơn vị có mặt; tỷ lệ tính trên 7 đơn vị." in started["text"]
        await harness.settle()
        assert reps[ABSENT].last_message["text"].startswith("🔔 Nhắc lịch")  # not on the roll: no ballot
        for name, choice in choices.items():
            if name == HEAD_UNIT:  # the chair's own unit takes its ballot with /phieubau, as after any opening
                await say(head, "/phieubau")
                assert (await press(head, AGENDA[number - 1][1]))["text"].startswith("🗳 " + AGENDA[number - 1][1])
            else:
                assert reps[name].last_message["text"].startswith("🗳 PHIẾU BẦU KÍN")
            assert (await vote(reps[name], [choice])).startswith("Đã ghi nhận phiếu của đơn vị.")
        # nothing is announced before the chair closes the item
        assert not reps[UNITS[2]].last_message["text"].startswith("📊")
        closed = await press(head, f"Kết thúc mục {number}")
        await harness.settle()
        assert reps[UNITS[2]].last_message["text"].startswith("📊 KẾT QUẢ KIỂM PHIẾU")
        return closed["text"]

    present = [u for u in UNITS if u != ABSENT]
    review = await vote_item(3, dict.fromkeys(present, HEAD_UNIT))
    assert "Công bố kết quả: 7/7 phiếu thu vào; được suy tôn: Văn phòng Tỉnh ủy." in review
    acclaimed = await vote_item(4, dict.fromkeys(present, HEAD_UNIT))
    assert "được suy tôn: Văn phòng Tỉnh ủy." in acclaimed
    deputy = await vote_item(5, {name: DEPUTY_UNIT if i < 5 else UNITS[3] for i, name in enumerate(present)})
    assert f"Công bố kết quả: 7/7 phiếu thu vào; được suy tôn: {DEPUTY_UNIT}." in deputy

    # the covenant for next year, signed at its item through the covenant flow
    for rep in reps.values():
        rep.skip_to_now()
    await press(head, "Bắt đầu mục 6")
    await harness.settle()
    for name in present:
        if name == HEAD_UNIT:  # the chair's own unit reads it with /kygiaouoc
            await say(head, "/kygiaouoc")
        else:
            prompt = reps[name].last_message
            assert prompt["text"].startswith("✍️ Hội nghị ký kết giao ước thi đua (phiên bản 1).")
            await press(reps[name], "Đọc và ký")
        await press(reps[name], "Đồng ý ký kết giao ước")
        assert (await press(reps[name], "✍️ Ký"))["text"].startswith("Đã ký giao ước phiên bản 1")
    signed = await press(head, "Kết thúc mục 6")
    assert "Đã ký giao ước: 7/8 đơn vị." in signed["text"]
    await harness.advance_to(STARTS + timedelta(hours=2, minutes=30))
    await press(head, "Bắt đầu mục 2")
    await harness.advance_to(STARTS + timedelta(hours=3))
    await press(head, "Kết thúc mục 2")
    await harness.advance_to(STARTS + timedelta(hours=3, minutes=20))
    closed = await say(head, "/hoinghi")
    closed = await press(head, "Bế mạc hội nghị")
    assert closed["text"].startswith("Hội nghị bế mạc lúc 18/12/2026 11:20.")

    # the secretary reads the draft, is refused a line that does not exist, and corrects line 2
    await say(secretary, "/hoinghi")
    draft = await press(secretary, "Dự thảo biên bản")
    assert "1. Mục 1. Báo cáo tổng kết công tác thi đua năm 2026: đã thực hiện (08:05–08:45)." in draft["text"]
    assert "2. Mục 2. Thảo luận, góp ý báo cáo: đã thực hiện (10:30–11:00)." in draft["text"]
    assert ("3. Mục 3. Cờ thi đua của UBND tỉnh năm 2026: bỏ phiếu kín, 7/7 phiếu thu vào; được suy tôn: Văn phòng "
            "Tỉnh ủy (7 phiếu, 100,00%)") in draft["text"]
    assert "6. Mục 6. Ký kết giao ước thi đua năm 2027: 7/8 đơn vị ký kết giao ước thi đua năm 2027" in draft["text"]
    assert (f"7. {DELEGATING} ủy quyền cho đồng chí Trần Văn Bình dự hội nghị (người ủy quyền: đồng chí "
            "Đại diện 6).") in draft["text"]
    await press(secretary, "Sửa một dòng")
    wrong = await say(secretary, "9. Không có dòng này")
    assert wrong["text"].startswith("Xin gõ theo mẫu «số dòng. nội dung mới», số dòng từ 1 đến 7.")
    assert (await conference_rows(harness))["corrections"] == []
    corrected = await say(secretary, f"2. {CORRECTED}")
    assert corrected["text"].startswith("Đã sửa dòng 2 (được ghi vào nhật ký).")
    assert f"2. {CORRECTED}" in corrected["text"]
    # another representative is no secretary
    await forge_press(harness, reps[UNITS[3]], a.CONF_CORRECT.data())
    assert (await reps[UNITS[3]].next_message())["text"] == "Xin lỗi, việc này chỉ dành cho thư ký hội nghị."

    head.skip_to_now()
    final = await press(secretary, "Chốt biên bản")
    assert final["text"] == "Đã chốt biên bản; Trưởng khối đã được báo."
    await harness.settle()
    assert head.last_message["text"].startswith(f"Biên bản «{TITLE}» đã được thư ký chốt.")
    head.skip_to_now()
    await head.press("Nhận biên bản")
    files = [await head.next_message() for _ in range(4)]
    names = [f["document"]["file_name"] for f in files]
    assert names[0] == "bien-ban-hop-tong-ket-2026.docx" and len(names) == 4
    assert all(n.startswith("bien-ban-kiem-phieu") for n in names[1:])
    document = docx.Document(io.BytesIO(harness.double.bot(harness.token).files[files[0]["document"]["file_id"]].data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Thời gian: hồi 08 giờ 05 phút, ngày 18/12/2026." in text
    assert "Địa điểm: Hội trường Tỉnh ủy Hưng Yên." in text
    assert "Chủ trì: Đồng chí Nguyễn Văn Hùng, Chánh Văn phòng Tỉnh ủy." in text
    assert "Thư ký: Đồng chí Đại diện 1." in text
    assert "Khách mời: Ban Thi đua - Khen thưởng, Sở Nội vụ." in text
    assert (f"Có mặt 7/8 đơn vị thành viên; vắng mặt 1 đơn vị: {ABSENT} (có lý do: Đi công tác tại Trung ương)."
            in text)
    assert "Trần Văn Bình" in cells and "Đại diện 0" in cells and "Đại diện 5" in cells
    assert CORRECTED in text and "Thảo luận, góp ý báo cáo: đã thực hiện" not in text
    assert "được suy tôn: Văn phòng Tỉnh ủy (7 phiếu, 100,00%)" in text
    assert f"được suy tôn: {DEPUTY_UNIT} (5 phiếu, 71,43%)" in text
    assert "7/8 đơn vị ký kết giao ước thi đua năm 2027" in text
    assert "Trưởng khối: Văn phòng Tỉnh ủy." in text and f"Phó Trưởng khối: {DEPUTY_UNIT}." in text
    assert "Hội nghị kết thúc hồi 11 giờ 20 phút cùng ngày. Biên bản được lập thành 02 bản" in text

    recorded = [action for action, _ in await actions_recorded(harness)]
    assert recorded.count("conference.item_added") == 7 and "conference.item_removed" in recorded
    assert "conference.corrected" in recorded and "conference.delegated" in recorded
    assert recorded.count("conference.checked_in") == 6


async def test_agenda_changes_end_when_the_conference_opens_and_bad_input_changes_nothing(harness, bloc):
    head, reps = bloc["reps"][HEAD_UNIT], bloc["reps"]
    rows = await prepare(harness, bloc)
    # a representative cannot prepare or chair, even with forged buttons
    item_id = None
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT id FROM conference_item WHERE position = 1") as cur:
            item_id = (await cur.fetchone())[0]
    for data in (a.CONF_ITEM_REMOVE.data(item_id), a.CONF_ITEM_UP.data(item_id), a.CONF_INVITE.data()):
        reps[UNITS[4]].skip_to_now()
        await forge_press(harness, reps[UNITS[4]], data)
        assert (await reps[UNITS[4]].next_message())["text"] == REFUSED_ADMIN
    assert (await conference_rows(harness))["items"] == rows["items"]
    # an empty item title is refused, and so is a forged kind
    await say(head, "/hoinghi")
    await press(head, "Thảo luận")
    assert (await say(head, "   "))["text"].startswith("Tên mục cần từ 1 đến 300 ký tự")
    head.skip_to_now()
    await forge_press(harness, head, a.CONF_ITEM_NEW.data("vote"))
    await head.next_message()
    assert (await conference_rows(harness))["items"] == rows["items"]
    # moving an item up is recorded; once the conference opens the agenda is frozen
    await say(head, "/hoinghi")
    moved = await press(head, "↑ 2")
    assert "1. Thảo luận, góp ý báo cáo" in moved["text"]
    await harness.advance_to(STARTS - timedelta(minutes=10))
    await say(head, "/hoinghi")
    await press(head, "Khai mạc")
    head.skip_to_now()
    await forge_press(harness, head, a.CONF_ITEM_REMOVE.data(item_id))
    assert (await head.next_message())["text"] == "Hội nghị đã khai mạc: không thể thay đổi chương trình nữa."
    assert len((await conference_rows(harness))["items"]) == 6
    # a vote item cannot open with nobody present
    head.skip_to_now()
    await forge_press(harness, head, a.CONF_ITEM_OPEN.data(item_id + 2))
    assert (await head.next_message())["text"] == "Chưa có đơn vị nào có mặt."
    moves = [d for action, d in await actions_recorded(harness) if action == "conference.item_moved"]
    assert moves == [{"number": 1, "name": "Thảo luận, góp ý báo cáo"}]
