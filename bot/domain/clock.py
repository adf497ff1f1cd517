"""The time source. Production reads the system clock; tests move a fake one forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to, so tests never sleep."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment


class FileClock:
    """Reads the time from a file (ISO 8601), so a separate process can be driven through days in a
    rehearsal or a test of crashes without waiting; set with KTD_CLOCK_FILE, never in production."""

    def __init__(self, path: str) -> None:
        from pathlib import Path

        self.path = Path(path)
        self._seen: tuple[float, datetime] | None = None

    def now(self) -> datetime:
        mtime = self.path.stat().st_mtime
        if self._seen is None or self._seen[0] != mtime:
            moment = datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip())
            if moment.tzinfo is None:
                raise ValueError("the clock file needs an aware ISO 8601 time")
            self._seen = (mtime, moment)
        return self._seen[1]

    def changed_since(self, mtime: float | None) -> float | None:
        """The file's modification time if it differs from `mtime` (None if unchanged)."""
        current = self.path.stat().st_mtime
        return current if current != mtime else None
