"""PNG charts for the year: ranking, turnout of a vote, score distribution per criterion group.

Drawn with the Agg canvas directly (no pyplot), so nothing here touches the process-wide backend
or keeps figures alive between calls. DejaVu Sans is set explicitly because it ships with
matplotlib and has every Vietnamese letter; the default font list could resolve to a face without
them on a server and print boxes instead of "ệ".
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from io import BytesIO
from typing import Literal

import matplotlib
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from bot.documents.fmt import number, percent
from bot.documents.model import CriterionAnnexRow, RankingRow
from bot.documents.wording import VI, Wording

__all__ = ["CHART_FONT", "distribution_chart", "group_scores", "ranking_chart", "score_axis", "turnout_chart"]

CHART_FONT = "DejaVu Sans"
DPI = 150
_ACCENT, _BASE, _MUTED = "#C0392B", "#2E6DA4", "#BFC5CC"


@contextmanager
def _style() -> Iterator[None]:
    # rc settings are read when text is created and again when it is drawn, so the whole
    # build-and-save happens inside one context.
    with matplotlib.rc_context({
        "font.family": "sans-serif",
        "font.sans-serif": [CHART_FONT],
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
    }):
        yield


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    out = BytesIO()
    # No "Software" chunk: the same data gives the same bytes, whatever matplotlib built it.
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _decimal_comma_axis(axis: Axis, words: Wording) -> None:
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: number(x, 2, words=words)))


def _no_data(fig: Figure, title: str, words: Wording) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, words.chart_no_data, ha="center", va="center", fontsize=12, color="#555555")


def score_axis(values: Sequence[float]) -> tuple[float, float]:
    """The score axis of the ranking chart: from a whole number a little below the lowest score.

    Final totals in a bloc sit within a few points of each other (95-99 of 100); bars from zero make them all
    look equal. The axis starts below the lowest by a quarter of the spread (at least one point), so the
    shortest bar still shows, and the labels carry the exact scores.
    """
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    spread = max(high - low, 1.0)
    start = max(0.0, math.floor(low - spread * 0.25 - 0.5))
    end = high + (high - start) * 0.12
    return start, end


def ranking_chart(rows: Sequence[RankingRow], title: str, *, words: Wording = VI) -> bytes:
    """Horizontal bars of the final score, first rank on top, each bar labelled with its score."""
    with _style():
        ordered = sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.no))
        fig = Figure(figsize=(9, max(3.0, 0.55 * len(ordered) + 1.6)), layout="constrained")
        if not ordered:
            _no_data(fig, title, words)
            return _png(fig)
        ax = fig.add_subplot()
        values = [float(r.final) if r.final is not None else 0.0 for r in ordered]
        labels = [textwrap.fill(r.unit, 34) for r in ordered]
        colors = [_ACCENT if r.rank == 1 else _BASE for r in ordered]
        bars = ax.barh(range(len(ordered)), values, color=colors, height=0.6)
        ax.set_yticks(range(len(ordered)), labels=labels)
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[words.missing if r.final is None else number(r.final, words=words)
                                   for r in ordered], padding=3)
        ax.set_xlim(*score_axis([float(r.final) for r in ordered if r.final is not None]))
        ax.set_xlabel(words.chart_score_axis)
        return _finished(fig, ax, "x", title, words)


def _finished(fig: Figure, ax: Axes, value_axis: Literal["x", "y"], title: str, words: Wording) -> bytes:
    """The look the bar and box charts share: decimal commas and a dotted grid on the value axis, no top or
    right frame, the title; then the PNG."""
    _decimal_comma_axis(ax.xaxis if value_axis == "x" else ax.yaxis, words)
    ax.grid(axis=value_axis, linestyle=":", alpha=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title)
    return _png(fig)


def turnout_chart(voted: int, total: int, title: str, *, words: Wording = VI) -> bytes:
    """A ring: units that voted against those that did not, with the share in the middle."""
    if voted < 0 or total < 0 or voted > total:
        raise ValueError(f"turnout {voted}/{total} is impossible")
    with _style():
        fig = Figure(figsize=(6, 5), layout="constrained")
        if total == 0:
            _no_data(fig, title, words)
            return _png(fig)
        ax = fig.add_subplot()
        wedges, _ = ax.pie([voted, total - voted], colors=[_BASE, _MUTED], startangle=90, counterclock=False,
                           wedgeprops={"width": 0.35, "edgecolor": "white"})
        share = Decimal(voted * 100) / Decimal(total)
        ax.text(0, 0, words.chart_turnout_center.format(voted=voted, total=total,
                                                        percent=percent(share, words=words)),
                ha="center", va="center", fontsize=14, fontweight="bold")
        ax.legend(wedges, [f"{words.chart_voted}: {voted}", f"{words.chart_not_voted}: {total - voted}"],
                  loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2, frameon=False)
        ax.set_aspect("equal")
        # On the figure, not the axes: a pie's axes is only as wide as the ring.
        fig.suptitle(textwrap.fill(title, 55), fontweight="bold")
        return _png(fig)


def distribution_chart(groups: Sequence[tuple[str, Sequence[Decimal]]], title: str, *,
                       value_label: str | None = None, words: Wording = VI) -> bytes:
    """A box per criterion group with every unit's value drawn over it (a bloc has few units).

    ``value_label`` names the vertical axis (default: points); ``group_scores`` gives values as a
    share of each group's maximum, which makes groups of different weight comparable.
    """
    with _style():
        fig = Figure(figsize=(9, 5), layout="constrained")
        if not any(values for _, values in groups):
            _no_data(fig, title, words)
            return _png(fig)
        ax = fig.add_subplot()
        filled = [(i, [float(v) for v in values]) for i, (_, values) in enumerate(groups, start=1) if values]
        ax.boxplot([vals for _, vals in filled], positions=[i for i, _ in filled], widths=0.5,
                   patch_artist=True, boxprops={"facecolor": "#D6E4F0", "edgecolor": _BASE},
                   medianprops={"color": _ACCENT, "linewidth": 2}, showfliers=False)
        for pos, vals in filled:
            # Spread equal points sideways deterministically so that ties stay visible.
            n = len(vals)
            offsets = [(k - (n - 1) / 2) * (0.3 / max(n - 1, 1)) for k in range(n)]
            ax.scatter([pos + o for o in offsets], sorted(vals), s=18, color=_BASE, alpha=0.8, zorder=3)
        ax.set_xticks(range(1, len(groups) + 1), labels=[textwrap.fill(name, 26) for name, _ in groups])
        ax.set_xlim(0.4, len(groups) + 0.6)
        ax.set_ylabel(value_label or words.chart_points_axis)
        return _finished(fig, ax, "y", title, words)


def group_scores(annex: Sequence[CriterionAnnexRow], *, words: Wording = VI) -> list[tuple[str, list[Decimal]]]:
    """Each unit's final points per criterion group as a percentage of the group's maximum.

    The group is the code before its first "." ("2.3" -> group "2"), which is how scoring
    tables number their criteria; groups keep the order in which they first appear. A group is
    named by its title in the criteria table ("Thực hiện nhiệm vụ chính trị"), or "Nhóm 1"
    when the table gives none. A share rather than raw points, because a 50-point group and a
    10-point group on one axis would squash both. Rows without a final score or a maximum are
    left out.
    """
    got: dict[str, dict[str, list[Decimal]]] = {}
    titles: dict[str, str] = {}
    for row in annex:
        if row.final is None or not row.max:
            continue
        group = row.code.split(".", 1)[0].strip() or row.code
        if row.group and group not in titles:
            titles[group] = row.group
        sums = got.setdefault(group, {}).setdefault(row.unit, [Decimal(0), Decimal(0)])
        sums[0] += row.final
        sums[1] += row.max
    return [(titles.get(g) or words.chart_group.format(code=g),
             [points * 100 / maximum for points, maximum in units.values()])
            for g, units in got.items()]
