"""How instants are written to and read from the database: ISO 8601 text in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored: pass an aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def instant_from_db(text: str) -> datetime:
    """A NOT NULL time column."""
    return datetime.fromisoformat(text)
