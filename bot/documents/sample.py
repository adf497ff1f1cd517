"""A filled-in year for the Hưng Yên bloc, and ``write_all`` to put every document on disk.

The people's names are invented; the units are the bloc's real members (DOMAIN.md). Run
``python -m bot.documents.sample OUT_DIR`` to look at the documents.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bot.documents.charts import distribution_chart, group_scores, ranking_chart, turnout_chart
from bot.documents.docx import meeting_minutes_docx, submission_docx, vote_minutes_docx
from bot.documents.fmt import LOCAL_TZ, slug
from bot.documents.model import (
    AttendanceRow,
    CriterionAnnexRow,
    DocumentHeader,
    MeetingMinutes,
    NoticeAckRow,
    RankingRow,
    RegistrationRow,
    SignatureRow,
    Submission,
    TurnoutRow,
    VoteMinutes,
    YearReport,
)
from bot.documents.wording import VI, Wording
from bot.documents.xlsx import summary_workbook

__all__ = ["UNITS", "sample_report", "write_all"]

D = Decimal
YEAR = 2026
BLOC = "Khối thi đua các ban, đơn vị, cơ quan Đảng tỉnh"
PLACE = "Hội trường Văn phòng Tỉnh ủy Hưng Yên"

VP, BTC, BTG, UBKT, BNC, DU, BAO, TRUONG = UNITS = (
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Báo và Phát thanh, Truyền hình Hưng Yên",
    "Trường Chính trị Nguyễn Văn Linh",
)

GROUPS = {
    "1": "Thực hiện nhiệm vụ chính trị",
    "2": "Xây dựng Đảng, đoàn thể",
    "3": "Phong trào thi đua",
    "4": "Thông tin, báo cáo",
}
CRITERIA = (
    ("1.1", "Hoàn thành các chỉ tiêu, nhiệm vụ chính trị được giao trong năm", D(30)),
    ("1.2", "Tham mưu, đề xuất các chủ trương, giải pháp thuộc lĩnh vực phụ trách", D(20)),
    ("2.1", "Xây dựng tổ chức đảng, đoàn thể trong sạch, vững mạnh", D(10)),
    ("2.2", "Chấp hành kỷ luật, kỷ cương hành chính; không có cán bộ vi phạm", D(10)),
    ("3.1", "Phát động, triển khai phong trào thi đua; ký kết giao ước thi đua", D(10)),
    ("3.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", D(10)),
    ("4.1", "Thực hiện chế độ thông tin, báo cáo đúng thời hạn", D(10)),
)

# Per unit: self scores below the maximum, checking changes (check 1, explanation, check 2),
# bonus, penalty, note. Unlisted criteria were self-scored at the maximum and kept.
_SCORES: dict[str, tuple[dict[str, str], dict[str, tuple[str, str | None, str]], str, str, str | None]] = {
    VP: ({}, {"1.2": ("19", "Bổ sung minh chứng: Tờ trình số 125-TTr/VPTU ngày 10/11/2026.", "19.5"),
              "4.1": ("9.5", None, "9.5")}, "0", "0", None),
    BTC: ({"1.1": "29"}, {"3.2": ("9", None, "9")}, "0", "0.5", "Trừ 0,5 điểm: chậm báo cáo sơ kết 6 tháng"),
    BTG: ({"1.1": "29.5", "3.1": "9.5"},
          {"1.2": ("18.5", "Đề án đã hoàn thành theo kế hoạch điều chỉnh được phê duyệt.", "19")}, "0", "0", None),
    UBKT: ({"2.1": "9", "3.2": "9"}, {"4.1": ("9", None, "9")}, "0", "0", None),
    BNC: ({"1.1": "28.5", "3.2": "9"}, {"1.1": ("27.5", None, "27.5")}, "0", "0", None),
    DU: ({"1.1": "28", "2.2": "9.5", "3.2": "9"}, {"3.1": ("9", None, "9")}, "0", "0.5",
         "Trừ 0,5 điểm: chậm gửi đăng ký thi đua"),
    BAO: ({"1.1": "28", "1.2": "19", "4.1": "9"},
          {"1.2": ("18", "Bổ sung số liệu phát hành, phát sóng quý IV.", "18.5")}, "0", "1",
          "Trừ 1 điểm: chậm 2 báo cáo định kỳ"),
    TRUONG: ({"1.1": "27.5", "3.2": "8.5", "4.1": "9.5"}, {"3.2": ("8", None, "8")}, "1", "0",
             "Cộng 1 điểm: tập thể được tặng Bằng khen cấp trên"),
}

_REPRESENTATIVES = (
    "Nguyễn Văn Thành", "Phạm Thị Lan", "Đỗ Quang Huy", "Vũ Thị Ngọc Anh",
    "Hoàng Minh Đức", "Bùi Thị Thu Trang", "Đặng Văn Khải", "Ngô Thị Hương",
)
_COMMITTEE = (("Nguyễn Thị Hoa", "Trưởng ban"), ("Trần Văn Minh", "Thư ký"), ("Lê Thu Hằng", "Thành viên"))
_RULE = ("Bỏ phiếu kín, mỗi đơn vị thành viên một phiếu, mỗi phiếu chọn tối đa 1 đơn vị (phiếu chọn nhiều hơn "
         "là phiếu không hợp lệ); cuộc bỏ phiếu có giá trị khi có ít nhất 2/3 số đơn vị thành viên tham gia; "
         "đơn vị được suy tôn phải có số phiếu cao nhất và đạt trên 50% tổng số đơn vị thành viên.")


def _annex_and_ranking() -> tuple[list[CriterionAnnexRow], list[RankingRow]]:
    annex: list[CriterionAnnexRow] = []
    totals: list[tuple[str, Decimal, Decimal, Decimal, Decimal, Decimal, str | None]] = []
    for unit in UNITS:
        selfs, checks, bonus, penalty, note = _SCORES[unit]
        self_total = checked_total = D(0)
        for code, title, maximum in CRITERIA:
            own = D(selfs.get(code, str(maximum)))
            if code in checks:
                c1, explanation, c2 = checks[code]
                check1, check2, final = D(c1), D(c2), D(c2)
            else:
                check1, explanation, check2, final = own, None, None, own
            annex.append(CriterionAnnexRow(unit, code, title, maximum, own, check1, explanation, check2, final,
                                           GROUPS[code.split(".", 1)[0]]))
            self_total += own
            checked_total += final
        final_total = checked_total + D(bonus) - D(penalty)
        totals.append((unit, self_total, checked_total, D(bonus), D(penalty), final_total, note))
    ordered = sorted(totals, key=lambda t: -t[5])
    ranking = [RankingRow(i, i, unit, s, c, b, p, f, note)
               for i, (unit, s, c, b, p, f, note) in enumerate(ordered, start=1)]
    return annex, ranking


def _vote(title: str, kind: str, at: datetime, options: list[tuple[str, int]], elected: list[str], *,
          cast: int = 8, invalid: int = 0, blank: int = 0, outcome: str) -> VoteMinutes:
    members = len(UNITS)
    return VoteMinutes(
        title=title, kind=kind, held_at=at, place=PLACE, committee=list(_COMMITTEE),
        issued=members, cast=cast, valid=cast - invalid, invalid=invalid, blank=blank, members=members,
        quorum_needed=6, quorum_met=cast >= 6, denominator="members", rule_text=_RULE,
        # Percentages of all member units, as the tally computes them (rounded half-up to 0,01).
        options=[(label, n, (D(n * 100) / members).quantize(D("0.01")), label in elected) for label, n in options],
        outcome_text=outcome, elected=elected, year=YEAR, blank_valid=True, outcome="ELECTED",
        finished_at=at + timedelta(minutes=20), copies=2,
    )


def sample_report() -> YearReport:
    """The Hưng Yên bloc's 2026: scores, registrations, covenant, notices, three votes, minutes, submission."""
    annex, ranking = _annex_and_ranking()
    held = datetime(YEAR, 12, 18, 8, 0, tzinfo=LOCAL_TZ)
    flag = _vote("Cờ thi đua của UBND tỉnh", "award", held.replace(hour=9, minute=50),
                 [(VP, 6), (BTG, 1), (BTC, 0)], [VP], invalid=1,
                 outcome="Văn phòng Tỉnh ủy đạt 6/8 phiếu (75,00%), có số phiếu cao nhất và trên 50% tổng số đơn "
                         "vị thành viên; được suy tôn đề nghị tặng Cờ thi đua của UBND tỉnh năm 2026.")
    head = _vote("Suy tôn Trưởng khối năm 2027", "head", held.replace(hour=10, minute=35),
                 [(VP, 7), (BTC, 1)], [VP],
                 outcome="Văn phòng Tỉnh ủy đạt 7/8 phiếu (87,50%), được suy tôn làm Trưởng khối năm 2027.")
    deputy = _vote("Suy tôn Phó Trưởng khối năm 2027", "deputy", held.replace(hour=11, minute=5),
                   [(BTG, 5), (BNC, 1)], [BTG], cast=7, blank=1,
                   outcome="Ban Tuyên giáo và Dân vận Tỉnh ủy đạt 5/8 phiếu (62,50%), được suy tôn làm Phó Trưởng "
                           "khối năm 2027.")
    votes = [flag, head, deputy]
    turnout = [TurnoutRow(v.title, unit, not (v is deputy and unit == TRUONG)) for v in votes for unit in UNITS]

    final_of = {r.unit: r.final for r in ranking}
    signed_at = datetime(YEAR, 2, 20, 9, 0, tzinfo=LOCAL_TZ)
    return YearReport(
        header=DocumentHeader("party", "Khối thi đua các ban, đơn vị, cơ quan Đảng tỉnh", "Tỉnh ủy Hưng Yên",
                              "Hưng Yên", date(YEAR, 12, 18), None),
        bloc=BLOC,
        year=YEAR,
        ranking=ranking,
        annex=annex,
        registrations=[
            RegistrationRow(unit, ["Tập thể lao động xuất sắc", *(["Cờ thi đua của UBND tỉnh"] if i < 3 else [])],
                            True, staff, round(staff * 0.8), max(1, staff // 10), True,
                            [] if i < 3 else ["Bằng khen của Chủ tịch UBND tỉnh"])
            for i, (unit, staff) in enumerate(zip(UNITS, (62, 38, 45, 30, 24, 18, 120, 41), strict=True))
        ],
        signatures=[SignatureRow(unit, rep, signed_at.replace(hour=9 + i // 4, minute=5 * i), 1)
                    for i, (unit, rep) in enumerate(zip(UNITS, _REPRESENTATIVES, strict=True))],
        turnout=turnout,
        notice_acks=[
            *(NoticeAckRow("01-TB/KTĐ", unit, datetime(YEAR, 3, 2, 8 + i, 15, tzinfo=LOCAL_TZ))
              for i, unit in enumerate(UNITS)),
            *(NoticeAckRow("02-TB/KTĐ", unit,
                           None if unit == TRUONG else datetime(YEAR, 11, 25, 14, 5 * i, tzinfo=LOCAL_TZ))
              for i, unit in enumerate(UNITS)),
        ],
        votes=votes,
        meeting=MeetingMinutes(
            bloc=BLOC, year=YEAR, held_at=held, place=PLACE, chair="Nguyễn Văn Thành", secretary="Trần Văn Minh",
            attendance=[AttendanceRow(unit, True, (rep,)) for unit, rep in zip(UNITS, _REPRESENTATIVES, strict=True)],
            ranking=ranking, votes=votes, next_head=VP, next_deputy=BTG, units=UNITS,
            guests=("Đại diện Ban Thi đua - Khen thưởng, Sở Nội vụ",), closed_at=held.replace(hour=11, minute=30),
            copies=2,
        ),
        submission=Submission(
            bloc=BLOC, year=YEAR,
            proposals=[("Cờ thi đua của UBND tỉnh", VP, final_of[VP], flag.options[0][2])],
            signer_title="Trưởng khối", signer_name="Nguyễn Văn Thành",
        ),
    )


def write_all(report: YearReport, out_dir: Path, *, words: Wording = VI) -> list[Path]:
    """Write every document of ``report`` into ``out_dir``; return the paths in the order written.

    One header serves every document, so a number set in it would appear on all of them; leave
    it ``None`` (a blank to fill in) unless only one kind of document is being produced.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()

    def put(name: str, ext: str, render: Callable[[], bytes]) -> None:
        base = slug(name)
        stem, n = base, 2
        while stem in used:  # two votes with the same title still get two files
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        path = out_dir / f"{stem}.{ext}"
        path.write_bytes(render())
        written.append(path)

    year, header = report.year, report.header
    put(words.file_summary.format(year=year), "xlsx", lambda: summary_workbook(report, words=words))
    for v in report.votes:
        put(words.file_vote_minutes.format(title=v.title), "docx",
            lambda v=v: vote_minutes_docx(header, v, words=words))
    if report.meeting is not None:
        meeting = report.meeting
        put(words.file_meeting.format(year=year), "docx", lambda: meeting_minutes_docx(header, meeting, words=words))
    if report.submission is not None:
        submission = report.submission
        put(words.file_submission.format(year=year), "docx", lambda: submission_docx(header, submission, words=words))
    if report.ranking:
        put(words.file_ranking_chart.format(year=year), "png",
            lambda: ranking_chart(report.ranking, words.chart_ranking_title.format(year=year), words=words))
    per_vote: OrderedDict[str, list[bool]] = OrderedDict()
    for row in report.turnout:
        per_vote.setdefault(row.vote_title, []).append(row.voted)
    for title, flags in per_vote.items():
        put(words.file_turnout_chart.format(title=title), "png",
            lambda t=title, f=flags: turnout_chart(sum(f), len(f), words.chart_turnout_title.format(title=t),
                                                   words=words))
    if report.annex:
        put(words.file_distribution_chart.format(year=year), "png",
            lambda: distribution_chart(group_scores(report.annex, words=words),
                                       words.chart_distribution_title.format(year=year),
                                       value_label=words.chart_share_axis, words=words))
    return written


if __name__ == "__main__":
    for p in write_all(sample_report(), Path(sys.argv[1] if len(sys.argv) > 1 else "sample-documents")):
        print(p)
