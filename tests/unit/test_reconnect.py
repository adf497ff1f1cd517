"""The back-off both channels use to reach their API again after an unreachable start."""

from __future__ import annotations

import pytest

from bot.channels.reconnect import connect_when_reachable, next_pause


class Down(Exception):
    pass


class Refused(Down):  # as ZaloUnauthorized is a ZaloError: the refusal must win
    pass


def test_pauses_start_at_the_first_and_double_up_to_the_most():
    pauses, pause = [], 0.0
    for _ in range(7):
        pause = next_pause(pause, 1.0, 30.0)
        pauses.append(pause)
    assert pauses == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


@pytest.mark.parametrize(("outcomes", "ends_refused"), [(["down", "down", "up"], False),
                                                         (["down", "refused", "up"], True)])
async def test_tries_until_it_connects_or_the_token_is_refused(outcomes, ends_refused, caplog):
    slept: list[float] = []
    tries: list[str] = []
    refusals: list[bool] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def connect() -> None:
        tries.append(outcomes[len(tries)])
        if tries[-1] == "down":
            raise Down("502")
        if tries[-1] == "refused":
            raise Refused("401")

    await connect_when_reachable("zalo", connect, sleep=sleep, unreachable=Down, refused=Refused,
                                 on_refused=lambda: refusals.append(True), describe=str)
    assert tries == outcomes[:len(tries)] and tries[-1] == ("refused" if ends_refused else "up")
    assert slept == [1.0, 2.0, 4.0][:len(tries)]
    assert refusals == ([True] if ends_refused else [])
    assert caplog.messages[0] == "zalo is still unreachable (502); next try in 2 s"
