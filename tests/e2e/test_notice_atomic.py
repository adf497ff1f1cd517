"""A head's notice and its copies to the representatives are stored together or not at all.

The fault is real: a trigger added to the bot's own database makes every insert into the outbox fail, as a
full disk would, inside the transaction that stores the notice. Nothing of the notice may then remain (a
notice numbered and listed as sent that nobody receives), and the head is told, politely, that nothing was
done; once the fault is gone the same button sends it, and the notice and every copy are there.
"""

from __future__ import annotations

import sqlite3

import pytest

from bot.services.sample_bloc import SAMPLE_UNITS
from tests.e2e.harness import BotHarness, press, sample_bloc_joined, say

UNITS = [name for name, _ in SAMPLE_UNITS]
TEXT = "Kính gửi các đơn vị: lịch kiểm tra chéo cuối năm 2026."


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử thông báo", lambda index, _: f"Cán bộ đầu mối {index}")


def on_database(harness: BotHarness, sql: str) -> list[tuple]:
    """A statement on the bot's database through a connection of the test's own (the bot's connections
    see the schema change at their next statement)."""
    conn = sqlite3.connect(harness.db_path)
    try:
        with conn:
            return conn.execute(sql).fetchall()
    finally:
        conn.close()


def stored(harness: BotHarness) -> dict[str, int]:
    counts = {table: on_database(harness, f"SELECT count(*) FROM {table}")[0][0]
              for table in ("notice", "notice_recipient", "outbox_message", "outbox_copy")}
    counts["audit"] = on_database(harness, "SELECT count(*) FROM audit_event WHERE action = 'notice.sent'")[0][0]
    return counts


def copies(rep, number: int) -> int:
    return sum(1 for m in rep.messages if m.get("text", "").startswith(f"📢 THÔNG BÁO số {number}/2026"))


async def test_a_notice_whose_copies_cannot_be_stored_is_not_stored_either(harness: BotHarness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    before = stored(harness)
    # the second of the outbox's two inserts fails, after the notice, its recipients and the stored message
    on_database(harness, "CREATE TRIGGER outbox_full BEFORE INSERT ON outbox_copy"
                          " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    await say(admin, "/thongbao")
    await press(admin, "Thông báo mới")
    await say(admin, TEXT)
    await press(admin, "Tất cả đơn vị")
    for rep in reps.values():
        rep.skip_to_now()
    answer = await press(admin, "Không")
    assert answer["text"].startswith("Xin lỗi, đã có lỗi ở phía hệ thống khi xử lý tin nhắn vừa rồi.")
    await harness.settle()
    assert stored(harness) == before
    assert all(copies(rep, 1) == 0 for rep in reps.values())

    # the fault gone, the same button of the head's unfinished dialog sends the notice, as the first one
    on_database(harness, "DROP TRIGGER outbox_full")
    await harness.running.outbox.stop()  # the copies stay as stored, to be counted before any goes out
    answer = await press(admin, "Không")
    assert answer["text"] == "Đã lưu thông báo số 1, đang gửi tới 8 đơn vị."
    after = stored(harness)
    assert {k: after[k] - before[k] for k in after} == {
        "notice": 1, "notice_recipient": len(UNITS), "outbox_message": 1, "outbox_copy": len(UNITS), "audit": 1}
    notice_id = on_database(harness, "SELECT id FROM notice WHERE number = 1")[0][0]
    by_origin = on_database(harness, "SELECT c.chat_id, c.status FROM outbox_copy c"
                                     " JOIN outbox_message m ON m.id = c.message_id"
                                     f" WHERE m.origin = 'notice:{notice_id}'")
    assert sorted(by_origin) == sorted((str(rep.id), "pending") for rep in reps.values())

    await harness.restart()
    await harness.settle()
    assert [copies(rep, 1) for rep in reps.values()] == [1] * len(UNITS)
    listing = await say(admin, "/thongbao")
    assert listing["text"] == "📢 Thông báo của khối năm nay (1):"
