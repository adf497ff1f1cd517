"""Opening a vote and its ballots to every unit are stored together or not at all.

The fault is real, as in tests/e2e/test_notice_atomic.py: a trigger on the bot's own database makes every
insert into the outbox fail inside the transaction that opens the vote. Nothing of the opening may then
remain (a vote open, its roll frozen and its box filled, that no unit ever got a ballot for); once the fault
is gone, the same confirm button opens it, with every ballot stored.
"""

from __future__ import annotations

from bot.services.votes import ballots_origin
from tests.e2e.harness import press
from tests.e2e.test_notice_atomic import on_database
from tests.e2e.test_votes import UNITS, bloc, create_vote  # noqa: F401 (fixture)

TITLE = "Cờ thi đua của UBND tỉnh năm 2026"


def stored(harness) -> dict[str, object]:
    return {
        "vote": on_database(harness, "SELECT status, fingerprint, members, opened_at FROM vote"),
        "roll": on_database(harness, "SELECT count(*) FROM vote_roll")[0][0],
        "box": on_database(harness, "SELECT count(*) FROM ballot")[0][0],
        "audit": on_database(harness, "SELECT count(*) FROM audit_event WHERE action = 'vote.opened'")[0][0],
        "outbox": on_database(harness, "SELECT count(*) FROM outbox_message")[0][0],
        "copies": on_database(harness, "SELECT count(*) FROM outbox_copy")[0][0],
    }


async def test_a_vote_whose_ballots_cannot_be_stored_is_not_opened_either(harness, bloc):  # noqa: F811
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Bình xét khen thưởng", TITLE)
    await press(admin, "Mở bỏ phiếu")
    await harness.settle()
    before = stored(harness)
    assert before["vote"] == [("draft", None, None, None)]
    on_database(harness, "CREATE TRIGGER outbox_full BEFORE INSERT ON outbox_copy"
                          " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    for rep in reps.values():
        rep.skip_to_now()
    answer = await press(admin, "Xác nhận mở bỏ phiếu")
    assert answer["text"].startswith("Xin lỗi, đã có lỗi ở phía hệ thống khi xử lý tin nhắn vừa rồi.")
    await harness.settle()
    assert stored(harness) == before
    assert all(not any((m.get("text") or "").startswith("🗳 PHIẾU BẦU KÍN") for m in rep.messages)
               for rep in reps.values())

    # the fault gone, the confirmation's button (nothing it was made of changed) opens the vote
    on_database(harness, "DROP TRIGGER outbox_full")
    await harness.running.outbox.stop()  # the ballots stay as stored, to be counted before any goes out
    answer = await press(admin, "Xác nhận mở bỏ phiếu")
    assert answer["text"].startswith("Đã mở bỏ phiếu: danh sách 8 đơn vị")
    after = stored(harness)
    assert after["vote"][0][0] == "open" and after["roll"] == len(UNITS) and after["box"] == len(UNITS)
    assert after["audit"] == before["audit"] + 1
    vote_id = on_database(harness, "SELECT id FROM vote")[0][0]
    copies = on_database(harness, "SELECT c.chat_id, c.status FROM outbox_copy c JOIN outbox_message m"
                                  f" ON m.id = c.message_id WHERE m.origin = '{ballots_origin(vote_id)}'")
    assert sorted(copies) == sorted((str(rep.id), "pending") for rep in reps.values())
