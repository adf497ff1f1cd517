"""The year-end conference (hội nghị tổng kết): prepared by the head, attended by the units, chaired through its
agenda, and written up as minutes from what was recorded.

Who may do what is checked here for every step: the head's admins prepare and chair; the secretary (a named
person among the representatives) marks attendance and corrects the drafted minutes; a representative checks in
and authorizes a delegate only for their own unit. Whatever goes to the units (invitations, the day-before
reminder, ballots, the covenant prompt) is stored in the outbox in the same transaction as the conference's own
rows, worded by renderers the handlers hand in.

Quorum is data of the conference: `quorum` (bot.domain.tally.Quorum) says how many member units must be present
for the conference, and `vote_base` whether each vote's quorum and majority are counted over the units present
or over every member unit. A vote opened at an agenda item has the units present as its roll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import aiosqlite

from bot.documents.proceedings import DelegationFacts, ItemFacts, draft_lines
from bot.domain.clock import Clock
from bot.domain.reminder_rules import out_of_quiet
from bot.domain.tally import Quorum, quorum_needed
from bot.services.outbox import OutboxService, addressed, message_body, reply_from_body
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.services.votes import Closed, Opened, VoteMessages, VoteService
from bot.text.messages import Reply
from bot.text.vi_text import parse_datetime_vi, vi_sort_key
from storage import audit, blocs, people
from storage import conference as repo
from storage import registration as registration_repo
from storage import votes as vote_repo
from storage.conference import ITEM_KINDS, Attendance, Conference, Delegation, Item
from storage.db import Database
from storage.rows import BlocYear, Unit

# the vote kind an agenda item of these kinds opens
VOTE_KINDS = {"review": "award", "head": "head", "deputy": "deputy"}
QUORUMS = [q.value for q in Quorum]
VOTE_BASES = ("present", "members")
# delegates check in from this long before the start until the conference closes
CHECK_IN_OPENS = timedelta(hours=3)
REMIND_BEFORE = timedelta(days=1)
TITLE_LIMIT = 300
LINE_LIMIT = 200
MAX_GUESTS = 10
MAX_ITEMS = 20
PREPARING = ("planned", "invited")


@dataclass(frozen=True)
class ConferenceView:
    conference: Conference
    items: list[Item]
    units: list[Unit]  # the year's member units, in Vietnamese order
    attendance: dict[int, Attendance]
    delegations: dict[int, Delegation]
    secretary: str | None  # the secretary's name
    people: dict[int, str] = field(default_factory=dict)  # names of who delegated or checked in

    @property
    def present(self) -> list[Unit]:
        return [u for u in self.units if (a := self.attendance.get(u.id)) is not None and a.present]

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(Quorum(self.conference.quorum), len(self.units))

    @property
    def quorum_met(self) -> bool:
        return len(self.present) >= self.quorum_needed

    @property
    def vote_members(self) -> int:
        """What each vote's quorum and majority are counted over, by the conference's rule."""
        return len(self.present) if self.conference.vote_base == "present" else len(self.units)

    @property
    def vote_quorum_needed(self) -> int:
        return quorum_needed(Quorum.TWO_THIRDS, self.vote_members)

    @property
    def current(self) -> Item | None:
        return next((i for i in self.items if i.status == "open"), None)

    def item(self, item_id: int) -> Item:
        found = next((i for i in self.items if i.id == item_id), None)
        if found is None:
            raise Refused("conference_item_not_found")
        return found


@dataclass(frozen=True)
class ItemClosed:
    item: Item
    closed: Closed | None  # the vote counted and announced at the item, if it had one
    signed: tuple[int, int] | None  # the covenant signatures at its item: signed, of


class ConferenceService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, outbox: OutboxService, votes: VoteService) -> None:
        self.db = db
        self.clock = clock
        self.tz = tz
        self.outbox = outbox
        self.votes = votes

    # --- reading ------------------------------------------------------------------------------------------

    async def _view(self, conn: aiosqlite.Connection, conference: Conference) -> ConferenceView:
        units = sorted(await blocs.member_units(conn, conference.year_id), key=lambda u: vi_sort_key(u.name))
        attendance = await repo.attendance(conn, conference.id)
        delegations = await repo.delegations(conn, conference.id)
        ids = {d.by_person for d in delegations.values()}
        if conference.secretary_id is not None:
            ids.add(conference.secretary_id)
        names = {}
        for pid in ids:
            person = await people.get_person(conn, pid)
            if person is not None:
                names[pid] = person.full_name
        secretary = names.get(conference.secretary_id) if conference.secretary_id is not None else None
        return ConferenceView(conference, await repo.items(conn, conference.id), units, attendance, delegations,
                              secretary, names)

    async def view_of(self, year: BlocYear) -> ConferenceView | None:
        async with self.db.reading() as conn:
            conference = await repo.of_year(conn, year.id)
            return await self._view(conn, conference) if conference else None

    async def current(self, actor: Actor) -> ConferenceView | None:
        """The administered year's conference (None before the head created it)."""
        return await self.view_of(actor.admin_year())

    async def _admin_view(self, actor: Actor) -> ConferenceView:
        view = await self.current(actor)
        if view is None:
            raise Refused("conference_none")
        return view

    async def _own_view(self, actor: Actor, conference_id: int) -> ConferenceView:
        """The conference of the actor's own year (a representative's unit's, or the administered one)."""
        if actor.year is None:
            raise Refused("not_registered")
        view = await self.view_of(actor.year)
        if view is None or view.conference.id != conference_id:
            raise Refused("conference_none")
        return view

    async def for_secretary(self, actor: Actor) -> ConferenceView:
        """The conference the actor is the secretary of (or, for the head's admins, theirs to follow)."""
        if actor.year is None or actor.person is None:
            raise Refused("not_registered")
        view = await self.view_of(actor.year)
        if view is None:
            raise Refused("conference_none")
        if view.conference.secretary_id != actor.person.id:
            raise Refused("conference_not_secretary")
        return view

    # --- preparing -----------------------------------------------------------------------------------------

    async def create(self, actor: Actor, text: str) -> ConferenceView:
        """From the head's typed lines: title; date and time; place; chair; guests (optional, "; " between)."""
        year = actor.admin_year()
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if not 4 <= len(lines) <= 5 or any(len(line) > TITLE_LIMIT for line in lines):
            raise Refused("conference_invalid")
        now = self.clock.now()
        starts_at = parse_datetime_vi(lines[1], self.tz, now)
        if starts_at is None or starts_at <= now or len(lines[3]) > LINE_LIMIT:
            raise Refused("conference_invalid")
        guests = [g.strip() for g in lines[4].split(";") if g.strip()] if len(lines) == 5 else []
        if len(guests) > MAX_GUESTS or any(len(g) > LINE_LIMIT for g in guests):
            raise Refused("conference_invalid")
        async with self.db.transaction() as conn:
            if await repo.of_year(conn, year.id) is not None:
                raise Refused("conference_exists")
            conference_id = await repo.create(conn, year.id, lines[0], starts_at, lines[2], lines[3], guests, now,
                                              _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "conference.created", title=lines[0],
                               conference_id=conference_id, starts_at=starts_at)
        return await self._admin_view(actor)

    async def _preparing(self, actor: Actor) -> ConferenceView:
        view = await self._admin_view(actor)
        if view.conference.status not in PREPARING:
            raise Refused("conference_started")
        return view

    async def secretaries(self, actor: Actor) -> list[tuple[int, str, str]]:
        """(person, name, unit) of every representative of a member unit: who may be the secretary."""
        view = await self._admin_view(actor)
        names = {u.id: u.name for u in view.units}
        async with self.db.reading() as conn:
            reps = await people.representatives_of(conn, list(names))
        return [(r.person_id, r.full_name, names[r.unit_id]) for r in reps]

    async def set_secretary(self, actor: Actor, person_id: int) -> ConferenceView:
        view = await self._admin_view(actor)
        if view.conference.status in ("closed", "final"):
            raise Refused("conference_closed")
        if person_id not in {p for p, _, _ in await self.secretaries(actor)}:
            raise Refused("conference_secretary_invalid")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.update(conn, view.conference.id, secretary_id=person_id)
            person = await people.get_person(conn, person_id)
            await audit.record(conn, now, _pid(actor), actor.admin_year(), "conference.secretary",
                               name=person.full_name if person else "")
        return await self._admin_view(actor)

    async def set_rule(self, actor: Actor, rule: str) -> ConferenceView:
        """Steps the conference's quorum, or what votes are counted over, to its next value."""
        view = await self._preparing(actor)
        conference = view.conference
        if rule == "quorum":
            change = {"quorum": QUORUMS[(QUORUMS.index(conference.quorum) + 1) % len(QUORUMS)]}
        elif rule == "base":
            change = {"vote_base": VOTE_BASES[(VOTE_BASES.index(conference.vote_base) + 1) % len(VOTE_BASES)]}
        else:
            raise Refused("conference_item_not_found")
        async with self.db.transaction() as conn:
            await repo.update(conn, conference.id, **change)
            await audit.record(conn, self.clock.now(), _pid(actor), actor.admin_year(), "conference.rule",
                               name=next(iter(change.values())))
        return await self._admin_view(actor)

    async def add_item(self, actor: Actor, kind: str, title: str) -> ConferenceView:
        view = await self._preparing(actor)
        title = " ".join(title.split())
        if kind not in ITEM_KINDS or not 1 <= len(title) <= TITLE_LIMIT:
            raise Refused("conference_item_invalid")
        if len(view.items) >= MAX_ITEMS:
            raise Refused("conference_item_invalid")
        async with self.db.transaction() as conn:
            await repo.add_item(conn, view.conference.id, kind, title)
            await audit.record(conn, self.clock.now(), _pid(actor), actor.admin_year(), "conference.item_added",
                               number=len(view.items) + 1, name=title, kind=kind)
        return await self._admin_view(actor)

    async def remove_item(self, actor: Actor, item_id: int) -> ConferenceView:
        view = await self._preparing(actor)
        item = view.item(item_id)
        async with self.db.transaction() as conn:
            await repo.remove_item(conn, view.conference.id, item.id)
            await audit.record(conn, self.clock.now(), _pid(actor), actor.admin_year(), "conference.item_removed",
                               number=item.position, name=item.title)
        return await self._admin_view(actor)

    async def move_up(self, actor: Actor, item_id: int) -> ConferenceView:
        view = await self._preparing(actor)
        item = view.item(item_id)
        if item.position == 1:
            return view
        order = [i.id for i in view.items]
        index = order.index(item.id)
        order[index - 1], order[index] = order[index], order[index - 1]
        async with self.db.transaction() as conn:
            await repo.renumber(conn, view.conference.id, order)
            await audit.record(conn, self.clock.now(), _pid(actor), actor.admin_year(), "conference.item_moved",
                               number=item.position - 1, name=item.title)
        return await self._admin_view(actor)

    async def invite(self, actor: Actor, invitation: Callable[[Conference], Reply],
                     reminder: Callable[[Conference], Reply]) -> tuple[ConferenceView, int]:
        """Invites every member unit (the copies stored with the change) and plans the reminder the day before;
        returns the view and how many units were invited. Inviting again (after the agenda changed) resends."""
        view = await self._preparing(actor)
        conference = view.conference
        if not view.items or conference.secretary_id is None:
            raise Refused("conference_not_ready")
        now = self.clock.now()
        due = out_of_quiet(conference.starts_at - REMIND_BEFORE, self.tz, conference.starts_at)
        async with self.db.transaction() as conn:
            await repo.update(conn, conference.id, status="invited", reminder_body=message_body(reminder(conference)),
                              reminder_due_at=due if due > now else None, reminded_at=None)
            units = [u.id for u in await blocs.member_units(conn, conference.year_id)]
            representatives = [r.person_id for r in await people.representatives_of(conn, units)]
            await self.outbox.save(conn, await addressed(conn, representatives, invitation(conference),
                                                         f"conference:{conference.id}", actor.sender))
            await audit.record(conn, now, _pid(actor), actor.admin_year(), "conference.invited",
                               title=conference.title, units=units)
        self.outbox.wake()
        return await self._admin_view(actor), len(units)

    # --- the day-before reminder (run by the reminder sweep, bot/services/reminders.py) -----------------------

    async def next_due(self) -> datetime | None:
        async with self.db.reading() as conn:
            return await repo.next_reminder(conn)

    async def run_due(self) -> int:
        """Sends every conference reminder due by now, once: the mark and the copies in one transaction."""
        now = self.clock.now()
        async with self.db.reading() as conn:
            due = await repo.due_reminders(conn, now)
        sent = 0
        for conference, body in due:
            async with self.db.transaction() as conn:
                if not await repo.mark_reminded(conn, conference.id, now):
                    continue
                if now >= conference.starts_at or not body:
                    continue  # the bot was away past the start: a reminder now would only confuse
                units = [u.id for u in await blocs.member_units(conn, conference.year_id)]
                representatives = [r.person_id for r in await people.representatives_of(conn, units)]
                await self.outbox.save(conn, await addressed(conn, representatives, reply_from_body(body),
                                                             f"conference-reminder:{conference.id}", None))
                sent += 1
        if sent:
            self.outbox.wake()
        return sent

    # --- check-in, attendance, delegation -------------------------------------------------------------------

    def _check_in_open(self, conference: Conference) -> None:
        now = self.clock.now()
        if conference.status in ("closed", "final"):
            raise Refused("conference_closed")
        if conference.status == "planned" or now < conference.starts_at - CHECK_IN_OPENS:
            raise Refused("conference_check_in_not_open", at=conference.starts_at - CHECK_IN_OPENS)

    async def check_in(self, actor: Actor, conference_id: int) -> tuple[ConferenceView, Unit, bool]:
        """The representative checks their own unit in; returns the view, the unit, and whether it came late
        (after the opening). A second delegate of the same unit is added to its delegates."""
        if actor.unit is None or actor.person is None or actor.rep is None:
            raise Refused("not_registered")
        view = await self._own_view(actor, conference_id)
        self._check_in_open(view.conference)
        unit = next((u for u in view.units if u.id == actor.unit.id), None)
        if unit is None:
            raise Refused("not_registered")
        before = view.attendance.get(unit.id)
        names = [n for n in (before.delegate or "").split(", ") if n] if before and before.present else []
        if actor.person.full_name not in names:
            names.append(actor.person.full_name)
        late = view.conference.status == "running"
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.mark(conn, view.conference.id, unit.id, True, late or bool(before and before.late), None,
                            ", ".join(names), actor.person.id, None, now)
            await audit.record(conn, now, actor.person.id, actor.year, "conference.checked_in", unit_id=unit.id)
        fresh = await self.view_of(actor.year) if actor.year else None
        assert fresh is not None
        return fresh, unit, late

    async def mark(self, actor: Actor, unit_id: int, status: str, reason: str | None = None) -> ConferenceView:
        """The secretary marks a unit 'present', 'late' (present, came after the opening) or 'absent' (with the
        reason typed, if any). A unit that authorized a delegate is present through them."""
        view = await self.for_secretary(actor)
        self._check_in_open(view.conference)
        unit = next((u for u in view.units if u.id == unit_id), None)
        if unit is None or status not in ("present", "late", "absent"):
            raise Refused("conference_unit_invalid")
        reason = " ".join(reason.split()) if reason else None
        if reason is not None and not 1 <= len(reason) <= 300:
            raise Refused("conference_reason_invalid")
        before = view.attendance.get(unit_id)
        delegation = view.delegations.get(unit_id)
        delegate = None
        if status != "absent":
            delegate = (before.delegate if before and before.present and before.delegate
                        else delegation.delegate if delegation else None)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.mark(conn, view.conference.id, unit_id, status != "absent", status == "late",
                            reason if status == "absent" else None, delegate,
                            before.checked_in_by if before and status != "absent" else None, _pid(actor), now)
            if status == "absent":
                await audit.record(conn, now, _pid(actor), actor.year, "conference.marked_absent", unit_id=unit_id,
                                   reason=reason or "")
            elif status == "late":
                await audit.record(conn, now, _pid(actor), actor.year, "conference.marked_late", unit_id=unit_id)
            else:
                await audit.record(conn, now, _pid(actor), actor.year, "conference.marked_present", unit_id=unit_id)
        return await self.for_secretary(actor)

    async def delegate(self, actor: Actor, conference_id: int, name: str) -> tuple[ConferenceView, Unit]:
        """A representative authorizes a named person to attend for their own unit (who, for which unit, by whom
        is recorded; a later authorization replaces it)."""
        if actor.unit is None or actor.person is None or actor.rep is None:
            raise Refused("not_registered")
        view = await self._own_view(actor, conference_id)
        if view.conference.status in ("closed", "final"):
            raise Refused("conference_closed")
        unit = next((u for u in view.units if u.id == actor.unit.id), None)
        name = " ".join(name.split())
        if unit is None:
            raise Refused("not_registered")
        if not 2 <= len(name) <= LINE_LIMIT or any(ch.isdigit() for ch in name):
            raise Refused("conference_delegate_invalid")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.delegate(conn, view.conference.id, unit.id, name, actor.person.id, now)
            await audit.record(conn, now, actor.person.id, actor.year, "conference.delegated", unit_id=unit.id,
                               name=name)
        fresh = await self.view_of(actor.year) if actor.year else None
        assert fresh is not None
        return fresh, unit

    # --- running the agenda -------------------------------------------------------------------------------------

    async def _running(self, actor: Actor) -> ConferenceView:
        view = await self._admin_view(actor)
        if view.conference.status != "running":
            raise Refused("conference_not_running")
        return view

    async def open_conference(self, actor: Actor) -> ConferenceView:
        view = await self._admin_view(actor)
        if view.conference.status != "invited":
            raise Refused("conference_not_ready" if view.conference.status == "planned" else "conference_started")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await repo.set_status(conn, view.conference.id, ("invited",), "running", opened_at=now):
                raise Refused("conference_started")
            await audit.record(conn, now, _pid(actor), actor.admin_year(), "conference.opened",
                               title=view.conference.title, units=[u.id for u in view.present])
        return await self._admin_view(actor)

    async def open_item(self, actor: Actor, item_id: int, messages: VoteMessages,
                        covenant_prompt: Callable[[int], Reply]) -> tuple[ConferenceView, Opened | None]:
        """The chair opens an item: a vote item opens its vote on the roll of the units present (secret
        ballots); the covenant item asks the units present to sign the published text (`covenant_prompt`
        words it, given the covenant's version)."""
        view = await self._running(actor)
        item = view.item(item_id)
        if view.current is not None:
            raise Refused("conference_item_busy", title=view.current.title)
        if item.status not in ("pending", "postponed"):
            raise Refused("conference_item_done")
        present = [u.id for u in view.present]
        if item.kind in (*VOTE_KINDS, "covenant") and not present:
            raise Refused("conference_nobody_present")
        year = actor.admin_year()
        now = self.clock.now()
        opened = None
        if item.kind in VOTE_KINDS:
            vote_id = item.vote_id
            async with self.db.reading() as conn:
                vote = await vote_repo.get(conn, vote_id) if vote_id is not None else None
            if vote is None or vote.status != "draft":
                vote_id = await self.votes.create(actor, VOTE_KINDS[item.kind], item.title)
                async with self.db.transaction() as conn:
                    await repo.update_item(conn, item.id, vote_id=vote_id)
            assert vote_id is not None
            opened = await self.votes.open_on_roll(actor, vote_id, present, view.vote_members, messages)
            async with self.db.transaction() as conn:
                await repo.update_item(conn, item.id, status="open", opened_at=now)
                await audit.record(conn, now, _pid(actor), year, "conference.item_opened", number=item.position,
                                   name=item.title)
            return await self._admin_view(actor), opened
        async with self.db.transaction() as conn:
            if item.kind == "covenant":
                covenant = await registration_repo.current_covenant(conn, year.id)
                if covenant is None:
                    raise Refused("conference_no_covenant")
                representatives = [r.person_id for r in await people.representatives_of(conn, present)]
                await self.outbox.save(conn, await addressed(conn, representatives, covenant_prompt(covenant.version),
                                                             f"conference:{view.conference.id}", actor.sender))
            await repo.update_item(conn, item.id, status="open", opened_at=now)
            await audit.record(conn, now, _pid(actor), year, "conference.item_opened", number=item.position,
                               name=item.title)
        self.outbox.wake()
        return await self._admin_view(actor), None

    async def postpone_item(self, actor: Actor, item_id: int) -> ConferenceView:
        """Postpones an item not yet held, or one open without a vote (a vote's ballots are already out)."""
        view = await self._running(actor)
        item = view.item(item_id)
        if item.status not in ("pending", "open") or (item.status == "open" and item.kind in VOTE_KINDS):
            raise Refused("conference_item_done")
        async with self.db.transaction() as conn:
            await repo.update_item(conn, item.id, status="postponed", opened_at=None)
            await audit.record(conn, self.clock.now(), _pid(actor), actor.admin_year(), "conference.item_postponed",
                               number=item.position, name=item.title)
        return await self._admin_view(actor)

    async def close_item(self, actor: Actor, item_id: int, messages: VoteMessages) -> tuple[ConferenceView, ItemClosed]:
        """The chair closes the open item: its vote is counted and its result announced to the units on its
        roll only now; the covenant item counts the signatures of the text signed at it."""
        view = await self._running(actor)
        item = view.item(item_id)
        if item.status != "open":
            raise Refused("conference_item_not_open")
        year = actor.admin_year()
        closed = None
        signed = None
        outcome: dict[str, object] = {}
        if item.kind in VOTE_KINDS and item.vote_id is not None:
            preview = await self.votes.prepare_close(actor, item.vote_id)
            closed = await self.votes.close(actor, item.vote_id, preview.token, messages)
            outcome = {"vote_id": item.vote_id, "outcome": closed.tally.outcome}
        elif item.kind == "covenant":
            async with self.db.reading() as conn:
                covenant = await registration_repo.current_covenant(conn, year.id)
                signatures = await registration_repo.signatures(conn, covenant.id) if covenant else {}
            members = [u.id for u in view.units]
            signed = (sum(u in signatures for u in members), len(members))
            outcome = {"signed": signed[0], "count": signed[1], "version": covenant.version if covenant else None}
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.update_item(conn, item.id, status="done", closed_at=now, outcome=outcome)
            await audit.record(conn, now, _pid(actor), year, "conference.item_closed", number=item.position,
                               name=item.title)
        fresh = await self._admin_view(actor)
        return fresh, ItemClosed(fresh.item(item.id), closed, signed)

    async def close_conference(self, actor: Actor) -> ConferenceView:
        view = await self._running(actor)
        if view.current is not None:
            raise Refused("conference_item_busy", title=view.current.title)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await repo.set_status(conn, view.conference.id, ("running",), "closed", closed_at=now):
                raise Refused("conference_not_running")
            await audit.record(conn, now, _pid(actor), actor.admin_year(), "conference.closed",
                               title=view.conference.title)
        return await self._admin_view(actor)

    # --- the minutes ---------------------------------------------------------------------------------------------

    async def draft(self, actor: Actor) -> tuple[ConferenceView, list[str]]:
        """The proceedings' drafted lines, corrections in place, for the head's admins and the secretary."""
        view = await (self.current(actor) if actor.is_admin else self.for_secretary(actor))
        if view is None:
            raise Refused("conference_none")
        if view.conference.status not in ("closed", "final"):
            raise Refused("conference_not_closed")
        return view, await self.lines_of(view)

    async def lines_of(self, view: ConferenceView) -> list[str]:
        async with self.db.reading() as conn:
            year = await blocs.get_year(conn, view.conference.year_id)
            facts = await _item_facts(conn, view.items)
            fixed = await repo.corrections(conn, view.conference.id)
        names = {u.id: u.name for u in view.units}
        delegations = [DelegationFacts(names[u], d.delegate, view.people.get(d.by_person, ""))
                       for u, d in view.delegations.items() if u in names]
        delegations.sort(key=lambda d: vi_sort_key(d.unit))
        return draft_lines(facts, delegations, year.year if year else 0, fixed)

    async def correct(self, actor: Actor, text: str) -> tuple[ConferenceView, list[str], int]:
        """The secretary replaces drafted line N: the text typed as "N. new text"; every correction is kept."""
        view = await self.for_secretary(actor)
        if view.conference.status != "closed":
            raise Refused("conference_not_closed" if view.conference.status != "final" else "conference_final")
        lines = await self.lines_of(view)
        number, _, new = text.strip().partition(".")
        new = " ".join(new.split())
        if not number.strip().isdigit() or not 1 <= int(number) <= len(lines) or not 1 <= len(new) <= 1000:
            raise Refused("conference_correction_invalid", count=len(lines))
        line = int(number)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.correct(conn, view.conference.id, line, new, _pid(actor), now)
            await audit.record(conn, now, _pid(actor), actor.year, "conference.corrected", number=line)
        return view, await self.lines_of(view), line

    async def finalize(self, actor: Actor) -> ConferenceView:
        """The secretary (or the head) approves the corrected draft: the minutes are final."""
        view = await (self.current(actor) if actor.is_admin else self.for_secretary(actor))
        if view is None:
            raise Refused("conference_none")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await repo.set_status(conn, view.conference.id, ("closed",), "final", final_at=now):
                raise Refused("conference_final" if view.conference.status == "final" else "conference_not_closed")
            await audit.record(conn, now, _pid(actor), actor.year, "conference.finalized",
                               title=view.conference.title)
        fresh = await self.view_of(actor.year) if actor.year else None
        assert fresh is not None
        return fresh

    async def vote_ids(self, actor: Actor) -> list[int]:
        """The votes held at the conference's items, in agenda order."""
        view = await self._admin_view(actor)
        return [i.vote_id for i in view.items if i.vote_id is not None and i.status == "done"]


async def _item_facts(conn: aiosqlite.Connection, items: list[Item]) -> list[ItemFacts]:
    facts = []
    for item in items:
        elected: list[tuple[str, int, Decimal]] = []
        cast = issued = signed = signers = None
        if item.vote_id is not None and item.status == "done":
            vote = await vote_repo.get(conn, item.vote_id)
            result = vote.result if vote is not None and vote.result else {}
            labels = {o.option_id: o.label for o in await vote_repo.options(conn, item.vote_id)}
            share = "percent_of_members" if result.get("denominator") == "members" else "percent_of_cast"
            rows = {row["option"]: row for row in result.get("rows", [])}
            for option in result.get("elected", []):
                row = rows.get(option, {})
                elected.append((labels.get(option, option), int(row.get("votes", 0)),
                                Decimal(str(row.get(share, 0)))))
            cast, issued = result.get("cast"), result.get("issued")
        if item.kind == "covenant" and item.outcome:
            signed, signers = item.outcome.get("signed"), item.outcome.get("count")
        facts.append(ItemFacts(item.position, item.kind, item.title, item.status, item.opened_at, item.closed_at,
                               elected, cast, issued, signed, signers))
    return facts


async def minutes_facts(conn: aiosqlite.Connection, year_id: int) -> tuple[Conference, list[Item]] | None:
    """The year's conference and its items, for the minutes (bot/services/reports.py)."""
    conference = await repo.of_year(conn, year_id)
    return (conference, await repo.items(conn, conference.id)) if conference else None


def _pid(actor: Actor) -> int | None:
    return actor.person.id if actor.person else None
