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
    CriterionAnnexRow,
    DocumentHeader,
    MeetingMinutes,
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
from bot.services.assessment import AssessmentService, from_centi
from bot.services.audit import AuditService
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.services.registration import RegistrationService
from bot.services.vote_text import answer_label, outcome_text, rules_text
from bot.services.votes import VoteView
from bot.text.messages import DOCX_MIME, PNG_MIME, XLSX_MIME, OutFile
from bot.text.vi_text import vi_sort_key
from storage import blocs
from storage import notices as notice_repo
from storage import votes as vote_repo
from storage.db import Database
from storage.rows import BlocYear

BLANK_PLACE = "………"


@dataclass(frozen=True)
class ClosedVote:
    view: VoteView
    minutes: VoteMinutes


async def _rendered(name: str, extension: str, mime: str, render: Callable[[], bytes]) -> OutFile:
    return OutFile(f"{slug(name)}.{extension}", await asyncio.to_thread(render), mime)


class ReportService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, assessment: AssessmentService,
                 registration: RegistrationService) -> None:
        self.db = db
        self.clock = clock
        self.tz = tz
        self.assessment = assessment
        self.registration = registration

    async def report(self, actor: Actor) -> YearReport:
        return await self.report_of(actor.admin_year(), actor)

    async def report_of(self, year: BlocYear, actor: Actor) -> YearReport:
        today = self.clock.now().astimezone(self.tz)
        # the bot cannot know the place, the superior body or the number: left as clear blanks to fill in
        header = DocumentHeader(style="party", issuer=year.bloc_name.upper(), superior=None, place=BLANK_PLACE,
                                date=today.date(), number=None)
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
                                               view.final_points.get(criterion.code)))
        summary = await self.registration.summary(actor)
        names = dict(summary.titles)
        registrations = [RegistrationRow(u.name, [names.get(c, c) for c in (r.titles if r else [])],
                                         bool(r and r.cultured), r.staff if r else None,
                                         r.advanced_workers if r else None, r.emulation_soldiers if r else None,
                                         bool(r and r.status == "submitted")) for u, r in summary.units]
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
            bloc=year.bloc_name, year=year.year, held_at=self.clock.now().astimezone(self.tz), place=BLANK_PLACE,
            chair=None, secretary=None,
            attendance=[(u.name, True, None) for u in units], ranking=ranking, votes=[c.minutes for c in closed],
            next_head=heads[-1].minutes.elected[0] if heads else None,
            next_deputy=deputies[-1].minutes.elected[0] if deputies else None)
        finals = {r.unit: r.final for r in ranking}
        proposals = []
        for c in closed:
            if c.view.vote.kind != "award":
                continue
            shares = {label: percent for label, _, percent, _ in c.minutes.options}
            proposals += [(c.view.vote.title, unit, finals.get(unit), shares.get(unit)) for unit in c.minutes.elected]
        submission = Submission(year.bloc_name, year.year, proposals, None, None) if proposals else None
        return YearReport(header, year.bloc_name, year.year, ranking, annex, registrations, signatures, turnout, acks,
                          [c.minutes for c in closed], meeting, submission)

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
            for vote in votes:
                view = VoteView(vote, await vote_repo.options(conn, vote.id), await vote_repo.roll(conn, vote.id),
                                await vote_repo.participants(conn, vote.id))
                result.append(ClosedVote(view, self._minutes(view)))
        return result

    def _minutes(self, view: VoteView) -> VoteMinutes:
        vote, tally = view.vote, view.vote.result or {}
        share = "percent_of_members" if tally.get("denominator") == "members" else "percent_of_cast"
        options = [(answer_label("vi", view, row["option"]), row["votes"], Decimal(str(row[share])), row["elected"])
                   for row in tally.get("rows", [])]
        held = vote.opened_at or datetime.now(self.tz)
        return VoteMinutes(
            title=vote.title, kind=vote.kind, held_at=held.astimezone(self.tz), place=vote.place or BLANK_PLACE,
            committee=[(name, role) for name, role in (vote.committee or [])],
            issued=tally.get("issued", 0), cast=tally.get("cast", 0), valid=tally.get("valid", 0),
            invalid=tally.get("invalid", 0), blank=tally.get("blank", 0), members=tally.get("members", 0),
            quorum_needed=tally.get("quorum_needed", 0), quorum_met=bool(tally.get("quorum_met")),
            denominator=tally.get("denominator", "members"), rule_text=rules_text("vi", tally.get("rule_applied", [])),
            options=options,
            outcome_text=outcome_text("vi", view, tally.get("outcome", ""), tally.get("elected", []),
                                      tally.get("runoff_options", [])),
            elected=[answer_label("vi", view, o) for o in tally.get("elected", [])])
