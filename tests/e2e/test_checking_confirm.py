"""Sending checking results back to a unit and closing checking cannot be undone, so each asks for
confirmation, and only the confirmation's own button acts: a press without its token, with a made-up one, or
with one made stale by a change since (a check value, a submission) changes nothing and shows the fresh
confirmation. What they tell the units is stored with the change itself."""

from __future__ import annotations

import pytest

from bot.services.sample_bloc import HEAD_UNIT
from storage import assessment as assessment_repo
from tests.e2e.harness import forge_press, labels, press, say, sender_of
from tests.e2e.test_assessment_rules import bloc, fill_all, publish_table, submit  # noqa: F401 (fixture)

CHECKED = "Ban Tổ chức Tỉnh ủy"
DRAFTING = "Ban Nội chính Tỉnh ủy"
STALE = "Nút xác nhận này không còn hiệu lực"
RESULTS = "Trưởng khối đã thẩm định bảng điểm của đơn vị"
CLOSED = "Trưởng khối đã chốt điểm thi đua năm nay."


def data_of(message: dict, label: str) -> str:
    return next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
                if label in b["text"])


def got(rep, start: str) -> int:
    return sum(1 for m in rep.messages if (m.get("text") or "").startswith(start))


async def forged(harness, user, data: str) -> str:
    user.skip_to_now()
    await forge_press(harness, user, data)
    return (await user.next_message())["text"]


async def status_of(harness, rep) -> str:
    return (await harness.services.assessment.my_sheet(
        await harness.services.people.resolve(sender_of(rep)))).status


async def closed_at(harness, joined):
    async with harness.services.db.reading() as conn:
        return (await assessment_repo.setting(conn, joined["sample"].year.id)).checking_closed_at


async def check(head, code: str, value: str, reason: str) -> None:
    reply = await press(head, code)
    assert reply["text"].startswith("Thẩm định: "), reply["text"]
    reply = await say(head, value)
    assert reply["text"].startswith(f"Điểm thẩm định {value} cho tiêu chí {code} khác điểm"), reply["text"]
    reply = await say(head, reason)
    assert reply["text"].startswith(f"Đã lưu điểm thẩm định {value} cho tiêu chí {code}."), reply["text"]


@pytest.fixture
async def submitted(harness, bloc):  # noqa: F811 (the fixture imported above)
    await publish_table(harness, bloc)
    await fill_all(harness, bloc["reps"][CHECKED])
    await submit(harness, bloc["reps"][CHECKED])
    return bloc


async def test_sending_results_back_is_confirmed_and_a_forged_or_stale_press_sends_nothing(harness, submitted):
    head, unit_rep = submitted["reps"][HEAD_UNIT], submitted["reps"][CHECKED]
    unit_id = submitted["sample"].units[CHECKED].id
    await say(head, "/thamdinh")
    await press(head, CHECKED)
    await check(head, "1.1", "8", "Thiếu minh chứng một nhiệm vụ")
    confirmation = await press(head, "Gửi kết quả thẩm định")
    text = confirmation["text"]
    assert text.startswith(f"Gửi kết quả thẩm định cho {CHECKED} (1 tiêu chí điều chỉnh)? Sau khi gửi, đơn vị "
                           "giải trình và điểm thẩm định lần 1 không sửa được nữa. Đơn vị sẽ nhận:")
    assert "• 1.1: tự chấm 10 → 8. Lý do: Thiếu minh chứng một nhiệm vụ" in text
    assert labels(confirmation) == ["✅ Xác nhận gửi kết quả", "« Bảng điểm đơn vị"]
    good = data_of(confirmation, "Xác nhận gửi kết quả")
    assert good.startswith(f"hw:{unit_id}:")

    for data in (f"hw:{unit_id}", f"hw:{unit_id}:AAAAAAAAAAAAAAAA", f"hw:{unit_id}:{good.split(':')[2][::-1]}"):
        reply = await forged(harness, head, data)
        assert reply.startswith(STALE) and "Đơn vị sẽ nhận:" in reply, (data, reply)
    # the head changes the check after the confirmation: the confirmation shown no longer holds
    await press(head, "Bảng điểm đơn vị")
    await check(head, "1.1", "7", "Thiếu minh chứng hai nhiệm vụ")
    reply = await forged(harness, head, good)
    assert reply.startswith(STALE) and "• 1.1: tự chấm 10 → 7." in reply
    await harness.settle()
    assert await status_of(harness, unit_rep) == "submitted"
    assert got(unit_rep, RESULTS) == 0

    unit_rep.skip_to_now()
    reply = await press(head, "Xác nhận gửi kết quả")
    assert reply["text"].startswith(f"Đã gửi kết quả thẩm định cho {CHECKED} (1 tiêu chí điều chỉnh).")
    told = await unit_rep.next_message()
    assert told["text"].startswith(RESULTS) and "• 1.1: tự chấm 10 → 7. Lý do: Thiếu minh chứng hai" in told["text"]
    assert labels(told) == ["💬 Xem kết quả và giải trình"]
    assert await status_of(harness, unit_rep) == "returned"
    # the same button again sends nothing a second time
    assert (await forged(harness, head, good)).startswith("Đơn vị này chưa nộp bảng điểm.")
    await harness.settle()
    assert got(unit_rep, RESULTS) == 1


async def test_closing_checking_shows_where_sheets_stand_and_only_its_confirmation_closes(harness, submitted):
    head, reps = submitted["reps"][HEAD_UNIT], submitted["reps"]
    await say(head, "/thamdinh")
    confirmation = await press(head, "Chốt điểm")
    text = confirmation["text"]
    assert text.startswith("Chốt điểm năm nay? Điểm cuối cùng của mọi đơn vị được cố định, không sửa được nữa, "
                           "và mọi đơn vị được thông báo.\nĐã nộp bảng điểm: 1/8 đơn vị.")
    unsubmitted = next(line for line in text.splitlines() if line.startswith("Chưa nộp (sẽ không được xếp hạng): "))
    assert DRAFTING in unsubmitted and HEAD_UNIT in unsubmitted and CHECKED not in unsubmitted
    good = data_of(confirmation, "Chốt điểm")
    assert good.startswith("hy:")

    # the button as it was before confirmations carried a token, a made-up token, the real one altered
    for data in ("hy", "hy:AAAAAAAAAAAAAAAA", f"hy:{good.split(':')[1][::-1]}"):
        reply = await forged(harness, head, data)
        assert reply.startswith(STALE) and "Chốt điểm năm nay?" in reply, (data, reply)
    # another unit submits after the head saw 1/8: the confirmation no longer holds
    await fill_all(harness, reps[DRAFTING])
    await submit(harness, reps[DRAFTING])
    reply = await forged(harness, head, good)
    assert reply.startswith(STALE) and "Đã nộp bảng điểm: 2/8 đơn vị." in reply
    await harness.settle()
    assert await closed_at(harness, submitted) is None
    assert all(got(rep, CLOSED) == 0 for rep in reps.values())

    for rep in reps.values():
        rep.skip_to_now()
    reply = await press(head, "🏁 Chốt điểm")
    assert reply["text"] == "Đã chốt điểm năm nay."
    assert await closed_at(harness, submitted) is not None
    await harness.settle()
    # every unit is told but the head's own chat, which has its answer
    assert [got(reps[name], CLOSED) for name in (CHECKED, DRAFTING, HEAD_UNIT)] == [1, 1, 0]
    assert (await forged(harness, head, good)).startswith("Việc chấm điểm năm nay đã kết thúc")
