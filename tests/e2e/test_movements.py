"""A thematic movement end to end: launched by the head for chosen units, registered and reported on by two of
them, a late unit reminded and the others not, one unit commended with a reason, the movement closed and every
unit told; then nothing of it changes, no reminder follows, and the year's documents show it."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from docx import Document

from bot.documents.xlsx import summary_workbook
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_MOVEMENT, SAMPLE_UNITS
from tests.e2e.harness import TZ, labels, press, sample_bloc_joined, say, sender_of

UNITS = [name for name, _ in SAMPLE_UNITS]
BTC, BTGDV, UBKT, BNC = UNITS[1], UNITS[2], UNITS[3], UNITS[4]
TAKING_PART = (BTC, BTGDV, UBKT)
TITLE = "Thi đua chào mừng kỷ niệm Ngày Quốc phòng toàn dân"
REASON = "Vượt chỉ tiêu tuyên truyền, báo cáo đầy đủ minh chứng."


def at(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=TZ)


def texts(user) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in user.messages]


def reminders(user) -> list[str]:
    return [t for t in texts(user) if t.startswith(("⏰ Nhắc hạn báo cáo phong trào", "⚠️ Quá hạn báo cáo phong trào"))]


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử phong trào", lambda i, name: f"Cán bộ {i} Phong",
                                    units=[HEAD_UNIT, BTC, BTGDV, UBKT, BNC])


async def launch(harness, admin) -> None:
    reply = await say(admin, "/phongtrao")
    # the sample year's movement, already over, is listed
    assert reply["text"].startswith("🚩 Phong trào thi đua chuyên đề của năm (1).")
    assert labels(reply)[0].startswith("Số 1: Thi đua lập thành tích chào mừng")
    reply = await press(admin, "Phát động phong trào mới")
    assert reply["text"].startswith("Xin gõ tên phong trào")
    reply = await say(admin, TITLE)
    assert reply["text"] == "Xin gõ mục đích, yêu cầu của phong trào."
    reply = await say(admin, "Tuyên truyền sâu rộng, thi đua hoàn thành nhiệm vụ.")
    assert reply["text"].startswith("Xin gõ thời gian phong trào")
    # bad dates are refused politely and asked again; nothing is stored
    reply = await say(admin, "31/02/2026 - 10/12/2026")
    assert reply["text"].startswith("Không đọc được thời gian.")
    reply = await say(admin, "10/12/2026 - 01/12/2026")
    assert reply["text"] == "Ngày kết thúc phải sau ngày bắt đầu. Xin gõ lại."
    reply = await say(admin, "01/01/2026 - 01/02/2026")
    assert reply["text"].startswith("Phong trào này đã kết thúc theo ngày đã gõ.")
    reply = await say(admin, "25/11/2026 đến 10/12/2026")
    assert reply["text"].startswith("Phong trào chào mừng sự kiện")
    reply = await say(admin, "Kỷ niệm 82 năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12)")
    assert reply["text"].startswith("Xin gửi kế hoạch phát động")
    admin.skip_to_now()
    await admin.upload_document("ke-hoach-phong-trao.pdf", b"%PDF-1.4 ke hoach", "application/pdf")
    reply = await admin.next_message()
    assert reply["text"] == "Những đơn vị nào tham gia phong trào?"
    reply = await press(admin, "Chọn đơn vị")
    for name in TAKING_PART:
        reply = await press(admin, f"⬜ {name}")
    assert reply["text"] == "Chọn đơn vị tham gia (đã chọn 3):"
    reply = await press(admin, "Phát động cho các đơn vị đã chọn")
    assert reply["text"] == ("Đã phát động phong trào số 2 «" + TITLE + "» tới 3 đơn vị. Hạn nộp báo cáo: "
                             "10/12/2026 17:00; các đơn vị chưa báo cáo sẽ được nhắc theo lịch.")
    await harness.settle()


async def register_and_report(harness, rep, targets: str, report: str | None) -> None:
    announcement = next(m for m in rep.messages if "📝 Đăng ký tham gia" in labels(m))
    rep.skip_to_now()
    await rep.press("Đăng ký tham gia", announcement)
    reply = await rep.next_message()
    assert reply["text"] == f"Xin gõ chỉ tiêu thi đua của đơn vị trong phong trào «{TITLE}»."
    reply = await say(rep, targets)
    assert reply["text"] == (f"Đã ghi nhận đăng ký tham gia phong trào «{TITLE}». Hạn nộp báo cáo kết quả: "
                             "10/12/2026 17:00.")
    if report is None:
        return
    reply = await press(rep, "Xem phong trào")
    assert "📝 đã đăng ký, chưa báo cáo" in reply["text"] and f"Chỉ tiêu đăng ký: {targets}" in reply["text"]
    reply = await press(rep, "Báo cáo kết quả")
    assert reply["text"].startswith(f"Xin gõ báo cáo kết quả phong trào «{TITLE}»")
    reply = await say(rep, report)
    assert reply["text"].startswith("Đã lưu (0 tệp kèm).")
    rep.skip_to_now()
    await rep.upload_document("minh-chung.pdf", b"%PDF-1.4 minh chung", "application/pdf")
    reply = await rep.next_message()
    assert reply["text"].startswith("Đã lưu (1 tệp kèm).")
    reply = await press(rep, "Nộp báo cáo")
    assert reply["text"] == f"Đã nộp báo cáo kết quả phong trào «{TITLE}». Xin cảm ơn đồng chí."


async def test_a_movement_from_launch_to_commendation(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await launch(harness, admin)

    # the units taking part are told, with the plan; the others hear nothing
    for name in TAKING_PART:
        [announcement] = [m for m in reps[name].messages if (m.get("text") or "").startswith("📣")]
        assert TITLE in announcement["text"] and "Hạn nộp báo cáo kết quả: 10/12/2026 17:00" in announcement["text"]
        # the plan follows the text, and carries the button (Telegram puts it under the last part)
        [plan] = [m for m in reps[name].messages if "document" in m]
        assert plan["document"]["file_name"] == "ke-hoach-phong-trao.pdf"
        assert labels(plan) == ["📝 Đăng ký tham gia"]
    for name in (HEAD_UNIT, BNC):
        assert not [t for t in texts(reps[name]) if t.startswith("📣")]

    await register_and_report(harness, reps[BTC], "Tổ chức 2 hội nghị chuyên đề", "Đã tổ chức 3 hội nghị.")
    await register_and_report(harness, reps[BTGDV], "5 tin bài", "Đăng 8 tin bài.")
    await register_and_report(harness, reps[UBKT], "Kiểm tra 2 tổ chức đảng", None)  # never reports

    # a week before the deadline only the unit that has not reported is reminded, once
    await harness.advance_to(at("03/12/2026 17:30"))
    [reminder] = reminders(reps[UBKT])
    assert reminder.startswith("⏰ Nhắc hạn báo cáo phong trào thi đua: hết hạn lúc 10/12/2026 17:00 (còn 7 ngày).")
    assert "Đơn vị chưa nộp báo cáo kết quả phong trào thi đua." in reminder
    assert not reminders(reps[BTC]) and not reminders(reps[BTGDV]) and not reminders(reps[BNC])
    # its button opens the unit's movements
    reply = await press(reps[UBKT], "Mở phong trào thi đua")
    assert labels(reply)[0].startswith(f"Số 2: {TITLE[:30]}")

    # the head reviews: every unit's state, one unit's report with its file
    reply = await say(admin, "/phongtrao")
    reply = await press(admin, "Số 2:")
    assert "• Ban Tổ chức Tỉnh ủy: ✅ đã nộp báo cáo" in reply["text"]
    assert "• Ủy ban Kiểm tra Tỉnh ủy: 📝 đã đăng ký, chưa báo cáo" in reply["text"]
    reply = await press(admin, "BTC")
    assert "Báo cáo: Đã tổ chức 3 hội nghị." in reply["text"] and "Tệp kèm: minh-chung.pdf" in reply["text"]
    document = await admin.next_message()
    assert document["document"]["file_name"] == "minh-chung.pdf"
    reply = await press(admin, "Đề nghị khen thưởng")
    assert reply["text"] == "Xin gõ lý do đề nghị khen thưởng Ban Tổ chức Tỉnh ủy (tối đa 500 ký tự)."
    reply = await say(admin, "x" * 501)
    assert reply["text"] == "Lý do cần từ 1 đến 500 ký tự. Xin gõ lại."
    reply = await say(admin, REASON)
    assert reply["text"] == "Đã đề nghị khen thưởng Ban Tổ chức Tỉnh ủy."
    # a unit that has not reported cannot be commended: its page offers no such button
    reply = await press(admin, "Về phong trào")
    reply = await press(admin, "UBKT")
    assert "Đề nghị khen thưởng" not in " ".join(labels(reply))

    reply = await press(admin, "Về phong trào")
    reply = await press(admin, "Kết thúc phong trào")
    assert "🏅 Ban Tổ chức Tỉnh ủy" in reply["text"] and "Số đơn vị chưa báo cáo: 1." in reply["text"]
    reply = await press(admin, "Kết thúc và thông báo")
    assert reply["text"].startswith(f"Đã kết thúc phong trào «{TITLE}»; 1 đơn vị được đề nghị khen thưởng.")
    await harness.settle()

    told = {name: [t for t in texts(reps[name]) if "đã kết thúc" in t] for name in TAKING_PART}
    assert told[BTC] == [f"🏅 Phong trào thi đua số 2 «{TITLE}» đã kết thúc. Đơn vị được Trưởng khối đề nghị "
                         f"khen thưởng: {REASON}"]
    thanks = f"🚩 Phong trào thi đua số 2 «{TITLE}» đã kết thúc. Cảm ơn đơn vị đã tham gia."
    assert told[BTGDV] == told[UBKT] == [thanks]

    # closed: the late unit can no longer register or report, and no reminder or deadline notice follows
    announcement = next(m for m in reps[UBKT].messages if "📝 Đăng ký tham gia" in labels(m))
    reps[UBKT].skip_to_now()
    await reps[UBKT].press("Đăng ký tham gia", announcement)
    reply = await reps[UBKT].next_message()
    assert reply["text"] == "Phong trào đã kết thúc, không thay đổi được nữa."
    await harness.advance_to(at("12/12/2026 09:00"))
    assert len(reminders(reps[UBKT])) == 1
    for name in TAKING_PART:
        assert not [t for t in texts(reps[name]) if t.startswith("🔔 Đã hết hạn báo cáo phong trào thi đua")]

    # the year's documents: a sheet of the xlsx summary and a paragraph of the meeting minutes
    services = harness.services
    actor = await services.people.resolve(sender_of(admin))
    workbook = openpyxl.load_workbook(io.BytesIO(summary_workbook(await services.reports.report(actor))))
    sheet = workbook["Phong trào thi đua"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert f"2. {TITLE}" in cells and f"1. {SAMPLE_MOVEMENT[0]}" in cells
    assert REASON in cells
    minutes = await services.reports.meeting_file(actor)
    text = "\n".join(p.text for p in Document(io.BytesIO(minutes.data)).paragraphs)
    assert "Trong năm, Khối đã phát động 2 phong trào thi đua chuyên đề:" in text
    assert f"- Phong trào «{TITLE}» (25/11/2026 – 10/12/2026)" in text
    assert "3 đơn vị tham gia, 2 đơn vị báo cáo kết quả; Khối đề nghị khen thưởng: Ban Tổ chức Tỉnh ủy." in text
