"""Votes: the review vote for an award, electing next year's head and deputy, plain questions.

A vote is drafted, then opened (the roll of member units and the options frozen, with a fingerprint of
the whole definition), then closed and counted by bot.domain.tally with the rules stored on the vote. A unit's
ballot goes into a ballot box that does not name it, and its name into a participation register that
does not hold its choice, in one transaction; the register's primary key makes a second ballot from the
same unit impossible. Nobody sees counts before the vote closes.

Opening and closing cannot be undone, so each takes the token of its confirmation screen
(bot/services/confirmation.py): opening is bound to the roll, options and rules it freezes, closing to the
turnout the head was shown against the quorum. What a vote sends (ballots when it opens, the result when it
closes) is stored in the outbox in the same transaction as the vote's own change, worded by the `VoteMessages`
the caller hands in (handlers/vote_text.py; the reminder sweep's through its ReminderText).
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

import aiosqlite

from bot.domain.clock import Clock
from bot.domain.tally import (
    Ballot,
    Quorum,
    Rules,
    Tally,
    TieRule,
    WinRule,
    fingerprint_definition,
    quorum_needed,
    receipt_code,
    tally,
)
from bot.services.assessment import AssessmentService
from bot.services.confirmation import Confirmations, same
from bot.services.outbox import OutboxService, addressed
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.text.catalogue import t
from bot.text.messages import Copy, Reply, Sender
from bot.text.vi_text import vi_sort_key
from storage import audit, blocs, people
from storage import votes as repo
from storage.db import Database
from storage.rows import BlocYear, Unit
from storage.votes import AlreadyVoted, Option, VoteRow

log = logging.getLogger(__name__)

KINDS = ("award", "head", "deputy", "question")
ANSWERS = ("yes", "no", "abstain")
# a question's runoff decides between these: "abstain" is not an outcome a runoff can elect
RUNOFF_ANSWERS = ("yes", "no")
POLL_OPTION_LIMIT = 12
POLL_LABEL_LIMIT = 100
QUORUMS = [q.value for q in Quorum]
WIN_RULES = [w.value for w in WinRule]
TIE_RULES = [t.value for t in TieRule]


class PollPublisher(Protocol):
    """A channel that can run a native poll in a group (Telegram)."""

    async def post_poll(self, chat_id: str, question: str, options: list[str], multiple: bool) -> tuple[str, int]:
        """Posts a non-anonymous poll; returns its poll id and message id."""
        ...

    async def stop_poll(self, chat_id: str, message_id: int) -> None:
        ...


@dataclass(frozen=True)
class VoteView:
    vote: VoteRow
    options: list[Option]
    roll: list[int]
    voted: list[int]


@dataclass(frozen=True)
class Opened:
    view: VoteView
    # open mode that had to run as private ballots: "too_many_options", "label_too_long", "no_group"
    fell_back: str | None


@dataclass(frozen=True)
class Closed:
    view: VoteView
    tally: Tally
    receipts: list[tuple[str, list[str]]]
    runoff: Opened | None


@dataclass(frozen=True)
class OpenPreview:
    """What opening a draft will freeze, for its confirmation: the roll (every member unit now) and the
    options; `token` goes in the confirm button (VoteService.open)."""

    view: VoteView
    roll: list[Unit]
    token: str


@dataclass(frozen=True)
class ClosePreview:
    """Turnout against quorum, for the confirmation of closing; `token` goes in the confirm button."""

    view: VoteView
    voted: int
    members: int
    quorum_needed: int
    token: str

    @property
    def quorum_met(self) -> bool:
        return self.voted >= self.quorum_needed


class VoteMessages(Protocol):
    """How the units see what a vote sends them. The service decides who gets them and stores them with the
    vote's own change; the wording and the buttons are the handlers' (handlers/vote_text.py)."""

    def ballot(self, opened: Opened) -> Reply:
        """To every unit on the roll when the vote opens: the ballot, or where the group's poll is."""
        ...

    def result(self, view: VoteView, result: Tally, receipts: list[tuple[str, list[str]]]) -> Reply:
        """To every unit on the roll (and the bloc's group) when the vote closes."""
        ...


def ballots_origin(vote_id: int) -> str:
    return f"ballots:{vote_id}"


def result_origin(vote_id: int) -> str:
    return f"vote:{vote_id}"


def shown_label(kind: str, option: Option) -> str:
    """What people read for an option: a question's answers in words, never their ids ('yes', 'no')."""
    if kind == "question" and option.option_id in ANSWERS:
        return t(f"vote.answer.{option.option_id}", "vi")
    return option.label


def tally_json(result: Tally) -> dict:
    def plain(value: object) -> object:
        if isinstance(value, Decimal | Fraction):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return plain(asdict(result))  # type: ignore[return-value]


class VoteService:
    def __init__(self, db: Database, clock: Clock, assessment: AssessmentService,
                 outbox: OutboxService | None = None) -> None:
        self.db = db
        self.clock = clock
        self.assessment = assessment
        self.outbox = outbox if outbox is not None else assessment.outbox
        self.confirmations = Confirmations()
        self.polls: PollPublisher | None = None

    # --- drafting --------------------------------------------------------------------------------

    async def votes(self, actor: Actor) -> tuple[BlocYear, list[VoteRow]]:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            return year, await repo.of_year(conn, year.id)

    async def _default_options(self, year: BlocYear, kind: str) -> list[Option]:
        if kind == "question":
            return [Option(a, t(f"vote.answer.{a}", "vi")) for a in ANSWERS]
        async with self.db.reading() as conn:
            units = await blocs.member_units(conn, year.id)
            barred = await repo.barred(conn, year.id)
            closed_heads = [v for v in await repo.of_year(conn, year.id)
                            if v.kind == "head" and v.status == "closed" and v.result]
        units = [u for u in units if u.id not in barred]
        if kind == "award":
            submitted = []
            for unit in units:
                try:
                    view = await self.assessment.sheet_of(year, unit)
                except Refused:
                    continue
                if view.status != "draft":
                    submitted.append(unit)
            units = submitted or units
        if kind == "deputy" and closed_heads:
            # a unit cannot hold both: the head just elected is not a candidate for deputy
            elected = {int(e) for e in closed_heads[-1].result.get("elected", [])}
            units = [u for u in units if u.id not in elected]
        return [Option(str(u.id), u.name) for u in sorted(units, key=lambda u: vi_sort_key(u.name))]

    async def create(self, actor: Actor, kind: str, title: str) -> int:
        year = actor.admin_year()
        title = " ".join(title.split())
        if kind not in KINDS:
            raise Refused("vote_kind_unknown")
        if not 1 <= len(title) <= 300:
            raise Refused("vote_title_invalid")
        options = await self._default_options(year, kind)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            vote_id = await repo.create(conn, year.id, kind, title, 1, now, _pid(actor))
            await repo.set_options(conn, vote_id, options)
            await audit.record(conn, now, _pid(actor), year, "vote.created", vote_id=vote_id, kind=kind,
                               title=title)
        return vote_id

    async def view(self, actor: Actor, vote_id: int) -> VoteView:
        """The vote as an admin of its bloc sees it (never the choices while it is open)."""
        year = actor.admin_year()
        async with self.db.reading() as conn:
            vote = await repo.get(conn, vote_id)
            if vote is None or vote.year_id != year.id:
                raise Refused("vote_not_found")
            return VoteView(vote, await repo.options(conn, vote_id), await repo.roll(conn, vote_id),
                            await repo.participants(conn, vote_id))

    async def _draft(self, actor: Actor, vote_id: int) -> VoteView:
        view = await self.view(actor, vote_id)
        if view.vote.status != "draft":
            raise Refused("vote_not_draft")
        return view

    async def toggle_option(self, actor: Actor, vote_id: int, unit_id: int) -> VoteView:
        view = await self._draft(actor, vote_id)
        if view.vote.kind == "question":
            raise Refused("vote_not_draft")
        year = actor.admin_year()
        current = {o.option_id: o for o in view.options}
        async with self.db.transaction() as conn:
            unit = await blocs.get_unit(conn, unit_id)
            if unit is None or not await blocs.is_member(conn, year.id, unit_id):
                raise Refused("unit_not_found")
            if str(unit_id) in current:
                del current[str(unit_id)]
            else:
                current[str(unit_id)] = Option(str(unit_id), unit.name)
            ordered = sorted(current.values(), key=lambda o: vi_sort_key(o.label))
            await repo.set_options(conn, vote_id, ordered)
        return await self.view(actor, vote_id)

    async def candidates(self, actor: Actor) -> list[Unit]:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            units = await blocs.member_units(conn, year.id)
        return sorted(units, key=lambda u: vi_sort_key(u.name))

    async def change(self, actor: Actor, vote_id: int, setting: str) -> VoteView:
        """Steps one setting of a draft: seats up or down, the mode, or the next quorum/win/tie rule."""
        view = await self._draft(actor, vote_id)
        vote = view.vote
        changes: dict[str, object] = {}
        if setting == "seats+":
            changes["seats"] = min(vote.seats + 1, max(1, len(view.options) - 1), 12)
        elif setting == "seats-":
            changes["seats"] = max(1, vote.seats - 1)
        elif setting == "mode":
            changes["mode"] = "open" if vote.mode == "secret" else "secret"
        elif setting in ("quorum", "win_rule", "tie_rule"):
            values = {"quorum": QUORUMS, "win_rule": WIN_RULES, "tie_rule": TIE_RULES}[setting]
            changes[setting] = values[(values.index(getattr(vote, setting)) + 1) % len(values)]
        else:
            raise Refused("vote_not_draft")
        async with self.db.transaction() as conn:
            await repo.update(conn, vote_id, **changes)
        return await self.view(actor, vote_id)

    # --- opening ---------------------------------------------------------------------------------

    async def prepare_open(self, actor: Actor, vote_id: int) -> OpenPreview:
        """The confirmation of opening: the roll and options it would freeze, and the token that opens them."""
        view = await self._draft(actor, vote_id)
        _check_options(view)
        year = actor.admin_year()
        async with self.db.reading() as conn:
            units = await blocs.member_units(conn, year.id)
        token = self._open_token(view.vote, view.options, [u.id for u in units])
        return OpenPreview(view, sorted(units, key=lambda u: vi_sort_key(u.name)), token)

    def _open_token(self, vote: VoteRow, options: list[Option], members: list[int]) -> str:
        definition = fingerprint_definition(vote.title, [(o.option_id, o.label) for o in options], members,
                                            _rules(vote))
        return self.confirmations.token("vote.open", vote.id, definition, vote.mode)

    async def open(self, actor: Actor, vote_id: int, token: str, messages: VoteMessages) -> Opened:
        """Opens the draft the head confirmed: `token` from prepare_open, refused ("confirm_stale") when it is
        not the token of the roll, options and rules as they are now."""
        view = await self._draft(actor, vote_id)
        _check_options(view)
        return await self._open(vote_id, actor.admin_year(), _pid(actor), messages, actor.sender, token)

    async def open_on_roll(self, actor: Actor, vote_id: int, roll: list[int], members: int,
                           messages: VoteMessages) -> Opened:
        """Opens a draft for the units on `roll` only (the units present at the year-end conference, which
        the chair confirmed by opening the agenda item); `members`: the count its quorum and majority are
        taken over, by the conference's rule (the units present, or every member unit)."""
        await self._draft(actor, vote_id)
        return await self._open(vote_id, actor.admin_year(), _pid(actor), messages, actor.sender,
                                on_roll=(roll, members))

    async def _open(self, vote_id: int, year: BlocYear, by: int | None, messages: VoteMessages,
                    sender: Sender | None = None, token: str | None = None,
                    on_roll: tuple[list[int], int] | None = None) -> Opened:
        """Freezes the roll and options and stores the ballots to the roll, in one transaction. `token`: the
        head's confirmation, checked against what is read in that transaction (None: a runoff, opened by the
        closing that found the tie)."""
        now = self.clock.now()
        async with self.db.reading() as conn:
            group = await repo.group_of(conn, year.bloc_id, "telegram")
        async with self.db.transaction() as conn:
            vote = await repo.get(conn, vote_id)
            if vote is None or vote.status != "draft":
                raise Refused("vote_not_draft")
            options = await repo.options(conn, vote_id)
            members = [u.id for u in await blocs.member_units(conn, year.id)]
            if token is not None and not same(token, self._open_token(vote, options, members)):
                raise Refused("confirm_stale")
            count = len(members)
            if on_roll is not None:  # a conference's vote: the units present, still members, are its roll
                members, count = [u for u in on_roll[0] if u in members], on_roll[1]
                _check_options(VoteView(vote, options, members, []))
                if not members:
                    raise Refused("vote_needs_options", seats=vote.seats)
            fell_back = _fell_back(vote, options, group if self.polls is not None else None)
            fingerprint = fingerprint_definition(vote.title, [(o.option_id, o.label) for o in options], members,
                                                 _rules(vote))
            if not await repo.open_vote(conn, vote.id, members, count, fingerprint, now):
                raise Refused("vote_not_draft")
            receipts: set[str] = set()
            while len(receipts) < len(members):
                receipts.add(receipt_code())
            await repo.fill_box(conn, vote.id, len(members), sorted(receipts))
            await audit.record(conn, now, by, year, "vote.opened", vote_id=vote.id, fingerprint=fingerprint,
                               roll=members, fell_back=fell_back)
            fresh = await repo.get(conn, vote.id)
            assert fresh is not None
            opened = Opened(VoteView(fresh, options, members, []), fell_back)
            await self.outbox.save(conn, await _to_units(conn, members, messages.ballot(opened),
                                                         ballots_origin(vote.id), sender))
        self.outbox.wake()
        if vote.mode == "open" and fell_back is None and group is not None and self.polls is not None:
            poll_id, message_id = await self.polls.post_poll(group, vote.title,
                                                             [shown_label(vote.kind, o) for o in options],
                                                             vote.seats > 1)
            async with self.db.transaction() as conn:
                await repo.set_poll(conn, vote.id, group, poll_id, message_id)
        return opened

    # --- voting ----------------------------------------------------------------------------------

    async def ballot(self, actor: Actor, vote_id: int) -> tuple[VoteView, bool]:
        """The ballot for the representative's unit, and whether the unit has already voted."""
        if actor.unit is None or actor.year is None:
            raise Refused("not_registered")
        async with self.db.reading() as conn:
            vote = await repo.get(conn, vote_id)
            if vote is None or vote.year_id != actor.year.id or vote.status == "draft":
                raise Refused("vote_not_found")
            view = VoteView(vote, await repo.options(conn, vote_id), await repo.roll(conn, vote_id),
                            await repo.participants(conn, vote_id))
        if vote.status != "open":
            raise Refused("vote_closed")
        if actor.unit.id not in view.roll:
            raise Refused("not_on_roll")
        return view, actor.unit.id in view.voted

    async def open_ballots(self, actor: Actor) -> list[VoteView]:
        """Open votes the representative's unit has not voted in yet."""
        if actor.unit is None or actor.year is None:
            raise Refused("not_registered")
        result = []
        async with self.db.reading() as conn:
            for vote in await repo.open_votes_of_year(conn, actor.year.id):
                roll = await repo.roll(conn, vote.id)
                voted = await repo.participants(conn, vote.id)
                if actor.unit.id in roll and actor.unit.id not in voted:
                    result.append(VoteView(vote, await repo.options(conn, vote.id), roll, voted))
        return result

    async def cast(self, actor: Actor, vote_id: int, choices: list[str], secret: str | None = None
                   ) -> tuple[str, bool]:
        """Casts the unit's ballot; returns its receipt and whether it had been cast before.

        `secret` comes from the voter's own ballot message and seals the ballot: pressing that message's
        button again after a crash or a lost answer shows the same receipt, while nothing stored names
        which unit's ballot it is. Any other second ballot from the unit is refused."""
        view, already = await self.ballot(actor, vote_id)
        # without a secret (a caller with no ballot message) the receipt can never be shown again
        seal = repo.seal_of(vote_id, secret or secrets.token_urlsafe(12))
        if already:
            return await self._cast_before(vote_id, seal), True
        valid = {o.option_id for o in view.options}
        if len(set(choices)) != len(choices) or not set(choices) <= valid or len(choices) > view.vote.seats:
            raise Refused("ballot_invalid", seats=view.vote.seats)
        assert actor.unit is not None
        try:
            async with self.db.transaction() as conn:
                receipt = await repo.cast(conn, vote_id, actor.unit.id, _pid(actor), choices, receipt_code(),
                                          self.clock.now(), seal)
        except AlreadyVoted:
            return await self._cast_before(vote_id, seal), True
        await self._forget_history()
        return receipt, False

    async def _cast_before(self, vote_id: int, seal: str) -> str:
        async with self.db.reading() as conn:
            receipt = await repo.sealed_receipt(conn, vote_id, seal)
        if receipt is None:
            raise Refused("already_voted")
        return receipt

    async def _forget_history(self) -> None:
        """Empties the write-ahead log after a ballot, so it does not keep one commit after another in the
        order units voted. The ballot is committed already: a checkpoint that fails is only logged."""
        try:
            busy, _, _ = await repo.checkpoint_wal(self.db.path)
        except sqlite3.Error as exc:
            log.warning("the log could not be checkpointed after a ballot: %s", type(exc).__name__)
            return
        if busy:
            log.info("a reader held the log: it is restarted at the next write instead of emptied now")

    async def cast_from_poll(self, channel: str, user_id: str, poll_id: str, option_ids: list[int]) -> str:
        """A vote in a group poll. The first answer from a unit counts and is final; returns what happened:
        counted, retracted (ignored), not_a_representative, not_on_roll, already_voted, closed, unknown_poll."""
        async with self.db.reading() as conn:
            vote = await repo.by_poll(conn, poll_id)
            ident = await people.identity(conn, channel, user_id)
            rep = await people.active_representation(conn, ident.person_id) if ident else None
            options = await repo.options(conn, vote.id) if vote else []
            roll = await repo.roll(conn, vote.id) if vote else []
        if vote is None:
            return "unknown_poll"
        if vote.status != "open":
            return "closed"
        if rep is None:
            return "not_a_representative"
        if rep.unit_id not in roll:
            return "not_on_roll"
        if not option_ids:
            return "retracted"
        if len(option_ids) > vote.seats or any(not 0 <= i < len(options) for i in option_ids):
            return "invalid"
        try:
            async with self.db.transaction() as conn:
                await repo.cast(conn, vote.id, rep.unit_id, rep.person_id, [options[i].option_id for i in option_ids],
                                receipt_code(), self.clock.now())
        except AlreadyVoted:
            return "already_voted"
        return "counted"

    async def turnout(self, actor: Actor, vote_id: int) -> tuple[VoteView, list[Unit], list[Unit]]:
        view = await self.view(actor, vote_id)
        async with self.db.reading() as conn:
            units = {u.id: u for u in await blocs.member_units(conn, actor.admin_year().id)}
        voted = [units[u] for u in view.voted if u in units]
        waiting = [units[u] for u in view.roll if u not in view.voted and u in units]
        key = lambda u: vi_sort_key(u.name)  # noqa: E731
        return view, sorted(voted, key=key), sorted(waiting, key=key)

    async def remind(self, actor: Actor, vote_id: int, message: Callable[[VoteView], Reply]) -> list[Unit]:
        """Reminds the units on the roll that have not voted (never saying who did what); returns them. The
        copies of `message(vote)` are stored in one transaction of their own."""
        view, _, waiting = await self.turnout(actor, vote_id)
        if view.vote.status != "open":
            raise Refused("vote_closed")
        async with self.db.transaction() as conn:
            await self.outbox.save(conn, await _to_units(conn, [u.id for u in waiting], message(view),
                                                         f"vote-reminder:{vote_id}", actor.sender))
        self.outbox.wake()
        return waiting

    # --- closing and counting ---------------------------------------------------------------------

    async def prepare_close(self, actor: Actor, vote_id: int) -> ClosePreview:
        """The confirmation of closing: turnout against the quorum, and the token that closes the vote."""
        view = await self.view(actor, vote_id)
        if view.vote.status != "open":
            raise Refused("vote_closed")
        return self._close_preview(view)

    def _close_preview(self, view: VoteView) -> ClosePreview:
        vote = view.vote
        members = vote.members or len(view.roll)
        needed = quorum_needed(Quorum(vote.quorum), members)
        # bound to who has voted: a ballot cast after the head saw the turnout makes the confirmation stale
        token = self.confirmations.token("vote.close", vote.id, vote.fingerprint, sorted(view.voted))
        return ClosePreview(view, len(view.voted), members, needed, token)

    async def close(self, actor: Actor, vote_id: int, token: str, messages: VoteMessages) -> Closed:
        """Closes the vote the head confirmed: `token` from prepare_close, refused ("confirm_stale") when the
        turnout is no longer the one the head was shown."""
        view = await self.view(actor, vote_id)
        if view.vote.status != "open":
            raise Refused("vote_closed")
        return await self._close(vote_id, actor.admin_year(), _pid(actor), messages, actor.sender, token)

    async def _close(self, vote_id: int, year: BlocYear, by: int | None, messages: VoteMessages,
                     sender: Sender | None = None, token: str | None = None) -> Closed:
        """Counts and closes, storing the result to the roll (and the bloc's group on the head's channel) in
        the same transaction. `token`: the head's confirmation (None: the vote deadline closing it)."""
        scores = {str(row.unit_id): row.final for row in await self.assessment.ranking_of(year)}
        now = self.clock.now()
        async with self.db.transaction() as conn:
            vote = await repo.get(conn, vote_id)
            if vote is None or vote.status != "open":
                raise Refused("vote_closed")
            view = VoteView(vote, await repo.options(conn, vote_id), await repo.roll(conn, vote_id),
                            await repo.participants(conn, vote_id))
            if token is not None and not same(token, self._close_preview(view).token):
                raise Refused("confirm_stale")
            stored = await repo.ballots(conn, vote_id)
            result = tally([o.option_id for o in view.options], vote.members or len(view.roll), len(view.roll),
                           [Ballot(tuple(choices)) for _, choices in stored], _rules(vote), scores,
                           is_runoff=vote.runoff_of is not None)
            if not await repo.close(conn, vote_id, tally_json(result), now):
                raise Refused("vote_closed")
            await audit.record(conn, now, by, year, "vote.closed", vote_id=vote_id, outcome=result.outcome,
                               elected=list(result.elected))
            reply = messages.result(view, result, stored)
            copies = await _to_units(conn, view.roll, reply, result_origin(vote_id), sender)
            # results are public: the bloc's group on the head's channel sees them too
            group = await repo.group_of(conn, year.bloc_id, sender.channel) if sender is not None else None
            if group is not None and sender is not None:
                copies.append(Copy(reply, sender.channel, group, None, "group"))
            await self.outbox.save(conn, copies)
            fresh = await repo.get(conn, vote_id)
        self.outbox.wake()
        if vote.poll_chat_id and vote.poll_message_id and self.polls is not None:
            try:
                await self.polls.stop_poll(vote.poll_chat_id, vote.poll_message_id)
            except Exception as exc:
                log.info("the poll of vote %s could not be stopped: %s", vote_id, type(exc).__name__)
        runoff = None
        if result.outcome == "RUNOFF_NEEDED":
            runoff = await self._runoff(vote, view.options, result, year, by, messages, sender)
        assert fresh is not None
        return Closed(VoteView(fresh, view.options, view.roll, view.voted), result, stored, runoff)

    async def _runoff(self, vote: VoteRow, options: list[Option], result: Tally, year: BlocYear,
                      by: int | None, messages: VoteMessages, sender: Sender | None) -> Opened:
        """A new vote among the tied options for the seats still open, opened at once."""
        labels = {o.option_id: o.label for o in options}
        tied = [Option(o, labels[o]) for o in result.runoff_options]
        if vote.kind == "question":
            tied = [Option(a, t(f"vote.answer.{a}", "vi")) for a in RUNOFF_ANSWERS]
        seats = max(1, result.runoff_seats)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            runoff_id = await repo.create(conn, year.id, vote.kind, vote.title, seats, now, by, runoff_of=vote.id,
                                          mode="secret")
            await repo.update(conn, runoff_id, quorum=vote.quorum, win_rule=vote.win_rule, tie_rule=vote.tie_rule)
            await repo.set_options(conn, runoff_id, tied)
        return await self._open(runoff_id, year, by, messages, sender)

    async def close_all_open(self, year_id: int, messages: VoteMessages) -> list[Closed]:
        """The vote deadline passed: every open vote of the year closes by itself."""
        async with self.db.reading() as conn:
            year = await blocs.get_year(conn, year_id)
            open_votes = await repo.open_votes_of_year(conn, year_id)
        closed = []
        for vote in open_votes:
            if year is None:
                break
            try:
                closed.append(await self._close(vote.id, year, None, messages))
            except Refused:
                continue  # the head closed it meanwhile
        return closed

    async def set_minutes_details(self, actor: Actor, vote_id: int, text: str) -> VoteView:
        """The place (first line) and the vote-count committee ("Name – role" per line) for the minutes."""
        view = await self.view(actor, vote_id)
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if len(lines) < 2 or len(lines) > 12 or any(len(line) > 200 for line in lines):
            raise Refused("committee_invalid")
        committee = []
        for line in lines[1:]:
            name, _, role = line.replace("—", "-").replace("–", "-").partition(" - ")
            committee.append((name.strip(), role.strip()))
        async with self.db.transaction() as conn:
            await repo.set_minutes_details(conn, vote_id, lines[0], committee)
        return view

    async def group_chat(self, year: BlocYear, channel: str) -> str | None:
        async with self.db.reading() as conn:
            return await repo.group_of(conn, year.bloc_id, channel)

    async def link_group(self, actor: Actor, channel: str, chat_id: str, title: str | None) -> BlocYear:
        year = actor.admin_year()
        async with self.db.transaction() as conn:
            await repo.set_group(conn, year.bloc_id, channel, chat_id, title, self.clock.now())
        return year


def _check_options(view: VoteView) -> None:
    vote = view.vote
    if len(view.options) < 2 or (vote.seats >= len(view.options) and vote.kind != "question"):
        raise Refused("vote_needs_options", seats=vote.seats)


def _fell_back(vote: VoteRow, options: list[Option], group: str | None) -> str | None:
    """Why an open vote has to run as private ballots after all, if it does."""
    if vote.mode != "open":
        return None
    if len(options) > POLL_OPTION_LIMIT:
        return "too_many_options"
    if any(len(shown_label(vote.kind, o)) > POLL_LABEL_LIMIT for o in options):
        return "label_too_long"
    if group is None:
        return "no_group"
    return None


async def _to_units(conn: aiosqlite.Connection, unit_ids: list[int], reply: Reply, origin: str,
                    sender: Sender | None) -> list[Copy]:
    representatives = [r.person_id for r in await people.representatives_of(conn, unit_ids)]
    return await addressed(conn, representatives, reply, origin, sender)


def _rules(vote: VoteRow) -> Rules:
    return Rules(quorum=Quorum(vote.quorum), win=WinRule(vote.win_rule), seats=vote.seats, tie=TieRule(vote.tie_rule))


def _pid(actor: Actor) -> int | None:
    return actor.person.id if actor.person else None


