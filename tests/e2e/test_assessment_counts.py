"""Counts, hints that fit the kind, evidence, the confirmation and the final total, end to end over the Bot API
double (issue #16 §1-3, §5 for the sheet, §6).

The bloc loads a criteria table of its own making, written as admins write it (snake_case kinds truc_tiep,
dat_khong_dat, dem_so_luong, diem_cong, diem_tru) with count items; a representative enters counts and
the bot shows how each became points, capped; words typed on an item that needs evidence are offered as a
note; the head's check of a count item takes a count; a forged "submit" press still meets the confirmation;
and once checking closes the unit's own sheet shows the final total.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from bot.services.sample_bloc import HEAD_UNIT
from storage import assessment as repo
from tests.e2e.harness import forge_press, labels, press, sample_bloc_joined, say, sender_of

UNIT = "Ban Tổ chức Tỉnh ủy"
TABLE_CSV = (
    "Mã,Nhóm,Nội dung,Điểm tối đa,Loại,Bước,Điểm mỗi lần,Minh chứng\n"
    "1.1,I. Thực hiện nhiệm vụ,Hoàn thành chương trình công tác năm,10,truc_tiep,0.5,,có\n"
    "1.2,I. Thực hiện nhiệm vụ,Chi bộ được xếp loại hoàn thành tốt nhiệm vụ,5,dat_khong_dat,,,\n"
    "1.5,I. Thực hiện nhiệm vụ,Sáng kiến được cấp có thẩm quyền công nhận,5,dem_so_luong,,\"2,5\",có\n"
    "C1,,Được tặng Cờ thi đua của UBND tỉnh,10,diem_cong,10,,\n"
    "C2,,Giải pháp được áp dụng toàn tỉnh,5,diem_cong,,2,\n"
    "T1,,Nộp báo cáo chậm so với thời hạn,3,diem_tru,,1,\n"
)


@pytest.fixture
async def bloc(harness):
    bloc = await sample_bloc_joined(harness, "Khối kiểm thử số lần", lambda _, name: f"Đại diện {name}",
                                    (HEAD_UNIT, UNIT))
    admin = bloc["admin"]
    await say(admin, "/bangtieuchi")
    await press(admin, "Tải bảng mới")
    admin.skip_to_now()
    await admin.upload_document("bang-tieu-chi-khoi.csv", TABLE_CSV.encode(), "text/csv")
    reply = await admin.next_message()
    assert reply["text"].startswith("Đã nạp bảng tiêu chí phiên bản 1"), reply["text"]
    return bloc


def on_database(harness, sql: str) -> list[tuple]:
    """A statement on the bot's database through a connection of the test's own."""
    conn = sqlite3.connect(harness.db_path)
    try:
        with conn:
            return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def actor_of(harness, user):
    return await harness.services.people.resolve(sender_of(user))


async def test_counts_are_entered_and_shown_with_their_points_and_the_cap(harness, bloc):
    rep = bloc["reps"][UNIT]
    await say(rep, "/chamdiem")
    card = await press(rep, "Chấm tiếp")
    # a direct item: its group, range and step, and an example that is itself a valid value
    assert card["text"].startswith("1.1. Hoàn thành chương trình công tác năm\nNhóm: I. Thực hiện nhiệm vụ")
    assert "gõ điểm từ 0 đến 10, bước 0,5 (ví dụ 9,5)" in card["text"]
    rep.skip_to_now()
    await rep.send("https://vanban.hungyen.dcs.vn/bao-cao-tong-ket")
    await rep.next_message()
    card = await say(rep, "9,5")
    # a pass/fail item: Đạt / Không đạt, no example number
    assert card["text"].startswith("Đã lưu 9,5 điểm cho tiêu chí 1.1.\n\n1.2. ")
    assert "✅ Đạt (5 điểm)" in labels(card) and "❌ Không đạt (0)" in labels(card)
    assert "(ví dụ" not in card["text"] and "Bấm «Đạt» hoặc «Không đạt»" in card["text"]
    card = await press(rep, "✅ Đạt")
    assert card["text"].startswith("Đã lưu 5 điểm cho tiêu chí 1.2.\n\n1.5. ")
    # a count item asks for the count, its buttons are counts
    assert "Đề nghị đồng chí nhập số lần (số nguyên từ 0, ví dụ 3)" in card["text"]
    assert "2,5 điểm mỗi lần, tối đa 5 điểm" in card["text"]
    assert {"0 lần", "1 lần", "2 lần"} <= set(labels(card))
    # three initiatives: 7,5 points, capped at 5; the count is kept; evidence is asked for before moving on
    card = await say(rep, "3")
    assert card["text"].startswith("Đã lưu cho tiêu chí 1.5: 3 lần × 2,5 = 7,5 → 5 điểm (tối đa).\n"
                                   "Tiêu chí 1.5 cần minh chứng"), card["text"]
    assert "\n\n1.5. " in card["text"] and "Điểm tự chấm: 3 lần × 2,5 = 7,5 → 5 điểm (tối đa)" in card["text"]
    # words on an item that needs evidence: offered as a note, saved only when asked
    offer = await say(rep, "Quyết định số 15-QĐ/UBND ngày 02/4/2026")
    assert offer["text"].endswith("Lưu «Quyết định số 15-QĐ/UBND ngày 02/4/2026» làm ghi chú minh chứng cho tiêu "
                                  "chí 1.5?")
    card = await press(rep, "Lưu làm minh chứng")
    assert card["text"].startswith("Đã thêm minh chứng cho tiêu chí 1.5.\n\n1.5. ")
    assert "📝 Quyết định số 15-QĐ/UBND ngày 02/4/2026" in card["text"]
    # bonus and penalty items show their group; counted ones work the same way
    card = await press(rep, "Sau")
    assert card["text"].startswith("C1. Được tặng Cờ thi đua của UBND tỉnh\nNhóm: Điểm cộng")
    card = await say(rep, "0")
    assert card["text"].startswith("Đã lưu 0 điểm cho tiêu chí C1.\n\nC2. ")
    card = await say(rep, "4")
    assert card["text"].startswith("Đã lưu cho tiêu chí C2: 4 lần × 2 = 8 → 5 điểm (tối đa).\n\nT1. ")
    assert "Nhóm: Điểm trừ" in card["text"]
    card = await say(rep, "2")
    assert card["text"].startswith("Đã lưu cho tiêu chí T1: 2 lần × 1 = 2 → 2 điểm.\n")

    view = await harness.services.assessment.my_sheet(await actor_of(harness, rep))
    assert view.self_counts == {"1.5": Decimal(3), "C2": Decimal(4), "T1": Decimal(2)}
    assert view.self_points == {"1.1": Decimal("9.5"), "1.2": Decimal(5), "1.5": Decimal(5), "C1": Decimal(0),
                                "C2": Decimal(5), "T1": Decimal(2)}
    assert view.self_totals.final == Decimal("9.5") + 5 + 5 + 0 + 5 - 2
    # the list marks every item done
    await say(rep, "/chamdiem")
    listing = await press(rep, "Danh sách tiêu chí")
    assert any(label.startswith("✅ 1.5 ") and label.endswith("(5)") for label in labels(listing))


async def test_words_are_refused_as_a_count_where_no_evidence_is_asked(harness, bloc):
    rep = bloc["reps"][UNIT]
    await say(rep, "/chamdiem")
    await press(rep, "Danh sách tiêu chí")
    await press(rep, "T1")
    reply = await say(rep, "hai lần")
    assert reply["text"] == ("Số lần phải là số nguyên từ 0 trở lên (ví dụ 3); hệ thống tự tính 1 điểm mỗi lần, "
                             "tối đa 3 điểm. Chưa lưu gì.")
    view = await harness.services.assessment.my_sheet(await actor_of(harness, rep))
    assert view.self_points == {} and view.evidence == {}


async def fill(harness, rep) -> None:
    actor = await actor_of(harness, rep)
    for code, value in (("1.1", "9,5"), ("1.2", "5"), ("1.5", "3"), ("C1", "0"), ("C2", "1"), ("T1", "0")):
        if code in ("1.1", "1.5"):
            await harness.services.assessment.add_evidence(actor, code, note=f"Văn bản số {code}")
        await harness.services.assessment.set_self_score(actor, code, value)


async def test_a_missing_evidence_leads_straight_to_its_item_and_the_list_shows_it_not_done(harness, bloc):
    rep = bloc["reps"][UNIT]
    await fill(harness, rep)
    actor = await actor_of(harness, rep)
    view = await harness.services.assessment.my_sheet(actor)
    await harness.services.assessment.remove_evidence(actor, view.evidence["1.5"][0].id)
    await say(rep, "/chamdiem")
    listing = await press(rep, "Danh sách tiêu chí")
    assert any(label.startswith("📎 1.5 ") for label in labels(listing))
    assert not any(label.startswith("✅ 1.5") for label in labels(listing))
    await say(rep, "/chamdiem")
    review = await press(rep, "Xem lại và nộp")
    assert "Thiếu minh chứng: 1.5" in review["text"]
    card = await press(rep, "Bổ sung minh chứng 1.5")
    assert card["text"].startswith("1.5. ")


async def test_submitting_always_goes_through_the_confirmation_and_the_head_is_told_with_it(harness, bloc):
    rep, head = bloc["reps"][UNIT], bloc["reps"][HEAD_UNIT]
    await fill(harness, rep)
    actor = await actor_of(harness, rep)
    # a forged press of "submit" with no receipt, or another one: the confirmation, nothing submitted
    for data in ("ay", "ay:000000000000"):
        rep.skip_to_now()
        await forge_press(harness, rep, data)
        answer = await rep.next_message()
        assert "Xác nhận nộp bảng tự chấm điểm của Ban Tổ chức Tỉnh ủy với tổng điểm 21,5?" in answer["text"], data
        assert (await harness.services.assessment.my_sheet(actor)).status == "draft"
    assert answer["text"].startswith("Bảng điểm đã thay đổi từ lần xác nhận trước")
    # a change after the confirmation was shown: its "Nộp" asks again, for the new total
    confirm = rep.last_message
    await harness.services.assessment.set_self_score(actor, "C2", "2")
    head.skip_to_now()
    rep.skip_to_now()
    await rep.press("✅ Nộp")
    again = await rep.next_message()
    assert "với tổng điểm 23,5?" in again["text"] and again is not confirm
    assert (await harness.services.assessment.my_sheet(actor)).status == "draft"
    done = await press(rep, "✅ Nộp")
    assert done["text"].startswith("Đã nộp bảng tự chấm điểm của Ban Tổ chức Tỉnh ủy.")
    assert (await head.next_message())["text"] == "Ban Tổ chức Tỉnh ủy đã nộp bảng tự chấm điểm: 23,5 điểm."
    # the head's copy was stored by the submission's own transaction: no step-level copies are left over
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT count(*) FROM outbox_message WHERE body LIKE '%đã nộp bảng tự chấm%'") as cur:
            (stored,) = await cur.fetchone()
    assert stored == 1


async def test_the_heads_check_of_a_count_takes_a_count_and_the_final_total_shows_after_closing(harness, bloc):
    rep, head = bloc["reps"][UNIT], bloc["reps"][HEAD_UNIT]
    await fill(harness, rep)
    actor = await actor_of(harness, rep)
    await harness.services.assessment.submit(actor)
    unit_id = bloc["sample"].units[UNIT].id
    await say(head, "/thamdinh")
    sheet = await press(head, UNIT)
    assert "1.5: 5 | 5 (3 lần) | – |" in sheet["text"]
    await press(head, "1.5")
    reply = await say(head, "1")
    assert reply["text"].startswith("Điểm thẩm định 2,5 cho tiêu chí 1.5 khác điểm")
    reply = await say(head, "Chỉ 1 sáng kiến có quyết định công nhận")
    assert "1.5: 5 | 5 (3 lần) | 2,5 (1 lần) |" in reply["text"]
    view = await harness.services.assessment.unit_sheet(await actor_of(harness, head), unit_id)
    assert view.count("1.5", "check1") == Decimal(1) and view.final_counts["1.5"] == Decimal(1)
    assert view.self_counts["1.5"] == Decimal(3)
    async with harness.services.db.reading() as conn:
        stored = await repo.sheet_of(conn, bloc["sample"].year.id, unit_id)
        history = [entry for entry in await repo.history(conn, stored.id) if entry[0] == "1.5"]
    assert [entry[1] for entry in history] == ["self", "check1"]
    # once checking closes, the unit's own sheet shows the final total, not its own
    await say(head, "/thamdinh")
    await press(head, "Chốt điểm")
    assert (await press(head, "🏁 Chốt điểm"))["text"] == "Đã chốt điểm năm nay."
    await harness.settle()  # the units' copies of "checking is closed" are out before the unit looks
    text = (await say(rep, "/chamdiem"))["text"]
    assert "Tổng cộng: 19" in text and "(tự chấm: 21,5)" in text, text
    assert "Tổng cộng: 21,5" not in text


async def test_a_submission_whose_message_to_the_head_cannot_be_stored_is_not_made(harness, bloc):
    rep, head = bloc["reps"][UNIT], bloc["reps"][HEAD_UNIT]
    await fill(harness, rep)
    actor = await actor_of(harness, rep)
    on_database(harness, "CREATE TRIGGER outbox_full BEFORE INSERT ON outbox_copy"
                          " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    await say(rep, "/chamdiem")
    await press(rep, "Xem lại và nộp")
    await press(rep, "Nộp bảng điểm")
    answer = await press(rep, "✅ Nộp")
    assert answer["text"].startswith("Xin lỗi, đã có lỗi ở phía hệ thống")
    view = await harness.services.assessment.my_sheet(actor)
    assert view.status == "draft" and view.sheet.receipt is None
    assert on_database(harness, "SELECT count(*) FROM audit_event WHERE action = 'sheet.submitted'") == [(0,)]
    # the fault gone, the same confirmation submits, and the head hears of it
    on_database(harness, "DROP TRIGGER outbox_full")
    head.skip_to_now()
    answer = await press(rep, "✅ Nộp")
    assert answer["text"].startswith("Đã nộp bảng tự chấm điểm của Ban Tổ chức Tỉnh ủy.")
    assert (await head.next_message())["text"] == "Ban Tổ chức Tỉnh ủy đã nộp bảng tự chấm điểm: 21,5 điểm."
