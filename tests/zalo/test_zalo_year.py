"""A bloc's year with Zalo in it, end to end: the real bot with both channels, over the Telegram and Zalo
Bot API doubles.

A representative joins over Zalo, scores the whole sample table by typing (decimal commas, evidence notes
and a link), is refused a value out of range, submits and gets a receipt; the same representative casts a
secret ballot over Zalo that the head opened on Telegram, cannot vote twice, and finds its receipt in the
result; then a bloc of representatives on Telegram, on Zalo and on both goes through a deadline, and every
reminder reaches each late unit once, on the channel its representative chose.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest

from bot.domain.criteria import Kind
from bot.domain.criteria_import import sample_criteria
from bot.sandbox.doubles.zalo import ZaloUser
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS, seed_sample_bloc
from bot.text.catalogue import t
from bot.text.messages import Sender
from bot.text.vi_text import format_score
from storage import people
from storage import reminders as reminder_repo
from tests.e2e.harness import TZ, press, say, sender_of
from tests.zalo.harness import hashed, join_on_zalo, numbered, zsay

TABLE = sample_criteria()
UNITS = [name for name, _ in SAMPLE_UNITS]
RECEIPT = re.compile(r"Mã biên nhận: (\S+)")
LINK_CODE = re.compile(r"/lienket ([A-HJ-NP-Z2-9]{8})\b")
ADD_NOTE = t("evidence.add_note")

# what the Zalo representative types for each criterion, and the evidence it adds first: a note chosen
# by "#number", a note chosen by the option's words, or a link typed straight into the criterion
TYPED = {
    "1.1": ("9,5", "note#"), "1.2": ("10", "link"), "1.3": ("7,5", None), "1.4": ("5,5", None),
    "1.5": ("5,75", "note words"), "2.1": ("đạt", "note#"), "2.2": ("3,5", None), "2.3": ("4", None),
    "2.4": ("0", None), "2.5": ("2", None), "3.1": ("3", "note#"), "3.2": ("2", None), "3.3": ("3", None),
    "3.4": ("1", "note#"), "3.5": ("2,5", None), "4.1": ("4", None), "4.2": ("2,75", None), "4.3": ("3", None),
    "5.1": ("5", "note#"), "5.2": ("4", None), "5.3": ("3", None), "5.4": ("2,5", None), "C1": ("0", None),
    "C2": ("0", None), "C3": ("1,5", "note#"), "T1": ("1", None), "T2": ("0", None), "T3": ("0", None),
}


def entered_value(criterion, typed: str) -> Decimal:
    if criterion.kind is Kind.PASS_FAIL and typed == "đạt":
        return criterion.max_points
    return Decimal(typed.replace(",", "."))


def expected_points(criterion, typed: str) -> Decimal:
    """Worked out here, not by the bot: a count times its points, capped; anything else as entered."""
    entered = entered_value(criterion, typed)
    if criterion.counts_items:
        return min(entered * criterion.per_item, criterion.max_points)
    return entered


def expected_total() -> Decimal:
    points = {c.code: expected_points(c, TYPED[c.code][0]) for c in TABLE.criteria}
    main = sum((points[c.code] for c in TABLE.criteria if c.kind not in (Kind.BONUS, Kind.PENALTY)), Decimal(0))
    bonus = sum((points[c.code] for c in TABLE.criteria if c.kind is Kind.BONUS), Decimal(0))
    penalty = sum((points[c.code] for c in TABLE.criteria if c.kind is Kind.PENALTY), Decimal(0))
    return max(Decimal(0), main + bonus - penalty)


def zalo_sender(user: ZaloUser) -> Sender:
    return Sender("zalo", user.id, user.id, user.display_name, None, None, True)


def option_number(text: str, label: str, *, hashed_options: bool = False) -> str:
    """What to type to choose the option with this label: "3" from a numbered list, "#3" from a "#" list."""
    labels = hashed(text) if hashed_options else numbered(text)
    assert label in labels, (label, labels)
    number = labels.index(label) + 1
    return f"#{number}" if hashed_options else str(number)


def reminders(texts: list[str]) -> list[str]:
    return [text for text in texts if text.startswith(("⏰ Nhắc hạn", "⚠️ Quá hạn"))]


def telegram_texts(user) -> list[str]:
    return [m.get("text", "") for m in user.messages]


def at(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=TZ)


async def join_on_telegram(harness, sample, unit: str, name: str):
    user = harness.user(name)
    await say(user, f"/start {sample.invites[unit].code}")
    assert (await press(user, "Xác nhận"))["text"].startswith("Đăng ký thành công!")
    return user


async def complete_by_services(harness, sender: Sender) -> None:
    """Scores every criterion 0 (with a note where evidence is required) and submits, as a unit that got
    it done early would."""
    services = harness.services
    actor = await services.people.resolve(sender)
    view = await services.assessment.my_sheet(actor)
    if view.status != "draft":
        return
    for criterion in view.table.criteria:
        if criterion.evidence_required:
            await services.assessment.add_evidence(actor, criterion.code, note="Báo cáo số 7-BC/ĐU")
        await services.assessment.set_self_score(actor, criterion.code, "0")
    await services.assessment.submit(actor)


@pytest.fixture
async def bloc(harness):
    """The sample bloc with the sample criteria table, set up by super-admin 0 on Telegram, and the head
    unit's representative, who joined on Telegram."""
    admin = harness.admin(0)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026)
    await say(admin, "/bangtieuchi")
    assert (await press(admin, "Dùng bảng mẫu"))["text"].startswith("Đã nạp bảng tiêu chí phiên bản 1")
    head_rep = await join_on_telegram(harness, sample, HEAD_UNIT, "Nguyễn Thị Hoa")
    await harness.settle()
    return {"sample": sample, "admin": admin, "head_rep": head_rep}


@pytest.fixture
async def binh(harness, bloc):
    """The representative of UNITS[1], who does everything over Zalo; she confirms by typing the words."""
    rep = harness.zalo_user("Trần Thị Bình")
    text = await zsay(rep, f"/start {bloc['sample'].invites[UNITS[1]].code}")
    assert f"Đơn vị: {UNITS[1]}" in text and numbered(text) == ["✅ Xác nhận", "Hủy"]
    text = await zsay(rep, "xác nhận")
    assert text.startswith(f"Đăng ký thành công! Đồng chí là đại diện chính (đầu mối) của {UNITS[1]}")
    return rep


@pytest.fixture
async def colleague(harness, bloc, binh):
    """A second representative of UNITS[1], also on Zalo; confirms by typing the number."""
    return await join_on_zalo(harness, bloc["sample"], UNITS[1], "Lý Văn Phúc")


async def test_a_zalo_representative_scores_the_table_by_typing_and_submits(harness, bloc, binh):
    rep, head_rep = binh, bloc["head_rep"]
    services = harness.services
    async with services.db.reading() as conn:
        ident = await people.identity(conn, "zalo", rep.id)
        assert ident is not None and (await people.active_representation(conn, ident.person_id)) is not None
    actor = await services.people.resolve(zalo_sender(rep))

    text = await zsay(rep, "/chamdiem")
    assert text.startswith(f"📝 Tự chấm điểm năm 2026 — {UNITS[1]} (bảng tiêu chí phiên bản 1)")
    assert "░░░░░░░░░░ 0/28" in text and "Hạn nộp: chưa đặt." in text
    assert numbered(text)[0] == "▶️ Chấm tiếp"
    card = await zsay(rep, "1")
    assert card.startswith("1.1. ")
    # the card waits for a typed value, so its options are "#n" and a bare number is a score
    labels = hashed(card)
    # navigation first, in fixed places, then the values, then evidence (see test_zalo_numbers_stay_put)
    assert labels[:6] == ["◀ Trước", "📋 Danh sách tiêu chí", "Sau ▶", "« Bảng điểm", "10", "9,5"], labels
    assert ADD_NOTE in labels

    # out of range: refused with the allowed range, nothing saved, still on 1.1
    assert await zsay(rep, "10,3") == "Giá trị phải từ 0 đến 10. Chưa lưu gì."
    await harness.settle()
    assert (await services.assessment.my_sheet(actor)).self_points == {}

    for criterion in TABLE.criteria:
        code = criterion.code
        typed, evidence = TYPED[code]
        assert card.startswith(f"{code}. ") or f"\n\n{code}. " in card, (code, card[:120])
        if evidence == "link":
            card = await zsay(rep, f"https://vanban.hungyen.dcs.vn/quyet-dinh-{code}")
        elif evidence is not None:
            choose = option_number(card, ADD_NOTE, hashed_options=True) if evidence == "note#" else ADD_NOTE
            asked = await zsay(rep, choose)
            assert asked.startswith(f"Gõ ghi chú minh chứng cho tiêu chí {code}"), (code, asked)
            card = await zsay(rep, f"Quyết định số {criterion.order}-QĐ/TU ngày 05/3/2026")
        if evidence is not None:
            assert card.startswith(f"Đã thêm minh chứng cho tiêu chí {code}.\n\n{code}. "), (code, card[:120])
        card = await zsay(rep, typed)
        points = format_score(expected_points(criterion, typed))
        if criterion.counts_items:
            count, per = format_score(entered_value(criterion, typed)), format_score(criterion.per_item)
            product = format_score(entered_value(criterion, typed) * criterion.per_item)
            saved = f"Đã lưu cho tiêu chí {code}: {count} lần × {per} = {product} → {points} điểm."
        else:
            saved = f"Đã lưu {points} điểm cho tiêu chí {code}."
        assert card.startswith(saved), (code, typed, card[:120])

    # the last value brings back the sheet, complete
    assert "Đã chấm đủ các tiêu chí" in card and "▓▓▓▓▓▓▓▓▓▓ 28/28" in card
    review = await zsay(rep, option_number(card, "👁 Xem lại và nộp"))
    assert review.startswith(f"👁 Xem lại bảng tự chấm điểm năm 2026 — {UNITS[1]}")
    assert "1.1: 9,5/10 📎1" in review and "1.5: 5,75/6 📎1" in review and "2.5: 2/4\n" in review
    total = format_score(expected_total())
    assert f"Tổng cộng: {total}" in review
    confirm = await zsay(rep, option_number(review, "✅ Nộp bảng điểm"))
    assert confirm.startswith(f"Xác nhận nộp bảng tự chấm điểm của {UNITS[1]} với tổng điểm {total}?")
    assert numbered(confirm) == ["✅ Nộp", "Chưa nộp"]
    head_rep.skip_to_now()
    done = await zsay(rep, "1")
    assert done.startswith(f"Đã nộp bảng tự chấm điểm của {UNITS[1]}.\nThời gian: 24/11/2026 09:00\n"
                           f"Tổng điểm: {total}\nMã biên nhận: ")
    receipt = RECEIPT.search(done).group(1)
    # the head, on Telegram, hears of it
    notice = await head_rep.next_message()
    assert notice["text"] == f"{UNITS[1]} đã nộp bảng tự chấm điểm: {total} điểm."

    await harness.settle()
    view = await services.assessment.my_sheet(actor)
    assert view.status == "submitted" and view.sheet.receipt == receipt
    assert view.self_points == {c.code: expected_points(c, TYPED[c.code][0]) for c in TABLE.criteria}
    assert view.self_totals.final == expected_total() and view.missing_evidence == []
    kinds = {code: [(e.kind, e.text) for e in items] for code, items in view.evidence.items()}
    assert kinds["1.2"] == [("link", "https://vanban.hungyen.dcs.vn/quyet-dinh-1.2")]
    assert kinds["1.1"] == [("note", f"Quyết định số {TABLE.by_code('1.1').order}-QĐ/TU ngày 05/3/2026")]
    assert set(kinds) == {code for code, (_, evidence) in TYPED.items() if evidence}

    # the sheet is locked and says so, with the receipt
    text = await zsay(rep, "/chamdiem")
    assert f"Trạng thái: đã nộp, mã biên nhận {receipt}." in text and "▶️ Chấm tiếp" not in numbered(text)



async def vote_count(harness, title: str) -> tuple[int, int]:
    """How many units took part in the vote, and how many cast ballots it holds (a secret vote's box also holds
    one empty ballot per unit on the roll from its opening, which are not counted)."""
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT id FROM vote WHERE title = ?", (title,)) as cur:
            (vote_id,) = await cur.fetchone()
        async with conn.execute("SELECT count(*) FROM vote_participation WHERE vote_id = ?", (vote_id,)) as cur:
            (participants,) = await cur.fetchone()
        async with conn.execute("SELECT count(*) FROM ballot WHERE vote_id = ? AND choices NOT LIKE 'null%'",
                                (vote_id,)) as cur:
            (ballots,) = await cur.fetchone()
    return participants, ballots


async def test_the_zalo_representative_casts_a_secret_ballot_and_finds_its_receipt(harness, bloc, binh, colleague):
    admin, rep, head_rep = bloc["admin"], binh, bloc["head_rep"]
    title = "Thông qua quy chế hoạt động của khối năm 2027"
    await say(admin, "/bophieu")
    await press(admin, "Biểu quyết")
    reply = await say(admin, title)
    assert reply["text"].startswith(f"🗳 {title}")
    for user in (rep, colleague, head_rep):
        user.skip_to_now()
    await press(admin, "Mở bỏ phiếu")  # the confirmation: roll and options
    reply = await press(admin, "Xác nhận mở bỏ phiếu")
    assert reply["text"].startswith("Đã mở bỏ phiếu: danh sách 8 đơn vị")

    # the ballot reaches both Zalo representatives of the unit as a numbered list, the head's on Telegram
    ballot = (await rep.next_message())["text"]
    assert ballot.startswith(f"🗳 PHIẾU BẦU KÍN: {title}")
    assert numbered(ballot) == ["Tán thành", "Không tán thành", "Không biểu quyết", "Phiếu trắng"]
    assert (await colleague.next_message())["text"] == ballot
    assert (await head_rep.next_message())["text"].startswith(f"🗳 PHIẾU BẦU KÍN: {title}")
    # a ballot's numbers mean its options once the outbox has recorded the delivery (options are saved just
    # after the message leaves; a person typing within those milliseconds is the test, not a person)
    await harness.wait_outbox()

    # the colleague gets as far as confirming "Không tán thành", and waits
    progress = await zsay(colleague, "2")
    assert progress.startswith(f"🗳 {title}\nChọn tối đa 1. Đã chọn: Không tán thành")
    confirm = await zsay(colleague, option_number(progress, "✅ Xác nhận", hashed_options=True))
    assert confirm.startswith(f"Xác nhận bỏ phiếu «{title}»: Không tán thành?")

    # Bình chooses by number; the ballot, now waiting in a dialog, offers "#" options; she confirms by words
    progress = await zsay(rep, "1")
    assert progress.startswith(f"🗳 {title}\nChọn tối đa 1. Đã chọn: Tán thành")
    assert hashed(progress) == ["☑️ Tán thành", "Không tán thành", "Không biểu quyết", "✅ Xác nhận", "Phiếu trắng"]
    confirm = await zsay(rep, "xác nhận")
    assert confirm.startswith(f"Xác nhận bỏ phiếu «{title}»: Tán thành?")
    assert hashed(confirm) == ["🗳 Bỏ phiếu", "Chọn lại"]
    assert await vote_count(harness, title) == (0, 0)
    cast = await zsay(rep, "#1")
    assert cast.startswith("Đã ghi nhận phiếu của đơn vị. Mã biên nhận: ")
    receipt = RECEIPT.search(cast).group(1)

    # a second ballot from the unit is refused: the colleague's cast, and Bình finds nothing left to vote on
    assert await zsay(colleague, "#1") == "Đơn vị của đồng chí đã bỏ phiếu. Mỗi đơn vị chỉ một phiếu."
    assert await zsay(rep, "/phieubau") == "Hiện không có phiếu bầu nào chờ đơn vị."
    await harness.settle()
    assert await vote_count(harness, title) == (1, 1)

    # the head closes on Telegram; the result reaches Zalo with Bình's receipt and choice
    for user in (rep, colleague):
        user.skip_to_now()
    await say(admin, "/bophieu")
    await press(admin, "Thông qua quy chế")
    await press(admin, "Kết thúc và kiểm phiếu")  # the confirmation: turnout against quorum
    reply = await press(admin, "Xác nhận kết thúc và kiểm phiếu")
    assert reply["text"].startswith(f"📊 KẾT QUẢ KIỂM PHIẾU: {title}")
    for user in (rep, colleague):
        result = (await user.next_message())["text"]
        assert result.startswith(f"📊 KẾT QUẢ KIỂM PHIẾU: {title}")
        assert "thu vào: 1 · hợp lệ: 1" in result and f"{receipt} → Tán thành" in result
    await harness.settle()
    for user in (rep, colleague):
        assert sum(text.startswith("📊 KẾT QUẢ KIỂM PHIẾU") for text in user.texts) == 1


async def link_zalo_to(harness, telegram_user, name: str) -> ZaloUser:
    """Links a new Zalo account to a person who joined on Telegram."""
    reply = await say(telegram_user, "/lienket")
    code = LINK_CODE.search(reply["text"]).group(1)
    zalo = harness.zalo_user(name)
    assert (await zsay(zalo, f"/lienket {code}")).startswith("Đã liên kết!")
    return zalo


async def link_telegram_to(harness, zalo_user: ZaloUser, name: str):
    """Links a new Telegram account to a person who joined on Zalo."""
    code = LINK_CODE.search(await zsay(zalo_user, "/lienket")).group(1)
    telegram = harness.user(name)
    assert (await say(telegram, f"/lienket {code}"))["text"].startswith("Đã liên kết!")
    return telegram


async def test_a_mixed_bloc_is_reminded_once_per_reminder_on_each_chosen_channel(harness, bloc, binh, colleague):
    sample, admin, head_rep = bloc["sample"], bloc["admin"], bloc["head_rep"]
    # UNITS[1] has submitted, as it does over Zalo in the first test
    await complete_by_services(harness, zalo_sender(binh))

    cuong = await join_on_zalo(harness, sample, UNITS[2], "Lê Văn Cường")
    dung = await join_on_telegram(harness, sample, UNITS[3], "Phạm Thị Dung")
    # UNITS[4]: one person on Telegram and Zalo, wanting notices on Zalo only
    em_tg = await join_on_telegram(harness, sample, UNITS[4], "Hoàng Văn Em")
    em_zalo = await link_zalo_to(harness, em_tg, "Hoàng Văn Em")
    assert await zsay(em_zalo, "/kenh zalo") == "Đã lưu. Nhắc việc và thông báo sẽ gửi cho đồng chí qua: Zalo."
    # UNITS[5]: one person who joined on Zalo, linked Telegram, and wants notices on both
    giang_zalo = await join_on_zalo(harness, sample, UNITS[5], "Vũ Thị Giang")
    giang_tg = await link_telegram_to(harness, giang_zalo, "Vũ Thị Giang")
    await say(giang_tg, "/kenh")
    assert (await press(giang_tg, "Cả Telegram và Zalo"))["text"] == (
        "Đã lưu. Nhắc việc và thông báo sẽ gửi cho đồng chí qua: Cả Telegram và Zalo.")
    # UNITS[6] (Telegram) and UNITS[7] (Zalo) finish early
    hung = await join_on_telegram(harness, sample, UNITS[6], "Đặng Văn Hùng")
    lan = await join_on_zalo(harness, sample, UNITS[7], "Bùi Thị Lan")
    await complete_by_services(harness, sender_of(hung))
    await complete_by_services(harness, zalo_sender(lan))

    # where each reminder should go: every chat of every representative, and how many it gets
    late = {"head": head_rep, "cuong": cuong, "dung": dung, "em_zalo": em_zalo, "giang_tg": giang_tg,
            "giang_zalo": giang_zalo}
    silent = {"binh": binh, "colleague": colleague, "em_tg": em_tg, "hung": hung, "lan": lan}

    def texts(user) -> list[str]:
        return user.texts if isinstance(user, ZaloUser) else telegram_texts(user)

    def got(name: str) -> list[str]:
        # every reminder this chat ever got: nothing else in this test sends one
        return reminders(texts((late | silent)[name]))

    reply = await say(admin, "/hanchot")
    assert "• Hạn tự chấm điểm: chưa đặt" in reply["text"]
    await press(admin, "Đặt hạn tự chấm điểm")
    reply = await say(admin, "01/12/2026 17:00")
    assert reply["text"] == "Đã đặt hạn tự chấm điểm: 01/12/2026 17:00. Các đơn vị sẽ được nhắc theo lịch."

    await harness.advance_to(at("24/11/2026 16:59"))
    assert all(got(name) == [] for name in late | silent)

    # 7 days before: one reminder on each chosen chat of each late unit, none elsewhere
    await harness.advance_to(at("24/11/2026 17:00"))
    for name in late:
        assert len(got(name)) == 1, (name, got(name))
        assert got(name)[0].startswith("⏰ Nhắc hạn tự chấm điểm: hết hạn lúc 01/12/2026 17:00 (còn 7 ngày).")
        assert "Còn 28 tiêu chí chưa chấm." in got(name)[0]
    for name in silent:
        assert got(name) == [], name
    # on Zalo the reminder's button is a numbered line: "1" opens the sheet
    assert numbered(cuong.last_message["text"]) == ["📝 Mở bảng tự chấm điểm"]
    assert (await zsay(cuong, "1")).startswith(f"📝 Tự chấm điểm năm 2026 — {UNITS[2]}")
    # and then UNITS[2] gets it done: no further reminders for it
    await complete_by_services(harness, zalo_sender(cuong))

    for moment in ("28/11/2026 17:00", "30/11/2026 17:00", "01/12/2026 15:00", "01/12/2026 17:00",
                   "02/12/2026 17:00", "05/12/2026 17:00"):
        await harness.advance_to(at(moment))
    await harness.settle()

    markers = ["(còn 7 ngày)", "(còn 3 ngày)", "(còn 1 ngày)", "(còn 2 giờ)", "⚠️ Quá hạn"]
    for name in late:
        expected = markers[:1] if name == "cuong" else markers
        assert len(got(name)) == len(expected), (name, got(name))
        for text, marker in zip(got(name), expected, strict=True):
            assert marker in text, (name, marker, text)
    for name in silent:
        assert got(name) == [], name

    # the passing of the deadline is told once on every chosen chat, early finishers included
    closed = "🔔 Đã hết hạn tự chấm điểm lúc 01/12/2026 17:00: 4/8 đơn vị đã hoàn thành."
    for name, user in (late | silent).items():
        told = [text for text in texts(user) if text.startswith("🔔 Đã hết hạn")]
        assert told == ([] if name == "em_tg" else [closed]), (name, told)

    # the head's daily summaries list the late units, on Telegram
    summaries = [text for text in telegram_texts(head_rep) if text.startswith("📋 Hạn tự chấm")]
    assert len(summaries) == 4 and all("4 đơn vị chưa hoàn thành" in text for text in summaries)
    assert all(f"• {UNITS[2]}" not in text and f"• {UNITS[1]}" not in text for text in summaries)
    assert await harness.services.reminders.next_due() is None

    # the record agrees: one delivery per reminder and chosen chat, all sent, none for the early finishers
    async with harness.services.db.reading() as conn:
        rows = await reminder_repo.deliveries_of(conn, sample.year.id, "self_assessment")
    per_unit: dict[str, int] = {}
    for unit_id, _, _, status in rows:
        assert status == "sent"
        name = next(n for n, u in sample.units.items() if u.id == unit_id)
        per_unit[name] = per_unit.get(name, 0) + 1
    assert per_unit == {HEAD_UNIT: 5, UNITS[2]: 1, UNITS[3]: 5, UNITS[4]: 5, UNITS[5]: 10}


async def test_a_bare_number_typed_as_an_evidence_note_is_kept_as_the_note(harness):
    # a bloc of its own, named for the test, without the head's representative the `bloc` fixture adds
    admin = harness.admin(1)
    await say(admin, "/start")
    sample = await seed_sample_bloc(harness.services, sender_of(admin), 2026, name="Khối thử ghi chú số")
    await say(admin, "/bangtieuchi")
    assert (await press(admin, "Dùng bảng mẫu"))["text"].startswith("Đã nạp bảng tiêu chí phiên bản 1")
    rep = await join_on_zalo(harness, sample, UNITS[1], "Tạ Văn Sơn")
    await zsay(rep, "/chamdiem")
    card = await zsay(rep, "1")
    assert card.startswith("1.1. ") and "10" in hashed(card)
    asked = await zsay(rep, option_number(card, ADD_NOTE, hashed_options=True))
    assert asked.startswith("Gõ ghi chú minh chứng cho tiêu chí 1.1")
    # the step asked for a note and offered no options: "10" is the note, as it would be on Telegram
    answer = await zsay(rep, "10")
    await harness.settle()
    view = await harness.services.assessment.my_sheet(await harness.services.people.resolve(zalo_sender(rep)))
    assert answer.startswith("Đã thêm minh chứng cho tiêu chí 1.1."), answer[:80]
    assert [(e.kind, e.text) for e in view.evidence.get("1.1", [])] == [("note", "10")]
    assert view.self_points == {}
