"""The rules around the sheet: table versions, deadlines and reopening, resubmission, evidence files,
two representatives on one sheet."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.criteria_import import sample_criteria
from bot.services.sample_bloc import HEAD_UNIT
from tests.e2e.harness import START, press, sample_bloc_joined, say, sender_of

TABLE = sample_criteria()



@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử quy tắc", lambda _, name: f"Đại diện {name}",
                                    (HEAD_UNIT, "Ban Tổ chức Tỉnh ủy", "Ban Nội chính Tỉnh ủy"))


async def publish_table(harness, bloc) -> None:
    """The sample table as version 1, loaded through the services
    (test_a_malformed_table_file_is_explained_and_changes_nothing loads it by chat)."""
    actor = await harness.services.people.resolve(sender_of(bloc["admin"]))
    await harness.services.assessment.load_table(actor, TABLE, "sample")


async def score(harness, rep, values: dict[str, str]) -> None:
    """Stores the given values (typed text by criterion code) through the service."""
    actor = await harness.services.people.resolve(sender_of(rep))
    for code, text in values.items():
        await harness.services.assessment.set_self_score(actor, code, text)


async def submit(harness, rep) -> None:
    await harness.services.assessment.submit(await harness.services.people.resolve(sender_of(rep)))


async def fill_all(harness, rep) -> None:
    """Scores every criterion with its maximum (0 for penalties) through the service, with evidence."""
    services = harness.services
    actor = await services.people.resolve(sender_of(rep))
    for criterion in TABLE.criteria:
        value = "0" if criterion.kind.value == "tru" else (
            str(criterion.max_count) if criterion.counts_items else str(criterion.max_points))
        if criterion.evidence_required:
            await services.assessment.add_evidence(actor, criterion.code, note=f"Văn bản số {criterion.order}")
        await services.assessment.set_self_score(actor, criterion.code, value)


async def test_a_malformed_table_file_is_explained_and_changes_nothing(harness, bloc):
    admin = bloc["admin"]
    await say(admin, "/bangtieuchi")
    reply = await press(admin, "Tải bảng mới")
    assert reply["text"].startswith("Xin gửi tệp bảng tiêu chí")
    bad = "Mã,Nhóm,Nội dung,Điểm tối đa,Loại,Bước\n1.1,I,Việc A,10,điểm,0.3\n,I,Việc B,5,điểm,\n1.3,I,,5,xyz,\n"
    admin.skip_to_now()
    await admin.upload_document("bang-loi.csv", bad.encode(), "text/csv")
    reply = await admin.next_message()
    assert reply["text"].startswith("Chưa nạp được bảng «bang-loi.csv»: có 4 lỗi. Bảng hiện tại giữ nguyên.")
    for line in ("• Dòng 2, cột «Bước»: bước «0.3» không hợp lệ", "• Dòng 3, cột «Mã»: thiếu mã tiêu chí",
                 "• Dòng 4, cột «Nội dung»: thiếu nội dung tiêu chí", "• Dòng 4, cột «Loại»: loại «xyz» không hợp lệ"):
        assert line in reply["text"], line
    assert await harness.services.assessment.table_in_use(
        await harness.services.people.resolve(sender_of(admin))) is None
    # the template is an xlsx that loads as it is
    await say(admin, "/huy")
    await say(admin, "/bangtieuchi")
    template = await press(admin, "Tệp mẫu")
    assert template["document"]["file_name"] == "mau-bang-tieu-chi.xlsx"
    reply = await say(admin, "/bangtieuchi")
    reply = await press(admin, "Dùng bảng mẫu")
    assert reply["text"].startswith("Đã nạp bảng tiêu chí phiên bản 1")


async def test_two_representatives_share_a_sheet_and_every_change_is_recorded(harness, bloc):
    await publish_table(harness, bloc)
    name = "Ban Nội chính Tỉnh ủy"
    first = bloc["reps"][name]
    second = harness.user("Đại diện thứ hai")
    await say(second, f"/start {bloc['sample'].invites[name].code}")
    await press(second, "Xác nhận")
    await say(first, "/chamdiem")
    reply = await press(first, "Chấm tiếp")
    assert reply["text"].startswith("1.1. "), reply["text"]
    reply = await say(first, "8,5")
    assert reply["text"].startswith("Đã lưu 8,5 điểm cho tiêu chí 1.1."), reply["text"]
    await say(second, "/chamdiem")
    reply = await press(second, "Chấm tiếp")
    assert reply["text"].startswith("1.2. ")  # the first one's 1.1 is already there
    await say(second, "9")
    reply = await say(first, "/chamdiem")
    assert "▓░░░░░░░░░ 2/28" in reply["text"]
    view = await harness.services.assessment.my_sheet(await harness.services.people.resolve(sender_of(first)))
    assert {code: layer["self"].person_id for code, layer in view.layers.items()} == {
        "1.1": view.layers["1.1"]["self"].person_id, "1.2": view.layers["1.2"]["self"].person_id}
    assert view.layers["1.1"]["self"].person_id != view.layers["1.2"]["self"].person_id


async def test_a_new_table_version_after_a_submission_needs_a_reason_and_everyone_is_told(harness, bloc):
    await publish_table(harness, bloc)
    await score(harness, bloc["reps"]["Ban Nội chính Tỉnh ủy"], {"1.1": "8,5", "1.2": "9"})  # a draft, 2/28
    admin, sample = bloc["admin"], bloc["sample"]
    submitter = bloc["reps"]["Ban Tổ chức Tỉnh ủy"]
    await fill_all(harness, submitter)
    await say(submitter, "/chamdiem")
    await press(submitter, "Xem lại và nộp")
    await press(submitter, "Nộp bảng điểm")
    reply = await press(submitter, "✅ Nộp")
    assert reply["text"].startswith("Đã nộp bảng tự chấm điểm")

    drafter = bloc["reps"]["Ban Nội chính Tỉnh ủy"]
    await say(admin, "/bangtieuchi")
    reply = await press(admin, "Dùng bảng mẫu")
    assert reply["text"].startswith("Đã có đơn vị nộp bảng điểm theo bảng hiện tại")
    submitter.skip_to_now()
    reply = await say(admin, "Bổ sung tiêu chí theo hướng dẫn của Ban Thi đua - Khen thưởng")
    assert reply["text"].startswith("Đã nạp bảng tiêu chí phiên bản 2")
    notice = await submitter.next_message()
    assert notice["text"].startswith("Trưởng khối đã ban hành bảng tiêu chí phiên bản 2. Lý do: Bổ sung tiêu chí")
    reply = await say(submitter, "/chamdiem")
    assert "(bảng tiêu chí phiên bản 1)" in reply["text"]
    reply = await say(drafter, "/chamdiem")
    assert "(bảng tiêu chí phiên bản 2)" in reply["text"] and "2/28" in reply["text"]
    assert sample is not None


async def test_resubmission_when_the_head_allows_it(harness, bloc):
    admin = bloc["admin"]
    rep = bloc["reps"]["Ban Tổ chức Tỉnh ủy"]
    await publish_table(harness, bloc)
    await fill_all(harness, rep)
    await submit(harness, rep)
    reply = await say(admin, "/bangtieuchi")
    assert "nộp lại đến hạn: KHÔNG." in reply["text"]
    reply = await press(admin, "Cho phép nộp lại")
    assert "nộp lại đến hạn: CÓ." in reply["text"]
    await say(rep, "/chamdiem")
    await press(rep, "Danh sách tiêu chí")
    await press(rep, "1.3")
    reply = await say(rep, "7")
    assert reply["text"].startswith("Đã lưu 7 điểm cho tiêu chí 1.3.")
    reply = await say(rep, "/chamdiem")
    assert "Trạng thái: đang chấm (chưa nộp)." in reply["text"]  # it must be submitted again
    await press(rep, "Xem lại và nộp")
    await press(rep, "Nộp bảng điểm")
    reply = await press(rep, "✅ Nộp")
    assert reply["text"].startswith("Đã nộp bảng tự chấm điểm")
    await say(admin, "/bangtieuchi")
    await press(admin, "Không cho nộp lại")


async def test_after_the_deadline_a_sheet_is_locked_until_the_head_reopens_it(harness, bloc):
    await publish_table(harness, bloc)
    admin = bloc["admin"]
    rep = bloc["reps"]["Ban Nội chính Tỉnh ủy"]
    reply = await say(admin, "/hanchamdiem 20/11/2026 17:00")
    assert reply["text"] == "Thời điểm này đã qua. Xin gõ một thời điểm trong tương lai."
    reply = await say(admin, "cuối tháng")
    assert reply["text"] == "Không hiểu thời điểm này. Xin gõ theo dạng 30/11/2026 17:00."
    reply = await say(admin, "30/11/2026 17h")
    assert reply["text"] == "Đã đặt hạn tự chấm điểm: 30/11/2026 17:00. Các đơn vị sẽ được nhắc theo lịch."
    harness.clock.set(START + timedelta(days=7))
    try:
        reply = await say(rep, "/chamdiem")
        assert "Hạn nộp: 30/11/2026 17:00 (đã quá hạn)." in reply["text"]
        assert "Đã quá hạn nộp: bảng điểm bị khóa." in reply["text"]
        await press(rep, "Danh sách tiêu chí")
        reply = await press(rep, "1.3")
        reply = await say(rep, "5")
        assert reply["text"] == "Xin chọn một việc trong menu (gõ /menu)."

        head = harness.admin(0)
        units = {u.name: u for u in bloc["sample"].units.values()}
        await say(head, "/thamdinh")
        reply = await press(head, "Ban Nội chính Tỉnh ủy")
        reply = await press(head, "Mở lại bảng điểm")
        assert reply["text"].startswith("Gõ lý do mở lại bảng điểm")
        rep.skip_to_now()
        reply = await say(head, "Đơn vị bị lỗi đường truyền ngày cuối")
        assert reply["text"] == "Đã mở lại bảng điểm của Ban Nội chính Tỉnh ủy."
        notice = await rep.next_message()
        assert "Lý do: Đơn vị bị lỗi đường truyền ngày cuối" in notice["text"]
        await say(rep, "/chamdiem")
        await press(rep, "Danh sách tiêu chí")
        await press(rep, "1.3")
        reply = await say(rep, "5")
        assert reply["text"].startswith("Đã lưu 5 điểm cho tiêu chí 1.3.")
        assert units
    finally:
        harness.clock.set(START)


async def test_the_head_retrieves_evidence_files(harness, bloc):
    await publish_table(harness, bloc)
    rep = bloc["reps"][HEAD_UNIT]
    await say(rep, "/chamdiem")
    await press(rep, "Chấm tiếp")
    rep.skip_to_now()
    await rep.upload_document("bao-cao-tong-ket.pdf", b"%PDF-1.4 bao cao", "application/pdf")
    await rep.next_message()
    rep.skip_to_now()
    await rep.upload_photo(b"\x89PNG anh hoi nghi", caption="Ảnh hội nghị")
    reply = await rep.next_message()
    assert "📎 bao-cao-tong-ket.pdf" in reply["text"] and "🖼" in reply["text"]
    reply = await press(rep, "Xem tệp minh chứng")
    assert reply["text"] == "Tệp minh chứng của Văn phòng Tỉnh ủy, tiêu chí 1.1 (2 tệp):"
    document = await rep.next_message()
    photo = await rep.next_message()
    assert document["document"]["file_name"] == "bao-cao-tong-ket.pdf" and "photo" in photo
    # another unit's representative cannot fetch them, whatever it sends
    other = bloc["reps"]["Ban Tổ chức Tỉnh ủy"]
    unit_id = bloc["sample"].units[HEAD_UNIT].id
    other.skip_to_now()
    bot = harness.double.bot(harness.token)
    query = {"id": "forged-vf", "from": {"id": other.id, "is_bot": False, "first_name": other.first_name},
             "chat_instance": str(other.id), "data": f"vf:{unit_id}:1.1", "message": other.last_message}
    harness.double.register_callback(bot, query, other.id, other.id)
    harness.double.enqueue_update(bot, "callback_query", query)
    reply = await other.next_message()
    assert reply["text"] == "Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay."
    await harness.settle()
    assert not [m for m in other.messages if "document" in m]
