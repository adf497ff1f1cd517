from __future__ import annotations

import unicodedata
from decimal import Decimal as D
from fractions import Fraction
from typing import Any

import pytest

from bot.domain.tally import (
    RECEIPT_ALPHABET,
    THRESHOLDS,
    Ballot,
    BallotStatus,
    Denominator,
    OptionResult,
    Outcome,
    Quorum,
    Reason,
    RuleCode,
    Rules,
    Tally,
    TieRule,
    WinRule,
    ballot_order,
    check_ballot,
    fingerprint_definition,
    percent,
    quorum_needed,
    receipt_code,
    tally,
)

ABC = ("A", "B", "C")
DEFAULT = Rules()
NO_QUORUM = Rules(quorum=Quorum.NONE)

# The Hưng Yên bloc of provincial Party bodies (names after the 7/2025 merger), id -> name.
HUNG_YEN = {
    "1": "Văn phòng Tỉnh ủy",
    "2": "Ban Tổ chức Tỉnh ủy",
    "3": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "4": "Ủy ban Kiểm tra Tỉnh ủy",
    "5": "Ban Nội chính Tỉnh ủy",
    "6": "Đảng ủy các cơ quan Đảng tỉnh",
    "7": "Báo và Phát thanh, Truyền hình Hưng Yên",
    "8": "Trường Chính trị Nguyễn Văn Linh",
}


def ballots(blank: int = 0, **counts: int) -> list[Ballot]:
    """Single-choice ballots: ``counts`` votes per option plus ``blank`` blank ballots."""
    out = [Ballot((option,)) for option, n in counts.items() for _ in range(n)]
    return out + [Ballot(())] * blank


def multi(*choice_sets: tuple[tuple[str, ...], int]) -> list[Ballot]:
    """Ballots given as (choices, how many such ballots)."""
    return [Ballot(choices) for choices, n in choice_sets for _ in range(n)]


def run(
    options: tuple[str, ...],
    members: int,
    bs: list[Ballot],
    rules: Rules = DEFAULT,
    *,
    issued: int | None = None,
    scores: dict[str, D] | None = None,
    is_runoff: bool = False,
) -> Tally:
    return tally(options, members, members if issued is None else issued, bs, rules, scores, is_runoff)


def row(t: Tally, option: str) -> OptionResult:
    return next(r for r in t.rows if r.option == option)


# --- quorum -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quorum", "members", "cast", "needed", "met"),
    [
        (Quorum.TWO_THIRDS, 8, 6, 6, True),
        (Quorum.TWO_THIRDS, 8, 5, 6, False),
        (Quorum.TWO_THIRDS, 9, 6, 6, True),
        (Quorum.TWO_THIRDS, 9, 5, 6, False),
        (Quorum.TWO_THIRDS, 7, 5, 5, True),  # 14/3 = 4.67 -> 5
        (Quorum.TWO_THIRDS, 7, 4, 5, False),
        (Quorum.TWO_THIRDS, 3, 2, 2, True),
        (Quorum.HALF, 8, 5, 5, True),
        (Quorum.HALF, 8, 4, 5, False),  # exactly half is not more than half
        (Quorum.HALF, 9, 5, 5, True),
        (Quorum.HALF, 9, 4, 5, False),
        (Quorum.NONE, 8, 0, 0, True),
        (Quorum.NONE, 8, 1, 0, True),
    ],
)
def test_quorum_boundaries(quorum: Quorum, members: int, cast: int, needed: int, met: bool) -> None:
    assert quorum_needed(quorum, members) == needed
    t = run(ABC, members, ballots(A=cast), Rules(quorum=quorum, win=WinRule.PLURALITY))
    assert (t.quorum_needed, t.quorum_met) == (needed, met)
    if met:
        assert t.elected == (["A"] if cast else [])
    else:
        assert t.outcome is Outcome.QUORUM_NOT_MET
        assert t.elected == []
        assert {r.reason for r in t.rows} == {Reason.QUORUM_NOT_MET}
        assert t.rule_applied == (RuleCode(f"QUORUM_{quorum.name}"),)
        # the count is still reported for the minutes
        assert t.votes["A"] == cast


def test_invalid_ballots_count_towards_quorum() -> None:
    bs = [*ballots(A=4), Ballot(("A", "B")), Ballot(("Z",))]  # 6 of 8 returned, 2 invalid
    t = run(ABC, 8, bs)
    assert (t.cast, t.valid, t.invalid, t.quorum_met) == (6, 4, 2, True)


# --- win rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("win", "members", "a", "b", "blank", "elected"),
    [
        # more than half of the members: 5 of 8 yes, 4 of 8 no; 4 of 7 yes, 3 of 7 no
        (WinRule.MAJORITY_OF_MEMBERS, 8, 5, 3, 0, True),
        (WinRule.MAJORITY_OF_MEMBERS, 8, 4, 0, 4, False),
        (WinRule.MAJORITY_OF_MEMBERS, 7, 4, 3, 0, True),
        (WinRule.MAJORITY_OF_MEMBERS, 7, 3, 2, 2, False),
        # at least 2/3 of 8 = 5.33 -> 6; of 9 = 6 exactly (inclusive)
        (WinRule.TWO_THIRDS_OF_MEMBERS, 8, 6, 2, 0, True),
        (WinRule.TWO_THIRDS_OF_MEMBERS, 8, 5, 3, 0, False),
        (WinRule.TWO_THIRDS_OF_MEMBERS, 9, 6, 3, 0, True),
        (WinRule.TWO_THIRDS_OF_MEMBERS, 9, 5, 4, 0, False),
        # at least 70% of 8 = 5.6 -> 6; of 10 = 7 exactly (inclusive)
        (WinRule.SEVENTY_PERCENT_OF_MEMBERS, 8, 6, 2, 0, True),
        (WinRule.SEVENTY_PERCENT_OF_MEMBERS, 8, 5, 3, 0, False),
        (WinRule.SEVENTY_PERCENT_OF_MEMBERS, 10, 7, 3, 0, True),
        (WinRule.SEVENTY_PERCENT_OF_MEMBERS, 10, 6, 4, 0, False),
        # more than half of the ballots returned (blank ones included)
        (WinRule.MAJORITY_OF_CAST, 8, 5, 3, 0, True),
        (WinRule.MAJORITY_OF_CAST, 8, 4, 3, 1, False),
        (WinRule.PLURALITY, 8, 1, 0, 7, True),
        (WinRule.PLURALITY, 8, 0, 0, 8, False),
    ],
)
def test_win_rule_boundaries(win: WinRule, members: int, a: int, b: int, blank: int, elected: bool) -> None:
    # A always leads, so only the threshold decides
    t = run(ABC, members, ballots(blank=blank, A=a, B=b), Rules(quorum=Quorum.NONE, win=win))
    assert t.cast == members
    assert row(t, "A").meets_threshold is elected
    assert t.elected == (["A"] if elected else [])
    assert t.outcome is (Outcome.ELECTED if elected else Outcome.NONE_ELECTED)
    assert row(t, "A").reason is (Reason.ELECTED if elected else Reason.BELOW_THRESHOLD)


def test_majority_of_cast_vs_of_members_with_absent_units() -> None:
    # 6 of 8 units returned a ballot; 4 votes are a majority of the ballots but not of the bloc
    bs = ballots(A=4, B=2)
    assert run(ABC, 8, bs).elected == []
    assert run(ABC, 8, bs, Rules(win=WinRule.MAJORITY_OF_CAST)).elected == ["A"]


def test_majority_of_cast_counts_invalid_ballots() -> None:
    bs = [*ballots(A=3, B=1), Ballot(("Z",)), Ballot(("A", "B"))]
    t = run(ABC, 8, bs, Rules(win=WinRule.MAJORITY_OF_CAST))
    assert (t.cast, t.valid, t.votes["A"]) == (6, 4, 3)
    assert t.elected == []  # 3 of 6 returned is not more than half, though it is 75% of valid
    assert row(t, "A").percent_of_valid == D("75.00")


@pytest.mark.parametrize(
    ("win", "members", "cast", "share", "inclusive", "denominator", "needed"),
    [
        (WinRule.MAJORITY_OF_MEMBERS, 8, 8, Fraction(1, 2), False, Denominator.MEMBERS, 5),
        (WinRule.MAJORITY_OF_MEMBERS, 7, 6, Fraction(1, 2), False, Denominator.MEMBERS, 4),
        (WinRule.MAJORITY_OF_CAST, 8, 6, Fraction(1, 2), False, Denominator.CAST, 4),
        (WinRule.MAJORITY_OF_CAST, 8, 7, Fraction(1, 2), False, Denominator.CAST, 4),
        (WinRule.TWO_THIRDS_OF_MEMBERS, 8, 8, Fraction(2, 3), True, Denominator.MEMBERS, 6),
        (WinRule.TWO_THIRDS_OF_MEMBERS, 9, 8, Fraction(2, 3), True, Denominator.MEMBERS, 6),
        (WinRule.SEVENTY_PERCENT_OF_MEMBERS, 8, 8, Fraction(7, 10), True, Denominator.MEMBERS, 6),
        (WinRule.SEVENTY_PERCENT_OF_MEMBERS, 10, 8, Fraction(7, 10), True, Denominator.MEMBERS, 7),
        (WinRule.PLURALITY, 8, 8, Fraction(0), False, Denominator.CAST, 1),
    ],
)
def test_threshold_reported(
    win: WinRule, members: int, cast: int, share: Fraction, inclusive: bool, denominator: Denominator, needed: int
) -> None:
    t = run(ABC, members, ballots(blank=cast), Rules(win=win, quorum=Quorum.NONE))
    assert (t.threshold, t.threshold_inclusive, t.denominator, t.votes_needed) == (
        share,
        inclusive,
        denominator,
        needed,
    )
    assert THRESHOLDS[win].share == share
    assert t.denominator == denominator.value  # a plain str for the caller


# --- ballots ------------------------------------------------------------------------------


def test_blank_ballots_are_cast_and_valid_but_vote_for_nobody() -> None:
    t = run(ABC, 8, ballots(blank=2, A=6))
    assert (t.issued, t.cast, t.valid, t.invalid, t.blank) == (8, 8, 8, 0, 2)
    assert t.votes == {"A": 6, "B": 0, "C": 0}
    assert row(t, "A").percent_of_valid == D("75.00")
    assert t.elected == ["A"]


@pytest.mark.parametrize(
    ("choices", "rules", "status"),
    [
        (("A",), Rules(), BallotStatus.VALID),
        ((), Rules(), BallotStatus.BLANK),
        ((), Rules(blank_allowed=False), BallotStatus.BLANK_NOT_ALLOWED),
        (("A", "B"), Rules(), BallotStatus.TOO_MANY),
        (("A", "B"), Rules(seats=2), BallotStatus.VALID),
        (("A", "B", "C"), Rules(seats=2), BallotStatus.TOO_MANY),
        (("Z",), Rules(), BallotStatus.UNKNOWN_OPTION),
        (("A", "Z"), Rules(seats=2), BallotStatus.UNKNOWN_OPTION),
        (("A", "A"), Rules(seats=2), BallotStatus.REPEATED),
    ],
)
def test_check_ballot(choices: tuple[str, ...], rules: Rules, status: BallotStatus) -> None:
    assert check_ballot(Ballot(choices), ABC, rules) is status


@pytest.mark.parametrize(
    ("bad", "rules", "status"),
    [
        (("A", "B"), Rules(), BallotStatus.TOO_MANY),
        (("Z",), Rules(), BallotStatus.UNKNOWN_OPTION),
        (("B", "B"), Rules(seats=2), BallotStatus.REPEATED),
        ((), Rules(blank_allowed=False), BallotStatus.BLANK_NOT_ALLOWED),
    ],
)
def test_invalid_ballots_counted_but_give_no_votes(bad: tuple[str, ...], rules: Rules, status: BallotStatus) -> None:
    # 8 members, quorum 6: five good ballots alone would miss it, the invalid sixth makes it
    bs = [*ballots(A=5), Ballot(bad)]
    t = run(ABC, 8, bs, rules)
    assert (t.cast, t.valid, t.invalid, t.blank) == (6, 5, 1, 0)
    assert t.invalid_by == {status: 1}
    assert t.votes == {"A": 5, "B": 0, "C": 0}
    assert t.quorum_met
    assert t.elected == ["A"]


# --- seats and ties -----------------------------------------------------------------------


def five_four_four() -> list[Ballot]:
    # 7 members, 2 seats, up to 2 choices each: A 5, B 4, C 4 (all more than half of 7)
    return multi((("A", "B"), 3), (("A", "C"), 2), (("B", "C"), 1), (("C",), 1))


def test_two_seats_tie_at_the_boundary_goes_to_runoff() -> None:
    t = run(ABC, 7, five_four_four(), Rules(seats=2))
    assert t.votes == {"A": 5, "B": 4, "C": 4}
    assert t.outcome is Outcome.RUNOFF_NEEDED
    assert t.elected == ["A"]
    assert (t.runoff_options, t.runoff_seats) == (["B", "C"], 1)
    assert [r.reason for r in t.rows] == [Reason.ELECTED, Reason.IN_RUNOFF, Reason.IN_RUNOFF]
    assert t.rule_applied == (RuleCode.QUORUM_TWO_THIRDS, RuleCode.WIN_MAJORITY_OF_MEMBERS, RuleCode.TIE_RUNOFF)

    # the runoff for the remaining seat among the tied
    runoff = run(("B", "C"), 7, ballots(B=4, C=3), Rules(seats=t.runoff_seats), is_runoff=True)
    assert runoff.elected == ["B"]
    assert runoff.outcome is Outcome.ELECTED
    assert row(runoff, "B").reason is Reason.WON_RUNOFF
    assert runoff.rule_applied[0] is RuleCode.RUNOFF_ROUND


def test_two_seats_without_a_tie() -> None:
    bs = multi((("A", "B"), 5), (("A", "C"), 1), (("C",), 1))  # A 6, B 5, C 2 of 7
    t = run(ABC, 7, bs, Rules(seats=2))
    assert (t.elected, t.outcome) == (["A", "B"], Outcome.ELECTED)
    assert row(t, "C").reason is Reason.BELOW_THRESHOLD


def test_met_threshold_but_no_seat_left() -> None:
    t = run(ABC, 8, ballots(A=4, B=3, C=1), Rules(win=WinRule.PLURALITY))
    assert t.elected == ["A"]
    assert [r.reason for r in t.rows] == [Reason.ELECTED, Reason.NOT_ENOUGH_SEATS, Reason.NOT_ENOUGH_SEATS]


@pytest.mark.parametrize("win", [WinRule.MAJORITY_OF_MEMBERS, WinRule.TWO_THIRDS_OF_MEMBERS])
def test_tie_below_the_threshold_behind_an_elected_option_is_irrelevant(win: WinRule) -> None:
    # 8 members, 2 seats: A 6 is elected; B and C tie on 2, below the bar, so the 2nd seat stays empty
    bs = multi((("A", "B"), 2), (("A", "C"), 2), (("A",), 2), ((), 2))
    t = run(ABC, 8, bs, Rules(seats=2, win=win))
    assert t.votes == {"A": 6, "B": 2, "C": 2}
    assert (t.elected, t.outcome, t.runoff_options) == (["A"], Outcome.PARTIAL, [])
    assert [r.reason for r in t.rows] == [Reason.ELECTED, Reason.BELOW_THRESHOLD, Reason.BELOW_THRESHOLD]


def test_top_tie_for_more_seats_than_tied() -> None:
    # 2 seats, nobody past 50% of 8; A and B tie at the top but both fit in the seats: no runoff
    assert run(ABC, 8, ballots(A=3, B=3, C=2), Rules(seats=2)).outcome is Outcome.NONE_ELECTED
    # three tied for two seats: the tie rule takes over
    t = run(("A", "B", "C", "D"), 9, ballots(A=3, B=3, C=3), Rules(seats=2))
    assert (t.outcome, t.runoff_options, t.runoff_seats) == (Outcome.RUNOFF_NEEDED, ["A", "B", "C"], 2)


def test_seat_one_tie_at_the_top_goes_to_runoff() -> None:
    t = run(ABC, 8, ballots(A=4, B=4))
    assert t.outcome is Outcome.RUNOFF_NEEDED
    assert (t.elected, t.runoff_options, t.runoff_seats) == ([], ["A", "B"], 1)
    assert row(t, "C").reason is Reason.BELOW_THRESHOLD
    assert RuleCode.TIE_AT_TOP in t.rule_applied
    assert RuleCode.TIE_RUNOFF in t.rule_applied


def test_three_way_tie_at_the_top() -> None:
    t = run(("A", "B", "C", "D"), 8, ballots(blank=2, A=2, B=2, C=2))
    assert (t.outcome, t.runoff_options) == (Outcome.RUNOFF_NEEDED, ["A", "B", "C"])


def test_plurality_tie_at_the_top_goes_to_runoff() -> None:
    t = run(ABC, 8, ballots(A=3, B=3, C=2), Rules(win=WinRule.PLURALITY))
    assert (t.outcome, t.runoff_options) == (Outcome.RUNOFF_NEEDED, ["A", "B"])
    assert RuleCode.TIE_AT_TOP not in t.rule_applied  # both met the (plurality) threshold


def test_tie_below_a_hard_threshold_elects_nobody() -> None:
    # only the default rule sends a tie below its bar to the tie rule (TOP_TIE_RULES)
    t = run(ABC, 8, ballots(A=4, B=4), Rules(win=WinRule.MAJORITY_OF_CAST))
    assert (t.outcome, t.runoff_options) == (Outcome.NONE_ELECTED, [])


WON, LOST = Reason.WON_ON_SCORE, Reason.LOST_ON_SCORE


@pytest.mark.parametrize(
    ("scores", "outcome", "elected", "reasons"),
    [
        ({"A": D("95"), "B": D("97.5")}, Outcome.TIE_BROKEN_BY_SCORE, ["B"], [LOST, WON]),
        ({"A": D("98.25"), "B": D("97.5")}, Outcome.TIE_BROKEN_BY_SCORE, ["A"], [WON, LOST]),
        ({"A": D("97.5"), "B": D("97.50")}, Outcome.TIE_UNRESOLVED, [], [Reason.TIED, Reason.TIED]),
        ({"A": D("97.5")}, Outcome.TIE_UNRESOLVED, [], [Reason.TIED, Reason.TIED]),
        (None, Outcome.TIE_UNRESOLVED, [], [Reason.TIED, Reason.TIED]),
    ],
)
def test_runoff_tied_again_is_decided_by_score(
    scores: dict[str, D] | None, outcome: Outcome, elected: list[str], reasons: list[Reason]
) -> None:
    t = run(("A", "B"), 8, ballots(A=4, B=4), scores=scores, is_runoff=True)
    assert (t.outcome, t.elected, t.runoff_options) == (outcome, elected, [])
    assert [r.reason for r in t.rows] == reasons
    assert t.rule_applied[0] is RuleCode.RUNOFF_ROUND
    assert RuleCode.TIE_SCORE in t.rule_applied


def test_runoff_with_a_clear_winner() -> None:
    t = run(("A", "B"), 8, ballots(A=5, B=3), is_runoff=True)
    assert (t.outcome, t.elected, row(t, "A").reason) == (Outcome.ELECTED, ["A"], Reason.WON_RUNOFF)


def test_tie_rule_score_decides_directly() -> None:
    scores = {"A": D("99"), "B": D("92"), "C": D("95.5")}
    t = run(ABC, 7, five_four_four(), Rules(seats=2, tie=TieRule.SCORE), scores=scores)
    assert (t.outcome, t.elected) == (Outcome.TIE_BROKEN_BY_SCORE, ["A", "C"])
    assert [(r.option, r.reason) for r in t.rows] == [
        ("A", Reason.ELECTED),
        ("B", Reason.LOST_ON_SCORE),
        ("C", Reason.WON_ON_SCORE),
    ]
    assert RuleCode.TIE_SCORE in t.rule_applied
    assert RuleCode.TIE_RUNOFF not in t.rule_applied


def test_tie_rule_none_leaves_the_tie() -> None:
    t = run(ABC, 7, five_four_four(), Rules(seats=2, tie=TieRule.NONE))
    assert (t.outcome, t.elected, t.runoff_options) == (Outcome.TIE_UNRESOLVED, ["A"], [])
    assert [r.reason for r in t.rows] == [Reason.ELECTED, Reason.TIED, Reason.TIED]
    assert RuleCode.TIE_NONE in t.rule_applied


@pytest.mark.parametrize(
    ("seats", "scores", "elected", "tied", "lost"),
    [
        # three tied for one seat, the two best scores equal: nobody wins, the lowest is out
        (1, {"A": D("90"), "B": D("90"), "C": D("80")}, [], ["A", "B"], ["C"]),
        # three tied for two seats: the best score takes one, the other two stay tied
        (2, {"A": D("90"), "B": D("95"), "C": D("90")}, ["B"], ["A", "C"], []),
        (2, {"A": D("90"), "B": D("95"), "C": D("85")}, ["B", "A"], [], ["C"]),
    ],
)
def test_score_split_straddling_the_last_seat(
    seats: int, scores: dict[str, D], elected: list[str], tied: list[str], lost: list[str]
) -> None:
    t = run(ABC, 9, ballots(A=3, B=3, C=3), Rules(seats=seats, win=WinRule.PLURALITY, tie=TieRule.SCORE), scores=scores)
    assert t.elected == elected
    assert [r.option for r in t.rows if r.reason is Reason.TIED] == tied
    assert [r.option for r in t.rows if r.reason is Reason.LOST_ON_SCORE] == lost
    assert t.outcome is (Outcome.TIE_UNRESOLVED if tied else Outcome.TIE_BROKEN_BY_SCORE)


def test_nobody_meets_the_threshold() -> None:
    t = run(ABC, 8, ballots(blank=1, A=3, B=2, C=2))
    assert (t.outcome, t.elected, t.runoff_options) == (Outcome.NONE_ELECTED, [], [])
    assert {r.reason for r in t.rows} == {Reason.BELOW_THRESHOLD}
    assert t.rule_applied == (RuleCode.QUORUM_TWO_THIRDS, RuleCode.WIN_MAJORITY_OF_MEMBERS)


def test_partial_seats() -> None:
    bs = multi((("A", "B"), 3), (("A", "C"), 1), (("A",), 2), ((), 2))  # A 6, B 3, C 1 of 8
    t = run(ABC, 8, bs, Rules(seats=2))
    assert (t.outcome, t.elected) == (Outcome.PARTIAL, ["A"])
    assert [r.reason for r in t.rows] == [Reason.ELECTED, Reason.BELOW_THRESHOLD, Reason.BELOW_THRESHOLD]


def test_more_seats_than_options() -> None:
    t = run(("A", "B"), 4, multi((("A", "B"), 4)), Rules(seats=3))
    assert (t.outcome, t.elected) == (Outcome.PARTIAL, ["A", "B"])


# --- percentages and order ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (5, 8, "62.50"),
        (7, 8, "87.50"),
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 32, "3.13"),  # 3.125: half-up, not to even
        (5, 32, "15.63"),  # 15.625
        (8, 8, "100.00"),
        (0, 8, "0.00"),
        (3, 0, "0.00"),
    ],
)
def test_percent(part: int, whole: int, expected: str) -> None:
    assert str(percent(part, whole)) == expected


def test_percentages_use_their_own_denominators() -> None:
    # 8 members, 7 ballots returned: 5 for A, 1 invalid, 1 blank -> 5 valid votes for A of 6 valid
    bs = [*ballots(blank=1, A=5), Ballot(("Z",))]
    t = run(ABC, 8, bs)
    a = row(t, "A")
    assert (a.percent_of_members, a.percent_of_cast, a.percent_of_valid) == (D("62.50"), D("71.43"), D("83.33"))
    assert row(t, "B").percent_of_members == D("0.00")
    assert t.not_returned == 1


def test_rows_order_by_votes_then_ballot_order() -> None:
    t = run(("C", "A", "B", "D"), 8, ballots(A=2, B=3, C=2), Rules(quorum=Quorum.NONE))
    assert [r.option for r in t.rows] == ["B", "C", "A", "D"]
    assert list(t.votes) == ["C", "A", "B", "D"]  # votes keep the ballot order


def test_ballot_order_follows_vietnamese_collation() -> None:
    order = ballot_order(list(HUNG_YEN.items()))
    assert [HUNG_YEN[i] for i in order] == [
        "Ban Nội chính Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Báo và Phát thanh, Truyền hình Hưng Yên",
        "Đảng ủy các cơ quan Đảng tỉnh",
        "Trường Chính trị Nguyễn Văn Linh",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Văn phòng Tỉnh ủy",
    ]


# --- plain questions, empty votes, the seed ------------------------------------------------

YNA = ("yes", "no", "abstain")


@pytest.mark.parametrize(
    ("counts", "win", "elected", "outcome"),
    [
        ({"yes": 5, "no": 2, "abstain": 1}, WinRule.PLURALITY, ["yes"], Outcome.ELECTED),
        ({"yes": 2, "no": 2, "abstain": 4}, WinRule.PLURALITY, ["abstain"], Outcome.ELECTED),
        ({"yes": 2, "no": 5, "abstain": 1}, WinRule.MAJORITY_OF_CAST, ["no"], Outcome.ELECTED),
        ({"yes": 4, "no": 3, "abstain": 1}, WinRule.MAJORITY_OF_CAST, [], Outcome.NONE_ELECTED),
        ({"yes": 5, "no": 0, "abstain": 0}, WinRule.MAJORITY_OF_MEMBERS, ["yes"], Outcome.ELECTED),
    ],
)
def test_plain_question(counts: dict[str, int], win: WinRule, elected: list[str], outcome: Outcome) -> None:
    t = run(YNA, 8, ballots(**counts), Rules(quorum=Quorum.NONE, win=win))
    assert (t.elected, t.outcome) == (elected, outcome)
    assert sum(t.votes.values()) == sum(counts.values())


@pytest.mark.parametrize(
    ("rules", "outcome"),
    [(Rules(), Outcome.QUORUM_NOT_MET), (NO_QUORUM, Outcome.NONE_ELECTED)],
)
def test_zero_ballots(rules: Rules, outcome: Outcome) -> None:
    t = run(ABC, 8, [], rules)
    assert (t.cast, t.valid, t.invalid, t.blank, t.outcome, t.elected) == (0, 0, 0, 0, outcome, [])
    assert t.votes == {"A": 0, "B": 0, "C": 0}
    assert {(r.percent_of_cast, r.percent_of_members, r.percent_of_valid) for r in t.rows} == {
        (D("0.00"), D("0.00"), D("0.00"))
    }


def test_seed_head_election() -> None:
    # the seed's meeting: Văn phòng Tỉnh ủy acclaimed bloc head with 7 of the 8 units' ballots
    options = tuple(ballot_order(list(HUNG_YEN.items())))
    t = tally(options, 8, 8, ballots(**{"1": 7, "4": 1}), Rules())
    assert t.outcome is Outcome.ELECTED
    assert [HUNG_YEN[o] for o in t.elected] == ["Văn phòng Tỉnh ủy"]
    head = t.rows[0]
    assert (head.option, head.votes, head.percent_of_members, head.reason) == ("1", 7, D("87.50"), Reason.ELECTED)
    assert (t.issued, t.cast, t.valid, t.invalid) == (8, 8, 8, 0)
    assert t.rule_applied == (RuleCode.QUORUM_TWO_THIRDS, RuleCode.WIN_MAJORITY_OF_MEMBERS)


# --- input checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "members", "issued", "bs", "rules"),
    [
        ((), 8, 8, [], Rules()),
        (("A", "A"), 8, 8, [], Rules()),
        (ABC, 8, 8, [], Rules(seats=0)),
        (ABC, 0, 0, [], Rules()),
        (ABC, 8, -1, [], Rules()),
        (ABC, 8, 2, ballots(A=3), Rules()),  # more returned than issued
    ],
)
def test_rejects_inconsistent_input(
    options: tuple[str, ...], members: int, issued: int, bs: list[Ballot], rules: Rules
) -> None:
    with pytest.raises(ValueError):
        tally(options, members, issued, bs, rules)


# --- fingerprint and receipts -------------------------------------------------------------

BASE_OPTIONS = [("1", "Văn phòng Tỉnh ủy"), ("2", "Ban Tổ chức Tỉnh ủy"), ("3", "Ban Nội chính Tỉnh ủy")]
BASE_TITLE = "Suy tôn Trưởng khối năm 2025"
BASE_ROLL = [1, 2, 3, 4, 5, 6, 7, 8]


def fp(
    title: str = BASE_TITLE,
    options: list[tuple[str, str]] = BASE_OPTIONS,
    roll: list[int] = BASE_ROLL,
    rules: Rules = DEFAULT,
    extra: dict[str, str] | None = None,
) -> str:
    return fingerprint_definition(title, options, roll, rules, extra=extra)


def test_fingerprint_is_stable() -> None:
    first = fp()
    assert len(first) == 12
    assert all(c in "0123456789abcdef" for c in first)
    assert fp() == first
    # same definition read back in another order, or with the name decomposed (NFD)
    assert fp(options=list(reversed(BASE_OPTIONS))) == first
    assert fp(roll=[8, 7, 6, 5, 4, 3, 2, 1]) == first
    nfd = [(i, unicodedata.normalize("NFD", n)) for i, n in BASE_OPTIONS]
    assert fp(options=nfd) == first


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Suy tôn Phó trưởng khối năm 2025"},
        {"options": [*BASE_OPTIONS[:2], ("3", "Ban Nội chính tỉnh ủy")]},  # one letter's case
        {"options": [*BASE_OPTIONS[:2], ("4", "Ban Nội chính Tỉnh ủy")]},  # the id behind a name
        {"options": BASE_OPTIONS[:2]},
        {"options": [*BASE_OPTIONS, ("5", "Ủy ban Kiểm tra Tỉnh ủy")]},
        {"roll": [1, 2, 3, 4, 5, 6, 7]},
        {"roll": [1, 2, 3, 4, 5, 6, 7, 9]},
        {"rules": Rules(quorum=Quorum.HALF)},
        {"rules": Rules(win=WinRule.MAJORITY_OF_CAST)},
        {"rules": Rules(seats=2)},
        {"rules": Rules(tie=TieRule.SCORE)},
        {"rules": Rules(blank_allowed=False)},
        {"extra": {"award": "co_thi_dua"}},
    ],
)
def test_fingerprint_changes_with_any_change(changes: dict[str, Any]) -> None:
    assert fp(**changes) != fp()


def test_receipt_codes() -> None:
    codes = [receipt_code() for _ in range(200)]
    assert all(len(c) == 8 and set(c) <= set(RECEIPT_ALPHABET) for c in codes)
    assert len(set(codes)) == len(codes)
    assert not set(RECEIPT_ALPHABET) & set("0O1IL")
