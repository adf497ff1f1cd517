"""The outbox's repository on a real SQLite file: enqueue, claim, record, release, and what a start finds."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from storage import outbox, people
from storage.db import Database
from storage.outbox import NewCopy

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(seconds=5)


@pytest.fixture
async def db(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as database:
        yield database


async def person(db: Database, name: str) -> int:
    async with db.transaction() as conn:
        return (await people.create_person(conn, name, "vi", NOW)).id


async def enqueue(db: Database, messages: list[tuple[str, str]], copies: list[NewCopy]) -> None:
    await db.write(lambda conn: outbox.enqueue(conn, messages, copies, NOW))


def body(text: str) -> str:
    return json.dumps({"text": text}, ensure_ascii=False)


async def statuses(db: Database) -> dict[int, str]:
    async with db.reading() as conn:
        return {r[0]: r[1] for r in await conn.execute_fetchall("SELECT id, status FROM outbox_copy ORDER BY id")}


async def test_a_message_is_stored_once_and_its_copies_are_claimed_oldest_first(db):
    an, binh = await person(db, "An"), await person(db, "Bình")
    await enqueue(db, [("notice:1", body("Thông báo số 1")), ("notification", body("Đơn vị đã nộp"))],
                  [NewCopy(0, "telegram", "101", an), NewCopy(1, "telegram", "101", an),
                   NewCopy(0, "zalo", "z7", binh), NewCopy(0, "telegram", "-100500", None)])
    async with db.reading() as conn:
        assert (await conn.execute_fetchall("SELECT count(*) FROM outbox_message"))[0][0] == 2

    first = await db.write(lambda conn: outbox.claim(conn, 3, LATER))
    assert [(c.channel, c.chat_id, c.person_id) for c in first] == [
        ("telegram", "101", an), ("telegram", "101", an), ("zalo", "z7", binh)]
    assert [json.loads(c.body)["text"] for c in first] == ["Thông báo số 1", "Đơn vị đã nộp", "Thông báo số 1"]
    rest = await db.write(lambda conn: outbox.claim(conn, 3, LATER))
    assert [(c.chat_id, c.person_id) for c in rest] == [("-100500", None)]  # a group post is nobody's
    assert await db.write(lambda conn: outbox.claim(conn, 3, LATER)) == []
    assert set((await statuses(db)).values()) == {"sending"}


async def test_a_channel_that_cannot_be_reached_is_skipped_by_claims(db):
    an, binh = await person(db, "An"), await person(db, "Bình")
    await enqueue(db, [("notice:1", body("Thông báo số 1"))],
                  [NewCopy(0, "zalo", "z7", binh), NewCopy(0, "telegram", "101", an), NewCopy(0, "zalo", "z8", binh)])
    telegram_only = await db.write(lambda conn: outbox.claim(conn, 10, LATER, skip_channels=["zalo"]))
    assert [c.chat_id for c in telegram_only] == ["101"]
    assert [c.chat_id for c in await db.write(lambda conn: outbox.claim(conn, 10, LATER))] == ["z7", "z8"]


async def test_results_are_recorded_and_counted_by_origin(db):
    an = await person(db, "An")
    await enqueue(db, [("notice:1", body("Số 1")), ("notice:2", body("Số 2"))],
                  [NewCopy(0, "telegram", str(i), an) for i in range(4)] + [NewCopy(1, "telegram", "9", an)])
    claimed = await db.write(lambda conn: outbox.claim(conn, 3, LATER))
    results = list(zip([c.id for c in claimed], ["sent", "blocked", "failed"], strict=True))
    await db.write(lambda conn: outbox.record(conn, results, LATER))
    async with db.reading() as conn:
        assert await outbox.counts(conn, "notice:1") == {"sent": 1, "blocked": 1, "failed": 1, "pending": 1}
        assert await outbox.counts(conn, "notice:2") == {"pending": 1}
        assert await outbox.counts(conn, "notice:3") == {}
        done = await conn.execute_fetchall("SELECT done_at FROM outbox_copy WHERE status = 'sent'")
    assert done[0][0] is not None
    # a result for a copy no longer 'sending' changes nothing (it was put back, or found unknown)
    await db.write(lambda conn: outbox.record(conn, [(results[0][0], "failed")], LATER))
    assert (await statuses(db))[results[0][0]] == "sent"


async def test_at_start_copies_left_sending_become_unknown_and_are_never_claimed_again(db):
    an = await person(db, "An")
    await enqueue(db, [("notification", body("Xin chào"))], [NewCopy(0, "telegram", str(i), an) for i in range(3)])
    claimed = await db.write(lambda conn: outbox.claim(conn, 2, LATER))
    assert await db.write(lambda conn: outbox.abandon_in_flight(conn, LATER)) == 2
    assert sorted((await statuses(db)).values()) == ["pending", "unknown", "unknown"]
    again = await db.write(lambda conn: outbox.claim(conn, 10, LATER))
    assert {c.id for c in again}.isdisjoint(c.id for c in claimed) and len(again) == 1


async def test_copies_put_back_at_a_stop_are_pending_again(db):
    an = await person(db, "An")
    await enqueue(db, [("notification", body("Xin chào"))], [NewCopy(0, "telegram", str(i), an) for i in range(3)])
    claimed = await db.write(lambda conn: outbox.claim(conn, 3, LATER))
    await db.write(lambda conn: outbox.record(conn, [(claimed[0].id, "sent")], LATER))
    await db.write(lambda conn: outbox.release(conn, [c.id for c in claimed]))  # the sent one stays sent
    assert list((await statuses(db)).values()) == ["sent", "pending", "pending"]
    assert [c.id for c in await db.write(lambda conn: outbox.claim(conn, 3, LATER))] == [c.id for c in claimed[1:]]


async def test_the_schema_refuses_what_makes_no_sense(db):
    an = await person(db, "An")
    await enqueue(db, [("notification", body("Xin chào"))], [NewCopy(0, "telegram", "1", an)])

    def run(sql: str, *args: object):
        return lambda conn: conn.execute(sql, args)

    bad = [
        run("INSERT INTO outbox_message (origin, body, created_at) VALUES ('x', 'not json', '')"),
        run("INSERT INTO outbox_message (origin, body, created_at) VALUES ('x', '{\"choices\": []}', '')"),
        run("INSERT INTO outbox_message (origin, body, created_at) VALUES ('', '{\"text\": \"a\"}', '')"),
        run("INSERT INTO outbox_copy (message_id, channel, chat_id) VALUES (1, 'viber', '1')"),
        run("INSERT INTO outbox_copy (message_id, channel, chat_id) VALUES (99, 'telegram', '1')"),
        run("INSERT INTO outbox_copy (message_id, channel, chat_id, person_id) VALUES (1, 'telegram', '1', 999)"),
        run("UPDATE outbox_copy SET status = 'sent'"),  # never claimed, and no time it was done
        run("UPDATE outbox_copy SET status = 'delivered', claimed_at = 'x', done_at = 'x'"),
        run("UPDATE outbox_copy SET claimed_at = 'x'"),  # claimed yet still pending
    ]
    for work in bad:
        with pytest.raises(sqlite3.IntegrityError):
            await db.write(work)
    assert await statuses(db) == {1: "pending"}
