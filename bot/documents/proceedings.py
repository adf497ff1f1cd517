"""The conference's proceedings as the minutes word them: one drafted line per agenda item with its outcome,
and one per delegation. The services gather the facts; the secretary may correct any drafted line by its
number before the minutes are final, so the numbering is the order of these lines and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.documents.fmt import local, percent
from bot.documents.wording import VI, Wording

__all__ = ["DelegationFacts", "ItemFacts", "draft_lines"]


@dataclass(frozen=True)
class ItemFacts:
    """One agenda item as it happened. `elected`: (unit, votes, percent 0-100) of a vote item that elected;
    `cast`/`issued`: its ballots; `signed`/`signers`: the covenant signatures counted at its item."""

    position: int
    kind: str
    title: str
    status: str  # pending, open, postponed, done
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    elected: Sequence[tuple[str, int, Decimal]] = ()
    cast: int | None = None
    issued: int | None = None
    signed: int | None = None
    signers: int | None = None


@dataclass(frozen=True)
class DelegationFacts:
    unit: str
    delegate: str
    by: str


def _span(item: ItemFacts) -> str:
    if item.opened_at is None or item.closed_at is None:
        return ""
    start, end = local(item.opened_at), local(item.closed_at)
    return f" ({start:%H:%M}–{end:%H:%M})"


def _item_line(item: ItemFacts, w: Wording, year: int) -> str:
    head = w.pc_item.format(no=item.position, title=item.title)
    if item.status == "postponed":
        return head + w.pc_postponed
    if item.status != "done":
        return head + w.pc_not_held
    if item.kind in ("review", "head", "deputy"):
        if item.elected:
            names = "; ".join(w.pc_elected_unit.format(unit=unit, votes=votes, percent=percent(share, words=w))
                              for unit, votes, share in item.elected)
            return head + w.pc_vote_elected.format(cast=item.cast or 0, issued=item.issued or 0,
                                                   units=names) + _span(item) + "."
        return head + w.pc_vote_none.format(cast=item.cast or 0, issued=item.issued or 0) + _span(item) + "."
    if item.kind == "covenant":
        return head + w.pc_covenant.format(signed=item.signed or 0, count=item.signers or 0,
                                           year=year + 1) + _span(item) + "."
    return head + w.pc_done + _span(item) + "."


def draft_lines(items: Sequence[ItemFacts], delegations: Sequence[DelegationFacts], year: int,
                corrections: Mapping[int, str] | None = None, *, words: Wording = VI) -> list[str]:
    """The numbered lines of the proceedings (1-based), with the secretary's corrections in place."""
    lines = [_item_line(item, words, year) for item in items]
    lines += [words.pc_delegation.format(unit=d.unit, delegate=d.delegate, by=d.by) for d in delegations]
    fixed = corrections or {}
    return [fixed.get(i, line) for i, line in enumerate(lines, start=1)]
