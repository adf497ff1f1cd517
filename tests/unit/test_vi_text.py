from __future__ import annotations

import random
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.text.vi_text import (
    fold,
    format_date,
    format_datetime,
    format_score,
    normalize,
    parse_datetime_vi,
    parse_number,
    vi_sort_key,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 6, 15, 9, 30, tzinfo=VN)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def vi_sorted(items: list[str]) -> list[str]:
    return sorted(items, key=vi_sort_key)


# --- normalize / fold --------------------------------------------------------------------


def test_normalize() -> None:
    assert normalize("  Ban   Tổ\tchức \n Tỉnh ủy  ") == "Ban Tổ chức Tỉnh ủy"
    assert normalize(nfd("Tỉnh ủy")) == "Tỉnh ủy"
    assert normalize(nfd("Tỉnh ủy")) == unicodedata.normalize("NFC", "Tỉnh ủy")
    assert normalize("Ban\u00a0Nội\u200bchính") == "Ban Nộichính"
    assert normalize("\ufeffVăn phòng") == "Văn phòng"
    assert normalize("a\x00b\x1bc") == "a b c"
    assert normalize("") == ""
    assert normalize("   ") == ""


def test_fold() -> None:
    assert fold("Đảng ủy các cơ quan") == "dang uy cac co quan"
    assert fold(nfd("Trường Chính trị")) == "truong chinh tri"
    assert fold("  BÁO   và Phát thanh ") == "bao va phat thanh"
    assert fold("ĂÂÊÔƠƯĐ") == "aaeooud"
    assert fold("Ðảng") == "dang"  # eth from legacy encodings
    assert fold("Hòa") == fold("Hoà") == "hoa"


# --- collation ---------------------------------------------------------------------------

HUNG_YEN_UNITS = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Báo và Phát thanh, Truyền hình Hưng Yên",
    "Trường Chính trị Nguyễn Văn Linh",
]

HUNG_YEN_EXPECTED = [
    "Ban Nội chính Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Báo và Phát thanh, Truyền hình Hưng Yên",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Trường Chính trị Nguyễn Văn Linh",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
]


def test_hung_yen_units_order() -> None:
    assert vi_sorted(HUNG_YEN_UNITS) == HUNG_YEN_EXPECTED


def test_hung_yen_units_order_is_stable_under_shuffles_and_nfd() -> None:
    rng = random.Random(2026)
    for _ in range(20):
        shuffled = HUNG_YEN_UNITS[:]
        rng.shuffle(shuffled)
        mixed = [nfd(s) if i % 2 else s for i, s in enumerate(shuffled)]
        assert [normalize(s) for s in vi_sorted(mixed)] == HUNG_YEN_EXPECTED


def test_brief_example() -> None:
    names = ["Ủy ban Kiểm tra", "Ban Tổ chức", "Văn phòng", "Đảng ủy", "Báo và Phát thanh", "Trường Chính trị"]
    assert vi_sorted(names) == [
        "Ban Tổ chức",
        "Báo và Phát thanh",
        "Đảng ủy",
        "Trường Chính trị",
        "Ủy ban Kiểm tra",
        "Văn phòng",
    ]


def test_d_stroke_after_all_d_words() -> None:
    words = ["Đảng ủy", "Dzung", "Dân vận", "Duy", "đa", "Dự án", "Đ", "E"]
    assert vi_sorted(words) == ["Dân vận", "Duy", "Dự án", "Dzung", "Đ", "đa", "Đảng ủy", "E"]


def test_alphabet_order() -> None:
    letters = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
    shuffled = letters[::-1]
    assert vi_sorted(shuffled) == letters
    assert vi_sorted([nfd(x) for x in shuffled]) == [nfd(x) for x in letters]


def test_base_letters_before_tones() -> None:
    # Tone differences only matter when all letters tie.
    assert vi_sorted(["bà", "ba", "bác", "bạc", "bắc", "bc"]) == ["ba", "bà", "bác", "bạc", "bắc", "bc"]
    assert vi_sorted(["bánh", "bàn", "ban", "bán"]) == ["ban", "bàn", "bán", "bánh"]
    # Whole-string base letters first (as ICU does): "ban" is a prefix of "ban tổ",
    # so the tone on "Bán" is never reached.
    assert vi_sorted(["Ban Tổ", "Bán"]) == ["Bán", "Ban Tổ"]


def test_tone_order() -> None:
    # none < huyền < hỏi < ngã < sắc < nặng
    assert vi_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_tone_order_on_modified_vowels() -> None:
    assert vi_sorted(["mặt", "mắt", "mẵt", "mẳt", "mằt", "măt"]) == ["măt", "mằt", "mẳt", "mẵt", "mắt", "mặt"]
    assert vi_sorted(["ưu", "ừu", "uu", "ứu"]) == ["uu", "ưu", "ừu", "ứu"]


def test_tone_placement_styles_collate_equal_except_tiebreak() -> None:
    old, new = vi_sort_key("Hoà Bình"), vi_sort_key("Hòa Bình")
    assert old[:3] == new[:3]


def test_case_is_tertiary() -> None:
    assert vi_sorted(["Ba", "ba", "bà", "BA"]) == ["ba", "Ba", "BA", "bà"]
    assert vi_sorted(["đảng", "Đảng"]) == ["đảng", "Đảng"]


def test_space_sorts_before_letters_and_numbers_naturally() -> None:
    assert vi_sorted(["Bana", "Ban A"]) == ["Ban A", "Bana"]
    assert vi_sorted(["Tổ 10", "Tổ 2", "Tổ 1", "Tổ A"]) == ["Tổ 1", "Tổ 2", "Tổ 10", "Tổ A"]


def test_nfc_and_nfd_give_same_key() -> None:
    for name in HUNG_YEN_UNITS:
        assert vi_sort_key(name) == vi_sort_key(nfd(name))
        assert vi_sort_key(name) == vi_sort_key(f"  {name} ")


def test_sort_key_handles_odd_input() -> None:
    for s in ["", "   ", "123", "—", "Москва", "東京", "😀 emoji", "ﬁ"]:
        vi_sort_key(s)  # must not raise
    assert vi_sorted(["b", "Москва", "a"]) == ["a", "b", "Москва"]


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (97.5, "97,5"),
        (100, "100"),
        (100.0, "100"),
        (0.25, "0,25"),
        (1000, "1.000"),
        (1234567.891, "1.234.567,89"),
        (Decimal("97.50"), "97,5"),
        (Decimal("0.125"), "0,13"),  # half up, not banker's rounding
        (2.675, "2,68"),  # float repr, not binary expansion
        (0, "0"),
        (-2.5, "-2,5"),
        (-0.001, "0"),  # no "-0"
        (-1500, "-1.500"),
        (Decimal("1E+3"), "1.000"),
    ],
)
def test_format_score(value: float | Decimal, expected: str) -> None:
    assert format_score(value) == expected


def test_format_score_decimals() -> None:
    assert format_score(97.456, 1) == "97,5"
    assert format_score(97.456, 0) == "97"
    assert format_score(Decimal("97.4567"), 3) == "97,457"
    with pytest.raises(ValueError):
        format_score(1, -1)
    with pytest.raises(ValueError):
        format_score(float("nan"))
    with pytest.raises(ValueError):
        format_score(Decimal("Infinity"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7,5", Decimal("7.5")),
        ("7.5", Decimal("7.5")),
        (" 10 ", Decimal("10")),
        ("-2", Decimal("-2")),
        ("+3", Decimal("3")),
        ("0,25", Decimal("0.25")),
        ("100", Decimal("100")),
        ("1.000,5", Decimal("1000.5")),
        ("1.234.567,25", Decimal("1234567.25")),
        ("\u22122,5", Decimal("-2.5")),  # typographic minus
        ("９７,５", Decimal("97.5")),  # full-width digits
    ],
)
def test_parse_number_accepts(text: str, expected: Decimal) -> None:
    result = parse_number(text)
    assert result == expected
    assert isinstance(result, Decimal)


@pytest.mark.parametrize(
    "text",
    [
        "1.2.3",
        "abc",
        "7,5,1",
        "",
        "   ",
        "NaN",
        "nan",
        "inf",
        "-Infinity",
        "1e3",
        "7,",
        ",5",
        "7 5",
        "--2",
        "1,000.5",
        "12.34,5",
        "0x10",
        "7,5đ",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_parse_and_format_round_trip() -> None:
    for text in ["97,5", "100", "0,25", "1.000,5"]:
        value = parse_number(text)
        assert value is not None
        assert format_score(value) == text


# --- dates -------------------------------------------------------------------------------


def test_format_date() -> None:
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_date(datetime(2026, 11, 30, 23, 59)) == "30/11/2026"


def test_format_datetime_converts_to_zone() -> None:
    utc = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert format_datetime(utc, VN) == "30/11/2026 17:00"
    assert format_datetime(datetime(2026, 12, 31, 20, 5, tzinfo=UTC), VN) == "01/01/2027 03:05"
    with pytest.raises(ValueError):
        format_datetime(datetime(2026, 1, 1), VN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/11/2026 17:00", (2026, 11, 30, 17, 0)),
        ("30/11/2026 17h", (2026, 11, 30, 17, 0)),
        ("30/11/2026 17h30", (2026, 11, 30, 17, 30)),
        ("30/11/2026 17H30", (2026, 11, 30, 17, 30)),
        ("30/11/2026 7:05", (2026, 11, 30, 7, 5)),
        ("30-11-2026 17:00", (2026, 11, 30, 17, 0)),
        ("30.11.2026 17:00", (2026, 11, 30, 17, 0)),
        ("  30/11/2026   17:00 ", (2026, 11, 30, 17, 0)),
        ("30/11/2026, 17:00", (2026, 11, 30, 17, 0)),
        ("30/11/2026 lúc 17h", (2026, 11, 30, 17, 0)),
        ("17h ngày 30/11/2026", (2026, 11, 30, 17, 0)),
        ("17 giờ 30 phút ngày 30/11/2026", (2026, 11, 30, 17, 30)),
        ("ngày 30/11/2026", (2026, 11, 30, 23, 59)),
        ("30/11/2026", (2026, 11, 30, 23, 59)),  # a bare date means end of that day
        ("1/2/2027", (2027, 2, 1, 23, 59)),
        ("30/11/26 17:00", (2026, 11, 30, 17, 0)),
        ("29/02/2028", (2028, 2, 29, 23, 59)),
        ("31/12/2026 0:00", (2026, 12, 31, 0, 0)),
    ],
)
def test_parse_datetime_vi(text: str, expected: tuple[int, ...]) -> None:
    result = parse_datetime_vi(text, VN, NOW)
    assert result == datetime(*expected, tzinfo=VN)
    assert result is not None
    assert result.tzinfo is not None
    assert result.utcoffset() is not None


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2026",
        "29/02/2026",
        "32/01/2026",
        "00/01/2026",
        "15/13/2026",
        "30/11/2026 24:00",
        "30/11/2026 17:60",
        "30/11/2026 17:5",
        "30/11/2026 17",
        "2026-11-30",
        "30/11/202617:00",
        "ngày mai",
        "abc",
        "",
        "30/11/2026 17:00 extra",
    ],
)
def test_parse_datetime_vi_rejects(text: str) -> None:
    assert parse_datetime_vi(text, VN, NOW) is None


def test_parse_datetime_vi_without_year_picks_next_occurrence() -> None:
    assert parse_datetime_vi("30/11 17h", VN, NOW) == datetime(2026, 11, 30, 17, 0, tzinfo=VN)
    # Already passed this year: next year.
    assert parse_datetime_vi("01/03", VN, NOW) == datetime(2027, 3, 1, 23, 59, tzinfo=VN)
    # Later today still counts as this year.
    assert parse_datetime_vi("15/06 10:00", VN, NOW) == datetime(2026, 6, 15, 10, 0, tzinfo=VN)
    assert parse_datetime_vi("15/06 09:00", VN, NOW) == datetime(2027, 6, 15, 9, 0, tzinfo=VN)
    # 29/02 in 2026 and 2027 does not exist.
    assert parse_datetime_vi("29/02", VN, NOW) is None


def test_parse_datetime_vi_uses_now_in_target_zone() -> None:
    # 31/12 20:00 UTC is already 01/01 in Vietnam, so "31/12" (end of day) is next year's.
    now_utc = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    assert parse_datetime_vi("31/12", VN, now_utc) == datetime(2027, 12, 31, 23, 59, tzinfo=VN)


def test_parse_datetime_vi_requires_aware_now() -> None:
    with pytest.raises(ValueError):
        parse_datetime_vi("30/11/2026", VN, datetime(2026, 1, 1))


def test_parse_datetime_vi_rejects_nonexistent_dst_time() -> None:
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 1, 1, tzinfo=paris)
    assert parse_datetime_vi("29/03/2026 02:30", paris, now) is None
    assert parse_datetime_vi("29/03/2026 03:30", paris, now) == datetime(2026, 3, 29, 3, 30, tzinfo=paris)


def test_parse_then_format_round_trip() -> None:
    parsed = parse_datetime_vi("30/11/2026 17:00", VN, NOW)
    assert parsed is not None
    assert format_datetime(parsed, VN) == "30/11/2026 17:00"
    assert format_datetime(parsed.astimezone(UTC), VN) == "30/11/2026 17:00"
