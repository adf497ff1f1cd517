"""Self-assessment, checking and the ranked summary, end to end over the Bot API double.

The 8 sample units score the sample table in chat (typed values with decimal commas, or buttons), with
evidence; one leaves midway and the bot restarts; bad values change nothing; missing evidence blocks a
submission; the head adjusts two units, one explains, and the ranked summary equals totals computed here
independently of the bot's own arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.domain.criteria import Kind
from bot.domain.criteria_import import sample_criteria
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from bot.text.vi_text import format_score
from storage import assessment as repo
from tests.e2e.harness import forge_press, labels, press, say, sender_of

TABLE = sample_criteria()
UNITS = [name for name, _ in SAMPLE_UNITS]


def planned_value(unit_index: int, criterion) -> Decimal:
    """What unit `unit_index` enters for a criterion: varied, always valid."""
    if criterion.kind is Kind.PASS_FAIL or (criterion.step is not None and criterion.step == criterion.max_points):
        return criterion.max_points if (unit_index + criterion.order) % 4 else Decimal(0)
    if criterion.counts_items:
        return Decimal((unit_index + criterion.order) % (criterion.max_count + 1))
    steps_down = (unit_index * 3 + criterion.order) % 5
    return max(Decimal(0), criterion.max_points - criterion.step * steps_down)


def expected_points(criterion, entered: Decimal) -> Decimal:
    if criterion.counts_items:
        return min(entered * criterion.per_item, criterion.max_points)
    return entered


def saved_text(criterion, entered: Decimal) -> str:
    """The bot's answer to a saved value: a counted item shows the count and how it became points."""
    points = expected_points(criterion, entered)
    if not criterion.counts_items:
        return f"Đã lưu {format_score(points)} điểm cho tiêu chí {criterion.code}."
    product = entered * criterion.per_item
    capped = " (tối đa)" if product > points else ""
    return (f"Đã lưu cho tiêu chí {criterion.code}: {format_score(entered)} lần × {format_score(criterion.per_item)}"
            f" = {format_score(product)} → {format_score(points)} điểm{capped}.")


def expected_total(points: dict[str, Decimal]) -> Decimal:
    main = sum((points[c.code] for c in TABLE.criteria if c.kind not in (Kind.BONUS, Kind.PENALTY)), Decimal(0))
    bonus = sum((points[c.code] for c in TABLE.criteria if c.kind is Kind.BONUS), Decimal(0))
    penalty = sum((points[c.code] for c in TABLE.criteria if c.kind is Kind.PENALTY), Decimal(0))
    return max(Decimal(0), main + bonus - penalty)



@pytest.fixture
async def bloc(harness):
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    reply = await say(admin, "/bangtieuchi")
    assert reply["text"].startswith("Năm nay chưa có bảng tiêu chí")
    reply = await press(admin, "Dùng bảng mẫu")
    assert reply["text"].startswith("Đã nạp bảng tiêu chí phiên bản 1")
    assert "28 tiêu chí, tổng 100 điểm" in reply["text"]
    reply = await say(admin, "/hanchamdiem 30/11/2026 17:00")
    assert reply["text"] == "Đã đặt hạn tự chấm điểm: 30/11/2026 17:00. Các đơn vị sẽ được nhắc theo lịch."
    reps = {}
    for index, name in enumerate(UNITS):
        rep = harness.user(f"Đại diện {index + 1}")
        await say(rep, f"/start {sample.invites[name].code}")
        reply = await press(rep, "Xác nhận")
        assert reply["text"].startswith("Đăng ký thành công!")
        reps[name] = rep
    await harness.settle()
    return {"sample": sample, "reps": reps, "entered": {}}


async def score_criteria(harness, rep, unit_index: int, codes: list[str], entered: dict[str, Decimal]) -> None:
    """Scores the given criteria in order from the card the bot is showing, adding evidence where required."""
    for code in codes:
        criterion = TABLE.by_code(code)
        value = planned_value(unit_index, criterion)
        card = rep.last_message
        assert card["text"].startswith(f"{code}. ") or f"\n\n{code}. " in card["text"], card["text"][:80]
        if criterion.evidence_required and value > 0:
            kind = (unit_index + criterion.order) % 3
            rep.skip_to_now()
            if kind == 0:
                await rep.upload_document(f"minh-chung-{code}.pdf", b"%PDF-1.4 minh chung", "application/pdf")
            elif kind == 1:
                await rep.send(f"https://vanban.hungyen.dcs.vn/{code}")
            else:
                await rep.press("Thêm ghi chú")
                await rep.next_message()
                await rep.send(f"Quyết định số {criterion.order}-QĐ/TU ngày 05/3/2026")
            reply = await rep.next_message()
            assert reply["text"].startswith(f"Đã thêm minh chứng cho tiêu chí {code}."), reply["text"][:120]
        label = format_score(value)
        rep.skip_to_now()
        if unit_index % 2 == 1 and label in labels(rep.last_message):
            await rep.press(label)
        else:
            await rep.send(label)  # typed, with a decimal comma where there is one
        reply = await rep.next_message()
        assert reply["text"].startswith(saved_text(criterion, value)), reply["text"][:120]
        entered[code] = value


async def score_units(harness, bloc, names: list[str] = UNITS) -> None:
    """The named units' planned values, with evidence where required, stored through the services as the chat
    stores them, and kept in bloc["entered"]: for the tests about what comes after scoring
    (test_every_unit_scores_and_one_resumes_after_a_restart scores by chat)."""
    services = harness.services
    for name in names:
        index = UNITS.index(name)
        actor = await services.people.resolve(sender_of(bloc["reps"][name]))
        entered = bloc["entered"].setdefault(name, {})
        for criterion in TABLE.criteria:
            value = planned_value(index, criterion)
            if criterion.evidence_required and value > 0:
                if (index + criterion.order) % 3 == 1:
                    await services.assessment.add_evidence(actor, criterion.code,
                                                           link=f"https://vanban.hungyen.dcs.vn/{criterion.code}")
                else:
                    await services.assessment.add_evidence(
                        actor, criterion.code, note=f"Quyết định số {criterion.order}-QĐ/TU ngày 05/3/2026")
            await services.assessment.set_self_score(actor, criterion.code, format_score(value))
            entered[criterion.code] = value


async def submit_units(harness, bloc, names: list[str] = UNITS) -> None:
    """Submits the named units' (complete) sheets through the services
    (test_every_unit_submits_and_gets_a_receipt submits by chat)."""
    for name in names:
        await harness.services.assessment.submit(await harness.services.people.resolve(sender_of(bloc["reps"][name])))


async def test_bad_values_are_refused_and_change_nothing(harness, bloc):
    rep = bloc["reps"][UNITS[1]]
    reply = await say(rep, "/chamdiem")
    assert "░░░░░░░░░░ 0/28" in reply["text"] and "Hạn nộp: 30/11/2026 17:00 (còn 6 ngày 8 giờ)." in reply["text"]
    reply = await press(rep, "Chấm tiếp")
    assert reply["text"].startswith("1.1. ")
    cases = {
        "10,5": "Giá trị phải từ 0 đến 10. Chưa lưu gì.",
        "-1": "Điểm không được âm: xin gõ từ 0 đến 10. Chưa lưu gì.",
        "7,3": "Điểm phải là bội của 0,5 (từ 0 đến 10). Chưa lưu gì.",
    }
    for typed, answer in cases.items():
        reply = await say(rep, typed)
        assert reply["text"] == answer, typed
    # 1.1 requires evidence: words that are no number are offered as an evidence note, refused as a score
    for typed in ("bảy", "7.5.1"):
        reply = await say(rep, typed)
        assert reply["text"] == ("Xin gõ một số từ 0 đến 10 (ví dụ 7,5). Chưa lưu gì.\n"
                                 f"Lưu «{typed}» làm ghi chú minh chứng cho tiêu chí 1.1?"), typed
        reply = await press(rep, "Không lưu")
        assert reply["text"].startswith("1.1. ")
    # 1.3 requires none: the same words are only refused
    await press(rep, "Danh sách tiêu chí")
    await press(rep, "1.3")
    reply = await say(rep, "bảy")
    assert reply["text"] == "Xin gõ một số từ 0 đến 8 (ví dụ 7,5). Chưa lưu gì."
    # pass/fail and count items have their own rules
    reply = await press(rep, "Danh sách tiêu chí")
    reply = await press(rep, "2.1")
    reply = await say(rep, "3")
    assert reply["text"] == "Tiêu chí này chỉ nhận 5 (đạt) hoặc 0 (không đạt). Chưa lưu gì."
    await press(rep, "Sau")
    await press(rep, "Sau")
    await press(rep, "Sau")
    reply = await press(rep, "Sau")
    assert reply["text"].startswith("2.5. ")
    count_refusal = ("Số lần phải là số nguyên từ 0 trở lên (ví dụ 3); hệ thống tự tính 1 điểm mỗi lần, tối đa 4 "
                     "điểm. Chưa lưu gì.")
    for typed in ("2,5", "-1", "ba", "10001"):
        reply = await say(rep, typed)
        assert reply["text"] == count_refusal, typed
    await harness.settle()
    actor = await harness.services.people.resolve(sender_of(rep))
    view = await harness.services.assessment.my_sheet(actor)
    assert view.self_points == {} and view.evidence == {}


async def test_every_unit_scores_and_one_resumes_after_a_restart(harness, bloc):
    codes = [c.code for c in TABLE.criteria]
    for index, name in enumerate(UNITS):
        rep = bloc["reps"][name]
        entered = bloc["entered"].setdefault(name, {})
        await say(rep, "/chamdiem")
        await press(rep, "Chấm tiếp")
        if index == 3:
            # this one leaves halfway; the bot restarts; typing the next value goes where they left off
            await score_criteria(harness, rep, index, codes[:12], entered)
            await harness.restart()
            await score_criteria(harness, rep, index, codes[12:], entered)
        else:
            await score_criteria(harness, rep, index, codes, entered)
        assert "Đã chấm đủ các tiêu chí" in rep.last_message["text"]
        assert "▓▓▓▓▓▓▓▓▓▓ 28/28" in rep.last_message["text"]
        view = await harness.services.assessment.my_sheet(await harness.services.people.resolve(sender_of(rep)))
        assert view.self_points == {c.code: expected_points(c, entered[c.code]) for c in TABLE.criteria}


async def test_missing_evidence_blocks_submission_until_added(harness, bloc):
    name = UNITS[5]
    await score_units(harness, bloc, [name])
    rep = bloc["reps"][name]
    actor = await harness.services.people.resolve(sender_of(rep))
    view = await harness.services.assessment.my_sheet(actor)
    code = next(c for c in view.table.criteria if c.evidence_required and view.self_points[c.code] > 0).code
    # remove that criterion's only evidence: submission must now be refused
    await say(rep, "/chamdiem")
    await press(rep, "Danh sách tiêu chí")
    await press(rep, code)
    await press(rep, "Gỡ minh chứng")
    reply = await press(rep, "❌")
    assert reply["text"].startswith("Đã gỡ minh chứng.")
    reply = await say(rep, "/chamdiem")
    reply = await press(rep, "Xem lại và nộp")
    assert f"Thiếu minh chứng: {code}" in reply["text"] and "Chưa thể nộp" in reply["text"]
    assert "Nộp bảng điểm" not in " ".join(labels(reply))
    # a forged press of the submit buttons is refused too
    for data in ("ap", "ay"):
        rep.skip_to_now()
        await forge_press(harness, rep, data)
        answer = await rep.next_message()
        if data == "ay":
            assert answer["text"] == f"Chưa nộp được: thiếu minh chứng bắt buộc cho: {code}."
    await say(rep, "/chamdiem")
    await press(rep, "Danh sách tiêu chí")
    await press(rep, code)
    rep.skip_to_now()
    await rep.send("https://vanban.hungyen.dcs.vn/bo-sung")
    assert (await rep.next_message())["text"].startswith(f"Đã thêm minh chứng cho tiêu chí {code}.")
    # with the evidence back, the sheet can be submitted
    await say(rep, "/chamdiem")
    reply = await press(rep, "Xem lại và nộp")
    assert "Nộp bảng điểm" in " ".join(labels(reply)), reply["text"][-300:]



async def test_every_unit_submits_and_gets_a_receipt(harness, bloc):
    await score_units(harness, bloc)
    for name in UNITS:
        rep = bloc["reps"][name]
        await say(rep, "/chamdiem")
        reply = await press(rep, "Xem lại và nộp")
        assert "Nộp bảng điểm" in " ".join(labels(reply)), reply["text"][-300:]
        reply = await press(rep, "Nộp bảng điểm")
        assert reply["text"].startswith(f"Xác nhận nộp bảng tự chấm điểm của {name}")
        reply = await press(rep, "✅ Nộp")
        total = expected_total({c.code: expected_points(c, bloc["entered"][name][c.code]) for c in TABLE.criteria})
        assert reply["text"].startswith(f"Đã nộp bảng tự chấm điểm của {name}.\nThời gian: 24/11/2026 09:00\n"
                                        f"Tổng điểm: {format_score(total)}\nMã biên nhận: ")
        # after submission the sheet is locked
        reply = await say(rep, "/chamdiem")
        assert "Trạng thái: đã nộp, mã biên nhận" in reply["text"]
        reply = await press(rep, "Danh sách tiêu chí")
        reply = await press(rep, "1.3")
        assert "0" not in labels(reply)  # no value buttons on a locked sheet
        reply = await say(rep, "1")
        assert reply["text"] == "Xin chọn một việc trong menu (gõ /menu)."
        rep.skip_to_now()
        await forge_press(harness, rep, "av:1.3:0")
        assert (await rep.next_message())["text"].startswith("Bảng điểm đã nộp nên không sửa được")


async def test_a_representative_never_reaches_another_units_sheet(harness, bloc):
    await score_units(harness, bloc)
    await submit_units(harness, bloc)
    rep = bloc["reps"][UNITS[2]]
    other = bloc["sample"].units[UNITS[4]].id
    actor = await harness.services.people.resolve(sender_of(bloc["reps"][UNITS[4]]))
    before = await harness.services.assessment.my_sheet(actor)
    evidence_id = next(iter(e for items in before.evidence.values() for e in items)).id
    for data in (f"hu:{other}", f"hc:{other}:1.1", f"hv:{other}:1.1:0", f"hs:{other}", f"hr:{other}", "hz", "hy",
                 "hk:0", "ho", "ht", "tl", f"ad:{evidence_id}", "ac:1.1", "av:1.1:0", "ew", "ef", "eg:1.1"):
        rep.skip_to_now()
        await forge_press(harness, rep, data)
        reply = await rep.next_message()
        assert not reply["text"].startswith(("🔎", "🏆", "Đã lưu", "Đã gỡ", "📊")), (data, reply["text"][:80])
    after = await harness.services.assessment.my_sheet(actor)
    assert after.self_points == before.self_points and after.evidence == before.evidence
    assert after.status == "submitted"


async def test_the_head_checks_two_units_one_explains_and_the_ranking_adds_up(harness, bloc):
    await score_units(harness, bloc)
    await submit_units(harness, bloc)
    head = bloc["reps"][HEAD_UNIT]
    b_name, c_name = UNITS[1], UNITS[2]
    b_rep, c_rep = bloc["reps"][b_name], bloc["reps"][c_name]
    reply = await say(head, "/thamdinh")
    assert reply["text"].startswith("🔎 Thẩm định năm 2026: 8/8 đơn vị đã nộp.")

    # unit B: 1.1 lowered with a reason, 1.2 confirmed unchanged (no reason asked)
    reply = await press(head, b_name)
    assert "1.1: 10 | " in reply["text"]
    await press(head, "1.1")
    own_b_11 = bloc["entered"][b_name]["1.1"]
    reply = await say(head, format_score(own_b_11 - 2))
    assert reply["text"].startswith(f"Điểm thẩm định {format_score(own_b_11 - 2)} cho tiêu chí 1.1 khác điểm")
    reply = await say(head, "Chưa có minh chứng hoàn thành 2 nhiệm vụ")
    assert reply["text"].startswith(f"Đã lưu điểm thẩm định {format_score(own_b_11 - 2)} cho tiêu chí 1.1.")
    await press(head, "1.2")
    reply = await say(head, format_score(bloc["entered"][b_name]["1.2"]))
    assert reply["text"].startswith("Đã lưu điểm thẩm định")
    b_rep.skip_to_now()
    await press(head, "Gửi kết quả thẩm định")  # its confirmation (tests/e2e/test_confirmations.py)
    reply = await press(head, "Xác nhận gửi kết quả")
    assert reply["text"].startswith(f"Đã gửi kết quả thẩm định cho {b_name} (1 tiêu chí điều chỉnh).")
    notice = await b_rep.next_message()
    assert "1.1: tự chấm" in notice["text"] and "Chưa có minh chứng hoàn thành 2 nhiệm vụ" in notice["text"]

    # unit C: one adjustment, sent back, no explanation
    await say(head, "/thamdinh")
    await press(head, c_name)
    await press(head, "2.2")
    reply = await say(head, "0")
    if reply["text"].startswith("Điểm thẩm định"):
        await say(head, "Không có kế hoạch học tập nghị quyết")
    c_rep.skip_to_now()
    await press(head, "Gửi kết quả thẩm định")
    await press(head, "Xác nhận gửi kết quả")
    assert "• 2.2: tự chấm" in (await c_rep.next_message())["text"]

    # unit B explains 1.1, and the head sets the second check
    await harness.settle()
    reply = await press(b_rep, "Xem kết quả và giải trình")
    assert reply["text"].startswith("Các tiêu chí Trưởng khối điều chỉnh (1).")
    await press(b_rep, "Giải trình 1.1")
    reply = await say(b_rep, "Đã bổ sung Báo cáo số 45-BC/BTC ngày 10/11/2026 về 2 nhiệm vụ")
    assert reply["text"] == "Đã lưu giải trình cho tiêu chí 1.1."
    head.skip_to_now()
    reply = await press(b_rep, "Các tiêu chí điều chỉnh")
    reply = await press(b_rep, "Hoàn tất giải trình")
    assert reply["text"] == "Đã gửi giải trình cho Trưởng khối."
    assert (await head.next_message())["text"].startswith(f"{b_name} đã hoàn tất giải trình.")
    await say(head, "/thamdinh")
    reply = await press(head, b_name)
    assert "1.1: 10 | " in reply["text"] and "💬" in reply["text"]
    await press(head, "1.1")
    reply = await say(head, format_score(own_b_11 - 1))
    await say(head, "Chấp nhận một phần giải trình")

    # close checking; the ranking matches totals computed here
    reply = await say(head, "/thamdinh")
    await press(head, "Chốt điểm")
    reply = await press(head, "🏁 Chốt điểm")
    assert reply["text"] == "Đã chốt điểm năm nay."
    final_points = {name: {c.code: expected_points(c, bloc["entered"][name][c.code]) for c in TABLE.criteria}
                    for name in UNITS}
    final_points[b_name]["1.1"] = own_b_11 - 1
    final_points[c_name]["2.2"] = Decimal(0)
    expected = {name: expected_total(points) for name, points in final_points.items()}
    reply = await press(head, "Bảng xếp hạng")
    lines = reply["text"].splitlines()[2:]
    shown = {}
    for line in lines:
        head_part, _, numbers = line.partition(": ")
        unit = head_part.split(" · ", 1)[1]
        shown[unit] = Decimal(numbers.split(" | ")[-1].replace(".", "").replace(",", "."))
    assert shown == expected
    ordered = sorted(expected.values(), reverse=True)
    ranks = [int(line.split("Hạng ")[1].split(" ")[0]) for line in lines]
    assert ranks == [ordered.index(shown[line.partition(": ")[0].split(" · ", 1)[1]]) + 1 for line in lines]

    # nothing was overwritten: the layers of B's 1.1 are all kept
    async with harness.services.db.reading() as conn:
        sheet = await repo.sheet_of(conn, bloc["sample"].year.id, bloc["sample"].units[b_name].id)
        layers = [entry[1] for entry in await repo.history(conn, sheet.id) if entry[0] == "1.1"]
    assert layers == ["self", "check1", "explanation", "check2"]
    assert sheet.status == "final"
