"""How a vote's options, outcome and rules read in the documents (bot/services/reports.py); the chat's
wording of a vote, its ballots and results, is handlers/vote_text.py."""

from __future__ import annotations

from bot.services.votes import VoteView
from bot.text.catalogue import t


def option_label(view: VoteView, option_id: str) -> str:
    return next((o.label for o in view.options if o.option_id == option_id), option_id)


def answer_label(lang: str, view: VoteView, option_id: str) -> str:
    if view.vote.kind == "question":
        return t(f"vote.answer.{option_id}", lang)
    return option_label(view, option_id)


def outcome_text(lang: str, view: VoteView, outcome: str, elected: list[str], tied: list[str]) -> str:
    return t(f"vote.outcome.{outcome}", lang, elected=", ".join(answer_label(lang, view, o) for o in elected) or "–",
             tied=", ".join(answer_label(lang, view, o) for o in tied))


def rules_text(lang: str, codes: tuple[str, ...] | list[str]) -> str:
    return "; ".join(t(f"vote.rule.{code}", lang) for code in codes)
