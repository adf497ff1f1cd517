"""The numbers of a criterion card's options stay put on Zalo (issue #16 §4).

On a text channel people learn the numbers: adding evidence once moved "Sau ▶" from 6 to 9 and a person
changed a score without noticing. Navigation now comes first, in fixed places, and the values after it, so
neither moves when evidence buttons appear; "#3" goes to the next criterion before and after.
"""

from __future__ import annotations

import pytest

from bot.sandbox.doubles.zalo import ZaloUser
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from bot.text.messages import Sender
from tests.e2e.harness import press, say, sender_of
from tests.zalo.harness import hashed, join_on_zalo, zsay

UNITS = [name for name, _ in SAMPLE_UNITS]
NAVIGATION = ["◀ Trước", "📋 Danh sách tiêu chí", "Sau ▶", "« Bảng điểm"]


def sender_of_zalo(user: ZaloUser) -> Sender:
    return Sender("zalo", user.id, user.id, user.display_name, None, None, True)


@pytest.fixture
async def rep(harness):
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    await say(admin, "/bangtieuchi")
    assert (await press(admin, "Dùng bảng mẫu"))["text"].startswith("Đã nạp bảng tiêu chí phiên bản 1")
    assert UNITS[1] != HEAD_UNIT
    return await join_on_zalo(harness, sample, UNITS[1], "Trần Thị Bình")


async def test_navigation_and_values_keep_their_numbers_when_evidence_is_added(harness, rep):
    await zsay(rep, "/chamdiem")
    card = await zsay(rep, "1")  # ▶️ Chấm tiếp
    assert card.startswith("1.1. ")
    before = hashed(card)
    assert before[:4] == NAVIGATION and before[4:10] == ["10", "9,5", "9", "8,5", "8", "0"], before
    card = await zsay(rep, "https://vanban.hungyen.dcs.vn/bao-cao-2026")
    assert card.startswith("Đã thêm minh chứng cho tiêu chí 1.1.\n\n1.1. ")
    after = hashed(card)
    assert len(after) > len(before) and after[:len(before)] == before, (before, after)
    # a value chosen by its number is the same value as before the evidence came
    card = await zsay(rep, "#6")
    assert card.startswith("Đã lưu 9,5 điểm cho tiêu chí 1.1.\n\n1.2. ")
    # and "#3" is still "Sau ▶": on from 1.2 to 1.3, nothing saved on the way
    card = await zsay(rep, "#3")
    assert card.startswith("1.3. "), card[:80]
    view = await harness.services.assessment.my_sheet(
        await harness.services.people.resolve(sender_of_zalo(rep)))
    assert set(view.self_points) == {"1.1"}


async def test_pass_fail_and_count_items_offer_words_and_counts_on_zalo(harness, rep):
    await zsay(rep, "/chamdiem")
    await zsay(rep, "2")  # 📋 Danh sách tiêu chí
    card = await zsay(rep, "2.1")
    assert card.startswith("2.1. ")
    assert hashed(card)[4:6] == ["✅ Đạt (5 điểm)", "❌ Không đạt (0)"]
    card = await zsay(rep, "không đạt")
    assert card.startswith("Đã lưu 0 điểm cho tiêu chí 2.1.\n\n2.2. ")
    for code in ("2.3", "2.4", "2.5"):
        card = await zsay(rep, "#3")  # Sau ▶
        assert card.startswith(f"{code}. "), card[:60]
    card = await zsay(rep, "#1")  # ◀ Trước
    assert card.startswith("2.4. ")
    card = await zsay(rep, "sau")  # or the option's words
    assert card.startswith("2.5. ") and hashed(card)[4:7] == ["0 lần", "1 lần", "2 lần"]
    # a bare number is the count, not an option
    card = await zsay(rep, "6")
    assert card.startswith("Đã lưu cho tiêu chí 2.5: 6 lần × 1 = 6 → 4 điểm (tối đa).")

