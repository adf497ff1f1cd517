"""Trying a channel's API again after it could not be reached: one back-off rule for every channel."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def next_pause(previous: float, first: float, most: float) -> float:
    """The pause before the next try: `first`, then doubling, never above `most` (1, 2, 4 … 30 s)."""
    return min(max(previous * 2, first), most)


async def connect_when_reachable(channel: str, connect: Callable[[], Awaitable[None]], *, sleep: Sleep,
                                 unreachable: type[Exception], refused: type[Exception],
                                 on_refused: Callable[[], None], describe: Callable[[Exception], str],
                                 first: float = 1.0, most: float = 30.0) -> None:
    """Calls `connect` after a pause until it succeeds, with a warning per failed try. A refused token ends
    the tries (`on_refused`): no later try can succeed until the operator replaces it."""
    pause = 0.0
    while True:
        pause = next_pause(pause, first, most)
        await sleep(pause)
        try:
            await connect()
            return
        except refused:
            on_refused()
            return
        except unreachable as exc:
            log.warning("%s is still unreachable (%s); next try in %.0f s", channel, describe(exc),
                        next_pause(pause, first, most))
