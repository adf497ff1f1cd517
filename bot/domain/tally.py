"""Counting a vote (kiểm phiếu) for bình xét / suy tôn, with every rule passed in as data.

Quorum, win condition, seats, tie handling and whether a blank ballot is valid differ between
provinces and years, so none of them is hard-wired: the caller passes a ``Rules`` value and gets
back counts, exact percentages and codes. Nothing here renders a sentence; the minutes and the
chat replies look the codes up in the catalogue.

Arithmetic on thresholds is done on integers and ``Fraction`` so that "more than half of 8" or
"at least 2/3 of 9" can never be decided by a float rounding error.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from bot.text.vi_text import vi_sort_key

__all__ = [
    "RECEIPT_ALPHABET",
    "THRESHOLDS",
    "TOP_TIE_RULES",
    "Ballot",
    "BallotStatus",
    "Denominator",
    "OptionResult",
    "Outcome",
    "Quorum",
    "Reason",
    "RuleCode",
    "Rules",
    "Tally",
    "Threshold",
    "TieRule",
    "WinRule",
    "ballot_order",
    "check_ballot",
    "fingerprint_definition",
    "percent",
    "quorum_needed",
    "receipt_code",
    "tally",
]


# --- rules ------------------------------------------------------------------------------


class Quorum(StrEnum):
    TWO_THIRDS = "two_thirds"  # at least 2/3 of member units returned a ballot (default)
    HALF = "half"  # more than half
    NONE = "none"


class WinRule(StrEnum):
    MAJORITY_OF_MEMBERS = "majority_of_members"  # most votes and > 50% of all member units (default)
    MAJORITY_OF_CAST = "majority_of_cast"  # most votes and > 50% of ballots returned
    TWO_THIRDS_OF_MEMBERS = "two_thirds_of_members"  # most votes and >= 2/3 of member units
    SEVENTY_PERCENT_OF_MEMBERS = "seventy_percent_of_members"  # >= 70% of member units
    PLURALITY = "plurality"  # simply the most votes


class TieRule(StrEnum):
    RUNOFF_THEN_SCORE = "runoff_then_score"  # runoff among the tied; tied again: higher final score (default)
    SCORE = "score"  # higher final score decides at once
    NONE = "none"  # the tie is reported, nobody is picked


@dataclass(frozen=True)
class Rules:
    quorum: Quorum = Quorum.TWO_THIRDS
    win: WinRule = WinRule.MAJORITY_OF_MEMBERS
    seats: int = 1
    tie: TieRule = TieRule.RUNOFF_THEN_SCORE
    blank_allowed: bool = True


class Denominator(StrEnum):
    MEMBERS = "members"
    CAST = "cast"


@dataclass(frozen=True)
class Threshold:
    """A share of a count that an option's votes must reach (inclusive) or pass (exclusive)."""

    share: Fraction
    inclusive: bool
    of: Denominator

    def met(self, votes: int, base: int) -> bool:
        bar = self.share * base
        return votes >= bar if self.inclusive else votes > bar

    def votes_needed(self, base: int) -> int:
        """The smallest whole number of votes that meets the threshold."""
        bar = self.share * base
        return math.ceil(bar) if self.inclusive else math.floor(bar) + 1


# Plurality is expressed as "more than 0% of the ballots" so that every rule goes through
# the same comparison; the "most votes" part of every rule comes from the vote order.
THRESHOLDS: Mapping[WinRule, Threshold] = MappingProxyType(
    {
        WinRule.MAJORITY_OF_MEMBERS: Threshold(Fraction(1, 2), False, Denominator.MEMBERS),
        WinRule.MAJORITY_OF_CAST: Threshold(Fraction(1, 2), False, Denominator.CAST),
        WinRule.TWO_THIRDS_OF_MEMBERS: Threshold(Fraction(2, 3), True, Denominator.MEMBERS),
        WinRule.SEVENTY_PERCENT_OF_MEMBERS: Threshold(Fraction(7, 10), True, Denominator.MEMBERS),
        WinRule.PLURALITY: Threshold(Fraction(0), False, Denominator.CAST),
    }
)

# Under the default rule a tie at the top splits the votes so that nobody can pass 50%;
# the bloc's regulation then sends the tied leaders to the tie rule (runoff, then score)
# rather than electing no one. Other rules treat their bar as hard: a tie below it elects
# nobody. Kept as data so that widening it is a one-line change.
TOP_TIE_RULES: frozenset[WinRule] = frozenset({WinRule.MAJORITY_OF_MEMBERS})


def quorum_needed(rule: Quorum, members: int) -> int:
    """How many returned ballots make the quorum."""
    if rule is Quorum.TWO_THIRDS:
        return -(-2 * members // 3)
    if rule is Quorum.HALF:
        return members // 2 + 1
    return 0


# --- codes ------------------------------------------------------------------------------


class BallotStatus(StrEnum):
    VALID = "VALID"
    BLANK = "BLANK"  # phiếu trắng: valid, votes for nobody
    TOO_MANY = "TOO_MANY"
    UNKNOWN_OPTION = "UNKNOWN_OPTION"
    REPEATED = "REPEATED"
    BLANK_NOT_ALLOWED = "BLANK_NOT_ALLOWED"


class Outcome(StrEnum):
    QUORUM_NOT_MET = "QUORUM_NOT_MET"
    ELECTED = "ELECTED"  # every seat filled
    PARTIAL = "PARTIAL"  # some seats filled, the rest had nobody meeting the threshold
    NONE_ELECTED = "NONE_ELECTED"
    RUNOFF_NEEDED = "RUNOFF_NEEDED"
    TIE_BROKEN_BY_SCORE = "TIE_BROKEN_BY_SCORE"
    TIE_UNRESOLVED = "TIE_UNRESOLVED"


class Reason(StrEnum):
    ELECTED = "ELECTED"
    WON_RUNOFF = "WON_RUNOFF"  # elected in a runoff round
    WON_ON_SCORE = "WON_ON_SCORE"
    LOST_ON_SCORE = "LOST_ON_SCORE"
    IN_RUNOFF = "IN_RUNOFF"  # tied, goes to the runoff
    TIED = "TIED"  # tied and the tie could not be resolved
    BELOW_THRESHOLD = "BELOW_THRESHOLD"
    NOT_ENOUGH_SEATS = "NOT_ENOUGH_SEATS"  # met the threshold but the seats went to others
    QUORUM_NOT_MET = "QUORUM_NOT_MET"


class RuleCode(StrEnum):
    RUNOFF_ROUND = "RUNOFF_ROUND"
    QUORUM_TWO_THIRDS = "QUORUM_TWO_THIRDS"
    QUORUM_HALF = "QUORUM_HALF"
    QUORUM_NONE = "QUORUM_NONE"
    WIN_MAJORITY_OF_MEMBERS = "WIN_MAJORITY_OF_MEMBERS"
    WIN_MAJORITY_OF_CAST = "WIN_MAJORITY_OF_CAST"
    WIN_TWO_THIRDS_OF_MEMBERS = "WIN_TWO_THIRDS_OF_MEMBERS"
    WIN_SEVENTY_PERCENT_OF_MEMBERS = "WIN_SEVENTY_PERCENT_OF_MEMBERS"
    WIN_PLURALITY = "WIN_PLURALITY"
    TIE_AT_TOP = "TIE_AT_TOP"  # the tied options are below the threshold (TOP_TIE_RULES)
    TIE_RUNOFF = "TIE_RUNOFF"
    TIE_SCORE = "TIE_SCORE"
    TIE_NONE = "TIE_NONE"


# --- ballots and results ----------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    choices: tuple[str, ...]  # option ids; () is a blank ballot (phiếu trắng)


@dataclass(frozen=True)
class OptionResult:
    option: str
    votes: int
    percent_of_cast: Decimal
    percent_of_members: Decimal
    percent_of_valid: Decimal
    meets_threshold: bool
    elected: bool
    reason: Reason


@dataclass(frozen=True)
class Tally:
    issued: int  # phát ra
    cast: int  # thu vào
    valid: int  # hợp lệ (blank ballots included when allowed)
    invalid: int  # không hợp lệ
    blank: int
    invalid_by: dict[str, int]  # BallotStatus code -> count, for the vote-count minutes
    members: int
    seats: int
    is_runoff: bool
    quorum_needed: int
    quorum_met: bool
    votes: dict[str, int]
    rows: list[OptionResult]
    denominator: Denominator
    threshold: Fraction
    threshold_inclusive: bool
    votes_needed: int  # fewest votes that meet the threshold, with this tally's denominator
    elected: list[str]
    outcome: Outcome
    runoff_options: list[str]
    runoff_seats: int  # seats the runoff is for (pass it as Rules.seats of the runoff)
    rule_applied: tuple[RuleCode, ...]

    @property
    def not_returned(self) -> int:
        return self.issued - self.cast


def percent(part: int, whole: int) -> Decimal:
    """part / whole * 100, rounded half-up to 2 places; 0 when whole is 0."""
    if whole <= 0:
        return Decimal("0.00")
    # Integer rounding avoids any dependency on the ambient decimal context.
    hundredths, remainder = divmod(part * 10_000, whole)
    if 2 * remainder >= whole:
        hundredths += 1
    return Decimal(hundredths).scaleb(-2)


def check_ballot(ballot: Ballot, options: Collection[str], rules: Rules) -> BallotStatus:
    """Classify one ballot; usable before submission to warn a voter, and by ``tally``."""
    choices = ballot.choices
    if not choices:
        return BallotStatus.BLANK if rules.blank_allowed else BallotStatus.BLANK_NOT_ALLOWED
    if len(choices) > rules.seats:
        return BallotStatus.TOO_MANY
    if len(set(choices)) != len(choices):
        return BallotStatus.REPEATED
    known = options if isinstance(options, (set, frozenset)) else set(options)
    if any(choice not in known for choice in choices):
        return BallotStatus.UNKNOWN_OPTION
    return BallotStatus.VALID


def ballot_order(options: Sequence[tuple[str, str]]) -> list[str]:
    """Option ids in Vietnamese dictionary order of their names: the order printed on a ballot."""
    return [oid for oid, _ in sorted(options, key=lambda o: (vi_sort_key(o[1]), o[0]))]


# --- the count --------------------------------------------------------------------------


@dataclass
class _Decision:
    elected: list[str]
    reasons: dict[str, Reason]
    outcome: Outcome
    runoff: list[str]
    runoff_seats: int
    codes: list[RuleCode]


def _split_on_score(
    tied: list[str], seats: int, scores: Mapping[str, Decimal] | None
) -> tuple[list[str], list[str], list[str]]:
    """(winners, still tied, losers) among ``tied`` competing for ``seats``."""
    if scores is None or any(o not in scores for o in tied):
        return [], list(tied), []
    # A stable sort keeps the ballot order among equal scores, so the result is reproducible.
    ranked = sorted(tied, key=lambda o: -scores[o])
    cut = scores[ranked[seats - 1]]
    if cut > scores[ranked[seats]]:
        return ranked[:seats], [], ranked[seats:]
    # Equal scores straddle the last seat: those clearly above still win their seats.
    winners = [o for o in ranked if scores[o] > cut]
    still = [o for o in ranked if scores[o] == cut]
    losers = [o for o in ranked if scores[o] < cut]
    return winners, still, losers


def _decide(
    order: list[str],
    votes: Mapping[str, int],
    meets: Mapping[str, bool],
    rules: Rules,
    scores: Mapping[str, Decimal] | None,
    is_runoff: bool,
) -> _Decision:
    seats = rules.seats
    qualified = [o for o in order if meets[o]]  # a prefix of order: the bar is monotone in votes
    codes: list[RuleCode] = []
    tied: list[str] = []
    if len(qualified) > seats and votes[qualified[seats - 1]] == votes[qualified[seats]]:
        boundary = votes[qualified[seats - 1]]
        sure = [o for o in qualified if votes[o] > boundary]
        tied = [o for o in qualified if votes[o] == boundary]
    else:
        sure = qualified[:seats]
        # Only a tie at the very top counts: once someone is elected, the rest of the field
        # below the bar is simply not elected, tied or not.
        if not sure and rules.win in TOP_TIE_RULES and votes[order[0]] > 0:
            group = [o for o in order if votes[o] == votes[order[0]]]
            if len(group) > seats:
                tied = group
                codes.append(RuleCode.TIE_AT_TOP)
    open_seats = seats - len(sure)

    win_reason = Reason.WON_RUNOFF if is_runoff else Reason.ELECTED
    reasons: dict[str, Reason] = dict.fromkeys(sure, win_reason)
    elected = list(sure)
    outcome: Outcome | None = None
    runoff: list[str] = []
    runoff_seats = 0
    if tied:
        if rules.tie is TieRule.NONE:
            codes.append(RuleCode.TIE_NONE)
            outcome = Outcome.TIE_UNRESOLVED
            reasons.update(dict.fromkeys(tied, Reason.TIED))
        elif rules.tie is TieRule.RUNOFF_THEN_SCORE and not is_runoff:
            codes.append(RuleCode.TIE_RUNOFF)
            outcome = Outcome.RUNOFF_NEEDED
            runoff, runoff_seats = list(tied), open_seats
            reasons.update(dict.fromkeys(tied, Reason.IN_RUNOFF))
        else:
            codes.append(RuleCode.TIE_SCORE)
            winners, still, losers = _split_on_score(tied, open_seats, scores)
            elected.extend(winners)
            reasons.update(dict.fromkeys(winners, Reason.WON_ON_SCORE))
            reasons.update(dict.fromkeys(still, Reason.TIED))
            reasons.update(dict.fromkeys(losers, Reason.LOST_ON_SCORE))
            outcome = Outcome.TIE_UNRESOLVED if still else Outcome.TIE_BROKEN_BY_SCORE
    for o in order:
        reasons.setdefault(o, Reason.NOT_ENOUGH_SEATS if meets[o] else Reason.BELOW_THRESHOLD)
    if outcome is None:
        if len(elected) >= seats:
            outcome = Outcome.ELECTED
        else:
            outcome = Outcome.PARTIAL if elected else Outcome.NONE_ELECTED
    return _Decision(elected, reasons, outcome, runoff, runoff_seats, codes)


def _check_inputs(options: Sequence[str], members: int, issued: int, cast: int, rules: Rules) -> None:
    if not options:
        raise ValueError("a vote needs at least one option")
    if len(set(options)) != len(options):
        raise ValueError("option ids must be unique")
    if rules.seats < 1:
        raise ValueError("seats must be at least 1")
    if members < 1:
        raise ValueError("members must be at least 1")
    if issued < 0:
        raise ValueError("issued must not be negative")
    # More ballots back than were handed out means the count itself is wrong; no result
    # computed from it should reach the minutes.
    if cast > issued:
        raise ValueError("more ballots returned than issued")


def tally(
    options: Sequence[str],
    members: int,
    issued: int,
    ballots: Sequence[Ballot],
    rules: Rules,
    scores: Mapping[str, Decimal] | None = None,
    is_runoff: bool = False,
) -> Tally:
    """Count ``ballots`` and decide who is elected under ``rules``.

    ``members`` is the number of member units (the base of the "of members" rules and of
    the quorum), ``issued`` the ballots handed out, ``scores`` the final scores used to
    break a tie. For a runoff, pass the tied options, ``Rules.seats = runoff_seats`` and
    ``is_runoff=True``.
    """
    cast = len(ballots)
    _check_inputs(options, members, issued, cast, rules)
    known = frozenset(options)
    votes = dict.fromkeys(options, 0)
    valid = blank = 0
    invalid_by: dict[str, int] = {}
    for ballot in ballots:
        status = check_ballot(ballot, known, rules)
        if status is BallotStatus.VALID:
            valid += 1
            for choice in ballot.choices:
                votes[choice] += 1
        elif status is BallotStatus.BLANK:
            valid += 1
            blank += 1
        else:
            invalid_by[status] = invalid_by.get(status, 0) + 1
    invalid = cast - valid

    needed = quorum_needed(rules.quorum, members)
    quorum_met = cast >= needed
    threshold = THRESHOLDS[rules.win]
    base = members if threshold.of is Denominator.MEMBERS else cast
    position = {o: i for i, o in enumerate(options)}
    order = sorted(options, key=lambda o: (-votes[o], position[o]))
    meets = {o: threshold.met(votes[o], base) for o in options}

    codes: list[RuleCode] = [RuleCode.RUNOFF_ROUND] if is_runoff else []
    codes.append(RuleCode(f"QUORUM_{rules.quorum.name}"))
    if quorum_met:
        codes.append(RuleCode(f"WIN_{rules.win.name}"))
        decision = _decide(order, votes, meets, rules, scores, is_runoff)
        codes.extend(decision.codes)
    else:
        decision = _Decision([], dict.fromkeys(order, Reason.QUORUM_NOT_MET), Outcome.QUORUM_NOT_MET, [], 0, [])

    elected_set = set(decision.elected)
    rows = [
        OptionResult(
            option=o,
            votes=votes[o],
            percent_of_cast=percent(votes[o], cast),
            percent_of_members=percent(votes[o], members),
            percent_of_valid=percent(votes[o], valid),
            meets_threshold=meets[o],
            elected=o in elected_set,
            reason=decision.reasons[o],
        )
        for o in order
    ]
    return Tally(
        issued=issued,
        cast=cast,
        valid=valid,
        invalid=invalid,
        blank=blank,
        invalid_by=invalid_by,
        members=members,
        seats=rules.seats,
        is_runoff=is_runoff,
        quorum_needed=needed,
        quorum_met=quorum_met,
        votes=votes,
        rows=rows,
        denominator=threshold.of,
        threshold=threshold.share,
        threshold_inclusive=threshold.inclusive,
        votes_needed=threshold.votes_needed(base),
        elected=decision.elected,
        outcome=decision.outcome,
        runoff_options=decision.runoff,
        runoff_seats=decision.runoff_seats,
        rule_applied=tuple(codes),
    )


# --- integrity helpers ------------------------------------------------------------------

# No 0/O, 1/I/L: receipts are read aloud and typed back from a phone screen.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_RECEIPT_LENGTH = 8
_FINGERPRINT_HEX = 12
_FINGERPRINT_VERSION = 1


def receipt_code() -> str:
    """A random 8-character receipt a voter can keep to check their ballot was counted."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(_RECEIPT_LENGTH))


def fingerprint_definition(
    title: str,
    options: Sequence[tuple[str, str]],
    roll: Sequence[int],
    rules: Rules,
    *,
    extra: Mapping[str, str | int | bool | None] | None = None,
) -> str:
    """12 hex digits of sha256 over the vote's definition, to detect edits after opening.

    ``options`` are (id, name) pairs and ``roll`` the unit ids allowed to vote. Both are
    sorted first, so re-reading them from storage in another order does not look like a
    change; any change of text, membership or rule does. ``extra`` carries any further
    definition field the caller wants covered (award kind, closing time...).
    """

    def nfc(s: str) -> str:
        # The same name typed on different keyboards may arrive composed or decomposed.
        return unicodedata.normalize("NFC", s)

    canonical = {
        "v": _FINGERPRINT_VERSION,
        "title": nfc(title),
        "options": sorted([nfc(oid), nfc(name)] for oid, name in options),
        "roll": sorted(roll),
        "rules": {k: (str(v) if isinstance(v, StrEnum) else v) for k, v in asdict(rules).items()},
        "extra": {nfc(k): (nfc(v) if isinstance(v, str) else v) for k, v in (extra or {}).items()},
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_FINGERPRINT_HEX]
