"""A bloc's year with a Zalo Official Account as its Zalo channel, end to end against the OA double.

Representatives join with an invite code and a button, score and submit with buttons, cast a secret ballot
whose options are written nowhere, and the head gets a /baocao document as a file; a reminder to someone the
OA may no longer write to (7 days without interaction) reaches their Telegram instead.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest

from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from bot.text.messages import PNG_MIME, XLSX_MIME, Inbound, Kind, Outcome, OutFile, Reply, Sender
from storage import people
from tests.e2e.harness import TZ, press, say, sender_of
from tests.e2e.test_ballot_secrecy import files_of
from tests.zalo_oa.harness import button_titles, choose, osay

UNITS = [name for name, _ in SAMPLE_UNITS]
LINK_CODE = re.compile(r"/lienket ([A-HJ-NP-Z2-9]{8})\b")


@pytest.fixture
async def bloc(harness):
    """The sample bloc with the sample criteria table, set up by super-admin 0 on Telegram."""
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    await say(admin, "/bangtieuchi")
    assert (await press(admin, "Dùng bảng mẫu"))["text"].startswith("Đã nạp bảng tiêu chí phiên bản 1")
    await harness.settle()
    return {"sample": sample, "admin": admin}


async def join_on_telegram(harness, sample, unit: str, name: str):
    user = harness.user(name)
    await say(user, f"/start {sample.invites[unit].code}")
    assert (await press(user, "Xác nhận"))["text"].startswith("Đăng ký thành công!")
    return user


async def vote_count(harness, title: str) -> tuple[int, int]:
    """Units that took part in the vote, and the cast ballots it holds (not the empty ones made at opening)."""
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT id FROM vote WHERE title = ?", (title,)) as cur:
            (vote_id,) = await cur.fetchone()
        async with conn.execute("SELECT count(*) FROM vote_participation WHERE vote_id = ?", (vote_id,)) as cur:
            (participants,) = await cur.fetchone()
        async with conn.execute("SELECT count(*) FROM ballot WHERE vote_id = ? AND choices NOT LIKE 'null%'",
                                (vote_id,)) as cur:
            (ballots,) = await cur.fetchone()
    return participants, ballots


def oa_sender(user) -> Sender:
    return Sender("zalo", user.id, user.id, "", None, None, True)


async def join(harness, sample, unit: str, name: str):
    """A new OA follower who opens `unit`'s invite and confirms with the button."""
    user = harness.oa_user(name)
    assert await user.follow() == 200
    await user.next_message()  # the welcome a follow gets
    text = await osay(user, f"/start {sample.invites[unit].code}")
    assert f"Đơn vị: {unit}" in text["text"]
    assert button_titles(text) == ["✅ Xác nhận", "Hủy"]
    assert (await choose(user, "✅ Xác nhận"))["text"].startswith("Đăng ký thành công!")
    return user


async def score_rest_by_services(harness, sender: Sender) -> None:
    """Scores every criterion not scored yet 0 (with a note where evidence is required), without submitting."""
    services = harness.services
    actor = await services.people.resolve(sender)
    view = await services.assessment.my_sheet(actor)
    for criterion in view.table.criteria:
        if criterion.evidence_required:
            await services.assessment.add_evidence(actor, criterion.code, note="Báo cáo số 7-BC/ĐU")
        if criterion.code not in view.self_points:
            await services.assessment.set_self_score(actor, criterion.code, "0")


async def test_a_representative_joins_with_an_invite_code_and_a_button(harness, bloc):
    rep = await join(harness, bloc["sample"], UNITS[1], "Trần Thị Bình")
    actor = await harness.services.people.resolve(oa_sender(rep))
    assert actor.unit is not None and actor.unit.name == UNITS[1]
    assert harness.oa.refusals == []


async def test_a_representative_scores_with_buttons_and_submits(harness, bloc):
    rep = await join(harness, bloc["sample"], UNITS[1], "Trần Thị Bình")
    sheet = await osay(rep, "/chamdiem")
    assert button_titles(sheet) == ["▶️ Chấm tiếp", "📋 Danh sách tiêu chí", "👁 Xem lại và nộp", "« Về menu chính"]
    card = await choose(rep, "▶️ Chấm tiếp")
    # more than 5 options: "#" lines, since the card also waits for a typed score
    assert card["text"].startswith("1.1. ") and card["buttons"] == [] and "#6 9,5" in card["text"]
    saved = await osay(rep, "#6")
    assert saved["text"].startswith("Đã lưu 9,5 điểm cho tiêu chí 1.1.")
    await score_rest_by_services(harness, oa_sender(rep))
    sheet = await osay(rep, "/chamdiem")
    review = await choose(rep, "👁 Xem lại và nộp")
    assert review["text"].startswith(f"👁 Xem lại bảng tự chấm điểm năm 2026 — {UNITS[1]}")
    assert button_titles(review) == ["✅ Nộp bảng điểm", "« Bảng điểm"]
    confirm = await choose(rep, "✅ Nộp bảng điểm")
    assert confirm["text"].startswith(f"Xác nhận nộp bảng tự chấm điểm của {UNITS[1]} với tổng điểm 9,5?")
    assert button_titles(confirm) == ["✅ Nộp", "Chưa nộp"]
    done = await choose(rep, "✅ Nộp")
    assert done["text"].startswith(f"Đã nộp bảng tự chấm điểm của {UNITS[1]}.") and "Mã biên nhận" in done["text"]
    actor = await harness.services.people.resolve(oa_sender(rep))
    assert (await harness.services.assessment.my_sheet(actor)).status == "submitted"


async def test_a_secret_ballot_is_cast_with_buttons_and_its_options_written_nowhere(harness, bloc):
    admin = bloc["admin"]
    rep = await join(harness, bloc["sample"], UNITS[1], "Trần Thị Bình")
    title = "Thông qua quy chế hoạt động của khối năm 2027"
    await say(admin, "/bophieu")
    await press(admin, "Biểu quyết")
    await say(admin, title)
    rep.skip_to_now()
    opening = await press(admin, "Mở bỏ phiếu")
    if opening["text"].startswith("Mở bỏ phiếu «"):  # asked to confirm first
        opening = await press(admin, "✅ Xác nhận mở bỏ phiếu")
    assert opening["text"].startswith("Đã mở bỏ phiếu")
    ballot = await rep.next_message()
    assert ballot["text"].startswith(f"🗳 PHIẾU BẦU KÍN: {title}")
    assert button_titles(ballot) == ["Tán thành", "Không tán thành", "Không biểu quyết", "Phiếu trắng"]
    await harness.wait_outbox()

    progress = await choose(rep, "Không tán thành")
    ticked = "☑️ Không tán thành"
    assert ticked in button_titles(progress), progress
    confirm = await choose(rep, "✅ Xác nhận")
    assert confirm["text"].startswith(f"Xác nhận bỏ phiếu «{title}»: Không tán thành?")
    await harness.settle()
    written = files_of(Path(harness.db_path))
    assert [name for name, data in written.items() if ticked.encode() in data] == []
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT count(*) FROM dialog_state WHERE channel = 'zalo' "
                                "AND state = 'zalo.options'") as cur:
            assert (await cur.fetchone())[0] == 0

    cast = await choose(rep, "🗳 Bỏ phiếu")
    assert cast["text"].startswith("Đã ghi nhận phiếu của đơn vị. Mã biên nhận: ")
    assert await vote_count(harness, title) == (1, 1)


async def test_the_head_gets_a_document_from_baocao_as_a_file(harness, bloc):
    head = await join(harness, bloc["sample"], HEAD_UNIT, "Nguyễn Thị Hoa")
    menu = await osay(head, "/baocao")
    assert menu["text"].startswith("📄 Tài liệu của")
    head.skip_to_now()
    await choose(head, "📝 Biên bản họp tổng kết, bình xét, suy tôn")
    await harness.settle()
    files = [m for m in head.messages if m["file"]]
    assert files, head.texts[-3:]
    name, data = files[-1]["file"]
    assert name.endswith(".docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "2026" in text or "2027" in text
    # a spreadsheet is not a type an OA may send: the head is told where to get it instead; a PNG goes as an image
    assert harness.running is not None and harness.running.zalo_oa is not None
    head.skip_to_now()
    inbound = Inbound(oa_sender(head), Kind.COMMAND, command="baocao")
    await harness.running.zalo_oa.render(inbound, Outcome([
        Reply("Bảng tổng hợp", file=OutFile("tong-hop-thi-dua-2026.xlsx", b"PK\x03\x04 xlsx", XLSX_MIME)),
        Reply("Biểu đồ", file=OutFile("bieu-do-2026.png", b"\x89PNG\r\n\x1a\n chart", PNG_MIME))]))
    text, note, caption, image = await head.next_messages(4)
    assert text["text"] == "Bảng tổng hợp" and note["text"].startswith("(Zalo chỉ nhận tệp PDF, DOC, DOCX")
    assert "tong-hop-thi-dua-2026.xlsx" in note["text"] and text["file"] is None and note["file"] is None
    assert caption["text"] == "Biểu đồ" and image["image"] == ("bieu-do-2026.png", b"\x89PNG\r\n\x1a\n chart")


async def test_a_reminder_outside_the_window_goes_to_the_linked_telegram(harness, bloc):
    sample, admin = bloc["sample"], bloc["admin"]
    em_tg = await join_on_telegram(harness, sample, UNITS[4], "Hoàng Văn Em")
    code = LINK_CODE.search((await say(em_tg, "/lienket"))["text"]).group(1)
    em_oa = harness.oa_user("Hoàng Văn Em")
    assert (await osay(em_oa, f"/lienket {code}"))["text"].startswith("Đã liên kết!")
    assert (await osay(em_oa, "/kenh zalo"))["text"] == (
        "Đã lưu. Nhắc việc và thông báo sẽ gửi cho đồng chí qua: Zalo.")
    # a deadline far enough away that its first reminder comes after the OA's 7-day window closed
    await say(admin, "/hanchot")
    await press(admin, "Đặt hạn tự chấm điểm")
    deadline = datetime(2026, 12, 15, 17, 0, tzinfo=TZ)
    await say(admin, deadline.strftime("%d/%m/%Y %H:%M"))
    em_tg.skip_to_now()
    await harness.advance_to(deadline - timedelta(days=7))
    await harness.settle()
    telegram = [m.get("text", "") for m in em_tg.messages]
    assert [text for text in telegram if text.startswith("⏰ Nhắc hạn tự chấm điểm")], telegram[-3:]
    assert [r.code for r in harness.oa.refusals] == [-230]
    # Zalo got nothing, and the person's next message on the OA is not met with a nudge (Telegram had it)
    assert not any(text.startswith("⏰") for text in em_oa.texts)


async def test_someone_only_on_the_oa_outside_the_window_is_asked_to_keep_in_touch(harness, bloc):
    sample, admin = bloc["sample"], bloc["admin"]
    rep = await join(harness, sample, UNITS[2], "Lê Văn Cường")
    await say(admin, "/hanchot")
    await press(admin, "Đặt hạn tự chấm điểm")
    deadline = datetime(2026, 12, 15, 17, 0, tzinfo=TZ)
    await say(admin, deadline.strftime("%d/%m/%Y %H:%M"))
    await harness.advance_to(deadline - timedelta(days=7))
    await harness.settle()
    assert [r.code for r in harness.oa.refusals] == [-230]
    assert not any(text.startswith("⏰") for text in rep.texts)
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT missed_reason FROM zalo_oa_contact WHERE user_id = ?", (rep.id,)) as cur:
            assert [row[0] for row in await cur.fetchall()] == ["window"]
    rep.skip_to_now()
    await rep.send("/menu")
    await harness.settle()
    told = [m["text"] for m in rep.messages[-3:] if m["text"] and "7 ngày" in m["text"]]
    assert len(told) == 1, rep.texts[-3:]
    await rep.send("/menu")
    await harness.settle()
    assert sum("7 ngày" in (text or "") for text in rep.texts) == 1  # asked once, not at every message


async def test_unfollowing_marks_the_representative_unreachable_until_they_write_again(harness, bloc):
    rep = await join(harness, bloc["sample"], UNITS[3], "Phạm Thị Dung")
    assert await rep.unfollow() == 200
    await harness.settle()
    async with harness.services.db.reading() as conn:
        ident = await people.identity(conn, "zalo", rep.id)
    assert ident is not None and ident.blocked_at is not None
    harness.clock.advance(timedelta(minutes=5))
    await rep.follow()
    await rep.next_message()
    async with harness.services.db.reading() as conn:
        ident = await people.identity(conn, "zalo", rep.id)
    assert ident is not None and ident.blocked_at is None
