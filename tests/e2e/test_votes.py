"""Votes end to end over the Bot API double with the 8 sample units.

A secret review vote that fails its quorum, one with a clear winner, one that ties and runs off; the
seed's election of next year's head as an open poll in the bloc's group, with a stranger's vote and two
votes from one unit; concurrent double votes; forged button data; and the stored data cannot join a unit
to its choice.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import timedelta

import pytest

from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS
from storage import outbox as outbox_repo
from tests.e2e.harness import START, forge_press, labels, press, sample_bloc_joined, say, sender_of

UNITS = [name for name, _ in SAMPLE_UNITS]



@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử bỏ phiếu", lambda index, _: f"Đại diện {index}")


async def create_vote(harness, admin, kind_button: str, title: str, seats: int = 1) -> str:
    await say(admin, "/bophieu")
    await press(admin, kind_button)
    reply = await say(admin, title)
    assert reply["text"].startswith(f"🗳 {title}")
    for _ in range(seats - 1):
        await press(admin, "Thêm số chọn")
    return reply["text"]


async def open_vote(harness, admin, bloc) -> None:
    confirmation = await press(admin, "Mở bỏ phiếu")
    assert confirmation["text"].startswith("Mở bỏ phiếu «") and "danh sách 8 đơn vị" in confirmation["text"]
    for rep in bloc["reps"].values():
        rep.skip_to_now()
    reply = await press(admin, "Xác nhận mở bỏ phiếu")
    assert reply["text"].startswith("Đã mở bỏ phiếu: danh sách 8 đơn vị")
    await harness.settle()


async def vote(rep, choices: list[str]) -> str:
    """Votes on the latest ballot in the chat; returns the receipt message."""
    for choice in choices:
        rep.skip_to_now()
        await rep.press(choice)
        await rep.next_message()
    rep.skip_to_now()
    await rep.press("Xác nhận" if choices else "Phiếu trắng")
    confirm = await rep.next_message()
    assert confirm["text"].startswith("Xác nhận bỏ phiếu")
    rep.skip_to_now()
    await rep.press("🗳 Bỏ phiếu")
    return (await rep.next_message())["text"]


async def close_and_read(harness, admin) -> str:
    confirmation = await press(admin, "Kết thúc và kiểm phiếu")
    assert confirmation["text"].startswith("Kết thúc và kiểm phiếu «")
    admin.skip_to_now()
    await admin.press("Xác nhận kết thúc và kiểm phiếu")
    result = await admin.next_message()
    await harness.settle()
    return result["text"]


def ballot_vote_id(ballot: dict) -> int:
    """The vote a ballot message is for, read from its buttons' data."""
    return int(next(b for row in ballot["reply_markup"]["inline_keyboard"] for b in row)["callback_data"].split(":")[1])


async def closed_vote(harness, bloc, title: str) -> int:
    """A question the admin opened and closed with no ballot cast; returns its id."""
    admin = bloc["admin"]
    await create_vote(harness, admin, "Biểu quyết", title)
    await open_vote(harness, admin, bloc)
    vote_id = ballot_vote_id(bloc["reps"][UNITS[0]].last_message)
    await say(admin, "/bophieu")
    await press(admin, title)
    assert (await close_and_read(harness, admin)).startswith(f"📊 KẾT QUẢ KIỂM PHIẾU: {title}")
    return vote_id


QUESTION = "Tổ chức hội nghị tổng kết tại Trường Chính trị?"


async def question_for_two_representatives(harness, bloc):
    """A second representative of UNITS[3] joins, and the admin opens QUESTION: both of the unit's
    representatives hold a ballot. Returns the second representative."""
    second = harness.user("Đại diện thứ hai")
    await say(second, f"/start {bloc['sample'].invites[UNITS[3]].code}")
    await press(second, "Xác nhận")
    await create_vote(harness, bloc["admin"], "Biểu quyết", QUESTION)
    await open_vote(harness, bloc["admin"], bloc)
    assert second.last_message["text"].startswith("🗳 PHIẾU BẦU KÍN")
    return second


async def test_a_secret_vote_that_misses_its_quorum(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Bình xét khen thưởng", "Cờ thi đua của UBND tỉnh năm 2026")
    await open_vote(harness, admin, bloc)
    ballot = reps[UNITS[1]].last_message
    assert ballot["text"].startswith("🗳 PHIẾU BẦU KÍN: Cờ thi đua của UBND tỉnh năm 2026")
    assert len(labels(ballot)) == 8 + 1  # every unit (none submitted a sheet yet), plus a blank ballot
    for name in UNITS[:5]:
        receipt = await vote(reps[name], [UNITS[0]])
        assert receipt.startswith("Đã ghi nhận phiếu của đơn vị. Mã biên nhận: ")
    # while open, the admin sees who voted, never what
    await say(admin, "/bophieu")
    await press(admin, "Cờ thi đua")
    reply = await press(admin, "Số đơn vị đã bỏ phiếu")
    assert reply["text"].startswith("📊 Cờ thi đua của UBND tỉnh năm 2026: 5/8 đơn vị đã bỏ phiếu.")
    assert "phiếu =" not in reply["text"]
    await press(admin, "Cuộc bỏ phiếu")
    text = await close_and_read(harness, admin)
    assert "Phiếu phát ra: 8 · thu vào: 5 · hợp lệ: 5 (phiếu trắng: 0) · không hợp lệ: 0" in text
    assert "KHÔNG đủ số đơn vị tham gia (cần 6/8): kết quả không có giá trị." in text
    assert "Kết quả: không đủ điều kiện, không ai trúng." in text
    # every unit got the result with the receipts, and can find its own
    own = reps[UNITS[2]]
    cast = [m["text"] for m in own.messages if m.get("text", "").startswith("Đã ghi nhận phiếu")]
    receipt = re.search(r"Mã biên nhận: ([A-Z0-9]{8})", cast[-1]).group(1)
    published = own.last_message["text"]
    assert published.startswith("📊 KẾT QUẢ KIỂM PHIẾU") and f"{receipt} → {UNITS[0]}" in published


async def test_a_clear_win_with_a_blank_ballot(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Bình xét khen thưởng", "Bằng khen của Chủ tịch UBND tỉnh", seats=2)
    await open_vote(harness, admin, bloc)
    winner, second = UNITS[4], UNITS[6]
    for name in UNITS[:6]:
        await vote(reps[name], [winner, second] if name != UNITS[3] else [winner])
    await vote(reps[UNITS[6]], [])  # phiếu trắng
    await say(admin, "/bophieu")
    await press(admin, "Bằng khen")
    text = await close_and_read(harness, admin)
    assert "thu vào: 7 · hợp lệ: 7 (phiếu trắng: 1)" in text
    assert f"• {winner}: 6 phiếu = 75,00% tổng số đơn vị thành viên — TRÚNG" in text
    assert f"• {second}: 5 phiếu = 62,50% tổng số đơn vị thành viên — TRÚNG" in text
    assert f"Kết quả: {winner}, {second}." in text or f"Kết quả: {second}, {winner}." in text
    assert "Quy tắc áp dụng: hợp lệ khi có ít nhất 2/3 đơn vị tham gia" in text


async def test_a_tie_opens_a_runoff_that_decides(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Bình xét khen thưởng", "Danh hiệu Tập thể lao động xuất sắc")
    await open_vote(harness, admin, bloc)
    a, b = UNITS[2], UNITS[5]
    for index, name in enumerate(UNITS):
        await vote(reps[name], [a if index % 2 == 0 else b])
    await say(admin, "/bophieu")
    await press(admin, "Tập thể lao động")
    for rep in reps.values():
        rep.skip_to_now()
    text = await close_and_read(harness, admin)
    assert "Kết quả:" in text and "bằng phiếu; bầu lại giữa các đơn vị này." in text
    runoff_note = admin.messages[-1]["text"]
    assert runoff_note.startswith("Bằng phiếu: đã mở bầu lại «Danh hiệu Tập thể lao động xuất sắc»")
    ballot = await reps[UNITS[0]].next_message()
    while not ballot["text"].startswith("🗳 PHIẾU BẦU KÍN"):
        ballot = await reps[UNITS[0]].next_message()
    assert "(bầu lại giữa các đơn vị bằng phiếu)" in ballot["text"]
    assert sorted(labels(ballot)[:2]) == sorted([a, b])
    for index, name in enumerate(UNITS):
        await vote(reps[name], [a if index < 5 else b])
    await say(admin, "/bophieu")
    reply = admin.last_message
    runoff = [label for label in labels(reply) if label.startswith("🗳 Danh hiệu")]
    assert len(runoff) == 1
    await press(admin, runoff[0])
    text = await close_and_read(harness, admin)
    assert f"• {a}: 5 phiếu = 62,50% tổng số đơn vị thành viên — TRÚNG" in text
    assert "vòng bầu lại" in text


async def test_two_representatives_of_a_unit_press_at_once_and_forged_data(harness, bloc):
    reps = bloc["reps"]
    closed = await closed_vote(harness, bloc, "Cờ thi đua của UBND tỉnh năm 2026")
    second = await question_for_two_representatives(harness, bloc)
    first = reps[UNITS[3]]
    for rep in (first, second):
        rep.skip_to_now()
        await rep.press("Tán thành")
        await rep.next_message()
        rep.skip_to_now()
        await rep.press("Xác nhận")
        await rep.next_message()
        rep.skip_to_now()
    await asyncio.gather(first.press("🗳 Bỏ phiếu"), second.press("🗳 Bỏ phiếu"))
    answers = [(await rep.next_message())["text"] for rep in (first, second)]
    assert sum(a.startswith("Đã ghi nhận phiếu") for a in answers) == 1
    assert sum(a == "Đơn vị của đồng chí đã bỏ phiếu. Mỗi đơn vị chỉ một phiếu." for a in answers) == 1

    # forged presses: an option not on the ballot, another bloc's vote, a vote that is closed
    other = reps[UNITS[6]]
    vote_id = ballot_vote_id(other.last_message)
    assert vote_id != closed
    for data, expected in ((f"vb:{vote_id}:999", "Lựa chọn không hợp lệ"), ("vb:99999:yes", "Không tìm thấy"),
                           (f"vw:{vote_id}", "Nút này không còn hiệu lực"),
                           (f"vb:{closed}", "Cuộc bỏ phiếu này không còn mở")):
        other.skip_to_now()
        await forge_press(harness, other, data)
        reply = await other.next_message()
        assert reply["text"].startswith(expected), (data, reply["text"])
    async with harness.services.db.reading() as conn, conn.execute(
        "SELECT count(*) FROM vote_participation WHERE vote_id = ?", (vote_id,)
    ) as cur:
        assert (await cur.fetchone())[0] == 1



async def test_the_stored_data_cannot_join_a_unit_to_its_choice(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Biểu quyết", "Thông qua kế hoạch thi đua năm 2027")
    await open_vote(harness, admin, bloc)
    for name in UNITS[:5]:
        await vote(reps[name], ["Tán thành"])
    async with harness.services.db.reading() as conn:
        async with conn.execute("PRAGMA table_info(ballot)") as cur:
            columns = {row[1] for row in await cur.fetchall()}
        async with conn.execute("PRAGMA table_info(vote_participation)") as cur:
            register = {row[1] for row in await cur.fetchall()}
        async with conn.execute("SELECT vote_id, id FROM ballot ORDER BY vote_id, id") as cur:
            ids = await cur.fetchall()
        async with conn.execute("SELECT count(*) FROM ballot WHERE choices NOT LIKE 'null%'") as cur:
            cast = (await cur.fetchone())[0]
    assert columns == {"id", "vote_id", "receipt", "choices", "seal"}
    # one ballot per unit on the roll put in the box at opening, five of them filled by the votes above
    assert len(ids) == 8 and cast == 5
    assert not register & {"choices", "receipt", "option_id"}
    # ballot ids are drawn at random (the table's only order), not handed out in casting order
    by_vote: dict[int, list[int]] = {}
    for vote_id, ballot_id in ids:
        by_vote.setdefault(vote_id, []).append(ballot_id)
    for order in by_vote.values():
        gaps = {b - a for a, b in itertools.pairwise(order)}
        assert min(order) > 2**32 and gaps != {1}


async def test_the_seeds_election_as_an_open_poll_in_the_group(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    stranger = harness.user("Người ngoài khối")
    await say(stranger, "/start")
    group = harness.double.group(harness.token, title="Khối thi đua các cơ quan Đảng tỉnh",
                                 members=[admin, stranger, *reps.values()])
    await group.send(admin, "/ganketnhom")
    reply = await group.next_message()
    assert reply["text"].startswith("Đã gắn nhóm này với Khối kiểm thử bỏ phiếu.")
    await group.send(reps[UNITS[1]], "/bophieu")
    assert (await group.next_message())["text"] == "Xin nhắn riêng cho bot để thực hiện thao tác này."

    await create_vote(harness, admin, "Bầu Trưởng khối", "Suy tôn Trưởng khối năm 2027")
    reply = await press(admin, "Kín / công khai")
    assert "Hình thức: biểu quyết công khai trong nhóm" in reply["text"]
    await open_vote(harness, admin, bloc)
    poll = group.last_message
    assert poll["poll"]["question"] == "Suy tôn Trưởng khối năm 2027" and not poll["poll"]["is_anonymous"]
    head_option = [o["text"] for o in poll["poll"]["options"]].index(HEAD_UNIT)
    other_option = (head_option + 1) % 8

    stranger.skip_to_now()
    await group.answer_poll(stranger, poll, [head_option])
    assert (await stranger.next_message())["text"].startswith("Chỉ đại diện các đơn vị thành viên mới biểu quyết")
    for index, name in enumerate(UNITS):
        await group.answer_poll(reps[name], poll, [head_option if index < 7 else other_option])
    # a second representative of a unit that already voted: the unit's first answer stands
    extra = harness.user("Đại diện thêm")
    await say(extra, f"/start {bloc['sample'].invites[UNITS[7]].code}")
    await press(extra, "Xác nhận")
    extra.skip_to_now()
    await group.answer_poll(extra, poll, [head_option])
    assert (await extra.next_message())["text"].startswith("Đơn vị của đồng chí đã biểu quyết")
    await harness.settle()

    await say(admin, "/bophieu")
    await press(admin, "Suy tôn Trưởng khối")
    text = await close_and_read(harness, admin)
    assert f"• {HEAD_UNIT}: 7 phiếu = 87,50% tổng số đơn vị thành viên — TRÚNG" in text
    assert f"Kết quả: {HEAD_UNIT}." in text
    assert group.last_message["text"].startswith("📊 KẾT QUẢ KIỂM PHIẾU: Suy tôn Trưởng khối năm 2027")
    assert [m["poll"]["is_closed"] for m in group.messages if "poll" in m] == [True]
    # the deputy election leaves out the unit just elected head
    await create_vote(harness, admin, "Bầu Phó trưởng khối", "Suy tôn Phó trưởng khối năm 2027")
    assert HEAD_UNIT not in admin.last_message["text"]


async def test_the_vote_deadline_closes_open_votes_by_itself(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await question_for_two_representatives(harness, bloc)  # an earlier question, still open
    await create_vote(harness, admin, "Biểu quyết", "Thông qua quy chế hoạt động của khối năm 2027")
    await open_vote(harness, admin, bloc)
    for name in UNITS[:6]:
        await vote(reps[name], ["Tán thành"])
    actor = await harness.services.people.resolve(sender_of(admin))
    await harness.services.deadlines.set_deadline(actor, "vote", START + timedelta(days=2))
    watcher = reps[UNITS[7]]
    watcher.skip_to_now()
    await harness.advance_to(START + timedelta(days=2, minutes=1))
    # every vote still open closes: the earlier question, and this one
    results = sorted([(await watcher.next_message())["text"] for _ in range(2)])
    assert results[0].startswith("📊 KẾT QUẢ KIỂM PHIẾU: Thông qua quy chế hoạt động của khối năm 2027")
    assert results[1].startswith("📊 KẾT QUẢ KIỂM PHIẾU: Tổ chức hội nghị tổng kết")
    result = results[0]
    assert "• Tán thành: 6 phiếu = 75,00% tổng số đơn vị thành viên — TRÚNG" in result
    # the results went out through the outbox, one copy per representative of the roll, all sent
    async with harness.services.db.reading() as conn:
        vote_ids = [r[0] for r in await conn.execute_fetchall(
            "SELECT id FROM vote WHERE title LIKE 'Thông qua quy chế%' OR title LIKE 'Tổ chức hội nghị tổng kết%'")]
        per_vote = [await outbox_repo.counts(conn, f"vote:{vote_id}") for vote_id in vote_ids]
    assert len(per_vote) == 2 and all(set(c) == {"sent"} and c["sent"] >= len(UNITS) for c in per_vote), per_vote


async def test_a_forged_vote_kind_starts_nothing(harness, bloc):
    admin = bloc["admin"]
    admin.skip_to_now()
    await forge_press(harness, admin, "vk:referendum")
    assert (await admin.next_message())["text"].startswith("Nút này không còn hiệu lực")
    assert await harness.services.dialogs.get("telegram", str(admin.id)) is None  # no vote dialog begun
