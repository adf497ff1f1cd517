"""The head asks for documents in chat and receives real files: the xlsx summary, the vote-count minutes,
the meeting minutes, the submission and the ranking chart, read back here."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import openpyxl
import pytest

from bot.domain.criteria_import import sample_criteria
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from handlers.vote_text import ChatVoteMessages
from tests.e2e.harness import forge_press, press, say, sender_of

UNITS = [name for name, _ in SAMPLE_UNITS]


@pytest.fixture
async def bloc(harness):
    services = harness.services
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(services, sender_of(admin), 2026, name="Khối kiểm thử tài liệu")
    actor = await services.people.resolve(sender_of(admin))
    await services.assessment.load_table(actor, sample_criteria(), "sample")
    reps = {}
    for index, name in enumerate(UNITS):
        rep = harness.user(f"Người làm báo cáo {index}")
        await say(rep, f"/start {sample.invites[name].code}")
        await press(rep, "Xác nhận")
        reps[name] = rep
        rep_actor = await services.people.resolve(sender_of(rep))
        for criterion in sample_criteria().criteria:
            if criterion.evidence_required:
                await services.assessment.add_evidence(rep_actor, criterion.code, note="Văn bản số 1")
            value = criterion.max_count if criterion.counts_items else criterion.max_points
            if criterion.kind.value == "tru" or (criterion.order + index) % 5 == 0:
                value = 0
            await services.assessment.set_self_score(rep_actor, criterion.code, str(value))
        await services.assessment.submit(rep_actor)
    vote_id = await services.votes.create(actor, "head", "Suy tôn Trưởng khối năm 2027")
    # opening and closing take the token of their confirmation (bot/services/confirmation.py)
    opened = await services.votes.open(actor, vote_id, (await services.votes.prepare_open(actor, vote_id)).token,
                                       ChatVoteMessages("vi"))
    head_option = next(o.option_id for o in opened.view.options if o.label == HEAD_UNIT)
    for index, name in enumerate(UNITS):
        rep_actor = await services.people.resolve(sender_of(reps[name]))
        other = next(o.option_id for o in opened.view.options if o.label != HEAD_UNIT)
        await services.votes.cast(rep_actor, vote_id, [head_option if index < 7 else other])
    await services.votes.close(actor, vote_id, (await services.votes.prepare_close(actor, vote_id)).token,
                               ChatVoteMessages("vi"))
    return {"admin": admin, "reps": reps}


def file_of(harness, message: dict) -> bytes:
    return harness.double.bot(harness.token).files[message["document"]["file_id"]].data


async def test_the_summary_workbook_matches_the_ranking(harness, bloc):
    admin = bloc["admin"]
    reply = await say(admin, "/baocao")
    assert reply["text"].startswith("📄 Tài liệu của Khối kiểm thử tài liệu, năm 2026.")
    message = await press(admin, "Bảng tổng hợp điểm")
    assert message["document"]["file_name"] == "tong-hop-thi-dua-2026.xlsx"  # named as `bot.py export` names it
    workbook = openpyxl.load_workbook(io.BytesIO(file_of(harness, message)))
    sheet = workbook.worksheets[0]
    ranking = await harness.services.assessment.ranking_of(
        (await harness.services.people.resolve(sender_of(admin))).year)
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    finals = {}
    for row in values:
        if row and isinstance(row[0], int) and isinstance(row[1], str):
            finals[row[1]] = Decimal(str(row[6]))
    assert finals == {r.unit_name: r.final for r in ranking}


async def test_vote_minutes_meeting_minutes_and_submission(harness, bloc):
    admin = bloc["admin"]
    # the head enters the place and the vote-count committee for the minutes
    await say(admin, "/bophieu")
    await press(admin, "Suy tôn Trưởng khối")
    reply = await press(admin, "Ban kiểm phiếu")
    assert reply["text"].startswith("Biên bản kiểm phiếu «Suy tôn Trưởng khối năm 2027»")
    reply = await say(admin, "Chỉ một dòng")
    assert reply["text"].startswith("Cần dòng địa điểm")
    reply = await say(admin, "Hội trường Văn phòng Tỉnh ủy\nNguyễn Thị Hoa - Trưởng ban\nTrần Văn Minh - Thư ký")
    assert reply["text"] == "Đã lưu ban kiểm phiếu và địa điểm cho biên bản «Suy tôn Trưởng khối năm 2027»."
    await say(admin, "/baocao")
    message = await press(admin, "Biên bản kiểm phiếu")
    assert message["document"]["file_name"] == "bien-ban-kiem-phieu-suy-ton-truong-khoi-nam-2027.docx"
    document = docx.Document(io.BytesIO(file_of(harness, message)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "BIÊN BẢN KIỂM PHIẾU" in text.upper()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in " ".join(cells) + text
    assert any("87,50%" in c for c in cells) and any(HEAD_UNIT in c for c in cells)
    assert "Nguyễn Thị Hoa" in text + " ".join(cells) and "Hội trường Văn phòng Tỉnh ủy" in text
    await say(admin, "/baocao")
    message = await press(admin, "Biên bản họp")
    document = docx.Document(io.BytesIO(file_of(harness, message)))
    whole = "\n".join(p.text for p in document.paragraphs) + " ".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert HEAD_UNIT in whole and "2027" in whole
    await say(admin, "/baocao")
    reply = await press(admin, "Tờ trình")
    assert reply["text"].startswith("Chưa có đơn vị nào được bình xét")  # only a head election so far
    await say(admin, "/baocao")
    message = await press(admin, "Biểu đồ xếp hạng")
    assert file_of(harness, message)[:8] == b"\x89PNG\r\n\x1a\n"
    # a forged press for a vote that is not a closed vote of this year renders nothing
    admin.skip_to_now()
    await forge_press(harness, admin, "rv:99999")
    assert (await admin.next_message())["text"].startswith("Không tìm thấy")


async def test_a_representative_cannot_ask_for_the_bloc_documents(harness, bloc):
    rep = bloc["reps"][UNITS[3]]
    await harness.settle()  # the vote's result, stored with its closing, reaches the unit first
    reply = await say(rep, "/baocao")
    assert reply["text"] == "Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay."
