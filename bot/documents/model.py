"""Plain data the document renderers read.

The services fill these from the database; the renderers never look anything up. Numbers are
``Decimal`` (scores are entered with a decimal comma and must not pick up binary rounding on the
way to a document), counts are ``int``, and "not known" is ``None`` so that a blank in a document
is always a deliberate blank rather than a zero.

Sequences are typed ``Sequence`` so that both lists and tuples are accepted; the dataclasses are
frozen so that a renderer cannot alter what another renderer will print next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

__all__ = [
    "CriterionAnnexRow",
    "DocumentHeader",
    "MeetingMinutes",
    "NoticeAckRow",
    "RankingRow",
    "RegistrationRow",
    "SignatureRow",
    "Submission",
    "TrailRow",
    "TurnoutRow",
    "VoteMinutes",
    "VoteOption",
    "YearReport",
]


@dataclass(frozen=True)
class DocumentHeader:
    """The header block of an official document (thể thức văn bản).

    ``style`` picks the Party form ("ĐẢNG CỘNG SẢN VIỆT NAM") or the State form ("CỘNG HÒA XÃ HỘI
    CHỦ NGHĨA VIỆT NAM"). ``number`` is the full number and symbol ("05-BB/KTĐ"); ``None`` prints a
    blank for the records clerk to fill in by hand, which is how numbers are usually assigned.
    """

    style: Literal["party", "state"]
    issuer: str
    superior: str | None
    place: str
    date: date
    number: str | None = None


@dataclass(frozen=True)
class RankingRow:
    no: int
    rank: int | None
    unit: str
    self_total: Decimal | None
    checked_total: Decimal | None
    bonus: Decimal | None
    penalty: Decimal | None
    final: Decimal | None
    note: str | None = None


@dataclass(frozen=True)
class CriterionAnnexRow:
    """One unit's scores on one criterion, in the layers of the checking (step 6 of the year)."""

    unit: str
    code: str
    title: str
    max: Decimal | None
    self: Decimal | None
    check1: Decimal | None
    explanation: str | None
    check2: Decimal | None
    final: Decimal | None


@dataclass(frozen=True)
class RegistrationRow:
    unit: str
    titles: Sequence[str]
    cultured: bool
    staff: int | None
    advanced_workers: int | None
    emulation_soldiers: int | None
    submitted: bool


@dataclass(frozen=True)
class SignatureRow:
    unit: str
    signed_by: str | None
    signed_at: datetime | None
    version: int


@dataclass(frozen=True)
class TurnoutRow:
    """Whether a unit took part in a vote; never what it chose (the ballot is secret)."""

    vote_title: str
    unit: str
    voted: bool


@dataclass(frozen=True)
class NoticeAckRow:
    number: str
    unit: str
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class TrailRow:
    """One entry of the audit trail, already worded; never a ballot's choice (nothing records one)."""

    at: datetime
    person: str
    unit: str | None
    action: str


# (label, votes, percent of the denominator as 0-100, elected)
VoteOption = tuple[str, int, Decimal, bool]


@dataclass(frozen=True)
class VoteMinutes:
    """Everything the vote-count minutes (biên bản kiểm phiếu) state about one vote.

    ``kind`` is the vote kind of the services ("award", "head", "deputy", "question"); an unknown
    kind is printed without a kind phrase. ``valid`` includes ``blank`` ballots when the rules
    allow them, as the tally counts them. ``rule_text`` and ``outcome_text`` arrive already worded
    because the rules are per-bloc data that only the services can phrase.
    """

    title: str
    kind: str
    held_at: datetime
    place: str
    committee: Sequence[tuple[str, str]]
    issued: int
    cast: int
    valid: int
    invalid: int
    blank: int
    members: int
    quorum_needed: int
    quorum_met: bool
    denominator: Literal["members", "cast"]
    rule_text: str
    options: Sequence[VoteOption]
    outcome_text: str
    elected: Sequence[str]


@dataclass(frozen=True)
class MeetingMinutes:
    bloc: str
    year: int
    held_at: datetime
    place: str
    chair: str | None
    secretary: str | None
    # (unit, present, representative)
    attendance: Sequence[tuple[str, bool, str | None]]
    ranking: Sequence[RankingRow]
    votes: Sequence[VoteMinutes]
    next_head: str | None
    next_deputy: str | None


@dataclass(frozen=True)
class Submission:
    bloc: str
    year: int
    # (award, unit, final score, vote percent as 0-100)
    proposals: Sequence[tuple[str, str, Decimal | None, Decimal | None]]
    signer_title: str | None
    signer_name: str | None


@dataclass(frozen=True)
class YearReport:
    header: DocumentHeader
    bloc: str
    year: int
    ranking: Sequence[RankingRow] = ()
    annex: Sequence[CriterionAnnexRow] = ()
    registrations: Sequence[RegistrationRow] = ()
    signatures: Sequence[SignatureRow] = ()
    turnout: Sequence[TurnoutRow] = ()
    notice_acks: Sequence[NoticeAckRow] = ()
    votes: Sequence[VoteMinutes] = ()
    meeting: MeetingMinutes | None = None
    submission: Submission | None = None
    # oldest first; the «Nhật ký» sheet is written only when there is a trail to give
    trail: Sequence[TrailRow] = ()
