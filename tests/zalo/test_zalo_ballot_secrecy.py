"""A ballot in progress over Zalo leaves no file linking the voter's chat to what is ticked.

Telegram keeps a ballot's ticks in its own message's buttons; Zalo has numbered options that the bot must
remember to read a typed "1". Those are kept in dialog_state for every other message, but a ballot's would
tie the chat (hence the unit) to its choice in the database and its -wal: they stay in memory only."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.harness import press, say
from tests.e2e.test_ballot_secrecy import files_of
from tests.zalo.harness import hashed, zsay
from tests.zalo.test_zalo_year import binh, bloc  # noqa: F401 (fixtures)

TITLE = "Thông qua phương án tổ chức hội nghị năm 2027"


def ticked_marks(label: str) -> list[bytes]:
    """The ways a ticked option's label could be written into a file: UTF-8 as is, and JSON-escaped."""
    return [label.encode(), json.dumps(label).strip('"').encode()]


async def test_a_ballot_being_filled_in_over_zalo_is_written_nowhere(harness, bloc, binh):  # noqa: F811
    admin, rep = bloc["admin"], binh
    await say(admin, "/bophieu")
    await press(admin, "Biểu quyết")
    await say(admin, TITLE)
    await press(admin, "Mở bỏ phiếu")  # the confirmation: roll and options
    rep.skip_to_now()
    await press(admin, "Xác nhận mở bỏ phiếu")
    await rep.next_message()
    await harness.wait_outbox()

    progress = await zsay(rep, "2")
    assert hashed(progress)[1] == "☑️ Không tán thành"
    # the ticked options still answer a typed number: "xác nhận" reaches the confirmation of that choice
    confirm = await zsay(rep, "xác nhận")
    assert confirm.startswith(f"Xác nhận bỏ phiếu «{TITLE}»: Không tán thành?")
    await harness.settle()
    written = files_of(Path(harness.db_path))
    found = [(name, mark) for name, data in written.items() for mark in ticked_marks("☑️ Không tán thành")
             if mark in data]
    assert found == []
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT state, data FROM dialog_state WHERE channel = 'zalo'") as cur:
            rows = await cur.fetchall()
    # neither the ticks nor the confirmation's options (whose data carries the choice) are saved
    assert [state for state, _ in rows if state == "zalo.options"] == [], rows

    # and the ballot is cast as chosen
    cast = await zsay(rep, "#1")
    assert cast.startswith("Đã ghi nhận phiếu của đơn vị. Mã biên nhận: ")
