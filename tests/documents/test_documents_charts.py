"""Charts are valid PNGs, and every Vietnamese letter in them has a glyph."""

from __future__ import annotations

import dataclasses
import logging
import struct
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest

from bot.documents import YearReport, distribution_chart, group_scores, ranking_chart, turnout_chart
from bot.documents import charts as charts_module

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Every Vietnamese vowel with every tone, and đ, in both cases.
ALL_VIETNAMESE = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
ALL_VIETNAMESE += ALL_VIETNAMESE.lower()


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@contextmanager
def _missing_glyphs(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Collect matplotlib's "Glyph ... missing from font(s)" reports, whether warned or logged."""
    found: list[str] = []
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="matplotlib"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield found
    found.extend(str(w.message) for w in caught if "missing from font" in str(w.message))
    found.extend(r.getMessage() for r in caplog.records if "missing from font" in r.getMessage())


def _charts(report: YearReport) -> dict[str, Callable[[], bytes]]:
    return {
        "ranking": lambda: ranking_chart(report.ranking, f"Xếp hạng năm 2026 – {ALL_VIETNAMESE}"),
        "turnout": lambda: turnout_chart(7, 8, "Tham gia bỏ phiếu: Suy tôn Phó trưởng khối năm 2027"),
        "distribution": lambda: distribution_chart(group_scores(report.annex), f"Phân bố điểm – {ALL_VIETNAMESE}"),
    }


@pytest.mark.parametrize("kind", ["ranking", "turnout", "distribution"])
def test_chart_is_png_without_missing_glyphs(report: YearReport, kind: str,
                                             caplog: pytest.LogCaptureFixture) -> None:
    with _missing_glyphs(caplog) as missing:
        png = _charts(report)[kind]()
    assert missing == []
    width, height = _size(png)
    assert 600 <= width <= 2500 and 400 <= height <= 2500
    assert 5_000 < len(png) < 1_000_000


def test_the_glyph_check_catches_a_font_without_vietnamese(report: YearReport, caplog: pytest.LogCaptureFixture,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # cmr10 ships with matplotlib and has no Vietnamese letters: proves the check above is not vacuous.
    monkeypatch.setattr(charts_module, "CHART_FONT", "cmr10")
    with _missing_glyphs(caplog) as missing:
        turnout_chart(7, 8, "Phó trưởng khối")
    assert missing


def test_axis_ticks_use_a_decimal_comma(report: YearReport) -> None:
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure()
    ax = fig.add_subplot()
    charts_module._decimal_comma_axis(ax.yaxis, charts_module.VI)
    formatter = ax.yaxis.get_major_formatter()
    assert isinstance(formatter, FuncFormatter)
    assert formatter(97.5, 0) == "97,5"
    assert formatter(1000, 0) == "1.000"
    assert formatter(92.25, 0) == "92,25"


def test_group_scores_are_shares_of_the_group_maximum(report: YearReport) -> None:
    groups = dict(group_scores(report.annex))
    # named by the criteria table's group titles
    assert list(groups) == ["Thực hiện nhiệm vụ chính trị", "Xây dựng Đảng, đoàn thể", "Phong trào thi đua",
                            "Thông tin, báo cáo"]
    assert all(len(v) == 8 for v in groups.values())
    # Văn phòng Tỉnh ủy: 30 + 19,5 of 50 in group 1
    assert groups["Thực hiện nhiệm vụ chính trị"][0] == Decimal("99")
    # a table without group titles still names its groups by number
    untitled = [dataclasses.replace(row, group=None) for row in report.annex]
    assert list(dict(group_scores(untitled))) == ["Nhóm 1", "Nhóm 2", "Nhóm 3", "Nhóm 4"]


def test_charts_without_data(caplog: pytest.LogCaptureFixture) -> None:
    with _missing_glyphs(caplog) as missing:
        pngs = [ranking_chart([], "Xếp hạng"), turnout_chart(0, 0, "Tham gia"),
                distribution_chart([("Nhóm 1", [])], "Phân bố")]
    assert missing == []
    for png in pngs:
        _size(png)
    with pytest.raises(ValueError):
        turnout_chart(9, 8, "Tham gia")
