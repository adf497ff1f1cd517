"""Gathers a bloc-year's data into the documents' model: what the provincial board's file needs.

Read-only; the renderers in bot/documents turn the result into xlsx, docx and PNG. The `*_file` methods
render one document for the chat, off the event loop (a chart takes up to a second of CPU, which would
hold up every other chat), named as `bot.py export` names it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.documents.charts import ranking_chart
from bot.documents.docx import meeting_minutes_docx, submission_docx, vote_minutes_docx
from bot.documents.fmt import slug
from bot.documents.model import (
    AttendanceRow,
    CriterionAnnexRow,
    DocumentHeader,
    MeetingMinutes,
    MovementRow,
    NoticeAckRow,
    RankingRow,
    RegistrationRow,
    SignatureRow,
    Submission,
    TurnoutRow,
    VoteMinutes,
    YearReport,
)
from bot.documents.wording import VI
from bot.documents.xlsx import summary_workbook
from bot.domain.clock import Clock
from bot.domain.tally import Rules
from bot.services.assessment import AssessmentService, from_centi
from bot.services.audit import AuditService
from bot.services.bloc_settings import missing_settings
from bot.services.conference import ConferenceService, ConferenceView
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.services.registration import RegistrationService
from bot.services.vote_text import answer_label, outcome_text, rules_text
from bot.services.votes import VoteView
from bot.text.messages import DOCX_MIME, PNG_MIME, XLSX_MIME, OutFile
from bot.text.vi_text import fold, vi_sort_key
from storage import blocs
from storage import movements as movement_repo
from storage import notices as notice_repo
from storage import votes as vote_repo
from storage.db import Database
from storage.query import query
from storage.rows import BlocYear
from storage.timefmt import from_db

# Forms of commendation (hình thức khen thưởng) as the Law on emulation and commendation names them; every
# other registered name is an emulation title (danh hiệu thi đua). Folded, compared with the name's start.
COMMENDATION_PREFIXES = ("bang khen", "giay khen", "huan chuong", "huy chuong", "ky niem chuong", "giai thuong")


def is_commendation(name: str) -> bool:
    return fold(name).startswith(COMMENDATION_PREFIXES)


async def movement_rows(db: Database, year: BlocYear, units: list) -> list[MovementRow]:
    """The year's thematic movements, oldest first, each unit taking part in Vietnamese order."""
    names = {u.id: u.name for u in units}
    rows = []
    async with db.reading() as conn:
        for m in reversed(await movement_repo.of_year(conn, year.id)):
            taking_part = await movement_repo.participants(conn, m.id)
            parts = [(names[u], p.targets if p.registered_at else None, p.reported_at, p.commend_reason)
                     for u, p in taking_part.items() if u in names]
            parts.sort(key=lambda part: vi_sort_key(part[0]))
            rows.append(MovementRow(m.number, m.title, m.occasion, m.starts_on, m.ends_on, m.status == "closed", parts))
    return rows


@dataclass(frozen=True)
class ClosedVote:
    view: VoteView
    minutes: VoteMinutes


async def _rendered(name: str, extension: str, mime: str, render: Callable[[], bytes]) -> OutFile:
    return OutFile(f"{slug(name)}.{extension}", await asyncio.to_thread(render), mime)


class ReportService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, assessment: AssessmentService,
                 registration: RegistrationService, conference: ConferenceService | None = None) -> None:
        self.conference = conference
        self.db = db
        self.clock = clock
        self.tz = tz
        self.assessment = assessment
        self.registration = registration

    async def report(self, actor: Actor) -> YearReport:
        return await self.report_of(actor.admin_year(), actor)

    async def report_of(self, year: BlocYear, actor: Actor) -> YearReport:
        async with self.db.reading() as conn:
            settings = await blocs.document_settings(conn, year.bloc_id)
        # The superior body and the place are the bloc's settings (a marked blank while unset); the number is
        # the records clerk's to give. The date is the document's own: the minutes take the count's or the
        # meeting's, and nothing here is dated the day of the export.
        header = DocumentHeader(style="party", issuer=year.bloc_name, superior=settings.superior_body,
                                place=settings.place, date=None, number=None)
        ranked = await self.assessment.ranking_of(year)
        ranking = [RankingRow(r.no, r.rank, r.unit_name, r.self_total, r.checked_total, r.bonus, r.penalty, r.final,
                              r.note) for r in ranked]
        async with self.db.reading() as conn:
            units = sorted(await blocs.member_units(conn, year.id), key=lambda u: vi_sort_key(u.name))
        annex = []
        for unit in units:
            try:
                view = await self.assessment.sheet_of(year, unit)
            except Exception:  # no criteria table this year: there is no annex to give
                break
            if view.sheet is None or view.status == "draft":
                continue
            for criterion in view.table.criteria:
                layer = view.layers.get(criterion.code, {})

                def points(name: str, layer: dict = layer) -> Decimal | None:
                    entry = layer.get(name)
                    return from_centi(entry.points_centi) if entry is not None else None

                explanation = layer.get("explanation")
                annex.append(CriterionAnnexRow(unit.name, criterion.code, criterion.title, criterion.max_points,
                                               points("self"), points("check1"),
                                               explanation.note if explanation else None, points("check2"),
                                               view.final_points.get(criterion.code), criterion.group or None))
        summary = await self.registration.summary(actor)
        names = dict(summary.titles)
        registrations = []
        for u, r in summary.units:
            chosen = [names.get(c, c) for c in (r.titles if r else [])]
            registrations.append(RegistrationRow(
                u.name, [n for n in chosen if not is_commendation(n)], bool(r and r.cultured), r.staff if r else None,
                r.advanced_workers if r else None, r.emulation_soldiers if r else None,
                bool(r and r.status == "submitted"), [n for n in chosen if is_commendation(n)]))
        covenant = await self.registration.covenant_status(actor)
        signatures = []
        if covenant.covenant is not None:
            signatures = [SignatureRow(u.name, signer, at, covenant.covenant.version)
                          for u, at, signer in covenant.signed]
            signatures += [SignatureRow(u.name, None, None, covenant.covenant.version) for u in covenant.unsigned]
        closed = await self.closed_votes(year)
        turnout = []
        async with self.db.reading() as conn:
            for vote in await vote_repo.of_year(conn, year.id):
                if vote.status == "draft":
                    continue
                roll = set(await vote_repo.roll(conn, vote.id))
                voted = set(await vote_repo.participants(conn, vote.id))
                turnout += [TurnoutRow(vote.title, u.name, u.id in voted) for u in units if u.id in roll]
            acks = []
            for notice in reversed(await notice_repo.of_year(conn, year.id)):
                if not notice.ask_ack:
                    continue
                received = await notice_repo.acks(conn, notice.id)
                recipients = set(await notice_repo.recipients(conn, notice.id))
                acks += [NoticeAckRow(str(notice.number), u.name, received.get(u.id))
                     for u in units if u.id in recipients]
        heads = [c for c in closed if c.view.vote.kind == "head" and c.minutes.elected]
        deputies = [c for c in closed if c.view.vote.kind == "deputy" and c.minutes.elected]
        meeting = MeetingMinutes(
            bloc=year.bloc_name, year=year.year, held_at=None, place=None, chair=None, secretary=None,
            attendance=None, ranking=ranking, votes=[c.minutes for c in closed],
            next_head=heads[-1].minutes.elected[0] if heads else None,
            next_deputy=deputies[-1].minutes.elected[0] if deputies else None, units=[u.name for u in units])
        view = await self.conference.view_of(year) if self.conference is not None else None
        if view is not None and view.conference.opened_at is not None:
            meeting = await self._held(meeting, view, units)
        movements = await movement_rows(self.db, year, units)
        meeting = replace(meeting, movements=movements)
        finals = {r.unit: r.final for r in ranking}
        proposals = []
        for c in closed:
            if c.view.vote.kind != "award":
                continue
            shares = {label: percent for label, _, percent, _ in c.minutes.options}
            proposals += [(c.view.vote.title, unit, finals.get(unit), shares.get(unit)) for unit in c.minutes.elected]
        submission = Submission(year.bloc_name, year.year, proposals, None, None) if proposals else None
        return YearReport(header, year.bloc_name, year.year, ranking, annex, registrations, signatures, turnout, acks,
                          [c.minutes for c in closed], meeting, submission, movements=movements)

    async def _held(self, meeting: MeetingMinutes, view: ConferenceView, units: list) -> MeetingMinutes:
        """The minutes of the conference as it was recorded: its times, who chaired and kept the minutes, who
        came for which unit and who did not (a unit never marked counts as absent without a reason), and the
        proceedings as drafted and corrected by the secretary. Before it opened, nothing of it is known."""
        conference = view.conference
        attendance = []
        for unit in units:
            row = view.attendance.get(unit.id)
            if row is None or not row.present:
                attendance.append(AttendanceRow(unit.name, False, (), row.reason if row else None))
                continue
            delegates = tuple(n for n in (row.delegate or "").split(", ") if n)
            attendance.append(AttendanceRow(unit.name, True, delegates, None, row.late))
        closed = conference.status in ("closed", "final")
        assert self.conference is not None
        return replace(meeting, held_at=conference.opened_at.astimezone(self.tz) if conference.opened_at else None,
                       place=conference.place, chair=conference.chair, secretary=view.secretary,
                       attendance=attendance, guests=tuple(conference.guests),
                       closed_at=conference.closed_at.astimezone(self.tz) if conference.closed_at else None,
                       copies=conference.copies,
                       proceedings=tuple(await self.conference.lines_of(view)) if closed else ())

    async def missing_settings(self, actor: Actor) -> list[str]:
        """The header settings the administered bloc lacks ("superior_body", "place"): the documents leave them
        blank, and the head is told which."""
        year = actor.admin_year()
        async with self.db.reading() as conn:
            return missing_settings(await blocs.document_settings(conn, year.bloc_id))

    async def summary_file(self, actor: Actor) -> OutFile:
        report = await self.with_trail(await self.report(actor), actor.admin_year())
        return await _rendered(VI.file_summary.format(year=report.year), "xlsx", XLSX_MIME,
                               lambda: summary_workbook(report))

    async def with_trail(self, report: YearReport, year: BlocYear) -> YearReport:
        """The report with the year's audit trail, for the «Nhật ký» sheet of the xlsx summary."""
        return replace(report, trail=await AuditService(self.db, self.tz).rows_of(year))

    async def ranking_chart_file(self, actor: Actor, title: str) -> OutFile | None:
        """None before anything is ranked."""
        report = await self.report(actor)
        if not report.ranking:
            return None
        return await _rendered(VI.file_ranking_chart.format(year=report.year), "png", PNG_MIME,
                               lambda: ranking_chart(list(report.ranking), title))

    async def vote_minutes_file(self, actor: Actor, vote_id: int) -> tuple[str, OutFile]:
        """The vote's title and the minutes of its count; only for a closed vote of the administered year."""
        closed = [c for c in await self.closed_votes(actor.admin_year()) if c.view.vote.id == vote_id]
        if not closed:
            raise Refused("vote_not_found")
        report, minutes = await self.report(actor), closed[0].minutes
        title = closed[0].view.vote.title
        return title, await _rendered(VI.file_vote_minutes.format(title=title), "docx", DOCX_MIME,
                                      lambda: vote_minutes_docx(report.header, minutes))

    async def meeting_file(self, actor: Actor) -> OutFile:
        report = await self.report(actor)
        meeting = report.meeting
        assert meeting is not None  # the meeting minutes are built for every year
        return await _rendered(VI.file_meeting.format(year=report.year), "docx", DOCX_MIME,
                               lambda: meeting_minutes_docx(report.header, meeting))

    async def submission_file(self, actor: Actor) -> OutFile | None:
        """None while no unit is proposed for an award."""
        report = await self.report(actor)
        submission = report.submission
        if submission is None:
            return None
        return await _rendered(VI.file_submission.format(year=report.year), "docx", DOCX_MIME,
                               lambda: submission_docx(report.header, submission))

    async def closed_votes(self, year: BlocYear) -> list[ClosedVote]:
        result = []
        async with self.db.reading() as conn:
            votes = [v for v in await vote_repo.of_year(conn, year.id) if v.status == "closed" and v.result]
            # storage.votes.VoteRow does not carry the closing time yet; the count happens at the closing
            async with query(conn, "SELECT id, closed_at FROM vote WHERE year_id = ? AND closed_at IS NOT NULL",
                             (year.id,)) as cur:
                counted = {row["id"]: from_db(row["closed_at"]) for row in await cur.fetchall()}
            for vote in votes:
                view = VoteView(vote, await vote_repo.options(conn, vote.id), await vote_repo.roll(conn, vote.id),
                                await vote_repo.participants(conn, vote.id))
                result.append(ClosedVote(view, self._minutes(view, year, counted.get(vote.id))))
        return result

    def _minutes(self, view: VoteView, year: BlocYear, counted_at: datetime | None) -> VoteMinutes:
        vote, tally = view.vote, view.vote.result or {}
        share = "percent_of_members" if tally.get("denominator") == "members" else "percent_of_cast"
        options = [(answer_label("vi", view, row["option"]), row["votes"], Decimal(str(row[share])), row["elected"])
                   for row in tally.get("rows", [])]
        held = counted_at or vote.opened_at or self.clock.now()
        # The vote service counts with the default rules' treatment of blank ballots (votes do not store it);
        # a ballot refused as blank shows the other rule was in force.
        blank_valid = Rules().blank_allowed and not tally.get("invalid_by", {}).get("BLANK_NOT_ALLOWED")
        return VoteMinutes(
            title=vote.title, kind=vote.kind, held_at=held.astimezone(self.tz), place=vote.place,
            committee=[(name, role) for name, role in (vote.committee or [])],
            issued=tally.get("issued", 0), cast=tally.get("cast", 0), valid=tally.get("valid", 0),
            invalid=tally.get("invalid", 0), blank=tally.get("blank", 0), members=tally.get("members", 0),
            quorum_needed=tally.get("quorum_needed", 0), quorum_met=bool(tally.get("quorum_met")),
            denominator=tally.get("denominator", "members"), rule_text=rules_text("vi", tally.get("rule_applied", [])),
            options=options,
            outcome_text=outcome_text("vi", view, tally.get("outcome", ""), tally.get("elected", []),
                                      tally.get("runoff_options", [])),
            elected=[answer_label("vi", view, o) for o in tally.get("elected", [])], year=year.year,
            blank_valid=bool(blank_valid), outcome=tally.get("outcome", ""),
            tied=[answer_label("vi", view, o) for o in tally.get("runoff_options", [])])
