"""The audit trail, readable: a year's `audit_event` rows worded for people, for the chat and the xlsx summary.

Only the admins of the year (and super-admins) read it. The vote code writes what a vote was and its result,
never a ballot or who cast which (tests/e2e/test_audit_trail.py checks it), so nothing here can show one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from bot.documents.model import TrailRow
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.text.catalogue import MESSAGES, t
from bot.text.vi_text import format_datetime, format_score, vi_sort_key
from storage import audit as repo
from storage import blocs
from storage import votes as vote_repo
from storage.db import Database
from storage.rows import BlocYear, Unit

# the filter buttons: each kind of action belongs to one group, worded by `audit.kind.<group>`
KINDS: Mapping[str, tuple[str, ...]] = {
    "units": ("bloc.created", "year.opened", "bloc.document_settings", "unit.added", "units.imported",
              "invite.issued", "invite.revoked",
              "representative.joined", "representative.removed", "leadership.head", "leadership.deputy",
              "identity.linked"),
    "reg": ("registration.submitted", "covenant.published", "covenant.signed"),
    "score": ("criteria.loaded", "assessment.allow_resubmit", "sheet.submitted", "sheet.returned",
              "sheet.explained", "sheet.reopened", "checking.closed"),
    "dead": ("deadline.set", "deadline.extended", "reminders.rule"),
    "notice": ("notice.sent",),
    "vote": ("vote.created", "vote.opened", "vote.closed"),
    "movement": ("movement.launched", "movement.registered", "movement.reported", "movement.commended",
                 "movement.uncommended", "movement.closed"),
    "conf": ("conference.created", "conference.secretary", "conference.rule", "conference.item_added",
             "conference.item_removed", "conference.item_moved", "conference.invited", "conference.checked_in",
             "conference.marked_present", "conference.marked_late", "conference.marked_absent",
             "conference.delegated", "conference.opened", "conference.item_opened", "conference.item_postponed",
             "conference.item_closed", "conference.closed", "conference.corrected", "conference.finalized"),
}
ACTIONS = frozenset(a for group in KINDS.values() for a in group)


@dataclass(frozen=True)
class TrailLine:
    at: datetime
    who: str  # the person's name, or the bot itself
    unit: str | None  # whom the person spoke for then ("system administrator" for a super-admin); None for the bot
    what: str


@dataclass(frozen=True)
class Trail:
    year: BlocYear
    units: list[Unit]  # the year's member units, in Vietnamese order, for the unit filter
    lines: list[TrailLine]  # newest first, filtered
    unit: Unit | None
    kind: str | None


@dataclass
class _Lookups:
    units: dict[int, str]
    people: dict[int, str]
    votes: dict[int, tuple[str, dict[str, str]]]  # vote id: title, option labels


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


class AuditService:
    def __init__(self, db: Database, tz: ZoneInfo) -> None:
        self.db = db
        self.tz = tz

    async def trail(self, actor: Actor, unit_id: int | None = None, kind: str | None = None) -> Trail:
        """The administered year's trail, newest first, limited to one unit and/or one group of actions."""
        year = actor.admin_year()
        if kind is not None and kind not in KINDS:
            raise Refused("audit_filter_unknown")
        units = await self.units(actor)
        unit = None
        if unit_id is not None:
            unit = next((u for u in units if u.id == unit_id), None)
            if unit is None:
                raise Refused("audit_filter_unknown")
        lines = await self._lines(year, actor.language, unit_id, kind)
        return Trail(year, units, lines, unit, kind)

    async def units(self, actor: Actor) -> list[Unit]:
        """The units the trail can be limited to: the administered year's members, in Vietnamese order."""
        year = actor.admin_year()
        async with self.db.reading() as conn:
            return sorted(await blocs.member_units(conn, year.id), key=lambda u: vi_sort_key(u.name))

    async def rows_of(self, year: BlocYear) -> list[TrailRow]:
        """The whole trail of a year in Vietnamese, oldest first, as the documents record it."""
        return [TrailRow(x.at, x.who, x.unit, x.what) for x in reversed(await self._lines(year, "vi", None, None))]

    async def _lines(self, year: BlocYear, lang: str, unit_id: int | None, kind: str | None) -> list[TrailLine]:
        async with self.db.reading() as conn:
            events = await repo.events(conn, year.id)
            spans = await repo.representations(conn, year.bloc_id)
            units = {u.id: u.name for u in (await blocs.units_with_keys(conn, year.bloc_id)).values()}
            removed = [i for e in events if (i := _int(e.detail.get("removed_person_id"))) is not None]
            people = await repo.person_names(conn, removed)
            votes = {}
            for vote_id in {i for e in events if (i := _int(e.detail.get("vote_id"))) is not None}:
                vote = await vote_repo.get(conn, vote_id)
                if vote is not None:
                    votes[vote_id] = (vote.title, {o.option_id: o.label
                                                   for o in await vote_repo.options(conn, vote_id)})
        look = _Lookups(units, people, votes)
        wanted = KINDS[kind] if kind is not None else None
        lines = []
        for event in events:
            if wanted is not None and event.action not in wanted:
                continue
            spoke_for = self._unit_at(spans, event.person_id, event.at)
            if unit_id is not None and unit_id not in (spoke_for, _int(event.detail.get("unit_id"))):
                continue
            if event.person_id is None:
                who, unit = t("audit.system", lang), None
            else:
                # someone who acts on a bloc without speaking for one of its units is a super-admin
                who = event.person_name or t("audit.missing", lang)
                unit = units.get(spoke_for) if spoke_for is not None else t("audit.super", lang)
            lines.append(TrailLine(event.at, who, unit, self._what(event, look, lang)))
        return lines

    @staticmethod
    def _unit_at(spans: list[repo.Representation], person_id: int | None, at: datetime) -> int | None:
        """The unit the person spoke for at that time (the latest they had joined, if none is current)."""
        if person_id is None:
            return None
        mine = [s for s in spans if s.person_id == person_id and s.joined_at <= at]
        current = [s for s in mine if s.removed_at is None or at < s.removed_at]
        pool = current or mine
        return pool[-1].unit_id if pool else None

    def _what(self, event: repo.AuditEvent, look: _Lookups, lang: str) -> str:
        key = f"audit.action.{event.action}"
        if key not in MESSAGES:  # an action written by newer code than this list: still shown, by its name
            return t("audit.action.unknown", lang, action=event.action)
        d = event.detail
        text = t(key, lang, **self._params(d, look, lang))
        reason = d.get("reason")
        if isinstance(reason, str) and reason.strip():
            text += t("audit.reason", lang, reason=reason.strip())
        return text

    def _params(self, d: dict[str, object], look: _Lookups, lang: str) -> dict[str, object]:
        missing = t("audit.missing", lang)
        unit_id = _int(d.get("unit_id"))
        unit = look.units.get(unit_id) if unit_id is not None else None
        vote_id = _int(d.get("vote_id"))
        title, labels = look.votes.get(vote_id or 0, (str(d.get("title") or missing), {}))
        elected = d.get("elected")
        elected_text = ", ".join(labels.get(str(o), str(o)) for o in elected) if isinstance(elected, list) else ""
        step = str(d.get("step") or "")
        kind = str(d.get("kind") or "")
        counted = d.get("units") if isinstance(d.get("units"), list) else d.get("roll")
        removed = _int(d.get("removed_person_id"))
        return {
            "unit": unit or str(d.get("name") or missing),
            "name": d.get("name") or missing,
            "superior_body": d.get("superior_body") or missing,
            "place": d.get("place") or missing,
            "year": d.get("year") or missing,
            "from_year": d.get("from_year") or missing,
            "added": d.get("added", 0),
            "skipped": d.get("skipped", 0),
            "removed": look.people.get(removed, missing) if removed is not None else missing,
            "channel": str(d.get("channel") or missing).capitalize(),
            "version": d.get("version") or missing,
            "fingerprint": d.get("fingerprint") or missing,
            "total": self._score(d.get("total")) or missing,
            "receipt": d.get("receipt") or missing,
            "adjusted": len(d["adjusted"]) if isinstance(d.get("adjusted"), list) else 0,
            "step": t(f"step.{step}", lang) if f"step.{step}" in MESSAGES else step or missing,
            "due": self._when(d.get("due_at")) or missing,
            "number": d.get("number") or missing,
            "count": len(counted) if isinstance(counted, list) else 0,
            "title": title,
            "kind": t(f"vote.kind.{kind}", lang) if f"vote.kind.{kind}" in MESSAGES else kind or missing,
            "elected": elected_text or t("audit.nobody", lang),
            "allow": t("audit.allowed" if d.get("allow") else "audit.not_allowed", lang),
        }

    @staticmethod
    def _score(value: object) -> str | None:
        try:
            return format_score(Decimal(str(value))) if value is not None else None
        except InvalidOperation:
            return None

    def _when(self, value: object) -> str | None:
        # times in the detail were written as str() of an aware datetime
        try:
            moment = datetime.fromisoformat(str(value)) if value else None
        except ValueError:
            return None
        if moment is None or moment.tzinfo is None:
            return None
        return format_datetime(moment, self.tz)
