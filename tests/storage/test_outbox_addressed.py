"""Who a service's message goes to (bot.services.outbox.addressed), read in the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.outbox import addressed
from bot.text.messages import FileRef, Reply, Sender
from storage import people
from storage.db import Database

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
FILE = FileRef("file-1", "lich.pdf", "application/pdf", 10)


@pytest.fixture
async def db(tmp_path):
    async with Database(tmp_path / "addressed.sqlite3") as database:
        yield database


async def test_each_person_on_the_channels_they_chose_never_the_sender_and_files_only_where_held(db):
    async with db.transaction() as conn:
        head = (await people.create_person(conn, "Trưởng khối", "vi", NOW)).id
        both = (await people.create_person(conn, "Chưa chọn kênh", "vi", NOW)).id
        zalo = (await people.create_person(conn, "Chọn Zalo", "vi", NOW)).id
        for person in (head, both, zalo):
            for channel in ("telegram", "zalo"):
                chat = f"{channel}-{person}"
                await people.add_identity(conn, channel, chat, person, chat, None, NOW)
        await people.set_notice_channel(conn, zalo, "zalo", NOW)
        sender = Sender("telegram", f"telegram-{head}", f"telegram-{head}", "Trưởng khối")
        copies = await addressed(conn, [zalo, head, both, zalo], Reply("Thông báo"), "notice:1", sender, [FILE])

    assert [(c.person_id, c.channel, c.chat_id) for c in copies] == [
        (zalo, "zalo", f"zalo-{zalo}"),
        (head, "zalo", f"zalo-{head}"),  # the head's other chat gets it; the one that sent it does not
        (both, "telegram", f"telegram-{both}"),
        (both, "zalo", f"zalo-{both}"),
    ]
    assert {c.channel: c.reply.resend for c in copies} == {"telegram": [FILE], "zalo": []}
    assert {c.origin for c in copies} == {"notice:1"}
