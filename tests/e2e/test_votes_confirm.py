"""Opening and closing a vote cannot be undone, so each asks for confirmation, and only the confirmation's own
button acts.

Opening shows the roll and options it freezes; closing shows the turnout against the quorum and, short of
it, that the result will not be valid (the head election once closed at 3 of 8 with one press and published
an invalid result). The confirm button carries a token bound to what the screen showed: a press without it,
with a made-up one, or with one made stale by a change (a setting, a ballot cast since) acts on nothing and
shows the fresh confirmation.
"""

from __future__ import annotations

import pytest

from bot.services.sample_bloc import HEAD_UNIT
from tests.e2e.harness import forge_press, labels, press, sample_bloc_joined, say
from tests.e2e.test_votes import UNITS, ballot_vote_id, create_vote, vote

HEAD_TITLE = "Suy tôn Trưởng khối năm 2027"
STALE = "Nút xác nhận này không còn hiệu lực"


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, "Khối kiểm thử xác nhận", lambda index, _: f"Đại diện {index}")


def data_of(message: dict, label: str) -> str:
    """The callback data of the button whose label contains `label`."""
    return next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                if label in b["text"])


async def vote_row(harness, title: str) -> tuple[int, str, int, int]:
    """(id, status, units on the roll, ballots in the box) of the vote with this title."""
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT id, status FROM vote WHERE title = ? AND runoff_of IS NULL",
                                (title,)) as cur:
            vote_id, status = await cur.fetchone()
        async with conn.execute("SELECT count(*) FROM vote_roll WHERE vote_id = ?", (vote_id,)) as cur:
            roll = (await cur.fetchone())[0]
        async with conn.execute("SELECT count(*) FROM ballot WHERE vote_id = ?", (vote_id,)) as cur:
            box = (await cur.fetchone())[0]
    return vote_id, status, roll, box


def got(rep, start: str) -> int:
    return sum(1 for m in rep.messages if (m.get("text") or "").startswith(start))


async def forged(harness, user, data: str) -> str:
    user.skip_to_now()
    await forge_press(harness, user, data)
    return (await user.next_message())["text"]


async def open_confirmed(harness, bloc, title: str) -> None:
    admin = bloc["admin"]
    await press(admin, "Mở bỏ phiếu")
    for rep in bloc["reps"].values():
        rep.skip_to_now()
    reply = await press(admin, "Xác nhận mở bỏ phiếu")
    assert reply["text"].startswith("Đã mở bỏ phiếu: danh sách 8 đơn vị")
    await harness.settle()


async def test_opening_shows_what_it_freezes_and_only_its_confirmation_opens(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Bầu Trưởng khối", HEAD_TITLE)
    vote_id = (await vote_row(harness, HEAD_TITLE))[0]
    confirmation = await press(admin, "Mở bỏ phiếu")
    text = confirmation["text"]
    assert text.startswith(f"Mở bỏ phiếu «{HEAD_TITLE}»?\nKhi mở, danh sách 8 đơn vị bỏ phiếu và 8 lựa chọn")
    assert "không sửa được nữa" in text and all(name in text for name in UNITS)
    assert labels(confirmation) == ["✅ Xác nhận mở bỏ phiếu", "« Cuộc bỏ phiếu"]
    # nothing is open yet: no roll, no ballots, nobody told
    assert await vote_row(harness, HEAD_TITLE) == (vote_id, "draft", 0, 0)
    good = data_of(confirmation, "Xác nhận mở bỏ phiếu")
    assert good.startswith(f"vq:{vote_id}:")

    # forged presses of the final action: no token, a made-up one, the real one altered
    for data in (f"vq:{vote_id}", f"vq:{vote_id}:AAAAAAAAAAAAAAAA", f"vq:{vote_id}:{good.split(':')[2][::-1]}"):
        reply = await forged(harness, admin, data)
        assert reply.startswith(STALE), (data, reply)
        assert f"Mở bỏ phiếu «{HEAD_TITLE}»?" in reply  # the fresh confirmation, to confirm for real
    # a confirmation made stale: a setting changed after it was shown
    await press(admin, "Cuộc bỏ phiếu")
    await press(admin, "Điều kiện hợp lệ")
    assert (await forged(harness, admin, good)).startswith(STALE)
    await harness.settle()
    assert await vote_row(harness, HEAD_TITLE) == (vote_id, "draft", 0, 0)
    assert all(got(rep, "🗳 PHIẾU BẦU KÍN") == 0 for rep in reps.values())

    # the fresh confirmation shown with the refusal opens it, once
    for rep in reps.values():
        rep.skip_to_now()
    fresh = await press(admin, "Xác nhận mở bỏ phiếu")
    assert fresh["text"].startswith("Đã mở bỏ phiếu: danh sách 8 đơn vị")
    await harness.settle()
    assert await vote_row(harness, HEAD_TITLE) == (vote_id, "open", 8, 8)
    assert sum(got(rep, f"🗳 PHIẾU BẦU KÍN: {HEAD_TITLE}") for rep in reps.values()) == 8
    # its token cannot open it again
    reply = await forged(harness, admin, good)
    assert reply.startswith("Cuộc bỏ phiếu đã mở nên không sửa được nữa.")
    assert await vote_row(harness, HEAD_TITLE) == (vote_id, "open", 8, 8)


async def test_the_head_election_at_3_of_8_warns_that_the_result_is_not_valid(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    await create_vote(harness, admin, "Bầu Trưởng khối", HEAD_TITLE)
    await open_confirmed(harness, bloc, HEAD_TITLE)
    vote_id = ballot_vote_id(reps[UNITS[0]].last_message)
    for name in UNITS[:3]:
        await vote(reps[name], [HEAD_UNIT])
    await say(admin, "/bophieu")
    await press(admin, "Suy tôn Trưởng khối")
    confirmation = await press(admin, "Kết thúc và kiểm phiếu")
    text = confirmation["text"]
    assert text.startswith(f"Kết thúc và kiểm phiếu «{HEAD_TITLE}»?\nĐã bỏ phiếu: 3/8 đơn vị.")
    assert "Cuộc bỏ phiếu có giá trị khi ít nhất 2/3 số đơn vị thành viên tham gia (cần 6/8)." in text
    assert "⚠️ Chưa đủ số đơn vị tham gia (cần 6/8): kết quả sẽ không có giá trị." in text
    assert "không hoàn tác được" in text
    assert labels(confirmation) == ["✅ Xác nhận kết thúc và kiểm phiếu", "« Cuộc bỏ phiếu"]
    good = data_of(confirmation, "Xác nhận kết thúc")

    # forged presses of the final action close nothing, publish nothing
    for data in (f"vz:{vote_id}", f"vz:{vote_id}:AAAAAAAAAAAAAAAA", f"vx:{vote_id}:{good.split(':')[2]}"):
        reply = await forged(harness, admin, data)
        assert not reply.startswith("📊 KẾT QUẢ"), (data, reply)
    # a fourth unit votes: the confirmation the head saw (3 of 8) no longer holds
    await vote(reps[UNITS[3]], [HEAD_UNIT])
    reply = await forged(harness, admin, good)
    assert reply.startswith(STALE) and "Đã bỏ phiếu: 4/8 đơn vị." in reply
    await harness.settle()
    assert (await vote_row(harness, HEAD_TITLE))[1] == "open"
    assert all(got(rep, "📊 KẾT QUẢ KIỂM PHIẾU") == 0 for rep in reps.values())
    # "not now" leaves it open; the head reminds instead
    card = await press(admin, "Cuộc bỏ phiếu")
    assert "Kết thúc và kiểm phiếu" in " ".join(labels(card))

    # closed anyway, with the confirmation of what it means: the result says it is not valid
    await press(admin, "Kết thúc và kiểm phiếu")
    for rep in reps.values():
        rep.skip_to_now()
    result = await press(admin, "Xác nhận kết thúc và kiểm phiếu")
    assert result["text"].startswith(f"📊 KẾT QUẢ KIỂM PHIẾU: {HEAD_TITLE}")
    assert "KHÔNG đủ số đơn vị tham gia (cần 6/8): kết quả không có giá trị." in result["text"]
    await harness.settle()
    assert (await vote_row(harness, HEAD_TITLE))[1] == "closed"
    assert sum(got(rep, f"📊 KẾT QUẢ KIỂM PHIẾU: {HEAD_TITLE}") for rep in reps.values()) == 8


async def test_a_vote_with_its_quorum_says_the_result_will_be_valid(harness, bloc):
    admin, reps = bloc["admin"], bloc["reps"]
    title = "Thông qua kế hoạch thi đua năm 2027"
    await create_vote(harness, admin, "Biểu quyết", title)
    await open_confirmed(harness, bloc, title)
    for name in UNITS[:6]:
        await vote(reps[name], ["Tán thành"])
    await say(admin, "/bophieu")
    await press(admin, "Thông qua kế hoạch")
    text = (await press(admin, "Kết thúc và kiểm phiếu"))["text"]
    assert "Đã bỏ phiếu: 6/8 đơn vị." in text and "Đã đủ số đơn vị tham gia: kết quả sẽ có giá trị." in text
    assert "⚠️" not in text
