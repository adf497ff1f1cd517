"""A secret ballot leaves no link between a unit and its choice in anything the bot writes.

Eight units vote on a question in a known order, with the bot logging at DEBUG. Then every file the bot
wrote is read as an attacker would read it, while the bot runs (a copy taken mid-year, or after a kill)
and after it stopped: the database, its -wal and -shm, a backup made with storage/backup.py, and the log.
None may hold a ballot dialog state with its choices, the order in which the ballots were cast (which the
participation register's voted_at gives, so order alone would join unit to choice), several versions of
the ballot box, or the choices/receipts in the log.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest

from bot.app.logging_setup import configure_logging
from storage.backup import backup_database
from tests.e2e.harness import forge_press, press, sample_bloc_joined, say
from tests.e2e.test_votes import UNITS, create_vote, open_vote, vote

TITLE = "Thông qua phương án tổ chức hội nghị năm 2027"
# the casting order, and what each unit chose: the attacker knows the order from vote_participation
CHOICES = ["Tán thành", "Không tán thành", "Không biểu quyết", "Tán thành", "Không tán thành", "Tán thành",
           "Không biểu quyết", "Không tán thành"]


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử bí mật", lambda index, _: f"Đại diện {index}")


@pytest.fixture
def debug_log():
    """The bot's log at DEBUG, formatted and filtered exactly as configure_logging sets it up in production."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers),
             {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict})
    configure_logging("DEBUG", [])
    stream = io.StringIO()
    for handler in root.handlers:
        handler.setStream(stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[1]:
        root.addHandler(handler)
    root.setLevel(saved[0])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def files_of(db_path: Path) -> dict[str, bytes]:
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            found[path.name] = path.read_bytes()
    return found


def first_positions(data: bytes, needles: list[bytes]) -> list[int]:
    return [data.find(n) for n in needles]


def leaks(name: str, data: bytes, receipts: list[str]) -> list[str]:
    """What in `data` would let its reader join a unit to a choice."""
    found = []
    for marker in (b'"chosen"', b'"confirming"'):
        if marker in data:
            found.append(f"{name}: a ballot dialog state ({marker.decode()})")
    needles = [r.encode() for r in receipts]
    positions = first_positions(data, needles)
    present = [p for p in positions if p >= 0]
    if len(present) == len(needles) >= 3:
        by_place = [r for _, r in sorted(zip(positions, receipts, strict=True))]
        if by_place in (receipts, receipts[::-1]):
            found.append(f"{name}: the ballots lie in the order they were cast")
    # the box's page written again at every ballot: each version adds one ballot, so versions in order tell
    # the casting order (the first ballot is in all of them, the last in one)
    counts = [data.count(n) for n in needles]
    if name.endswith("-wal") and max(counts, default=0) > 2:
        found.append(f"{name}: {max(counts)} versions of the ballot box")
    return found


async def test_no_file_the_bot_writes_joins_a_unit_to_its_choice(harness, bloc, debug_log, tmp_path):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Biểu quyết", TITLE)
    await open_vote(harness, admin, bloc)
    receipts = []
    for name, choice in zip(UNITS, CHOICES, strict=True):
        # a change of mind on the way, as people do: the dialog passed through other choices
        reps[name].skip_to_now()
        await reps[name].press("Không biểu quyết" if choice != "Không biểu quyết" else "Tán thành")
        await reps[name].next_message()
        text = await vote(reps[name], [choice])
        receipts.append(re.search(r"Mã biên nhận: ([A-Z0-9]{8})", text).group(1))
    await harness.settle()
    assert len(set(receipts)) == len(UNITS)

    # a copy taken while the bot runs, and a backup made the supported way
    running = files_of(harness.db_path)
    backup = backup_database(harness.db_path, tmp_path / "backup.sqlite3")
    await harness.stop_bot()
    stopped = files_of(harness.db_path)
    log_text = debug_log.getvalue()

    problems = []
    for name, data in running.items():
        problems += leaks(f"running {name}", data, receipts)
    for name, data in stopped.items():
        problems += leaks(f"stopped {name}", data, receipts)
    problems += leaks("backup", backup.path.read_bytes(), receipts)
    for receipt in receipts:
        if receipt in log_text:
            problems.append(f"log: receipt {receipt}")
    for marker in ('"yes"', '"no"', '"abstain"', "vb:", "vy:", "vw:", "chosen"):
        if marker in log_text:
            problems.append(f"log: {marker}")
    logging.getLogger("bot.probe").debug("the log is at DEBUG")
    assert "DEBUG bot.probe: the log is at DEBUG" in debug_log.getvalue()
    assert not problems, problems


async def test_a_receipt_is_shown_again_after_its_answer_was_lost(harness, bloc):
    """A kill between the ballot's commit and its answer: pressing the same button again shows the same
    receipt, and casts nothing more; another representative of the unit is only told it voted."""
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Biểu quyết", TITLE)
    await open_vote(harness, admin, bloc)
    rep = reps[UNITS[2]]
    rep.skip_to_now()
    await rep.press("Không tán thành")
    await rep.next_message()
    await rep.press("Xác nhận")
    confirm = await rep.next_message()
    cast_data = next(b["callback_data"] for row in confirm["reply_markup"]["inline_keyboard"] for b in row
                     if b["text"] == "🗳 Bỏ phiếu")
    await rep.press("🗳 Bỏ phiếu")
    done = (await rep.next_message())["text"]
    receipt = re.search(r"Mã biên nhận: ([A-Z0-9]{8})", done).group(1)

    await harness.restart()
    rep.skip_to_now()
    await forge_press(harness, rep, cast_data)  # the button of the message whose answer never came
    again = (await rep.next_message())["text"]
    assert again.startswith("Phiếu của đơn vị đã được ghi nhận từ trước") and again.endswith(receipt)
    # the same choices with a secret that is not the ballot's: refused, no receipt
    vote_id, mask = cast_data.split(":")[1:3]
    rep.skip_to_now()
    await forge_press(harness, rep, f"vw:{vote_id}:{mask}:AAAAAAAAAAAAAAAAAAAAAA")
    assert (await rep.next_message())["text"] == "Đơn vị của đồng chí đã bỏ phiếu. Mỗi đơn vị chỉ một phiếu."
    async with harness.services.db.reading() as conn, conn.execute(
        "SELECT count(*) FROM ballot WHERE vote_id = ? AND choices NOT LIKE 'null%'", (int(vote_id),)
    ) as cur:
        assert (await cur.fetchone())[0] == 1


async def test_a_question_and_its_runoff_name_answers_in_words(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Biểu quyết", TITLE)
    await open_vote(harness, admin, bloc)
    for index, name in enumerate(UNITS):
        await vote(reps[name], ["Tán thành" if index % 2 else "Không tán thành"])
    await say(admin, "/bophieu")
    await admin.press("Thông qua phương án")
    await admin.next_message()
    await press(admin, "Kết thúc và kiểm phiếu")  # the confirmation, with the turnout
    admin.skip_to_now()
    await admin.press("Xác nhận kết thúc và kiểm phiếu")
    await admin.next_message()
    note = await admin.next_message()
    assert note["text"] == f"Bằng phiếu: đã mở bầu lại «{TITLE}» giữa Tán thành, Không tán thành."


@pytest.mark.parametrize("prefix", ["vb", "vv", "vt", "vx", "vm", "vy", "vn", "vw"])
async def test_vote_buttons_with_a_number_beyond_sqlite_are_stale(harness, bloc, prefix):
    admin = bloc["admin"]
    user = admin if prefix in ("vv", "vt", "vx", "vm") else bloc["reps"][UNITS[0]]
    user.skip_to_now()
    await forge_press(harness, user, f"{prefix}:{2**64 + 5}:1:AAAAAAAAAAAAAAAAAAAAAA")
    assert (await user.next_message())["text"].startswith("Nút này không còn hiệu lực")
