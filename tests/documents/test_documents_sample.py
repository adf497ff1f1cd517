"""The sample year, file names, number and date formatting, and the PDF round trip."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.documents import YearReport
from bot.documents.fmt import date_line, number, percent, slug
from bot.documents.sample import UNITS, write_all


def test_sample_is_consistent(report: YearReport) -> None:
    assert report.ranking[0].unit == "Văn phòng Tỉnh ủy"
    assert sorted(r.unit for r in report.ranking) == sorted(UNITS) and len(UNITS) == 8
    for row in report.ranking:
        assert row.final == row.checked_total + row.bonus - row.penalty
        assert row.checked_total == sum(a.final for a in report.annex if a.unit == row.unit)
        assert row.self_total == sum(a.self for a in report.annex if a.unit == row.unit)
    finals = [r.final for r in report.ranking]
    assert finals == sorted(finals, reverse=True)
    head = next(v for v in report.votes if v.kind == "head")
    assert head.options[0] == ("Văn phòng Tỉnh ủy", 7, Decimal("87.50"), True)
    for v in report.votes:
        assert v.valid + v.invalid == v.cast <= v.issued
        assert sum(n for _, n, _, _ in v.options) + v.blank == v.valid
    assert report.meeting is not None and report.meeting.next_head == "Văn phòng Tỉnh ủy"


def test_write_all(report: YearReport, tmp_path: Path) -> None:
    paths = write_all(report, tmp_path)
    names = [p.name for p in paths]
    assert names == [
        "tong-hop-thi-dua-2026.xlsx",
        "bien-ban-kiem-phieu-co-thi-dua-cua-ubnd-tinh.docx",
        "bien-ban-kiem-phieu-suy-ton-truong-khoi-nam-2027.docx",
        "bien-ban-kiem-phieu-suy-ton-pho-truong-khoi-nam-2027.docx",
        "bien-ban-hop-tong-ket-2026.docx",
        "to-trinh-de-nghi-khen-thuong-2026.docx",
        "bieu-do-xep-hang-2026.png",
        "bieu-do-tham-gia-bo-phieu-co-thi-dua-cua-ubnd-tinh.png",
        "bieu-do-tham-gia-bo-phieu-suy-ton-truong-khoi-nam-2027.png",
        "bieu-do-tham-gia-bo-phieu-suy-ton-pho-truong-khoi-nam-2027.png",
        "bieu-do-phan-bo-diem-2026.png",
    ]
    assert all(p.stat().st_size > 5_000 for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_write_all_keeps_two_votes_with_one_title_apart(report: YearReport, tmp_path: Path) -> None:
    twice = dataclasses.replace(report, votes=[report.votes[0], report.votes[0]], turnout=[], ranking=[], annex=[],
                                meeting=None, submission=None)
    names = [p.name for p in write_all(twice, tmp_path)]
    assert names[1:] == ["bien-ban-kiem-phieu-co-thi-dua-cua-ubnd-tinh.docx",
                         "bien-ban-kiem-phieu-co-thi-dua-cua-ubnd-tinh-2.docx"]


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("97.5"), "97,5"), (Decimal("97.50"), "97,5"), (Decimal(100), "100"), (Decimal("1000"), "1.000"),
    (Decimal("0.125"), "0,13"), (Decimal("-0.5"), "-0,5"), (Decimal("-0.001"), "0"), (92.25, "92,25"),
])
def test_number(value: Decimal | float, text: str) -> None:
    assert number(value) == text


def test_percent_keeps_two_decimals() -> None:
    assert percent(Decimal("87.5")) == "87,50%"
    assert percent(Decimal(100)) == "100,00%"
    assert percent(Decimal("12.5")) == "12,50%"


def test_date_line_pads_day_and_early_months() -> None:
    assert date_line("Hưng Yên", date(2026, 12, 18)) == "Hưng Yên, ngày 18 tháng 12 năm 2026"
    assert date_line("Hưng Yên", date(2026, 2, 5)) == "Hưng Yên, ngày 05 tháng 02 năm 2026"
    assert date_line("Hưng Yên", date(2026, 3, 1)) == "Hưng Yên, ngày 01 tháng 3 năm 2026"


def test_slug() -> None:
    assert slug("Biên bản kiểm phiếu Cờ thi đua") == "bien-ban-kiem-phieu-co-thi-dua"
    assert slug("Đảng ủy các cơ quan Đảng tỉnh / 2026?") == "dang-uy-cac-co-quan-dang-tinh-2026"
    assert slug("!!!") == "tai-lieu"
    long = slug("Biên bản " * 30)
    assert len(long) <= 80 and not long.endswith("-")


def test_docx_converts_to_pdf(report: YearReport, tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH; .ci/run installs it for this test")
    source = next(p for p in write_all(report, tmp_path / "docs") if p.name.startswith("bien-ban-kiem-phieu"))
    out = tmp_path / "pdf"
    # A private profile: LibreOffice refuses to start twice on one profile and needs it writable.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    pdf = out / f"{source.stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000


def test_importing_the_model_does_not_load_the_renderers() -> None:
    import sys

    code = ("import sys, bot.documents.model; "
            "sys.exit(any(m in sys.modules for m in ('matplotlib', 'docx', 'openpyxl')))")
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], check=False, cwd=root).returncode == 0
