from __future__ import annotations

import dataclasses
import json
from decimal import Decimal as D

import pytest

from bot.domain.criteria import (
    COUNT_LIMIT,
    NEGATIVE,
    NOT_A_NUMBER,
    NOT_WHOLE,
    OUT_OF_RANGE,
    PASS_FAIL_ONLY,
    WRONG_STEP,
    CountPoints,
    CriteriaTable,
    Criterion,
    GroupTotal,
    Kind,
    canonical_decimal,
    check_value,
    content_fingerprint,
    count_points,
    is_multiple,
    missing_evidence,
    parse_kind,
    progress_bar,
    quick_values,
    totals,
)
from bot.domain.criteria_import import sample_criteria

G1 = "I. Thực hiện nhiệm vụ chính trị được giao"
G2 = "II. Công tác xây dựng Đảng, đoàn thể"


def crit(
    code: str = "1.1",
    kind: Kind = Kind.SCORE,
    max_points: str = "10",
    step: str | None = "0.5",
    per_item: str | None = None,
    *,
    group: str = G1,
    evidence: bool = False,
    order: int = 1,
) -> Criterion:
    return Criterion(
        code=code,
        group=group,
        title=f"Tiêu chí {code}",
        guidance="",
        max_points=D(max_points),
        kind=kind,
        step=None if step is None else D(step),
        per_item=None if per_item is None else D(per_item),
        evidence_required=evidence,
        order=order,
    )


SCORE = crit("1.1", Kind.SCORE, "10", "0.5")
QUARTER = crit("1.2", Kind.SCORE, "3", "0.25")
PASS = crit("2.1", Kind.PASS_FAIL, "5", None, group=G2)
COUNT = crit("2.2", Kind.COUNT, "5", None, "2", group=G2)  # 2 per item, capped at 5 -> max count 3
BONUS_FLAG = crit("C1", Kind.BONUS, "10", "10", group="")
BONUS_COUNT = crit("C2", Kind.BONUS, "5", None, "2", group="")
PENALTY_LATE = crit("T1", Kind.PENALTY, "5", None, "0.5", group="")
PENALTY_SCORE = crit("T2", Kind.PENALTY, "3", "0.5", group="")


def small_table() -> CriteriaTable:
    items = [SCORE, QUARTER, PASS, COUNT, BONUS_FLAG, BONUS_COUNT, PENALTY_LATE, PENALTY_SCORE]
    return CriteriaTable(tuple(dataclasses.replace(c, order=i) for i, c in enumerate(items, start=1)))


# --- Kind and Criterion -------------------------------------------------------------------


def test_kind_values() -> None:
    assert [k.value for k in Kind] == ["diem", "dat", "dem", "cong", "tru"]
    assert Kind("dat") is Kind.PASS_FAIL


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("điểm", Kind.SCORE),
        ("DIEM", Kind.SCORE),
        ("Đạt", Kind.PASS_FAIL),
        ("đạt/không đạt", Kind.PASS_FAIL),
        ("đếm", Kind.COUNT),
        ("dem", Kind.COUNT),
        ("cộng", Kind.BONUS),
        ("Điểm cộng", Kind.BONUS),
        ("điểm thưởng", Kind.BONUS),
        ("trừ", Kind.PENALTY),
        ("điểm  trừ", Kind.PENALTY),
        ("penalty", Kind.PENALTY),
        ("cong", Kind.BONUS),
        ("tru", Kind.PENALTY),
    ],
)
def test_parse_kind(text: str, kind: Kind) -> None:
    assert parse_kind(text) is kind


@pytest.mark.parametrize("text", ["", "abc", "điểm x", "trung bình"])
def test_parse_kind_unknown(text: str) -> None:
    assert parse_kind(text) is None


def test_counts_items_and_max_count() -> None:
    assert COUNT.counts_items and COUNT.max_count == 3
    assert BONUS_COUNT.counts_items and BONUS_COUNT.max_count == 3
    assert PENALTY_LATE.counts_items and PENALTY_LATE.max_count == 10
    assert not SCORE.counts_items and SCORE.max_count is None
    assert not PASS.counts_items
    assert not BONUS_FLAG.counts_items
    assert not PENALTY_SCORE.counts_items
    assert SCORE.is_main and PASS.is_main and COUNT.is_main
    assert not BONUS_FLAG.is_main and not PENALTY_LATE.is_main


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_points": "0"},
        {"max_points": "-1"},
        {"step": "0"},
        {"kind": Kind.COUNT, "step": None, "per_item": None},
        {"kind": Kind.COUNT, "step": None, "per_item": "0"},
        {"code": ""},
    ],
)
def test_criterion_invariants(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        crit(**kwargs)  # type: ignore[arg-type]


def test_canonical_decimal_and_multiples() -> None:
    assert str(canonical_decimal(D("7.50"))) == "7.5"
    assert str(canonical_decimal(D("1E+1"))) == "10"
    assert str(canonical_decimal(D("-0.0"))) == "0"
    assert is_multiple(D("7.5"), D("0.5"))
    assert not is_multiple(D("10.3"), D("0.5"))
    assert is_multiple(D("2.75"), D("0.25"))
    assert is_multiple(D("1000"), D("1E-40"))
    assert not is_multiple(D("1000"), D("1E-80"))  # too fine to compute: not a sensible step


# --- check_value ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["7,5", "7.5", " 7,5 ", "7,50", "７,５"])
def test_score_accepts_decimal_comma_and_dot(text: str) -> None:
    result = check_value(SCORE, text)
    assert result.ok and result.problem is None
    assert result.entered == D("7.5") and result.points == D("7.5")
    assert str(result.points) == "7.5"
    assert (result.min, result.max, result.step) == (D(0), D(10), D("0.5"))


@pytest.mark.parametrize(("text", "points"), [("0", D(0)), ("10", D(10)), ("0,5", D("0.5")), ("-0", D(0))])
def test_score_bounds(text: str, points: D) -> None:
    result = check_value(SCORE, text)
    assert result.ok and result.points == points


@pytest.mark.parametrize(
    ("criterion", "text", "problem"),
    [
        (SCORE, "abc", NOT_A_NUMBER),
        (SCORE, "", NOT_A_NUMBER),
        (SCORE, "7,5 điểm", NOT_A_NUMBER),
        (SCORE, "-1", NEGATIVE),
        (SCORE, "-0,5", NEGATIVE),
        (SCORE, "10,5", OUT_OF_RANGE),
        (SCORE, "11", OUT_OF_RANGE),
        (SCORE, "99999999999999999999999999999999999", OUT_OF_RANGE),
        (SCORE, "10,3", OUT_OF_RANGE),  # the range is the first thing to fix
        (crit("1.9", Kind.SCORE, "20", "0.5"), "10,3", WRONG_STEP),
        (SCORE, "7,25", WRONG_STEP),
        (QUARTER, "2,8", WRONG_STEP),
        (COUNT, "2,5", NOT_WHOLE),
        (COUNT, "-1", NEGATIVE),
        (COUNT, "10001", OUT_OF_RANGE),
        (COUNT, "ba", NOT_A_NUMBER),
        (BONUS_FLAG, "5", WRONG_STEP),
        (BONUS_FLAG, "11", OUT_OF_RANGE),
        (PENALTY_LATE, "20000", OUT_OF_RANGE),
        (PENALTY_LATE, "0,5", NOT_WHOLE),
        (PENALTY_SCORE, "-1", NEGATIVE),
        (PENALTY_SCORE, "1,2", WRONG_STEP),
    ],
)
def test_check_value_problems(criterion: Criterion, text: str, problem: str) -> None:
    result = check_value(criterion, text)
    assert not result.ok
    assert result.problem == problem
    assert result.points is None


def test_refusal_carries_the_allowed_input() -> None:
    result = check_value(SCORE, "10,3")
    assert result.entered == D("10.3")
    assert (result.min, result.max, result.step) == (D(0), D(10), D("0.5"))
    counted = check_value(COUNT, "2,5")
    assert (counted.entered, counted.min, counted.max, counted.step) == (D("2.5"), D(0), COUNT_LIMIT, D(1))
    assert check_value(SCORE, "abc").entered is None


def test_quarter_steps() -> None:
    assert check_value(QUARTER, "2,75").points == D("2.75")
    assert check_value(QUARTER, "0.25").ok


def test_score_without_step_takes_any_value_in_range() -> None:
    free = crit("9.9", Kind.SCORE, "10", None)
    assert check_value(free, "7,33").points == D("7.33")
    assert check_value(free, "10,01").problem == OUT_OF_RANGE
    assert check_value(free, "1").step is None


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("5", D(5)),
        ("0", D(0)),
        ("5,0", D(5)),
        ("đạt", D(5)),
        ("Đạt", D(5)),
        ("dat", D(5)),
        ("có", D(5)),
        ("  CÓ ", D(5)),
        ("không đạt", D(0)),
        ("Khong dat", D(0)),
        ("không", D(0)),
        ("chưa đạt", D(0)),
    ],
)
def test_pass_fail_accepts_numbers_and_words(text: str, points: D) -> None:
    result = check_value(PASS, text)
    assert result.ok, text
    assert result.points == points and result.entered == points
    assert (result.min, result.max, result.step) == (D(0), D(5), None)


@pytest.mark.parametrize("text", ["3", "2,5", "-5", "10", "abc", "", "đạt một phần"])
def test_pass_fail_refuses_everything_else(text: str) -> None:
    result = check_value(PASS, text)
    assert not result.ok
    assert result.problem == PASS_FAIL_ONLY


@pytest.mark.parametrize(("text", "points"), [("0", D(0)), ("1", D(2)), ("2", D(4)), ("3", D(5)), ("2,0", D(4))])
def test_count_points_are_capped(text: str, points: D) -> None:
    result = check_value(COUNT, text)
    assert result.ok
    assert result.entered == D(text.replace(",", "."))
    assert result.points == points


def test_count_reports_count_and_points_separately() -> None:
    result = check_value(COUNT, "3")
    assert (result.entered, result.points) == (D(3), D(5))
    late = check_value(PENALTY_LATE, "3")
    assert (late.entered, late.points) == (D(3), D("1.5"))
    assert check_value(PENALTY_LATE, "10").points == D(5)
    assert check_value(BONUS_COUNT, "1").points == D(2)


def test_bonus_like_pass_fail() -> None:
    assert check_value(BONUS_FLAG, "10").points == D(10)
    assert check_value(BONUS_FLAG, "0").points == D(0)


def test_max_count_rounds_up() -> None:
    odd = crit("X", Kind.COUNT, "5", None, "0.3")
    assert odd.max_count == 17
    assert check_value(odd, "17").points == D(5)
    assert check_value(odd, "16").points == D("4.8")
    # a count is what was counted: more than enough for the maximum is kept, the points stop at it
    assert check_value(odd, "18").points == D(5) and check_value(odd, "18").entered == D(18)


def test_a_count_above_the_cap_is_kept_and_explained() -> None:
    # "1.5 (đếm, 2,5 điểm mỗi lần, tối đa 5)": three initiatives are 7,5 points, capped at 5
    initiatives = crit("1.5", Kind.COUNT, "5", None, "2.5")
    result = check_value(initiatives, "3")
    assert result.ok and result.entered == D(3) and result.points == D(5)
    assert count_points(initiatives, D(3)) == CountPoints(D(3), D("2.5"), D("7.5"), D(5), True)
    assert count_points(initiatives, D(1)) == CountPoints(D(1), D("2.5"), D("2.5"), D("2.5"), False)
    assert count_points(SCORE, D(7)) is None


# --- quick_values --------------------------------------------------------------------------


def test_quick_values_score() -> None:
    assert quick_values(SCORE) == [D(10), D("9.5"), D(9), D("8.5"), D(8), D(0)]
    assert quick_values(QUARTER) == [D(3), D("2.75"), D("2.5"), D("2.25"), D(2), D(0)]
    small = crit("S", Kind.SCORE, "2", "0.5")
    assert quick_values(small) == [D(2), D("1.5"), D(1), D("0.5"), D(0)]
    tiny = crit("T", Kind.SCORE, "0.5", "0.5")
    assert quick_values(tiny) == [D("0.5"), D(0)]


def test_quick_values_score_without_step() -> None:
    assert quick_values(crit("F", Kind.SCORE, "3", None)) == [D(3), D(2), D(1), D(0)]


def test_quick_values_pass_fail() -> None:
    assert quick_values(PASS) == [D(5), D(0)]


def test_quick_values_counts() -> None:
    assert quick_values(COUNT) == [D(0), D(1), D(2), D(3)]
    assert quick_values(PENALTY_LATE) == [D(0), D(1), D(2), D(3), D(4), D(5)]
    assert quick_values(BONUS_COUNT) == [D(0), D(1), D(2), D(3)]


def test_quick_values_bonus_and_penalty() -> None:
    assert quick_values(BONUS_FLAG) == [D(10), D(0)]
    # Most units have no penalty, so 0 comes first and the small values follow.
    assert quick_values(PENALTY_SCORE) == [D(0), D("0.5"), D(1), D("1.5"), D(2), D(3)]


@pytest.mark.parametrize(
    "criterion", [SCORE, QUARTER, PASS, COUNT, BONUS_FLAG, BONUS_COUNT, PENALTY_LATE, PENALTY_SCORE]
)
def test_quick_values_are_valid_and_distinct(criterion: Criterion) -> None:
    values = quick_values(criterion)
    assert len(values) == len(set(values))
    assert D(0) in values
    assert len(values) <= 6
    for value in values:
        assert check_value(criterion, str(value)).ok, value


@pytest.mark.parametrize("criterion", list(sample_criteria().criteria), ids=lambda c: c.code)
def test_quick_values_valid_for_sample(criterion: Criterion) -> None:
    for value in quick_values(criterion):
        assert check_value(criterion, format(value, "f").replace(".", ",")).ok


# --- the table ---------------------------------------------------------------------------


def test_table_properties() -> None:
    table = small_table()
    assert table.groups == [G1, G2]
    assert table.main_max == D(23)  # 10 + 3 + 5 + 5
    assert table.bonus_max == D(15)
    assert table.penalty_max == D(8)
    assert table.by_code("2.2") == dataclasses.replace(COUNT, order=4)
    assert table.by_code("nope") is None
    assert [c.code for c in table.main] == ["1.1", "1.2", "2.1", "2.2"]
    assert [c.code for c in table.bonus] == ["C1", "C2"]
    assert [c.code for c in table.penalty] == ["T1", "T2"]


def test_table_refuses_duplicate_codes() -> None:
    with pytest.raises(ValueError):
        CriteriaTable((SCORE, SCORE))


def test_table_accepts_a_list() -> None:
    table = CriteriaTable([SCORE, PASS])  # type: ignore[arg-type]
    assert isinstance(table.criteria, tuple)


def test_rows_round_trip_through_json() -> None:
    table = small_table()
    rows = table.to_rows()
    assert rows[0] == {
        "code": "1.1",
        "group": G1,
        "title": "Tiêu chí 1.1",
        "guidance": "",
        "max_points": "10",
        "kind": "diem",
        "step": "0.5",
        "per_item": None,
        "evidence_required": False,
        "order": 1,
    }
    restored = CriteriaTable.from_rows(json.loads(json.dumps(rows)))
    assert restored == table
    assert restored.fingerprint() == table.fingerprint()


def test_sample_round_trips() -> None:
    table = sample_criteria()
    restored = CriteriaTable.from_rows(json.loads(json.dumps(table.to_rows(), ensure_ascii=False)))
    assert restored == table
    assert restored.fingerprint() == table.fingerprint()


def test_from_rows_accepts_numbers() -> None:
    row = small_table().to_rows()[0] | {"max_points": 10, "step": 0.5}
    assert CriteriaTable.from_rows([row]).criteria[0] == SCORE


@pytest.mark.parametrize(
    "change",
    [{"max_points": "abc"}, {"kind": "xyz"}, {"max_points": "0"}, {"step": True}, {"code": None}],
)
def test_from_rows_refuses_bad_rows(change: dict[str, object]) -> None:
    row = small_table().to_rows()[0] | change
    if change.get("code", "") is None:
        del row["code"]
    with pytest.raises(ValueError):
        CriteriaTable.from_rows([row])


def test_fingerprint_is_stable_and_short() -> None:
    a, b = small_table(), small_table()
    assert a.fingerprint() == b.fingerprint()
    assert len(a.fingerprint()) == 12
    int(a.fingerprint(), 16)
    # The same number written differently is the same table.
    c = CriteriaTable(tuple(dataclasses.replace(x, max_points=x.max_points * D("1.00")) for x in a.criteria))
    assert c.fingerprint() == a.fingerprint()


@pytest.mark.parametrize(
    "change",
    [
        {"code": "1.9"},
        {"group": "Nhóm khác"},
        {"title": "Tiêu chí đã sửa"},
        {"guidance": "Hướng dẫn mới"},
        {"max_points": D(9)},
        {"kind": Kind.BONUS},
        {"step": D("0.25")},
        {"step": None},
        {"per_item": D(1)},
        {"evidence_required": True},
        {"order": 99},
    ],
)
def test_fingerprint_changes_with_any_field(change: dict[str, object]) -> None:
    table = small_table()
    edited = CriteriaTable((dataclasses.replace(table.criteria[0], **change), *table.criteria[1:]))
    assert edited.fingerprint() != table.fingerprint()


def test_fingerprint_changes_with_order_of_rows() -> None:
    table = small_table()
    swapped = CriteriaTable((table.criteria[1], table.criteria[0], *table.criteria[2:]))
    assert swapped.fingerprint() != table.fingerprint()


# --- totals -----------------------------------------------------------------------------------


def test_totals_empty_sheet() -> None:
    table = small_table()
    result = totals(table, {})
    assert result.main == result.bonus == result.penalty == result.final == D(0)
    assert result.answered == 0 and result.count == 8
    assert result.missing == ["1.1", "1.2", "2.1", "2.2", "C1", "C2", "T1", "T2"]
    assert result.by_group == [GroupTotal(G1, D(0), D(13), 0, 2), GroupTotal(G2, D(0), D(10), 0, 2)]
    assert result.main_max == D(23)


def test_totals_full_sheet() -> None:
    table = small_table()
    points = {
        "1.1": D("9.5"),
        "1.2": D("2.75"),
        "2.1": D(5),
        "2.2": D(4),
        "C1": D(10),
        "C2": D(2),
        "T1": D("1.5"),
        "T2": D(0),
    }
    result = totals(table, points)
    assert result.by_group == [GroupTotal(G1, D("12.25"), D(13), 2, 2), GroupTotal(G2, D(9), D(10), 2, 2)]
    assert result.main == D("21.25")
    assert result.bonus == D(12)
    assert result.penalty == D("1.5")
    assert result.final == D("31.75")
    assert result.answered == result.count == 8
    assert result.missing == []


def test_totals_partial_and_unknown_codes() -> None:
    result = totals(small_table(), {"1.1": D(10), "2.2": D(0), "ZZ": D(50), "C1": None})
    assert result.main == D(10)
    assert result.answered == 2
    assert result.missing == ["1.2", "2.1", "C1", "C2", "T1", "T2"]
    assert result.by_group[1] == GroupTotal(G2, D(0), D(10), 1, 2)


def test_totals_floor_at_zero() -> None:
    points = {"1.1": D(1), "T1": D(5), "T2": D(3)}
    result = totals(small_table(), points)
    assert result.main == D(1) and result.penalty == D(8)
    assert result.final == D(0)


def test_totals_caps_bonus_penalty_and_stale_values() -> None:
    # Values above a maximum (e.g. a table edited after scoring) count only up to it.
    points = {"1.1": D(12), "C1": D(15), "C2": D(9), "T1": D(9), "T2": D(-2)}
    result = totals(small_table(), points)
    assert result.main == D(10)
    assert result.bonus == D(15)  # 10 + 5
    assert result.penalty == D(5)
    assert result.final == D(20)


def test_totals_of_sample_full_marks() -> None:
    table = sample_criteria()
    points = {c.code: c.max_points for c in table.main}
    points |= {c.code: D(0) for c in (*table.bonus, *table.penalty)}
    result = totals(table, points)
    assert result.main == result.final == D(100)
    assert sum(g.max for g in result.by_group) == D(100)
    assert [g.group for g in result.by_group] == table.groups
    assert result.missing == []


# --- evidence, progress, receipts ----------------------------------------------------------


def test_missing_evidence() -> None:
    table = CriteriaTable(
        (
            crit("1.1", evidence=True, order=1),
            crit("1.2", evidence=True, order=2),
            crit("1.3", evidence=False, order=3),
            crit("1.4", evidence=True, order=4),
            crit("T1", Kind.PENALTY, "5", None, "0.5", group="", evidence=True, order=5),
        )
    )
    points = {"1.1": D(5), "1.2": D(0), "1.3": D(7), "1.4": D(3), "T1": D(1)}
    assert missing_evidence(table, {}, points) == ["1.1", "1.4", "T1"]
    assert missing_evidence(table, {"1.1": 2, "1.4": 0}, points) == ["1.4", "T1"]
    assert missing_evidence(table, {"1.1": 1, "1.4": 1, "T1": 1}, points) == []
    # Unanswered items need nothing yet.
    assert missing_evidence(table, {}, {}) == []


def test_missing_evidence_sample() -> None:
    table = sample_criteria()
    points = {c.code: c.max_points for c in table.criteria}
    required = [c.code for c in table.criteria if c.evidence_required]
    assert missing_evidence(table, {}, points) == required
    assert missing_evidence(table, dict.fromkeys(required, 1), points) == []


@pytest.mark.parametrize(
    ("done", "total", "width", "expected"),
    [
        (8, 20, 10, "▓▓▓▓░░░░░░ 8/20"),
        (0, 20, 10, "░░░░░░░░░░ 0/20"),
        (20, 20, 10, "▓▓▓▓▓▓▓▓▓▓ 20/20"),
        (1, 40, 10, "▓░░░░░░░░░ 1/40"),
        (39, 40, 10, "▓▓▓▓▓▓▓▓▓░ 39/40"),
        (0, 0, 10, "░░░░░░░░░░ 0/0"),
        (3, 4, 4, "▓▓▓░ 3/4"),
        (5, 4, 4, "▓▓▓▓ 5/4"),
    ],
)
def test_progress_bar(done: int, total: int, width: int, expected: str) -> None:
    assert progress_bar(done, total, width) == expected


def test_progress_bar_width() -> None:
    with pytest.raises(ValueError):
        progress_bar(1, 2, 0)


def test_content_fingerprint() -> None:
    points = {"1.1": D("7.5"), "1.2": D(3)}
    evidence = {"1.1": ["file-a", "file-b"]}
    base = content_fingerprint("abc123abc123", points, evidence)
    assert len(base) == 12
    assert base == content_fingerprint("abc123abc123", dict(points), {"1.1": ["file-a", "file-b"]})
    # Representation and attachment order do not matter, nor do empty entries.
    assert base == content_fingerprint("abc123abc123", {"1.1": D("7.50"), "1.2": D("3.0")}, evidence)
    assert base == content_fingerprint("abc123abc123", points, {"1.1": ["file-b", "file-a"], "1.2": []})
    assert base == content_fingerprint("abc123abc123", points | {"C1": None}, evidence)
    # Any real change does.
    assert base != content_fingerprint("abc123abc124", points, evidence)
    assert base != content_fingerprint("abc123abc123", points | {"1.1": D(7)}, evidence)
    assert base != content_fingerprint("abc123abc123", points | {"1.3": D(0)}, evidence)
    assert base != content_fingerprint("abc123abc123", points, {"1.1": ["file-a"]})
    assert base != content_fingerprint("abc123abc123", points, {"1.2": ["file-a", "file-b"]})


# --- the sample table ------------------------------------------------------------------------


def test_sample_table_shape() -> None:
    table = sample_criteria()
    assert table.main_max == D(100)
    assert 4 <= len(table.groups) <= 5
    assert 18 <= len(table.main) <= 24
    assert 2 <= len(table.bonus) <= 3
    assert 2 <= len(table.penalty) <= 3
    kinds = {c.kind for c in table.criteria}
    assert kinds == set(Kind)
    assert any(c.evidence_required for c in table.main)
    assert [c.order for c in table.criteria] == list(range(1, len(table.criteria) + 1))
    assert {c.step for c in table.criteria if c.kind is Kind.SCORE} == {D("0.5"), D("0.25")}
    assert any(c.counts_items for c in table.bonus) and any(c.counts_items for c in table.penalty)
    assert sample_criteria() is table  # cached
