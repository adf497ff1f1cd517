"""Rules for invite codes: their shape, normalisation, when one can be used, and the throttle on wrong
guesses."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.rows import Invite

# no 0/O, 1/I/L: people read codes aloud over the phone and type them on small keyboards
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
DEFAULT_MAX_USES = 3
DEFAULT_VALID_DAYS = 30
FAILURES_ALLOWED = 5
FAILURE_WINDOW = timedelta(minutes=15)


def unusable(invite: Invite, now: datetime) -> str | None:
    """Why the invite can no longer be used ("revoked", "expired", "used_up"), or None while it can."""
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expires_at <= now:
        return "expired"
    if invite.uses >= invite.max_uses:
        return "used_up"
    return None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """The code as stored, from what someone typed ("k7qx-m2pa 9z" -> "K7QXM2PA9Z"), or None."""
    cleaned = "".join(ch for ch in text.strip().upper() if ch not in " -_.")
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def looks_like_code(text: str) -> bool:
    return normalize_code(text) is not None


@dataclass(frozen=True)
class Throttle:
    blocked: bool
    retry_at: datetime | None = None


def throttle(failures: list[datetime], now: datetime) -> Throttle:
    """Blocks further tries once FAILURES_ALLOWED wrong codes fall within FAILURE_WINDOW."""
    recent = [t for t in failures if now - t < FAILURE_WINDOW]
    if len(recent) < FAILURES_ALLOWED:
        return Throttle(False)
    # the window slides: the oldest counted failure leaving it frees one more try
    return Throttle(True, recent[-FAILURES_ALLOWED] + FAILURE_WINDOW)
