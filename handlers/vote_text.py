"""How a vote reads in chat: its ballot with the buttons that fill it, and its result with the receipts.

The services decide who gets a vote's messages and store them with the vote (bot/services/votes.py); they
are worded here, for the head's dialog (ChatVoteMessages) and for the reminder sweep's deadline closing
(handlers/reminder_text.py).
"""

from __future__ import annotations

from bot.domain.tally import Tally
from bot.services.vote_text import answer_label, outcome_text, rules_text
from bot.services.votes import Opened, VoteView
from bot.text.catalogue import t
from bot.text.messages import Choice, Reply
from bot.text.vi_text import format_percent
from handlers import actions as a


def to_mask(view: VoteView, chosen: list[str]) -> str:
    """The choices so far as a bit mask over the ballot's options, in hex (see handlers/votes.py)."""
    ids = [o.option_id for o in view.options]
    return format(sum(1 << ids.index(c) for c in chosen), "x")


def ballot_rows(lang: str, view: VoteView, chosen: list[str]) -> list[list[Choice]]:
    rows = []
    mask = to_mask(view, chosen)
    for option in view.options:
        mark = "☑️ " if option.option_id in chosen else ""
        label = mark + answer_label(lang, view, option.option_id)
        rows.append([Choice(label, a.BALLOT.data(view.vote.id, mask, option.option_id))])
    bottom = [Choice(t("vote.confirm_button", lang), a.BALLOT_CONFIRM.data(view.vote.id, mask))] if chosen else []
    bottom.append(Choice(t("vote.blank_button", lang), a.BALLOT_BLANK.data(view.vote.id)))
    rows.append(bottom)
    return rows


def ballot_message(lang: str, opened: Opened) -> Reply:
    """What every unit on the roll gets when the vote opens: the ballot, or where the group's poll is."""
    view = opened.view
    if view.vote.mode == "open" and opened.fell_back is None:
        return Reply(t("vote.poll_posted", lang, title=view.vote.title))
    text = t("vote.ballot", lang, title=view.vote.title, seats=view.vote.seats,
             runoff=t("vote.runoff_note", lang) if view.vote.runoff_of else "")
    return Reply(text, ballot_rows(lang, view, []))


def result_text(lang: str, view: VoteView, result: Tally, receipts: list[tuple[str, list[str]]]) -> str:
    """What the vote-count minutes need: ballots, votes and percentages with their denominator, the outcome
    and the rule that produced it, then every receipt with its choices."""
    lines = [
        t("vote.result_title", lang, title=view.vote.title),
        t("vote.result_counts", lang, issued=result.issued, cast=result.cast, valid=result.valid,
          blank=result.blank, invalid=result.invalid),
        t("vote.quorum_met" if result.quorum_met else "vote.quorum_not_met", lang, needed=result.quorum_needed,
          members=result.members),
    ]
    denominator = t(f"vote.denominator.{result.denominator}", lang)
    for row in result.rows:
        share = row.percent_of_members if result.denominator == "members" else row.percent_of_cast
        lines.append(t("vote.result_line", lang, option=answer_label(lang, view, row.option), votes=row.votes,
                       percent=format_percent(share), denominator=denominator,
                       mark=t("vote.elected_mark", lang) if row.elected else ""))
    lines.append(outcome_text(lang, view, result.outcome, result.elected, result.runoff_options))
    lines.append(t("vote.rules_line", lang, rules=rules_text(lang, result.rule_applied)))
    lines.append(t("vote.receipts_title", lang))
    for receipt, choices in receipts:
        chosen = ", ".join(answer_label(lang, view, c) for c in choices) or t("vote.blank", lang)
        lines.append(f"{receipt} → {chosen}")
    return "\n".join(lines)


class ChatVoteMessages:
    """A vote's messages to the units, in the language of the person whose step sends them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def ballot(self, opened: Opened) -> Reply:
        return ballot_message(self.lang, opened)

    def result(self, view: VoteView, result: Tally, receipts: list[tuple[str, list[str]]]) -> Reply:
        return Reply(result_text(self.lang, view, result, receipts))
