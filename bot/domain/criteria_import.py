"""Load a scoring table (bảng tiêu chí) from an uploaded CSV or xlsx file, and build its template.

Like ``bot.domain.unit_import``, nothing here words a message: every problem comes back as an
``ImportProblem`` (row, language-neutral column key, code, offending value) and the caller
renders it. All problems in the file are reported together and nothing is imported while
any remain, because a half-loaded scoring table would score units against the wrong maximum.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from openpyxl import Workbook
from openpyxl.styles import Alignment

from bot.domain.criteria import (
    DEFAULT_STEP,
    EXTRA_KINDS,
    CriteriaTable,
    Criterion,
    Kind,
    canonical_decimal,
    is_multiple,
    parse_kind,
)
from bot.domain.spreadsheet_rows import (
    Unreadable,
    bold_row,
    cell_at,
    csv_rows,
    set_widths,
    template_sheet,
    workbook_bytes,
    xlsx_rows,
)
from bot.domain.unit_import import EMPTY_FILE, NOT_UTF8, TOO_MANY_ROWS, UNSUPPORTED_FORMAT, ImportProblem
from bot.text.catalogue import t
from bot.text.vi_text import fold, normalize, parse_number

__all__ = [
    "CODE_EMPTY",
    "COL_CODE",
    "COL_EVIDENCE",
    "COL_GROUP",
    "COL_GUIDANCE",
    "COL_KIND",
    "COL_MAX",
    "COL_PER_ITEM",
    "COL_STEP",
    "COL_TITLE",
    "DUPLICATE_CODE",
    "EMPTY_FILE",
    "EVIDENCE_INVALID",
    "GROUP_EMPTY",
    "KIND_UNKNOWN",
    "MAX_CODE_LEN",
    "MAX_GROUP_LEN",
    "MAX_GUIDANCE_LEN",
    "MAX_INVALID",
    "MAX_POINTS_LIMIT",
    "MAX_ROWS",
    "MAX_TITLE_LEN",
    "MISSING_COLUMN",
    "NOT_UTF8",
    "NO_CRITERIA",
    "PER_ITEM_INVALID",
    "PER_ITEM_MISSING",
    "STEP_INVALID",
    "TEMPLATE_HEADERS",
    "TEXT_TOO_LONG",
    "TITLE_EMPTY",
    "TOO_MANY_ROWS",
    "UNSUPPORTED_FORMAT",
    "CriteriaImport",
    "ImportProblem",
    "criteria_template_xlsx",
    "parse_criteria",
    "sample_criteria",
]

# Error codes (EMPTY_FILE, NOT_UTF8, TOO_MANY_ROWS, UNSUPPORTED_FORMAT are shared with unit_import).
MISSING_COLUMN = "MISSING_COLUMN"
CODE_EMPTY = "CODE_EMPTY"
DUPLICATE_CODE = "DUPLICATE_CODE"
TITLE_EMPTY = "TITLE_EMPTY"
GROUP_EMPTY = "GROUP_EMPTY"
MAX_INVALID = "MAX_INVALID"
KIND_UNKNOWN = "KIND_UNKNOWN"
STEP_INVALID = "STEP_INVALID"
PER_ITEM_MISSING = "PER_ITEM_MISSING"
PER_ITEM_INVALID = "PER_ITEM_INVALID"
EVIDENCE_INVALID = "EVIDENCE_INVALID"
NO_CRITERIA = "NO_CRITERIA"
TEXT_TOO_LONG = "TEXT_TOO_LONG"

# Column keys used in ImportProblem.column.
COL_CODE = "code"
COL_GROUP = "group"
COL_TITLE = "title"
COL_GUIDANCE = "guidance"
COL_MAX = "max"
COL_KIND = "kind"
COL_STEP = "step"
COL_PER_ITEM = "per_item"
COL_EVIDENCE = "evidence"
_COL_STT = "stt"

MAX_ROWS = 300
MAX_TITLE_LEN = 500
MAX_GUIDANCE_LEN = 2000
MAX_GROUP_LEN = 300
# Codes travel in button callback data (64 bytes on Telegram) and in narrow table columns.
MAX_CODE_LEN = 20
# A whole table totals 100 or 1,000; one item above that is a typo (and would make the
# decimal arithmetic on steps needlessly large).
MAX_POINTS_LIMIT = Decimal(1000)

TEMPLATE_HEADERS = (
    "Mã",
    "Nhóm",
    "Nội dung",
    "Hướng dẫn chấm",
    "Điểm tối đa",
    "Loại",
    "Bước",
    "Điểm mỗi lần",
    "Minh chứng",
)

# When no step is given, the coarsest of these that divides the maximum: 0.5 is the
# usual step, and a maximum such as 2.25 is plainly meant to be scored in quarters.
_DEFAULT_STEPS = (DEFAULT_STEP, Decimal("0.25"), Decimal("0.1"), Decimal("0.05"), Decimal("0.01"))

_MAX_VALUE_ECHO = 80
# Real files often carry a title block ("BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM ...") above the header.
_HEADER_SEARCH_ROWS = 10
_REQUIRED = (COL_CODE, COL_GROUP, COL_TITLE, COL_MAX)

_YES = frozenset({"co", "x", "yes", "y", "true", "1", "bat buoc", "can", "yeu cau", "v", "✓", "✔"})
_NO = frozenset({"", "khong", "k", "no", "n", "false", "0", "-", "khong bat buoc", "khong can"})


def _header_key(text: str) -> str:
    # "Điểm tối đa (*)", "DIEM_TOI_DA", " điểm  tối đa " all reduce to "diemtoida".
    return re.sub(r"[^a-z0-9]", "", fold(re.sub(r"\(.*?\)", " ", text)))


# Labels are written folded (no diacritics, lower case) because that is how headers are
# compared; "Điểm tối đa", "DIEM TOI DA" and "điểm tối đa (*)" all match "diem toi da".
_HEADER_ALIASES: dict[str, str] = {}
for _column, _labels in (
    (COL_CODE, ("ma", "ma tieu chi", "ma so", "ky hieu", "code", "id")),
    (COL_GROUP, ("nhom", "nhom tieu chi", "nhom noi dung", "phan", "group", "section")),
    (COL_TITLE, ("noi dung", "tieu chi", "noi dung tieu chi", "ten tieu chi", "noi dung cham", "title", "criterion")),
    (COL_GUIDANCE, ("huong dan cham", "huong dan", "cach cham", "cach tinh diem", "guidance", "guide")),
    (COL_MAX, ("diem toi da", "diem chuan", "thang diem", "diem", "toi da", "max", "max points", "points")),
    (COL_KIND, ("loai", "loai tieu chi", "loai diem", "kieu", "kind", "type")),
    (COL_STEP, ("buoc", "buoc diem", "buoc cham", "step")),
    (
        COL_PER_ITEM,
        ("diem moi lan", "diem moi luot", "diem moi", "diem/lan", "diem mot lan", "per item", "points each"),
    ),
    (
        COL_EVIDENCE,
        ("minh chung", "bat buoc minh chung", "can minh chung", "yeu cau minh chung", "evidence", "evidence required"),
    ),
    (_COL_STT, ("stt", "tt", "so tt", "so thu tu", "no.", "#")),
):
    for _label in _labels:
        _HEADER_ALIASES[_header_key(_label) or _label] = _column


@dataclass
class CriteriaImport:
    """The table when the file had no problems, else None and every problem found."""

    table: CriteriaTable | None
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.table is not None and not self.errors


def _clip(value: str) -> str:
    return value if len(value) <= _MAX_VALUE_ECHO else value[: _MAX_VALUE_ECHO - 1] + "…"


# --- parsing ----------------------------------------------------------------------------------


def _find_header(
    rows: Iterator[tuple[int, list[str]]],
) -> tuple[int, dict[str, int]] | None:
    """Consume rows up to the header; return its row number and column key -> cell index.

    The header is the row, among the first non-blank ones, that names the most known
    columns: a title block above it names none, and a header with a misspelt column
    still wins, so the user hears which column is missing rather than "no header".
    """
    best: tuple[int, dict[str, int]] | None = None
    best_score = -1
    seen = 0
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            column = _HEADER_ALIASES.get(_header_key(cell) or normalize(cell))
            if column is not None:
                columns.setdefault(column, index)
        score = sum(1 for c in columns if c != _COL_STT)
        if score > best_score:
            best, best_score = (number, columns), score
        if all(c in columns for c in (COL_CODE, COL_TITLE, COL_MAX)):
            return number, columns
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    return best


def _positive(text: str) -> Decimal | None:
    number = parse_number(text)
    if number is None or not number > 0 or number > MAX_POINTS_LIMIT:
        return None
    return canonical_decimal(number)


@dataclass
class _RowParse:
    """One data row's values and problems."""

    number: int
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, column: str, code: str, value: str | None = None) -> None:
        self.problems.append(ImportProblem(self.number, column, code, None if value is None else _clip(value)))


def _check_text(r: _RowParse, values: dict[str, str], column: str, limit: int, empty_code: str | None = None) -> str:
    """The cell's text, with a problem noted when it is blank (if that matters) or too long."""
    text = values[column]
    if not text and empty_code is not None:
        r.problem(column, empty_code)
    elif len(text) > limit:
        r.problem(column, TEXT_TOO_LONG, text)
    return text


def _read_kind(r: _RowParse, values: dict[str, str]) -> Kind | None:
    kind_text = values[COL_KIND]
    kind = parse_kind(kind_text) if kind_text else Kind.SCORE
    if kind is None:
        r.problem(COL_KIND, KIND_UNKNOWN, kind_text)
    return kind


def _read_group(r: _RowParse, values: dict[str, str], kind: Kind | None, previous_group: str | None) -> str:
    group = _check_text(r, values, COL_GROUP, MAX_GROUP_LEN)
    if not group and kind not in EXTRA_KINDS:
        # A blank group continues the one above: that is how merged group cells in Excel
        # arrive (only the top cell carries the text).
        if previous_group is None:
            r.problem(COL_GROUP, GROUP_EMPTY)
        else:
            group = previous_group
    return group


def _read_max(r: _RowParse, values: dict[str, str]) -> Decimal | None:
    max_text = values[COL_MAX]
    max_points = _positive(max_text)
    if max_points is None:
        r.problem(COL_MAX, MAX_INVALID, max_text or None)
    return max_points


def _read_per_item(r: _RowParse, values: dict[str, str], kind: Kind | None) -> Decimal | None:
    per_item_text = values[COL_PER_ITEM]
    if not (kind is Kind.COUNT or (kind in EXTRA_KINDS and per_item_text)):
        return None
    if not per_item_text:
        r.problem(COL_PER_ITEM, PER_ITEM_MISSING)
        return None
    per_item = _positive(per_item_text)
    if per_item is None:
        r.problem(COL_PER_ITEM, PER_ITEM_INVALID, per_item_text)
    return per_item


def _read_step(r: _RowParse, values: dict[str, str], kind: Kind | None, max_points: Decimal | None) -> Decimal | None:
    step_text = values[COL_STEP]
    # Counted items step by whole items and pass/fail has no steps, so a step there is moot.
    uses_step = kind in (Kind.SCORE, Kind.BONUS, Kind.PENALTY) and not values[COL_PER_ITEM]
    if not uses_step:
        return None
    if step_text:
        step = _positive(step_text)
        if step is None or (max_points is not None and not is_multiple(max_points, step)):
            r.problem(COL_STEP, STEP_INVALID, step_text)
        return step
    if max_points is None:
        return None
    step = next((s for s in _DEFAULT_STEPS if is_multiple(max_points, s)), None)
    if step is None:
        r.problem(COL_STEP, STEP_INVALID)
    return step


def _read_evidence(r: _RowParse, values: dict[str, str]) -> bool:
    evidence_text = values[COL_EVIDENCE]
    evidence_key = fold(evidence_text)
    if evidence_key in _YES:
        return True
    if evidence_key not in _NO:
        r.problem(COL_EVIDENCE, EVIDENCE_INVALID, evidence_text)
    return False


def _parse_row(
    number: int, values: dict[str, str], previous_group: str | None
) -> tuple[Criterion | None, list[ImportProblem]]:
    # The cells are read in this order so that the problems come out column by column as before.
    r = _RowParse(number)
    code = _check_text(r, values, COL_CODE, MAX_CODE_LEN, CODE_EMPTY)
    kind = _read_kind(r, values)
    group = _read_group(r, values, kind, previous_group)
    title = _check_text(r, values, COL_TITLE, MAX_TITLE_LEN, TITLE_EMPTY)
    guidance = _check_text(r, values, COL_GUIDANCE, MAX_GUIDANCE_LEN)
    max_points = _read_max(r, values)
    per_item = _read_per_item(r, values, kind)
    step = _read_step(r, values, kind, max_points)
    evidence = _read_evidence(r, values)
    if r.problems:
        return None, r.problems
    assert kind is not None and max_points is not None
    criterion = Criterion(
        code=code,
        group=group,
        title=title,
        guidance=guidance,
        max_points=max_points,
        kind=kind,
        step=step,
        per_item=per_item,
        evidence_required=evidence,
        order=0,  # the caller numbers the rows that make it into the table
    )
    return criterion, []


_ROW_COLUMNS = (COL_CODE, COL_GROUP, COL_TITLE, COL_GUIDANCE, COL_MAX, COL_KIND, COL_STEP, COL_PER_ITEM, COL_EVIDENCE)


def _parse_table(rows: Iterable[tuple[int, list[str]]]) -> CriteriaImport:
    iterator = iter(rows)
    header = _find_header(iterator)
    if header is None:
        return CriteriaImport(None, [ImportProblem(None, None, EMPTY_FILE, None)])
    header_row, columns = header
    if any(c not in columns for c in (COL_CODE, COL_TITLE, COL_MAX)):
        # Nothing below can be read meaningfully without these.
        absent = [c for c in _REQUIRED if c not in columns]
        return CriteriaImport(None, [ImportProblem(header_row, c, MISSING_COLUMN, c) for c in absent])
    has_group_column = COL_GROUP in columns

    errors: list[ImportProblem] = []
    criteria: list[Criterion] = []
    seen_codes: dict[str, int] = {}
    # Without a group column the one MISSING_COLUMN problem says it all; "" keeps every
    # row from repeating it as GROUP_EMPTY.
    previous_group: str | None = None if has_group_column else ""
    group_column_reported = False
    data_rows = 0
    for number, cells in iterator:
        values = {c: cell_at(cells, columns.get(c)) for c in _ROW_COLUMNS}
        # A row with only an STT or only unknown columns filled is a blank template row.
        if not any(values.values()):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            # The whole file is refused anyway; stop before a huge sheet wastes time.
            errors.insert(0, ImportProblem(None, None, TOO_MANY_ROWS, str(MAX_ROWS)))
            break
        is_extra = (parse_kind(values[COL_KIND]) if values[COL_KIND] else Kind.SCORE) in EXTRA_KINDS
        if not has_group_column and not is_extra and not group_column_reported:
            # Only now is it known that the table has main criteria, which need groups.
            errors.insert(0, ImportProblem(header_row, COL_GROUP, MISSING_COLUMN, COL_GROUP))
            group_column_reported = True

        criterion, problems = _parse_row(number, values, previous_group)
        if not is_extra and values[COL_GROUP]:
            previous_group = values[COL_GROUP]
        code_key = values[COL_CODE].casefold()
        if code_key in seen_codes:
            problems.append(
                ImportProblem(number, COL_CODE, DUPLICATE_CODE, _clip(values[COL_CODE]), seen_codes[code_key])
            )
        elif code_key:
            seen_codes[code_key] = number
        if problems:
            errors.extend(problems)
        elif criterion is not None:
            criteria.append(replace(criterion, order=len(criteria) + 1))

    if not errors and not any(c.is_main for c in criteria):
        # Also covers a file holding only bonus/penalty items: there is nothing to score.
        errors.append(ImportProblem(None, None, NO_CRITERIA, None))
    if errors:
        return CriteriaImport(None, errors)
    return CriteriaImport(CriteriaTable(tuple(criteria)))


def parse_criteria(file_name: str, data: bytes) -> CriteriaImport:
    """Parse a scoring table from a .csv (UTF-8) or .xlsx upload; see the module docstring."""
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in ("csv", "xlsx"):
        return CriteriaImport(None, [ImportProblem(None, None, UNSUPPORTED_FORMAT, _clip(file_name))])
    if not data:
        return CriteriaImport(None, [ImportProblem(None, None, EMPTY_FILE, None)])
    rows = csv_rows(data) if suffix == "csv" else xlsx_rows(data)
    try:
        return _parse_table(rows)
    except Unreadable as exc:
        return CriteriaImport(None, [ImportProblem(exc.row, None, exc.code, None)])


# --- template and sample --------------------------------------------------------------------

# How each kind is written in the template's "Loại" column (any spelling parse_kind knows is accepted back).
_KIND_LABELS = {Kind.SCORE: "điểm", Kind.PASS_FAIL: "đạt", Kind.COUNT: "đếm", Kind.BONUS: "cộng", Kind.PENALTY: "trừ"}

# The template's columns as the parser reads them, each with the catalogue key of its explanation on the
# help sheet (criteria_template.col.<key>: whether it is required, and what it means).
_TEMPLATE_COLUMN_HELP: tuple[tuple[str, str], ...] = (
    ("Mã", "code"),
    ("Nhóm", "group"),
    ("Nội dung", "title"),
    ("Hướng dẫn chấm", "guidance"),
    ("Điểm tối đa", "max_points"),
    ("Loại", "kind"),
    ("Bước", "step"),
    ("Điểm mỗi lần", "per_item"),
    ("Minh chứng", "evidence"),
)


def criteria_template_xlsx() -> bytes:
    """An xlsx template: the table sheet (header and one example row per kind) and a help sheet."""
    workbook = Workbook()
    sheet = template_sheet(workbook, t("criteria_template.sheet_table"), TEMPLATE_HEADERS,
                           (8, 40, 55, 55, 12, 10, 8, 14, 12))
    # The examples are the first criterion of each kind in the bundled sample, so they are
    # realistic and known to parse.
    examples = {c.kind: c for c in reversed(sample_criteria().criteria)}
    for kind in Kind:
        c = examples[kind]
        sheet.append(
            [
                c.code,
                c.group or None,
                c.title,
                c.guidance or None,
                c.max_points,
                _KIND_LABELS[c.kind],
                c.step,
                c.per_item,
                "Có" if c.evidence_required else "Không",
            ]
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap

    help_sheet = workbook.create_sheet(t("criteria_template.sheet_help"))
    bold_row(help_sheet, [t("criteria_template.head_column"), t("criteria_template.head_required"),
                          t("criteria_template.head_meaning")])
    for column, key in _TEMPLATE_COLUMN_HELP:
        help_sheet.append([column, t(f"criteria_template.col.{key}.required"),
                           t(f"criteria_template.col.{key}.meaning")])
    help_sheet.append([])
    bold_row(help_sheet, [t("criteria_template.head_kind"), t("criteria_template.head_how")])
    for kind in Kind:
        help_sheet.append([_KIND_LABELS[kind], t(f"criteria_template.kind.{kind.value}")])
    set_widths(help_sheet, (16, 28, 90))
    for row in help_sheet.iter_rows():
        for cell in row:
            cell.alignment = wrap
    help_sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


@lru_cache(maxsize=1)
def sample_criteria() -> CriteriaTable:
    """The bundled sample table (bot/data/sample_criteria.csv); cached, as tables are immutable."""
    data = resources.files("bot").joinpath("data/sample_criteria.csv").read_bytes()
    result = parse_criteria("sample_criteria.csv", data)
    if result.table is None:
        raise RuntimeError(f"bundled sample criteria do not parse: {result.errors}")
    return result.table
