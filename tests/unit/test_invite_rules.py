"""Invite codes: shape, what people type, and the throttle on guessing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain import invite_rules
from bot.domain.invite_rules import (
    CODE_ALPHABET,
    CODE_LENGTH,
    FAILURE_WINDOW,
    FAILURES_ALLOWED,
    new_code,
    normalize_code,
    throttle,
)
from storage.rows import Invite

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_codes_use_the_unambiguous_alphabet():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_typed_codes_are_normalised():
    assert normalize_code(" k7qx-m2pa 9z ") == "K7QXM2PA9Z"
    assert normalize_code("K7QXM2PA9") is None  # too short
    assert normalize_code("K7QXM2PA9O") is None  # O is not in the alphabet
    assert normalize_code("xin chào các đồng chí") is None


def test_throttle_allows_a_few_mistakes_then_blocks_until_the_window_slides():
    failures = [NOW - timedelta(minutes=10 - i) for i in range(FAILURES_ALLOWED - 1)]
    assert not throttle(failures, NOW).blocked
    failures.append(NOW - timedelta(minutes=1))
    gate = throttle(failures, NOW)
    assert gate.blocked and gate.retry_at == failures[0] + FAILURE_WINDOW
    assert not throttle(failures, gate.retry_at).blocked


def test_why_an_invite_cannot_be_used():
    now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    live = Invite(1, 7, "ABCDEFGH23", 3, 0, now + timedelta(days=1), None, now)
    assert invite_rules.unusable(live, now) is None
    assert invite_rules.unusable(replace(live, uses=2), now) is None  # the third use is still allowed
    assert invite_rules.unusable(replace(live, uses=3), now) == "used_up"
    assert invite_rules.unusable(replace(live, expires_at=now), now) == "expired"
    # revoked says the most, then expired: what the person is told first
    assert invite_rules.unusable(replace(live, revoked_at=now, expires_at=now, uses=3), now) == "revoked"
    assert invite_rules.unusable(replace(live, expires_at=now, uses=3), now) == "expired"
