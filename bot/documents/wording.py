"""Every word that ends up inside a generated document, in one place.

The documents are Vietnamese office documents, so the defaults are Vietnamese. They are fields of
a frozen dataclass rather than loose constants so that an English (or corrected) set is one
``Wording(...)`` call away and every renderer takes it as a parameter: ``VI`` is the default.

Templates use ``str.format`` with named fields; the field names are part of the contract and are
listed next to each template. Separators and the date line are here too because they are as much
a matter of language as the words are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["VI", "Wording"]


def _kind_phrases() -> dict[str, str]:
    return {
        "award": "bình xét, suy tôn đề nghị khen thưởng",
        "head": "suy tôn Trưởng khối",
        "deputy": "suy tôn Phó trưởng khối",
        "question": "biểu quyết",
    }


def _elected_labels() -> dict[str, str]:
    return {"award": "Được suy tôn", "head": "Được suy tôn", "deputy": "Được suy tôn", "question": "Được thông qua"}


@dataclass(frozen=True)
class Wording:
    # --- numbers and dates --------------------------------------------------------------
    decimal_sep: str = ","
    thousands_sep: str = "."
    percent: str = "{value}%"  # value
    missing: str = "—"  # a number or name that is not known, in a Word table
    blank: str = "……………………"  # a gap to fill in by hand
    yes: str = "Có"
    no: str = "Không"
    # Nghị định 30/2020 writes days below 10 and months below 3 with a leading zero.
    date_line: str = "{place}, ngày {day} tháng {month} năm {year}"  # place, day, month, year
    time_phrase: str = "{hour} giờ {minute} phút, ngày {date}"  # hour, minute, date (dd/mm/yyyy)
    comrade: str = "Đồng chí {name}"  # name

    # --- header block -------------------------------------------------------------------
    party_title: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    party_star: str = "*"
    state_title: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    state_motto: str = "Độc lập - Tự do - Hạnh phúc"
    # Party documents write "Số 05-BB/KTĐ" (no colon, number-kind/issuer); State documents
    # "Số: 05/BB-KTĐ" (colon, number/kind-issuer).
    number_party: str = "Số {number}"  # number
    number_state: str = "Số: {number}"  # number
    number_blank_party: str = "Số {gap}-{kind}/{issuer}"  # gap, kind, issuer
    number_blank_state: str = "Số: {gap}/{kind}-{issuer}"  # gap, kind, issuer
    number_gap: str = "\u00a0" * 8  # non-breaking so Word keeps the gap
    issuer_code: str = "KTĐ"
    code_minutes: str = "BB"
    code_submission: str = "TTr"

    # --- signatures ---------------------------------------------------------------------
    sign_hint: str = "(Ký, ghi rõ họ tên)"
    sign_count_head: str = "TRƯỞNG BAN KIỂM PHIẾU"
    sign_secretary: str = "THƯ KÝ"
    sign_member: str = "THÀNH VIÊN BAN KIỂM PHIẾU"
    sign_chair: str = "CHỦ TRÌ"
    # Roles are typed by the admin; these folded (no diacritics, lower-case) fragments find
    # the head and the secretary among them.
    role_head_keys: tuple[str, ...] = ("truong ban",)
    role_secretary_keys: tuple[str, ...] = ("thu ky",)

    # --- vote-count minutes -------------------------------------------------------------
    vm_title: str = "BIÊN BẢN KIỂM PHIẾU"
    vm_opening: str = (
        "Hôm nay, hồi {time}, tại {place}, Ban kiểm phiếu đã tiến hành kiểm phiếu {kind} "
        "và lập biên bản như sau:"
    )  # time, place, kind
    kind_phrases: Mapping[str, str] = field(default_factory=_kind_phrases)
    kind_unknown: str = "bình xét"
    vm_sec_committee: str = "I. BAN KIỂM PHIẾU"
    vm_committee_intro: str = "Ban kiểm phiếu gồm các đồng chí:"
    vm_committee_member: str = "{no}. Đồng chí {name} – {role}"  # no, name, role
    vm_sec_subject: str = "II. NỘI DUNG BỎ PHIẾU"
    vm_subject: str = "Nội dung: {title}."  # title
    vm_sec_count: str = "III. KẾT QUẢ KIỂM PHIẾU"
    vm_members: str = "Tổng số đơn vị thành viên: {n} đơn vị."  # n
    vm_issued: str = "Số phiếu phát ra: {n} phiếu."  # n
    vm_cast: str = "Số phiếu thu vào: {n} phiếu."  # n
    vm_valid: str = "Số phiếu hợp lệ: {n} phiếu (trong đó phiếu trắng: {blank} phiếu)."  # n, blank
    vm_invalid: str = "Số phiếu không hợp lệ: {n} phiếu."  # n
    vm_quorum: str = (
        "Số đơn vị tối thiểu phải tham gia bỏ phiếu: {needed}/{members} đơn vị; "
        "số đơn vị đã tham gia (phiếu thu vào): {cast}/{members} đơn vị – {met}."
    )  # needed, members, cast, met
    quorum_met: str = "cuộc bỏ phiếu có giá trị"
    quorum_not_met: str = "không đủ số đơn vị tham gia, cuộc bỏ phiếu không có giá trị"
    vm_table_intro: str = "Số phiếu của từng phương án:"
    col_no: str = "STT"
    col_option: str = "Phương án (đơn vị)"
    col_votes: str = "Số phiếu"
    col_percent: str = "Tỷ lệ (%) so với {denominator}"  # denominator (see below)
    denominator_members: str = "tổng số đơn vị thành viên ({n})"  # n
    denominator_cast: str = "số phiếu thu vào ({n})"  # n
    col_result: str = "Kết quả"
    elected_labels: Mapping[str, str] = field(default_factory=_elected_labels)
    elected_default: str = "Đạt"
    vm_rule: str = "Nguyên tắc áp dụng: {rule}"  # rule
    vm_outcome: str = "Kết luận: {outcome}"  # outcome
    vm_elected: str = "Đơn vị được suy tôn: {units}."  # units
    vm_elected_none: str = "Không có đơn vị đạt yêu cầu."
    vm_closing: str = "Ban kiểm phiếu thống nhất thông qua biên bản và cùng ký tên dưới đây./."

    # --- meeting minutes ----------------------------------------------------------------
    mm_title: str = "BIÊN BẢN HỌP TỔNG KẾT, BÌNH XÉT, SUY TÔN"
    mm_subtitle: str = "Công tác thi đua, khen thưởng năm {year} của {bloc}"  # year, bloc
    mm_time: str = "Thời gian: hồi {time}."  # time
    mm_place: str = "Địa điểm: {place}."  # place
    mm_chair: str = "Chủ trì: {name}."  # name
    mm_secretary: str = "Thư ký: {name}."  # name
    mm_sec_attendance: str = "I. THÀNH PHẦN THAM DỰ"
    mm_attendance: str = "Có mặt {present}/{total} đơn vị thành viên, vắng mặt {absent} đơn vị:"
    col_unit: str = "Đơn vị"
    col_attendance: str = "Tham dự"
    col_representative: str = "Đại diện"
    present: str = "Có mặt"
    absent: str = "Vắng mặt"
    mm_sec_ranking: str = "II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG"
    mm_ranking_intro: str = "Hội nghị đã thống nhất kết quả chấm điểm, thẩm định và xếp hạng như sau:"
    mm_notes_intro: str = "Ghi chú:"
    mm_note_line: str = "- {unit}: {note}."  # unit, note
    mm_sec_votes: str = "III. KẾT QUẢ BÌNH XÉT, SUY TÔN"
    mm_vote_heading: str = "{no}. {title}"  # no, title
    mm_vote_counts: str = (
        "Số phiếu phát ra: {issued}; thu vào: {cast}; hợp lệ: {valid} (phiếu trắng: {blank}); "
        "không hợp lệ: {invalid}. Số đơn vị tối thiểu phải tham gia: {needed}/{members} – {met}."
    )  # issued, cast, valid, blank, invalid, needed, members, met
    mm_no_votes: str = "Hội nghị không tổ chức bỏ phiếu."
    mm_sec_leaders: str = "IV. SUY TÔN TRƯỞNG KHỐI, PHÓ TRƯỞNG KHỐI NĂM {year}"  # year
    mm_next_head: str = "Trưởng khối: {unit}."  # unit
    mm_next_deputy: str = "Phó trưởng khối: {unit}."  # unit
    mm_closing: str = "Biên bản đã được thông qua tại hội nghị và được các đại biểu dự họp nhất trí./."

    # --- ranking columns (Word and Excel) -----------------------------------------------
    col_self: str = "Tự chấm"
    col_checked: str = "Thẩm định"
    col_bonus: str = "Điểm cộng"
    col_penalty: str = "Điểm trừ"
    col_final: str = "Tổng điểm"
    col_rank: str = "Xếp hạng"
    col_note: str = "Ghi chú"

    # --- submission ---------------------------------------------------------------------
    sub_title: str = "TỜ TRÌNH"
    sub_subject: str = "Về việc đề nghị khen thưởng thành tích thi đua năm {year}"  # year
    sub_to: str = "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh"
    sub_through: str = "(qua Ban Thi đua - Khen thưởng (Sở Nội vụ))"
    # No decree numbers: the law and its decrees changed in 2024-2025 and may change again.
    sub_bases: tuple[str, ...] = (
        "Căn cứ Luật Thi đua, khen thưởng và các văn bản hướng dẫn thi hành;",
        "Căn cứ kết quả chấm điểm, thẩm định và bảng tổng hợp điểm thi đua năm {year} của {bloc};",
        "Căn cứ kết quả bình xét, suy tôn tại hội nghị tổng kết công tác thi đua năm {year},",
    )  # year, bloc
    sub_request: str = (
        "{bloc} kính trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét, đề nghị khen thưởng "
        "cho các đơn vị sau:"
    )  # bloc
    col_award: str = "Hình thức khen thưởng"
    col_vote_percent: str = "Tỷ lệ phiếu suy tôn"
    sub_none: str = "(Không có đơn vị được đề nghị.)"
    sub_enclosed: str = (
        "Hồ sơ kèm theo gồm: biên bản họp bình xét, suy tôn; biên bản kiểm phiếu; bảng tổng hợp "
        "điểm thi đua và báo cáo thành tích của các đơn vị được đề nghị."
    )
    sub_closing: str = "Kính trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét, quyết định./."
    recipients_label: str = "Nơi nhận:"
    recipients: tuple[str, ...] = (
        "- Như trên;",
        "- Ban Thi đua - Khen thưởng (Sở Nội vụ);",
        "- Các đơn vị thành viên Khối;",
        "- Lưu: Khối thi đua.",
    )

    # --- spreadsheets -------------------------------------------------------------------
    sheet_ranking: str = "Tổng hợp điểm"
    sheet_annex: str = "Phụ lục tiêu chí"
    sheet_registration: str = "Đăng ký thi đua"
    sheet_signatures: str = "Ký giao ước"
    sheet_turnout: str = "Tham gia bỏ phiếu"
    sheet_notices: str = "Xác nhận thông báo"
    title_ranking: str = "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM {year}"  # year
    title_annex: str = "PHỤ LỤC ĐIỂM CHẤM THEO TIÊU CHÍ NĂM {year}"  # year
    title_registration: str = "TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM {year}"  # year
    title_signatures: str = "TÌNH HÌNH KÝ KẾT GIAO ƯỚC THI ĐUA NĂM {year}"  # year
    title_turnout: str = "TÌNH HÌNH THAM GIA BỎ PHIẾU NĂM {year}"  # year
    title_notices: str = "TÌNH HÌNH XÁC NHẬN THÔNG BÁO NĂM {year}"  # year
    col_code: str = "Mã"
    col_criterion: str = "Tiêu chí"
    col_max: str = "Tối đa"
    col_check1: str = "Thẩm định lần 1"
    col_explanation: str = "Giải trình"
    col_check2: str = "Thẩm định lần 2"
    col_final_criterion: str = "Điểm cuối"
    col_titles: str = "Danh hiệu đăng ký"
    col_cultured: str = "Đăng ký cơ quan, đơn vị văn hóa"
    col_staff: str = "Số CB, CC, VC"
    col_advanced: str = "Đăng ký Lao động tiên tiến"
    col_soldiers: str = "Đăng ký Chiến sĩ thi đua cơ sở"
    col_submitted: str = "Đã nộp đăng ký"
    col_signed_by: str = "Người ký"
    col_signed_at: str = "Thời điểm ký"
    col_version: str = "Phiên bản giao ước"
    col_status: str = "Trạng thái"
    signed: str = "Đã ký"
    not_signed: str = "Chưa ký"
    col_vote: str = "Cuộc bỏ phiếu"
    col_voted: str = "Tham gia"
    voted: str = "Đã bỏ phiếu"
    not_voted: str = "Chưa bỏ phiếu"
    col_voted_count: str = "Số đơn vị đã bỏ phiếu"
    col_unit_count: str = "Tổng số đơn vị"
    col_turnout_rate: str = "Tỷ lệ tham gia"
    turnout_note: str = "Bảng chỉ ghi nhận việc tham gia bỏ phiếu, không ghi nội dung lựa chọn (bỏ phiếu kín)."
    col_notice: str = "Số thông báo"
    col_acknowledged_at: str = "Thời điểm xác nhận"
    acknowledged: str = "Đã xác nhận"
    not_acknowledged: str = "Chưa xác nhận"
    total_row: str = "Cộng"
    average_row: str = "Bình quân"
    # Excel number formats with a literal suffix: the cell stays a number.
    units_format: str = '0 "đơn vị"'
    page_footer: str = "Trang &P/&N"  # &P page, &N pages (Excel header/footer codes)

    # --- charts -------------------------------------------------------------------------
    chart_score_axis: str = "Tổng điểm"
    chart_points_axis: str = "Điểm"
    chart_share_axis: str = "Điểm đạt so với điểm tối đa của nhóm (%)"
    chart_voted: str = "Đã bỏ phiếu"
    chart_not_voted: str = "Chưa bỏ phiếu"
    chart_turnout_center: str = "{voted}/{total}\n{percent}"  # voted, total, percent
    chart_no_data: str = "Chưa có dữ liệu"
    chart_group: str = "Nhóm {code}"  # code
    chart_ranking_title: str = "Xếp hạng thi đua năm {year}"  # year
    chart_turnout_title: str = "Tham gia bỏ phiếu: {title}"  # title
    chart_distribution_title: str = "Phân bố điểm theo nhóm tiêu chí năm {year}"  # year

    # --- file names (folded to ASCII slugs when written) --------------------------------
    file_summary: str = "Tổng hợp thi đua {year}"  # year
    file_vote_minutes: str = "Biên bản kiểm phiếu {title}"  # title
    file_meeting: str = "Biên bản họp tổng kết {year}"  # year
    file_submission: str = "Tờ trình đề nghị khen thưởng {year}"  # year
    file_ranking_chart: str = "Biểu đồ xếp hạng {year}"  # year
    file_turnout_chart: str = "Biểu đồ tham gia bỏ phiếu {title}"  # title
    file_distribution_chart: str = "Biểu đồ phân bố điểm {year}"  # year


VI = Wording()
