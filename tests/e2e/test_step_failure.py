"""After a step fails half-way, the chat's next typed text is never taken against a step the person no
longer sees (issue #14 §6).

The fault is real: a trigger on the bot's own database makes every write of dialog state fail, as a full
disk would, while a representative moves from criterion 1.1 to 1.2. The move cannot be saved and neither
can dropping the old state, so the saved state still says 1.1 while the person believes they are on 1.2.
Their next typed value must not be checked against, or saved for, 1.1.
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import press, say, sender_of
from tests.e2e.test_assessment import UNITS, bloc  # noqa: F401 (fixture)
from tests.e2e.test_notice_atomic import on_database

FULL = "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"


@pytest.fixture
def rep(bloc):  # noqa: F811
    return bloc["reps"][UNITS[1]]


async def self_points(harness, rep) -> dict:
    view = await harness.services.assessment.my_sheet(await harness.services.people.resolve(sender_of(rep)))
    return view.self_points


async def test_a_value_typed_after_a_failed_move_is_not_saved_for_the_previous_criterion(harness, rep):
    await say(rep, "/chamdiem")
    assert (await press(rep, "Chấm tiếp"))["text"].startswith("1.1. ")
    for event in ("INSERT", "UPDATE", "DELETE"):
        on_database(harness, f"CREATE TRIGGER disk_full_{event.lower()} BEFORE {event} ON dialog_state {FULL}")
    reply = await press(rep, "Sau")
    assert reply["text"].startswith("Xin lỗi, đã có lỗi ở phía hệ thống khi xử lý tin nhắn vừa rồi.")
    for event in ("insert", "update", "delete"):
        on_database(harness, f"DROP TRIGGER disk_full_{event}")

    # the person types a value meant for 1.2; the saved state still names 1.1
    reply = await say(rep, "7")
    assert reply["text"].startswith("Xin lỗi, sau lỗi vừa rồi bot không chắc đồng chí đang ở bước nào")
    await harness.settle()
    assert await self_points(harness, rep) == {}

    # the chat is whole again: the sheet opens where it was, and a value is saved for the criterion shown
    await say(rep, "/chamdiem")
    assert (await press(rep, "Chấm tiếp"))["text"].startswith("1.1. ")
    reply = await say(rep, "7")
    assert reply["text"].startswith("Đã lưu 7 điểm cho tiêu chí 1.1.")


async def test_when_only_the_step_fails_its_dialog_is_dropped_at_once(harness, rep):
    await say(rep, "/chamdiem")
    assert (await press(rep, "Chấm tiếp"))["text"].startswith("1.1. ")
    # only moving fails (the insert/update of the new state); dropping the old one still works
    for event in ("INSERT", "UPDATE"):
        on_database(harness, f"CREATE TRIGGER disk_full_{event.lower()} BEFORE {event} ON dialog_state {FULL}")
    reply = await press(rep, "Sau")
    assert reply["text"].startswith("Xin lỗi, đã có lỗi ở phía hệ thống")
    for event in ("insert", "update"):
        on_database(harness, f"DROP TRIGGER disk_full_{event}")
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT count(*) FROM dialog_state") as cur:
            assert (await cur.fetchone())[0] == 0
    # no dialog: the typed number is not a score for anything
    await say(rep, "7")
    await harness.settle()
    assert await self_points(harness, rep) == {}
