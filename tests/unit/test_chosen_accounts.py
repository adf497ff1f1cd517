"""The one rule for where a notice or reminder for a person goes."""

from __future__ import annotations

from bot.services.notify import chosen_accounts
from bot.services.people import Reachable

TELEGRAM, ZALO = Reachable("telegram", "1"), Reachable("zalo", "z1")


def test_the_chosen_channel_only():
    assert chosen_accounts([TELEGRAM, ZALO], "zalo") == [ZALO]


def test_no_choice_means_every_reachable_account():
    assert chosen_accounts([TELEGRAM, ZALO], "both") == [TELEGRAM, ZALO]


def test_a_chosen_channel_that_cannot_reach_them_falls_back_to_the_others():
    assert chosen_accounts([TELEGRAM], "zalo") == [TELEGRAM]


def test_nobody_reachable_gets_nothing():
    assert chosen_accounts([], "both") == []
