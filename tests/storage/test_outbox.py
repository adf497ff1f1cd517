"""The outbox's repository on a real SQLite file: enqueue, claim (in memory), mark as leaving, record, release,
what a start finds, and the head's list of unknown copies."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from storage import blocs, outbox, people
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

    first = await db.write(lambda conn: outbox.claim(conn, 3))
    assert [(c.channel, c.chat_id, c.person_id) for c in first] == [
        ("telegram", "101", an), ("telegram", "101", an), ("zalo", "z7", binh)]
    assert [json.loads(c.body)["text"] for c in first] == ["Thông báo số 1", "Đơn vị đã nộp", "Thông báo số 1"]
    held = [c.id for c in first]
    rest = await db.write(lambda conn: outbox.claim(conn, 3, held=held))
    assert [(c.chat_id, c.person_id) for c in rest] == [("-100500", None)]  # a group post is nobody's
    held += [c.id for c in rest]
    assert await db.write(lambda conn: outbox.claim(conn, 3, held=held)) == []
    # a claim writes nothing: until a copy leaves, a crash leaves it pending
    assert set((await statuses(db)).values()) == {"pending"}
    await db.write(lambda conn: outbox.mark_sending(conn, held[:2], LATER))
    assert list((await statuses(db)).values()) == ["sending", "sending", "pending", "pending"]


async def test_a_channel_that_cannot_be_reached_is_skipped_by_claims(db):
    an, binh = await person(db, "An"), await person(db, "Bình")
    await enqueue(db, [("notice:1", body("Thông báo số 1"))],
                  [NewCopy(0, "zalo", "z7", binh), NewCopy(0, "telegram", "101", an), NewCopy(0, "zalo", "z8", binh)])
    telegram_only = await db.write(lambda conn: outbox.claim(conn, 10, skip_channels=["zalo"]))
    assert [c.chat_id for c in telegram_only] == ["101"]
    held = [c.id for c in telegram_only]
    assert [c.chat_id for c in await db.write(lambda conn: outbox.claim(conn, 10, held=held))] == ["z7", "z8"]


async def test_results_are_recorded_and_counted_by_origin(db):
    an = await person(db, "An")
    await enqueue(db, [("notice:1", body("Số 1")), ("notice:2", body("Số 2"))],
                  [NewCopy(0, "telegram", str(i), an) for i in range(4)] + [NewCopy(1, "telegram", "9", an)])
    claimed = await db.write(lambda conn: outbox.claim(conn, 3))
    await db.write(lambda conn: outbox.mark_sending(conn, [c.id for c in claimed[:2]], LATER))
    # the third never left (its channel was not running): recorded from pending all the same
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


async def test_at_start_only_copies_that_had_left_become_unknown(db):
    an = await person(db, "An")
    await enqueue(db, [("notification", body("Xin chào"))], [NewCopy(0, "telegram", str(i), an) for i in range(3)])
    claimed = await db.write(lambda conn: outbox.claim(conn, 3))
    await db.write(lambda conn: outbox.mark_sending(conn, [claimed[0].id], LATER))  # the others waited at the limiter
    assert await db.write(lambda conn: outbox.abandon_in_flight(conn, LATER)) == 1
    assert list((await statuses(db)).values()) == ["unknown", "pending", "pending"]
    again = await db.write(lambda conn: outbox.claim(conn, 10))
    assert [c.id for c in again] == [c.id for c in claimed[1:]]


async def test_copies_put_back_at_a_stop_are_pending_again(db):
    an = await person(db, "An")
    await enqueue(db, [("notification", body("Xin chào"))], [NewCopy(0, "telegram", str(i), an) for i in range(3)])
    claimed = await db.write(lambda conn: outbox.claim(conn, 3))
    await db.write(lambda conn: outbox.mark_sending(conn, [c.id for c in claimed], LATER))
    await db.write(lambda conn: outbox.record(conn, [(claimed[0].id, "sent")], LATER))
    await db.write(lambda conn: outbox.release(conn, [c.id for c in claimed]))  # the sent one stays sent
    assert list((await statuses(db)).values()) == ["sent", "pending", "pending"]
    assert [c.id for c in await db.write(lambda conn: outbox.claim(conn, 3))] == [c.id for c in claimed[1:]]


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


async def test_the_head_lists_and_resends_only_the_unknown_copies_of_their_own_bloc_year(db):
    years = {}
    reps = {}
    async with db.transaction() as conn:
        for name in ("Khối A", "Khối B"):
            bloc = await blocs.create_bloc(conn, name, name.lower(), NOW, None)
            years[name] = await blocs.create_year(conn, bloc.id, 2026, NOW)
            unit = await blocs.add_unit(conn, bloc.id, f"Đơn vị {name}", f"don vi {name.lower()}", None, None, NOW)
            await blocs.add_member(conn, years[name], bloc.id, unit.id, NOW)
            reps[name] = (await people.create_person(conn, f"Đầu mối {name}", "vi", NOW)).id
            await conn.execute("INSERT INTO representative (unit_id, person_id, joined_at) VALUES (?, ?, ?)",
                               (unit.id, reps[name], "2026-11-24T08:00:00+00:00"))
            await conn.execute("INSERT INTO bloc_group (bloc_id, channel, chat_id, linked_at) VALUES (?, ?, ?, ?)",
                               (bloc.id, "telegram", f"-100{bloc.id}", "2026-11-24T08:00:00+00:00"))
    a, b = reps["Khối A"], reps["Khối B"]
    await enqueue(db, [("notification", body("Đơn vị đã nộp")), ("group", body("Bắt đầu bỏ phiếu"))],
                  [NewCopy(0, "telegram", "1", a), NewCopy(0, "telegram", "2", b),
                   NewCopy(1, "telegram", "-1001", None), NewCopy(1, "telegram", "-1002", None),
                   NewCopy(0, "telegram", "3", a)])
    claimed = await db.write(lambda conn: outbox.claim(conn, 10))
    ids = [c.id for c in claimed]
    await db.write(lambda conn: outbox.mark_sending(conn, ids, LATER))
    await db.write(lambda conn: outbox.record(conn, [(i, "unknown") for i in ids[:4]] + [(ids[4], "sent")], LATER))

    listed = await db.write(lambda conn: outbox.unknown_in_year(conn, years["Khối A"]))
    assert [(c.chat_id, c.person_name) for c in listed] == [("1", "Đầu mối Khối A"), ("-1001", None)]
    assert await db.write(lambda conn: outbox.resend_unknown(conn, years["Khối A"], LATER)) == 2
    # the resends are new pending copies of the same messages; the unknown ones stay, and leave the list
    assert await db.write(lambda conn: outbox.unknown_in_year(conn, years["Khối A"])) == []
    assert [c.chat_id for c in await db.write(lambda conn: outbox.unknown_in_year(conn, years["Khối B"]))] == [
        "2", "-1002"]
    assert list((await statuses(db)).values()) == ["unknown"] * 4 + ["sent", "pending", "pending"]
    again = await db.write(lambda conn: outbox.claim(conn, 10))
    assert [(c.chat_id, c.message_id) for c in again] == [("1", claimed[0].message_id),
                                                          ("-1001", claimed[2].message_id)]


async def test_an_unknown_reminder_delivery_is_listed_until_the_head_resent_it(db):
    from storage import reminders

    async with db.transaction() as conn:
        bloc = await blocs.create_bloc(conn, "Khối A", "khoi a", NOW, None)
        year = await blocs.create_year(conn, bloc.id, 2026, NOW)
        rep = (await people.create_person(conn, "Đầu mối", "vi", NOW)).id
        await reminders.add_planned(conn, [(year, "covenant", "unit", 1, -60, "r1", NOW)])
        reminder_id = (await reminders.due(conn, NOW, 10))[0].id
    delivery = await db.write(lambda conn: reminders.claim(conn, [(reminder_id, rep, "telegram", "7")], NOW))
    assert [d.status for d in delivery] == ["pending"]
    await db.write(lambda conn: reminders.mark_sending(conn, delivery, NOW))
    async with db.transaction() as conn:
        assert await reminders.abandon_in_flight(conn) == 1  # it had left when the bot died
    listed = await db.write(lambda conn: reminders.unknown_in_year(conn, year))
    assert [(d.reminder_id, d.person_name, d.step, d.chat_id) for d in listed] == [
        (reminder_id, "Đầu mối", "covenant", "7")]
    assert await db.write(lambda conn: reminders.unknown_in_year(conn, year + 1)) == []
    await enqueue(db, [(reminders.resend_origin(reminder_id), body("Nhắc lại"))], [NewCopy(0, "telegram", "7", rep)])
    assert await db.write(lambda conn: reminders.unknown_in_year(conn, year)) == []
