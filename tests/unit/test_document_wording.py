"""The documents' words come from the catalogue (doc.* keys), and the English set renders end to end."""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import get_origin, get_type_hints

import docx
import openpyxl
import pytest

from bot.documents import sample_report, write_all
from bot.documents.fmt import date_line, number, percent, slug
from bot.documents.wording import EN, VI, Wording, wording_for
from bot.text.catalogue import MESSAGES, t

# matching data and layout, not words: not in the catalogue
DATA_FIELDS = {"number_gap", "role_head_keys", "role_secretary_keys"}
HINTS = get_type_hints(Wording)
TEXT_FIELDS = [f.name for f in dataclasses.fields(Wording) if f.name not in DATA_FIELDS]


def template(key: str, lang: str) -> str:
    """The catalogue entry as written: t() with every placeholder filled by itself."""
    names = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[key][0]) if name}
    return t(key, lang, **{name: "{" + name + "}" for name in names})


def keys_of(name: str) -> list[str]:
    """The catalogue keys a field is built from, judged by the field's type and the Vietnamese set."""
    origin = get_origin(HINTS[name])
    if origin is tuple:
        return [f"doc.{name}.{n}" for n in range(1, len(getattr(VI, name)) + 1)]
    if origin is Mapping:
        return [f"doc.{name}.{key}" for key in getattr(VI, name)]
    return [f"doc.{name}"]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_every_text_field_comes_from_the_catalogue(name: str, lang: str) -> None:
    value = getattr(wording_for(lang), name)
    expected = [template(key, lang) for key in keys_of(name)]
    origin = get_origin(HINTS[name])
    if origin is tuple:
        assert value == tuple(expected)
    elif origin is Mapping:
        assert dict(value) == dict(zip(getattr(VI, name), expected, strict=True))
    else:
        assert value == expected[0]


def test_vi_and_en_are_the_module_sets_and_share_the_data_fields() -> None:
    assert wording_for("vi") == VI and wording_for("en") == EN
    assert wording_for("fr") == VI  # an unknown language is Vietnamese, as in t()
    for name in DATA_FIELDS:
        assert getattr(EN, name) == getattr(VI, name)


def test_every_doc_key_is_used_by_a_field() -> None:
    used = [key for name in TEXT_FIELDS for key in keys_of(name)]
    assert len(used) == len(set(used))
    assert sorted(key for key in MESSAGES if key.startswith("doc.")) == sorted(used)


def test_english_numbers_and_dates() -> None:
    assert number(Decimal("1234.5"), words=EN) == "1,234.5"
    assert percent(Decimal("87.5"), words=EN) == "87.50%"
    assert number(Decimal("1234.5"), words=VI) == "1.234,5"
    assert date_line("Hung Yen", date(2026, 2, 5), words=EN) == "Hung Yen, 05/02/2026"


def _docx_text(path: Path) -> str:
    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def test_the_sample_year_renders_in_english(tmp_path: Path) -> None:
    report = sample_report()
    paths = write_all(report, tmp_path, words=EN)
    names = [p.name for p in paths]
    assert names[0] == f"{slug(EN.file_summary.format(year=report.year))}.xlsx"
    assert f"{slug(EN.file_submission.format(year=report.year))}.docx" in names

    workbook = openpyxl.load_workbook(paths[0])
    assert workbook.sheetnames == [EN.sheet_ranking, EN.sheet_annex, EN.sheet_registration, EN.sheet_signatures,
                                   EN.sheet_turnout, EN.sheet_notices]
    assert workbook[EN.sheet_ranking]["A2"].value == EN.title_ranking.format(year=report.year)

    texts = {p.name: _docx_text(p) for p in paths if p.suffix == ".docx"}
    minutes = [text for name, text in texts.items() if name.startswith(slug(EN.file_vote_minutes.format(title="")))]
    assert len(minutes) == len(report.votes)
    assert all("VOTE-COUNT MINUTES" in text for text in minutes)
    everything = "\n".join(texts.values())
    assert "MINUTES OF THE YEAR-END REVIEW" in everything and "SUBMISSION" in everything
    for heading in (VI.vm_title, VI.mm_title, VI.sub_title, VI.sub_to, VI.recipients_label, VI.sign_count_head):
        assert heading not in everything
