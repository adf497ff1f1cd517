"""The scoring table (bảng tiêu chí chấm điểm) as data, and the rules for scoring against it.

Everything here is pure: no chat, no storage. Checks return problem CODES (module
constants) plus the numbers the caller needs to word a reply ("from 0 to 10, in steps of
0,5") from its own catalogue. All arithmetic is Decimal: scores are added up in front of
the whole bloc and a float's 0.1 + 0.2 would show up in the minutes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation, localcontext
from enum import StrEnum
from functools import cached_property
from typing import Any

from bot.text.vi_text import fold, parse_number

__all__ = [
    "COUNT_LIMIT",
    "DEFAULT_STEP",
    "NEGATIVE",
    "NOT_A_NUMBER",
    "NOT_WHOLE",
    "OUT_OF_RANGE",
    "PASS_FAIL_ONLY",
    "WRONG_STEP",
    "CountPoints",
    "CriteriaTable",
    "Criterion",
    "GroupTotal",
    "Kind",
    "Totals",
    "ValueCheck",
    "canonical_decimal",
    "check_value",
    "content_fingerprint",
    "count_points",
    "is_multiple",
    "missing_evidence",
    "parse_kind",
    "progress_bar",
    "quick_values",
    "totals",
]

# Problem codes returned by check_value.
NOT_A_NUMBER = "NOT_A_NUMBER"
NEGATIVE = "NEGATIVE"
OUT_OF_RANGE = "OUT_OF_RANGE"
WRONG_STEP = "WRONG_STEP"
NOT_WHOLE = "NOT_WHOLE"
PASS_FAIL_ONLY = "PASS_FAIL_ONLY"

DEFAULT_STEP = Decimal("0.5")

# A count is any whole number from 0 (points stop at the maximum, the count itself does not); beyond this
# it can only be a typo, such as a document number typed into the count.
COUNT_LIMIT = Decimal(10000)

# Buttons beyond about six no longer fit one or two rows on a phone screen.
_QUICK_SCORE_VALUES = 5  # plus 0
_QUICK_MAX_COUNT = 5

_ZERO = Decimal(0)
_ONE = Decimal(1)


class Kind(StrEnum):
    SCORE = "diem"  # a score in [0, max] in multiples of step
    PASS_FAIL = "dat"  # 0 or max
    COUNT = "dem"  # n items x per_item, capped at max
    BONUS = "cong"  # điểm cộng: like SCORE, or like COUNT when per_item is set
    PENALTY = "tru"  # điểm trừ: same input rules as BONUS, subtracted


EXTRA_KINDS = (Kind.BONUS, Kind.PENALTY)  # bonus and penalty: outside the groups, added or subtracted

# Folded spellings seen in real tables and templates, Vietnamese with or without diacritics and English;
# "_", "-", "/" and repeated spaces are read as one space first (truc_tiep, dat/khong dat, pass-fail).
_KIND_WORDS: dict[str, Kind] = {
    **dict.fromkeys(("diem", "cham diem", "diem so", "truc tiep", "cham truc tiep", "diem truc tiep",
                     "thang diem", "nhap diem", "score", "points", "direct"), Kind.SCORE),
    **dict.fromkeys(("dat", "dat khong dat", "dat hoac khong dat", "co khong", "pass", "pass fail", "passfail",
                     "yes no", "boolean"), Kind.PASS_FAIL),
    **dict.fromkeys(("dem", "dem so lan", "so lan", "dem so luong", "so luong", "theo so lan", "count", "counted",
                     "quantity"), Kind.COUNT),
    **dict.fromkeys(("cong", "diem cong", "cong diem", "thuong", "diem thuong", "khuyen khich",
                     "diem khuyen khich", "bonus", "plus", "extra"), Kind.BONUS),
    **dict.fromkeys(("tru", "diem tru", "tru diem", "phat", "diem phat", "penalty", "minus", "deduction"),
                    Kind.PENALTY),
}


def parse_kind(text: str) -> Kind | None:
    """Read a kind as written in a table cell ("điểm", "Đạt", "dem", "điểm cộng", "truc_tiep", "pass/fail");
    None if unknown."""
    key = fold(text)
    for separator in "_-/.,;:()":
        key = key.replace(separator, " ")
    return _KIND_WORDS.get(" ".join(key.split()))


def canonical_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 7.50 -> 7.5, 1E+1 -> 10, -0 -> 0.

    Stored and fingerprinted values must not depend on how a number happened to be typed.
    """
    if value == 0:
        return _ZERO
    return Decimal(format(value.normalize(), "f"))


def _dec_text(value: Decimal | None) -> str | None:
    return None if value is None else format(canonical_decimal(value), "f")


def is_multiple(value: Decimal, step: Decimal) -> bool:
    """True when value is a whole multiple of step (both Decimal)."""
    # Extra precision so tiny steps do not make the modulo fail; anything still out of
    # reach is not a sensible multiple for a score anyway.
    with localcontext() as ctx:
        ctx.prec = 60
        try:
            return value % step == 0
        except InvalidOperation:
            return False


def _to_decimal(value: object, name: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{name}: not a number")
    if isinstance(value, int | str):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{name}: not a number: {value!r}") from None
    if isinstance(value, float):
        # repr keeps 0.1 as 0.1 rather than its binary expansion.
        return Decimal(repr(value))
    raise ValueError(f"{name}: not a number: {value!r}")


# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    code: str
    group: str
    title: str
    guidance: str
    max_points: Decimal
    kind: Kind
    step: Decimal | None
    per_item: Decimal | None
    evidence_required: bool
    order: int

    def __post_init__(self) -> None:
        # Invariants only; friendly per-cell checks are the importer's job. A table that
        # breaks these would make every later score meaningless.
        if not self.code:
            raise ValueError("criterion code is empty")
        if not self.max_points > 0:
            raise ValueError(f"{self.code}: max_points must be > 0")
        if self.step is not None and not self.step > 0:
            raise ValueError(f"{self.code}: step must be > 0")
        if self.per_item is not None and not self.per_item > 0:
            raise ValueError(f"{self.code}: per_item must be > 0")
        if self.kind is Kind.COUNT and self.per_item is None:
            raise ValueError(f"{self.code}: a counted criterion needs per_item")

    @property
    def counts_items(self) -> bool:
        """True when the person enters a number of items rather than points."""
        return self.kind is Kind.COUNT or (self.kind in EXTRA_KINDS and self.per_item is not None)

    @property
    def is_main(self) -> bool:
        """Part of the main total (not a bonus or penalty item)."""
        return self.kind not in EXTRA_KINDS

    @property
    def max_count(self) -> int | None:
        """For counted items: the smallest count that already reaches max_points."""
        if not self.counts_items:
            return None
        assert self.per_item is not None
        return int((self.max_points / self.per_item).to_integral_value(rounding=ROUND_CEILING))

    def points_for(self, entered: Decimal) -> Decimal:
        """Points earned for an entered value (a count for counted items), capped at max."""
        if self.counts_items:
            assert self.per_item is not None
            return canonical_decimal(min(entered * self.per_item, self.max_points))
        return canonical_decimal(min(entered, self.max_points))

    def to_row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "group": self.group,
            "title": self.title,
            "guidance": self.guidance,
            "max_points": _dec_text(self.max_points),
            "kind": self.kind.value,
            "step": _dec_text(self.step),
            "per_item": _dec_text(self.per_item),
            "evidence_required": self.evidence_required,
            "order": self.order,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Criterion:
        step = row.get("step")
        per_item = row.get("per_item")
        return cls(
            code=str(row["code"]),
            group=str(row.get("group") or ""),
            title=str(row["title"]),
            guidance=str(row.get("guidance") or ""),
            max_points=_to_decimal(row["max_points"], "max_points"),
            kind=Kind(row["kind"]),
            step=None if step is None else _to_decimal(step, "step"),
            per_item=None if per_item is None else _to_decimal(per_item, "per_item"),
            evidence_required=bool(row.get("evidence_required", False)),
            order=int(row["order"]),
        )


@dataclass(frozen=True)
class CriteriaTable:
    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.criteria, tuple):
            object.__setattr__(self, "criteria", tuple(self.criteria))
        seen: set[str] = set()
        for criterion in self.criteria:
            if criterion.code in seen:
                raise ValueError(f"duplicate criterion code {criterion.code!r}")
            seen.add(criterion.code)

    @cached_property
    def _index(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    @property
    def groups(self) -> list[str]:
        """Distinct group titles of the main criteria, in table order."""
        return list(dict.fromkeys(c.group for c in self.criteria if c.is_main))

    @property
    def main(self) -> list[Criterion]:
        return [c for c in self.criteria if c.is_main]

    @property
    def bonus(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind is Kind.BONUS]

    @property
    def penalty(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind is Kind.PENALTY]

    @property
    def main_max(self) -> Decimal:
        return canonical_decimal(sum((c.max_points for c in self.main), _ZERO))

    @property
    def bonus_max(self) -> Decimal:
        return canonical_decimal(sum((c.max_points for c in self.bonus), _ZERO))

    @property
    def penalty_max(self) -> Decimal:
        return canonical_decimal(sum((c.max_points for c in self.penalty), _ZERO))

    def by_code(self, code: str) -> Criterion | None:
        return self._index.get(code)

    def to_rows(self) -> list[dict[str, Any]]:
        """Plain JSON-ready dicts (decimals as canonical strings), in table order."""
        return [c.to_row() for c in self.criteria]

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> CriteriaTable:
        """Inverse of to_rows; raises ValueError on rows that break the table's invariants."""
        try:
            return cls(tuple(Criterion.from_row(row) for row in rows))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"bad criteria row: {exc}") from None

    def fingerprint(self) -> str:
        """12 hex chars identifying the table's content; any edit to any field changes it.

        Stored with every score sheet so a sheet filled against an older version of the
        table can be recognised after the head edits it.
        """
        return _short_hash(self.to_rows())


def _short_hash(payload: object) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --- checking a typed value ------------------------------------------------------------------


@dataclass(frozen=True)
class ValueCheck:
    ok: bool
    entered: Decimal | None  # what was typed: a count for counted items
    points: Decimal | None  # the resulting points when ok
    problem: str | None
    # The allowed input, for the caller to explain a refusal.
    min: Decimal
    max: Decimal
    step: Decimal | None


# Folded words accepted for pass/fail items; people answer "đạt" far more readily than "5".
_PASS_WORDS = frozenset({"dat", "co", "x", "yes", "pass"})
_FAIL_WORDS = frozenset({"khong dat", "khong", "chua dat", "khong co", "no", "fail"})


def _input_limits(criterion: Criterion) -> tuple[Decimal, Decimal | None]:
    if criterion.counts_items:
        return COUNT_LIMIT, _ONE
    if criterion.kind is Kind.PASS_FAIL:
        return criterion.max_points, None
    return criterion.max_points, criterion.step


def check_value(criterion: Criterion, text: str) -> ValueCheck:
    """Check a value typed for ``criterion``; see the problem codes at the top of the module.

    For pass/fail items every unusable answer is PASS_FAIL_ONLY, including words and
    other numbers, because the useful reply there is "đạt or không đạt", not a range.
    """
    high, step = _input_limits(criterion)

    def refuse(problem: str, entered: Decimal | None = None) -> ValueCheck:
        return ValueCheck(False, entered, None, problem, _ZERO, high, step)

    def accept(entered: Decimal) -> ValueCheck:
        entered = canonical_decimal(entered)
        return ValueCheck(True, entered, criterion.points_for(entered), None, _ZERO, high, step)

    number = parse_number(text)
    if criterion.kind is Kind.PASS_FAIL:
        word = fold(text)
        if word in _PASS_WORDS:
            return accept(criterion.max_points)
        if word in _FAIL_WORDS:
            return accept(_ZERO)
        if number is not None and (number == 0 or number == criterion.max_points):
            return accept(number)
        return refuse(PASS_FAIL_ONLY, number)

    if number is None:
        return refuse(NOT_A_NUMBER)
    if number < 0:
        return refuse(NEGATIVE, number)
    if criterion.counts_items and number != number.to_integral_value():
        return refuse(NOT_WHOLE, number)
    if number > high:
        return refuse(OUT_OF_RANGE, number)
    if step is not None and not is_multiple(number, step):
        return refuse(WRONG_STEP, number)
    return accept(number)


@dataclass(frozen=True)
class CountPoints:
    """How a count became points: "3 lần × 2,5 = 7,5 → 5 điểm (tối đa)"."""

    count: Decimal
    per_item: Decimal
    product: Decimal  # count × per_item, before the cap
    points: Decimal
    capped: bool


def count_points(criterion: Criterion, entered: Decimal) -> CountPoints | None:
    """The arithmetic behind a counted item's points (None for items scored in points)."""
    if not criterion.counts_items or criterion.per_item is None:
        return None
    product = canonical_decimal(entered * criterion.per_item)
    points = criterion.points_for(entered)
    return CountPoints(canonical_decimal(entered), criterion.per_item, product, points, product > points)


def quick_values(criterion: Criterion) -> list[Decimal]:
    """Values to offer as buttons (entered values, i.e. counts for counted items).

    Scores and bonuses: the maximum and the few steps below it (where most real scores
    land), then 0. Penalties: 0 first and the small values, as most units incur none.
    Counts: 0 upwards.
    """
    if criterion.kind is Kind.PASS_FAIL:
        return [criterion.max_points, _ZERO]
    if criterion.counts_items:
        assert criterion.max_count is not None
        return [Decimal(n) for n in range(min(criterion.max_count, _QUICK_MAX_COUNT) + 1)]
    top = criterion.max_points
    # Without a step any value is allowed; whole points make sensible buttons.
    stride = criterion.step if criterion.step is not None else _ONE
    if criterion.kind is Kind.PENALTY:
        values = [stride * k for k in range(_QUICK_SCORE_VALUES) if stride * k < top] + [top]
    else:
        values = [top - stride * k for k in range(_QUICK_SCORE_VALUES) if top - stride * k > 0] + [_ZERO]
    return list(dict.fromkeys(canonical_decimal(v) for v in values))


# --- totals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupTotal:
    group: str
    points: Decimal
    max: Decimal
    answered: int
    count: int


@dataclass(frozen=True)
class Totals:
    by_group: list[GroupTotal]
    main: Decimal
    bonus: Decimal
    penalty: Decimal
    final: Decimal
    answered: int
    count: int
    missing: list[str]
    main_max: Decimal


def _clamped(criterion: Criterion, value: Decimal) -> Decimal:
    # A table edited after scoring may have lowered a maximum; a stale score must not
    # exceed what the current table allows, nor can points be negative.
    return min(max(value, _ZERO), criterion.max_points)


def totals(table: CriteriaTable, points: Mapping[str, Decimal | None]) -> Totals:
    """Add up points (by criterion code). Codes not in the table are ignored.

    final = main + bonus - penalty, never below 0; bonus and penalty are capped at the
    table's bonus_max / penalty_max.
    """
    group_points: dict[str, Decimal] = {}
    group_max: dict[str, Decimal] = {}
    group_answered: dict[str, int] = {}
    group_count: dict[str, int] = {}
    main = bonus = penalty = _ZERO
    missing: list[str] = []
    for criterion in table.criteria:
        value = points.get(criterion.code)
        if value is None:
            missing.append(criterion.code)
            earned = _ZERO
        else:
            earned = _clamped(criterion, value)
        if criterion.kind is Kind.BONUS:
            bonus += earned
        elif criterion.kind is Kind.PENALTY:
            penalty += earned
        else:
            main += earned
            group = criterion.group
            group_points[group] = group_points.get(group, _ZERO) + earned
            group_max[group] = group_max.get(group, _ZERO) + criterion.max_points
            group_answered[group] = group_answered.get(group, 0) + (value is not None)
            group_count[group] = group_count.get(group, 0) + 1
    bonus = min(bonus, table.bonus_max)
    penalty = min(penalty, table.penalty_max)
    final = max(main + bonus - penalty, _ZERO)
    by_group = [
        GroupTotal(
            group,
            canonical_decimal(group_points[group]),
            canonical_decimal(group_max[group]),
            group_answered[group],
            group_count[group],
        )
        for group in group_points
    ]
    count = len(table.criteria)
    return Totals(
        by_group=by_group,
        main=canonical_decimal(main),
        bonus=canonical_decimal(bonus),
        penalty=canonical_decimal(penalty),
        final=canonical_decimal(final),
        answered=count - len(missing),
        count=count,
        missing=missing,
        main_max=table.main_max,
    )


def missing_evidence(
    table: CriteriaTable, evidence_counts: Mapping[str, int], points: Mapping[str, Decimal | None]
) -> list[str]:
    """Codes that require evidence, have points > 0 and no evidence attached, in table order.

    A zero (or unanswered) item claims nothing, so there is nothing to prove.
    """
    out: list[str] = []
    for criterion in table.criteria:
        value = points.get(criterion.code)
        if criterion.evidence_required and value is not None and value > 0:
            if evidence_counts.get(criterion.code, 0) <= 0:
                out.append(criterion.code)
    return out


def progress_bar(done: int, total: int, width: int = 10) -> str:
    """A text bar such as "▓▓▓▓░░░░░░ 8/20"."""
    if width < 1:
        raise ValueError("width must be >= 1")
    if total <= 0:
        filled = 0
    else:
        shown = min(max(done, 0), total)
        filled = shown * width // total
        # Any progress shows at least one block, and the bar is full only when finished,
        # so "1/40" does not look like nothing and "39/40" does not look like done.
        if shown > 0:
            filled = max(filled, 1)
        if shown < total:
            filled = min(filled, width - 1)
    return f"{'▓' * filled}{'░' * (width - filled)} {done}/{total}"


def content_fingerprint(
    table_fp: str, points: Mapping[str, Decimal | None], evidence: Mapping[str, Sequence[str]]
) -> str:
    """12 hex chars identifying a submitted sheet (for the receipt).

    Independent of how numbers were typed (7.50 == 7.5) and of the order evidence items
    were attached in; empty entries count as absent.
    """
    payload = {
        "table": table_fp,
        "points": {code: _dec_text(value) for code, value in points.items() if value is not None},
        "evidence": {code: sorted(items) for code, items in evidence.items() if items},
    }
    return _short_hash(payload)
