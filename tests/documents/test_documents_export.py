"""A real export (bot.services.reports) fills the header from the bloc's settings, dates the minutes by the count,
and does not pretend to know what no conference has recorded yet."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest

from bot.domain.clock import FakeClock
from bot.services.container import Services
from bot.services.refusal import Refused
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, join_as, seed_sample_bloc
from bot.text.messages import Sender
from handlers.vote_text import ChatVoteMessages
from storage.db import Database

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = Sender("telegram", "900", "900", "Quản trị")
OPENED = datetime(2026, 12, 18, 8, 0, tzinfo=TZ)


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    db = Database(tmp_path / "export.db")
    await db.open()
    yield Services.build(db, FakeClock(OPENED), TZ, frozenset({900}))
    await db.close()


def _text(data: bytes) -> tuple[docx.document.Document, str]:
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return doc, "\n".join(parts)


async def test_the_sample_bloc_export_fills_the_header_and_dates_the_count(services: Services) -> None:
    clock = services.clock
    assert isinstance(clock, FakeClock)
    sample = await seed_sample_bloc(services, ADMIN, 2026)
    admin = await services.people.resolve(ADMIN)
    vote_id = await services.votes.create(admin, "head", "Suy tôn Trưởng khối")
    # opening and closing take the token of their confirmation (bot/services/confirmation.py)
    opened = await services.votes.open(admin, vote_id, (await services.votes.prepare_open(admin, vote_id)).token,
                                       ChatVoteMessages("vi"))
    head = next(o.option_id for o in opened.view.options if o.label == HEAD_UNIT)
    for i, (name, _) in enumerate(SAMPLE_UNITS):
        rep = Sender("telegram", str(1000 + i), str(1000 + i), f"Đại diện {i}")
        await join_as(services, rep, sample.invites[name])
        await services.votes.cast(await services.people.resolve(rep), vote_id, [head])
    clock.set(datetime(2026, 12, 19, 14, 25, tzinfo=TZ))  # counted the next afternoon
    await services.votes.close(admin, vote_id, (await services.votes.prepare_close(admin, vote_id)).token,
                               ChatVoteMessages("vi"))
    clock.advance(timedelta(days=30))  # the head asks for the files a month later

    report = await services.reports.report(admin)
    assert (report.header.superior, report.header.place) == ("Tỉnh ủy Hưng Yên", "Hưng Yên")
    assert report.header.date is None  # never the day of the export
    assert await services.reports.missing_settings(admin) == []

    _, out = await services.reports.vote_minutes_file(admin, vote_id)
    doc, text = _text(out.data)
    header = doc.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "TỈNH ỦY HƯNG YÊN"
    assert header.cell(1, 1).text == "Hưng Yên, ngày 19 tháng 12 năm 2026"
    assert "hồi 14 giờ 25 phút, ngày 19/12/2026" in text  # the count's time, not the opening's (08:00, 18/12)
    assert "Suy tôn Trưởng khối năm 2027" in text
    assert ("Kết luận: Văn phòng Tỉnh ủy đạt 8/8 phiếu, bằng 100,00% tổng số đơn vị thành viên, được suy tôn làm "
            "Trưởng khối năm 2027.") in text
    assert "phiếu trắng (phiếu không chọn đơn vị nào) là phiếu hợp lệ." in text

    meeting, text = _text((await services.reports.meeting_file(admin)).data)
    # no conference is recorded: no invented attendance, time or date
    assert "Chưa điểm danh" in text and "Có mặt 8/8" not in text
    assert meeting.tables[0].cell(1, 1).text == "Hưng Yên, ngày …… tháng …… năm ……"
    assert "Thời gian: hồi …… giờ …… phút, ngày ……." in text


async def test_a_bloc_without_settings_gets_marked_blanks_and_the_head_is_told(services: Services) -> None:
    admin = await services.people.resolve(ADMIN)
    await services.onboarding.create_bloc(admin, "Khối thi đua các sở, ngành", 2026)
    admin = await services.people.resolve(ADMIN)
    report = await services.reports.report(admin)
    assert (report.header.superior, report.header.place) == (None, None)
    assert await services.reports.missing_settings(admin) == ["superior_body", "place"]

    settings = services.bloc_settings
    for superior, place, code in (("  ", "Hà Nội", "bloc_superior_invalid"),
                                  ("Tỉnh ủy Hưng Yên", "x" * 101, "bloc_place_invalid")):
        with pytest.raises(Refused) as refused:
            await settings.set_document_settings(admin, superior, place)
        assert refused.value.code == code
    assert (await services.reports.report(admin)).header.superior is None  # a refusal changed nothing

    await settings.set_document_settings(admin, "  Tỉnh ủy   Hưng Yên ", "Hưng Yên")
    report = await services.reports.report(admin)
    assert (report.header.superior, report.header.place) == ("Tỉnh ủy Hưng Yên", "Hưng Yên")
    assert await services.reports.missing_settings(admin) == []

