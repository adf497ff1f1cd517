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
    "AttendanceRow",
    "CriterionAnnexRow",
    "DocumentHeader",
    "MeetingMinutes",
    "MovementRow",
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
    ``superior`` and ``place`` are settings of the bloc; ``None`` prints a marked blank, a last
    resort. ``date`` is the document's own date; the minutes replace it with the date of the count
    or of the meeting, and ``None`` prints a blank date line rather than the day of the export.
    """

    style: Literal["party", "state"]
    issuer: str
    superior: str | None
    place: str | None
    date: date | None
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
    group: str | None = None  # the criterion group's title in the criteria table, when it has one


@dataclass(frozen=True)
class RegistrationRow:
    """``titles`` are emulation titles (danh hiệu thi đua), ``commendations`` forms of commendation
    (hình thức khen thưởng: Bằng khen, Giấy khen...): the summary prints them in separate columns."""

    unit: str
    titles: Sequence[str]
    cultured: bool
    staff: int | None
    advanced_workers: int | None
    emulation_soldiers: int | None
    submitted: bool
    commendations: Sequence[str] = ()


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
    kind is printed without a kind phrase. ``year`` is the bloc-year the vote belongs to (a head or
    deputy is acclaimed for the year after it). ``held_at`` is when the ballots were counted (the
    vote's closing), not when it opened. ``valid`` includes ``blank`` ballots when ``blank_valid``,
    as the tally counts them. ``rule_text`` arrives already worded because the rules are per-bloc
    data that only the services can phrase; ``outcome_text`` is the services' wording of the
    outcome, printed only when nobody is elected (a tie, a runoff), since the conclusion names the
    elected itself. ``finished_at`` and ``copies`` fill the closing sentence; ``None`` leaves blanks.
    """

    title: str
    kind: str
    held_at: datetime
    place: str | None
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
    year: int | None = None
    blank_valid: bool = True
    outcome: str = ""  # the tally's outcome code ("ELECTED", "RUNOFF_NEEDED"...)
    tied: Sequence[str] = ()  # the options tied at the top, when that is the outcome
    finished_at: datetime | None = None
    copies: int | None = None


@dataclass(frozen=True)
class AttendanceRow:
    """One member unit at the conference: present or not, who came for it, why it was absent."""

    unit: str
    present: bool
    delegates: Sequence[str] = ()
    absence_reason: str | None = None
    late: bool = False


@dataclass(frozen=True)
class MovementRow:
    """A thematic movement of the year and how each unit taking part did in it. ``units`` holds, per unit in
    Vietnamese order: its name, its targets (None: not registered), when its report came (None: none), and the
    reason it is proposed for commendation (None: not proposed)."""

    number: int
    title: str
    occasion: str
    starts_on: date
    ends_on: date
    closed: bool
    units: Sequence[tuple[str, str | None, datetime | None, str | None]]


@dataclass(frozen=True)
class MeetingMinutes:
    """The year-end conference's minutes.

    ``attendance`` is ``None`` until the conference has checked its units in: the minutes then say
    so rather than mark every unit present, and list the member ``units``. ``held_at`` and
    ``closed_at`` are the conference's opening and closing; ``None`` prints blanks to fill in.
    """

    bloc: str
    year: int
    held_at: datetime | None
    place: str | None
    chair: str | None
    secretary: str | None
    attendance: Sequence[AttendanceRow] | None
    ranking: Sequence[RankingRow]
    votes: Sequence[VoteMinutes]
    next_head: str | None
    next_deputy: str | None
    units: Sequence[str] = ()
    guests: Sequence[str] = ()
    closed_at: datetime | None = None
    copies: int | None = None
    # the agenda as it happened and the delegations, one line each, as the secretary approved them
    proceedings: Sequence[str] = ()
    movements: Sequence[MovementRow] = ()


@dataclass(frozen=True)
class Submission:
    """``signer_title`` is the signer's role ("Trưởng khối"); the renderer adds "T/M KHỐI THI ĐUA"."""

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
    # oldest first; the movements' sheet is written only when the year had one
    movements: Sequence[MovementRow] = ()
