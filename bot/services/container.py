"""The services one running bot shares, built once from the settings and the database."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.services.assessment import AssessmentService
from bot.services.audit import AuditService
from bot.services.bloc_settings import BlocSettingsService
from bot.services.conference import ConferenceService
from bot.services.deadlines import DeadlineService
from bot.services.deliveries import DeliveriesService
from bot.services.dialogs import DialogService
from bot.services.movements import MovementService
from bot.services.notices import NoticeService
from bot.services.onboarding import OnboardingService
from bot.services.outbox import OutboxService
from bot.services.people import PeopleService
from bot.services.registration import RegistrationService
from bot.services.reminder_notes import ReminderText
from bot.services.reminders import ReminderService
from bot.services.reports import ReportService
from bot.services.votes import VoteService
from storage.db import Database


@dataclass
class Services:
    db: Database
    clock: Clock
    tz: ZoneInfo
    super_admin_ids: frozenset[int]
    people: PeopleService
    onboarding: OnboardingService
    dialogs: DialogService
    assessment: AssessmentService
    reminders: ReminderService
    deadlines: DeadlineService
    votes: VoteService
    registration: RegistrationService
    notices: NoticeService
    reports: ReportService
    bloc_settings: BlocSettingsService
    deliveries: DeliveriesService
    outbox: OutboxService
    audit: AuditService
    conference: ConferenceService
    movements: MovementService

    @classmethod
    def build(cls, db: Database, clock: Clock, tz: ZoneInfo, super_admin_ids: frozenset[int],
              default_language: str = "vi", reminder_text: ReminderText | None = None) -> Services:
        """`reminder_text` words what the reminder sweep sends (handlers/reminder_text.py); without it the
        services plan reminders but cannot send them."""
        people = PeopleService(db, clock, super_admin_ids, default_language)
        outbox = OutboxService(db, clock)
        assessment = AssessmentService(db, clock, outbox)
        votes = VoteService(db, clock, assessment)
        registration = RegistrationService(db, clock)
        reminders = ReminderService(db, clock, tz, people, assessment, votes, outbox, reminder_text)
        reminders.timed.append(conference := ConferenceService(db, clock, tz, outbox, votes))
        return cls(
            db=db,
            clock=clock,
            tz=tz,
            super_admin_ids=super_admin_ids,
            people=people,
            onboarding=OnboardingService(db, clock, default_language),
            dialogs=DialogService(db, clock),
            assessment=assessment,
            reminders=reminders,
            deadlines=DeadlineService(db, clock, tz, reminders),
            votes=votes,
            registration=registration,
            notices=NoticeService(db, clock, outbox),
            reports=ReportService(db, clock, tz, assessment, registration, conference),
            bloc_settings=BlocSettingsService(db, clock),
            deliveries=DeliveriesService(db, clock, outbox, tz),
            outbox=outbox,
            audit=AuditService(db, tz),
            conference=conference,
            movements=MovementService(db, clock, tz, outbox, reminders),
        )
