"""How a vote's result reads: in chat, in the bloc's group, and in the vote-count minutes."""

from __future__ import annotations

from bot.domain.tally import Tally
from bot.services.votes import VoteView
from bot.text.catalogue import t
from bot.text.vi_text import format_percent


def option_label(view: VoteView, option_id: str) -> str:
    return next((o.label for o in view.options if o.option_id == option_id), option_id)


def answer_label(lang: str, view: VoteView, option_id: str) -> str:
    if view.vote.kind == "question":
        return t(f"vote.answer.{option_id}", lang)
    return option_label(view, option_id)


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


def outcome_text(lang: str, view: VoteView, outcome: str, elected: list[str], tied: list[str]) -> str:
    return t(f"vote.outcome.{outcome}", lang, elected=", ".join(answer_label(lang, view, o) for o in elected) or "–",
             tied=", ".join(answer_label(lang, view, o) for o in tied))


def rules_text(lang: str, codes: tuple[str, ...] | list[str]) -> str:
    return "; ".join(t(f"vote.rule.{code}", lang) for code in codes)
