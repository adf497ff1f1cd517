"""Registration, the covenant, notices and the bloc's group, end to end over the Bot API double.

All 8 sample units register (every invalid count refused), 7 sign the covenant, the text changes and
re-signing is asked for; a notice to all with acknowledgements; a notice to 2 units is not seen by the
others; the group gets only public things.
"""

from __future__ import annotations

import pytest

from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS
from storage import registration as repo
from tests.e2e.harness import press, sample_bloc_joined, say

UNITS = [name for name, _ in SAMPLE_UNITS]



@pytest.fixture
async def bloc(harness):
    joined = await sample_bloc_joined(harness, "Khối kiểm thử đăng ký", lambda index, _: f"Cán bộ thi đua {index}")
    admin, reps = joined["admin"], joined["reps"]
    group = harness.double.group(harness.token, title="Nhóm khối thi đua", members=[admin, *reps.values()])
    await group.send(admin, "/ganketnhom")
    await group.next_message()
    await harness.settle()
    return {**joined, "group": group}


async def test_every_unit_registers_and_bad_counts_are_refused(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    reply = await say(admin, "/hanchot")
    await press(admin, "Đặt hạn đăng ký thi đua")
    reply = await say(admin, "15/12/2026 17:00")
    assert reply["text"].startswith("Đã đặt hạn đăng ký thi đua: 15/12/2026 17:00.")
    await harness.settle()
    assert bloc["group"].last_message["text"] == "⏰ Hạn đăng ký thi đua: 15/12/2026 17:00."

    for index, name in enumerate(UNITS):
        rep = reps[name]
        reply = await say(rep, "/dangky")
        assert reply["text"].startswith(f"📋 Đăng ký thi đua năm 2026 — {name}")
        if index == 0:
            # submitting before the counts are in is refused
            await press(rep, "Nộp đăng ký")
            reply = await press(rep, "✅ Nộp")
            assert reply["text"].startswith("Chưa nộp được: xin nhập tổng số CBCCVC")
            await say(rep, "/dangky")
            # counts: not a number, zero staff, a count above the staff, a count before the staff
            await press(rep, "LĐ tiên tiến")
            reply = await say(rep, "5")
            assert reply["text"] == "Xin nhập tổng số CBCCVC trước."
            await say(rep, "/dangky")
            await press(rep, "Số CBCCVC")
            for bad, answer in (("ba mươi", "Xin gõ một số nguyên từ 1 đến 100000. Chưa lưu gì."),
                                ("0", "Xin gõ một số nguyên từ 1 đến 100000. Chưa lưu gì."),
                                ("-4", "Xin gõ một số nguyên từ 1 đến 100000. Chưa lưu gì.")):
                assert (await say(rep, bad))["text"] == answer
        staff = 20 + index
        await say(rep, "/dangky")
        await press(rep, "Số CBCCVC")
        reply = await say(rep, str(staff))
        assert reply["text"].startswith("Đã lưu.")
        await press(rep, "LĐ tiên tiến")
        if index == 0:
            reply = await say(rep, str(staff + 1))
            assert reply["text"].startswith(f"Số đăng ký ({staff + 1}) không được lớn hơn tổng số CBCCVC ({staff})")
        await say(rep, str(staff - 2))
        await press(rep, "CSTĐ cơ sở")
        await say(rep, "3")
        await press(rep, "Chọn danh hiệu")
        await press(rep, "Tập thể lao động xuất sắc")
        if index < 2:
            await press(rep, "Cờ thi đua của UBND tỉnh")
        await press(rep, "« Đăng ký")
        await press(rep, "Cơ quan, đơn vị văn hóa")
        await press(rep, "Chỉ tiêu")
        await say(rep, "- Hoàn thành 100% nhiệm vụ được giao\n- 100% đảng viên hoàn thành tốt nhiệm vụ")
        await press(rep, "Nộp đăng ký")
        reply = await press(rep, "✅ Nộp")
        assert reply["text"].startswith(f"Đã nộp đăng ký thi đua của {name}.")
        assert "Đăng ký xây dựng cơ quan, đơn vị văn hóa: CÓ" in reply["text"]

    head = reps[HEAD_UNIT]
    reply = await say(head, "/tonghopdangky")
    text = reply["text"]
    assert "Đã đăng ký: 8/8 đơn vị (100%)." in text
    assert "• Tập thể lao động xuất sắc: 8 đơn vị" in text and "• Cờ thi đua của UBND tỉnh: 2 đơn vị" in text
    assert "• Cơ quan, đơn vị văn hóa: 8 đơn vị (100% số đã đăng ký)" in text
    staff = sum(20 + i for i in range(8))
    assert f"• Tổng số CBCCVC: {staff}; đăng ký LĐTT: {staff - 16}" in text and "CSTĐ cơ sở: 24" in text
    assert "Chưa đăng ký:\n–" in text
    # every change was recorded, with who made it
    async with harness.services.db.reading() as conn:
        changes = await repo.changes(conn, bloc["sample"].year.id, bloc["sample"].units[UNITS[0]].id)
    assert [c[0] for c in changes][:2] == ["staff", "advanced_workers"]
    assert all(person is not None for *_, person in changes)


async def test_seven_sign_the_covenant_then_a_change_asks_for_signing_again(harness, bloc):
    admin, reps, group = bloc["admin"], bloc["reps"], bloc["group"]
    reply = await say(admin, "/giaouoc")
    assert reply["text"] == "Năm nay chưa ban hành giao ước thi đua."
    await press(admin, "Ban hành / sửa giao ước")
    for rep in reps.values():
        rep.skip_to_now()
    reply = await say(admin, "Các đơn vị trong Khối cam kết thực hiện tốt 5 nội dung thi đua năm 2026 ...")
    assert reply["text"].startswith("Đã ban hành giao ước phiên bản 1")
    await harness.settle()
    assert group.last_message["text"].startswith("✍️ Giao ước thi đua phiên bản 1 đã gửi 8 đơn vị")
    for name in UNITS[:7]:
        rep = reps[name]
        notice = await rep.next_message()
        assert notice["text"].startswith("✍️ Trưởng khối đã ban hành giao ước thi đua (phiên bản 1)")
        reply = await press(rep, "Đọc và ký")
        assert "Các đơn vị trong Khối cam kết" in reply["text"]
        reply = await press(rep, "Đồng ý ký kết giao ước")
        assert reply["text"].startswith(f"Xác nhận {name} đồng ý ký kết giao ước thi đua phiên bản 1?")
        reply = await press(rep, "✍️ Ký")
        assert reply["text"].startswith("Đã ký giao ước phiên bản 1")
    reply = await say(admin, "/giaouoc")
    assert "7/8 đơn vị đã ký" in reply["text"] and f"⏳ {UNITS[7]}" in reply["text"]
    # pressing the old "sign" button after the text changed is refused
    late = reps[UNITS[7]]
    late.skip_to_now()
    await late.press("Đọc và ký")
    old_page = await late.next_message()
    await press(admin, "Ban hành / sửa giao ước")
    reply = await say(admin, "Các đơn vị trong Khối cam kết thực hiện tốt 6 nội dung thi đua năm 2026 ...")
    assert reply["text"].startswith("Đã ban hành giao ước phiên bản 2")
    await harness.settle()
    assert reps[UNITS[0]].last_message["text"].startswith("✍️ Giao ước thi đua đã được sửa (phiên bản 2)")
    late.skip_to_now()
    await late.press("Đồng ý ký kết giao ước", message=old_page)
    await late.next_message()
    late.skip_to_now()
    await late.press("✍️ Ký", message=old_page)
    reply = await late.next_message()
    assert reply["text"].startswith("Giao ước vừa được sửa sau khi đồng chí mở.")
    reply = await say(admin, "/giaouoc")
    assert "phiên bản 2" in reply["text"] and "0/8 đơn vị đã ký" in reply["text"]
    # the first signatures stay with version 1
    async with harness.services.db.reading() as conn, conn.execute(
        "SELECT c.version, count(*) FROM covenant_signature s JOIN covenant c ON c.id = s.covenant_id"
        " WHERE c.year_id = ? GROUP BY c.version", (bloc["sample"].year.id,)
    ) as cur:
        assert [tuple(row) for row in await cur.fetchall()] == [(1, 7)]


async def test_notices_to_all_with_receipts_and_to_two_units_only(harness, bloc):
    admin, reps, group = bloc["admin"], bloc["reps"], bloc["group"]
    await say(admin, "/thongbao")
    await press(admin, "Thông báo mới")
    await say(admin, "Kính gửi các đơn vị: hội nghị tổng kết tổ chức ngày 18/12/2026 tại Hội trường Tỉnh ủy.")
    await press(admin, "Tất cả đơn vị")
    for rep in reps.values():
        rep.skip_to_now()
    reply = await press(admin, "Có")
    assert reply["text"] == "Đã lưu thông báo số 1, đang gửi tới 8 đơn vị."
    for name in UNITS[:5]:
        notice = await reps[name].next_message()
        assert notice["text"].startswith("📢 THÔNG BÁO số 1/2026 của Trưởng khối:")
        reps[name].skip_to_now()
        await reps[name].press("Đã nhận")
        assert (await reps[name].next_message())["text"] == "Đã xác nhận nhận thông báo số 1."
    reply = await press(admin, "Tình hình nhận")
    assert "Đã nhận: 5/8" in reply["text"] and f"⏳ {UNITS[7]}" in reply["text"]

    await say(admin, "/thongbao")
    await press(admin, "Thông báo mới")
    await say(admin, "Đề nghị hai đơn vị chuẩn bị báo cáo tham luận.")
    await press(admin, "Chọn đơn vị")
    await press(admin, UNITS[1])
    await press(admin, UNITS[2])
    await press(admin, "Tiếp")
    for rep in reps.values():
        rep.skip_to_now()
    reply = await press(admin, "Không")
    assert reply["text"] == "Đã lưu thông báo số 2, đang gửi tới 2 đơn vị."
    await harness.settle()
    for index, name in enumerate(UNITS):
        got = [m["text"] for m in reps[name].messages if "THÔNG BÁO số 2/2026" in m.get("text", "")]
        assert len(got) == (1 if index in (1, 2) else 0), name
        listing = (await say(reps[name], "/thongbao"))["text"]
        assert ("Số 2 (" in listing) == (index in (1, 2))
    # nothing private reaches the group: no notices to chosen units, no ballots, no scores
    posts = [m.get("text", "") for m in group.messages]
    assert not any("THÔNG BÁO" in p or "PHIẾU BẦU" in p or "Tự chấm điểm" in p for p in posts)
