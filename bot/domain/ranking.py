"""The ranked summary (bảng tổng hợp điểm): order the units by final score and number them.

Pure data in, data out; the caller formats numbers and words the column titles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bot.text.vi_text import vi_sort_key

__all__ = ["RankInput", "RankedRow", "rank"]


@dataclass(frozen=True)
class RankInput:
    unit_id: int
    unit_name: str
    self_total: Decimal
    checked_total: Decimal | None  # None until the sheet has been checked
    bonus: Decimal
    penalty: Decimal
    final: Decimal
    note: str = ""


@dataclass(frozen=True)
class RankedRow:
    no: int  # position in the displayed table, 1..n
    rank: int  # shared by equal finals: 1, 2, 2, 4
    tied: bool  # True when another unit has the same rank (for a "đồng hạng" note)
    unit_id: int
    unit_name: str
    self_total: Decimal
    checked_total: Decimal | None
    bonus: Decimal
    penalty: Decimal
    final: Decimal
    note: str = ""


def rank(rows: Iterable[RankInput]) -> list[RankedRow]:
    """Rank by final score, highest first, with standard competition ranking (1, 2, 2, 4).

    Units with equal finals keep the same rank and are listed in Vietnamese dictionary
    order of their names (then by id, so the table never reshuffles between renderings).
    """
    ordered = sorted(rows, key=lambda r: (-r.final, vi_sort_key(r.unit_name), r.unit_id))
    counts: dict[Decimal, int] = {}
    for row in ordered:
        # Decimal equality ignores representation, so 97.5 and 97.50 share a rank.
        counts[row.final] = counts.get(row.final, 0) + 1
    out: list[RankedRow] = []
    current_rank = 0
    previous: Decimal | None = None
    for position, row in enumerate(ordered, start=1):
        if previous is None or row.final != previous:
            current_rank = position
            previous = row.final
        out.append(
            RankedRow(
                no=position,
                rank=current_rank,
                tied=counts[row.final] > 1,
                unit_id=row.unit_id,
                unit_name=row.unit_name,
                self_total=row.self_total,
                checked_total=row.checked_total,
                bonus=row.bonus,
                penalty=row.penalty,
                final=row.final,
                note=row.note,
            )
        )
    return out
