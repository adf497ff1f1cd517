"""Onboarding end to end: a super-admin sets up the sample bloc in chat and its 8 units join with invites."""

from __future__ import annotations

import csv
import io
import re

from bot.services.sample_bloc import DEPUTY_UNIT, HEAD_UNIT, SAMPLE_BLOC, SAMPLE_UNITS
from storage import blocs, people
from tests.e2e.harness import BOT_USERNAME, labels, press, say

CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{10})\b")


def units_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["STT", "Tên đơn vị", "Tên viết tắt", "Liên hệ"])
    for i, (name, short) in enumerate(SAMPLE_UNITS, start=1):
        writer.writerow([i, name, short, f"0221 386 {i:04d}"])
    return out.getvalue().encode("utf-8-sig")



async def test_the_whole_onboarding_of_the_sample_bloc(harness):
    admin = harness.admin(0)

    reply = await say(admin, "/start")
    assert "quản trị hệ thống" in reply["text"] and "🆕 Tạo khối mới" in labels(reply)

    reply = await say(admin, "/taokhoi")
    assert "tên khối thi đua" in reply["text"]
    reply = await say(admin, SAMPLE_BLOC)
    assert "Năm thi đua?" in reply["text"]
    reply = await say(admin, "2026")
    assert reply["text"].startswith(f"Đã tạo {SAMPLE_BLOC}, năm 2026")

    reply = await say(admin, "/nhapdonvi")
    assert "Tên đơn vị" in reply["text"]
    template = await press(admin, "Tệp mẫu")
    assert template["document"]["file_name"].endswith(".xlsx")

    admin.skip_to_now()
    await admin.upload_document("don-vi.csv", units_csv(), "text/csv")
    reply = await admin.next_message()
    assert reply["text"].startswith("Đã nhập 8 đơn vị từ «don-vi.csv»")

    # head and deputy through the unit cards
    reply = await say(admin, "/truongkhoi")
    assert "Trưởng khối năm 2026: (chưa đặt)" in reply["text"]
    assert len(labels(reply)) == 8 + 1  # 8 units on one page plus « back
    reply = await press(admin, "Văn phòng Tỉnh ủy")
    assert reply["text"].startswith("🏢 Văn phòng Tỉnh ủy\nViết tắt: VPTU\nLiên hệ: 0221 386 0001")
    reply = await press(admin, "Đặt làm Trưởng khối")
    assert "Đã đặt Văn phòng Tỉnh ủy làm Trưởng khối năm 2026" in reply["text"]
    assert admin.callback_answers[-1]["text"].startswith("Đã đặt VPTU làm Trưởng khối")
    await press(admin, "Danh sách đơn vị")
    await press(admin, "Ban Tuyên giáo")
    reply = await press(admin, "Đặt làm Phó trưởng khối")
    assert "Vai trò: Phó trưởng khối" in reply["text"]

    reply = await say(admin, "/mamoi")
    lines = reply["text"].splitlines()
    codes = {}
    for name, _ in SAMPLE_UNITS:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}: "))
        code = CODE.fullmatch(lines[index].removeprefix(f"{name}: ")).group(1)
        assert lines[index + 1].strip() == f"https://t.me/{BOT_USERNAME}?start={code}"
        codes[name] = code
    assert len(set(codes.values())) == 8

    # every unit gets 1 to 3 representatives, half through the deep link, half by typing the code
    reps_per_unit = [3, 1, 2, 1, 2, 1, 3, 1]
    head_rep = None
    for (name, _), count in zip(SAMPLE_UNITS, reps_per_unit, strict=True):
        for n in range(count):
            person = harness.user(f"Cán bộ {n + 1} {name.split()[0]}")
            text = f"/start {codes[name]}" if n % 2 == 0 else codes[name].lower()
            reply = await say(person, text)
            assert f"Đơn vị: {name}" in reply["text"], reply["text"]
            reply = await press(person, "Xác nhận")
            role = "đại diện chính (đầu mối)" if n == 0 else "đại diện"
            assert reply["text"].startswith(f"Đăng ký thành công! Đồng chí là {role} của {name}"), reply["text"]
            if name == HEAD_UNIT and n == 0:
                head_rep = person

    await harness.settle()
    async with harness.services.db.reading() as conn:
        bloc_year = (await blocs.list_current_years(conn))[0]
        assert bloc_year.bloc_name == SAMPLE_BLOC
        units = {u.name: u for u in await blocs.member_units(conn, bloc_year.id)}
        reps = await people.representatives_of(conn, [u.id for u in units.values()])
    counts = {name: sum(1 for r in reps if r.unit_id == units[name].id) for name, _ in SAMPLE_UNITS}
    assert counts == {name: c for (name, _), c in zip(SAMPLE_UNITS, reps_per_unit, strict=True)}
    assert sum(r.is_primary for r in reps) == 8
    assert bloc_year.head_unit_id == units[HEAD_UNIT].id and bloc_year.deputy_unit_id == units[DEPUTY_UNIT].id

    # every later join in the bloc was announced to the head's first representative (it joined first)
    assert head_rep is not None
    notices = [m["text"] for m in head_rep.messages if "vừa đăng ký làm đại diện" in m.get("text", "")]
    assert len(notices) == sum(reps_per_unit) - 1
    assert "Đồng chí Cán bộ 2 Văn vừa đăng ký làm đại diện của Văn phòng Tỉnh ủy." in notices

    # a head representative administers the bloc: the unit list shows who has joined
    reply = await say(head_rep, "/donvi")
    assert "8 đơn vị, 8 đã có đại diện" in reply["text"]
    assert "⭐ Văn phòng Tỉnh ủy (3)" in labels(reply)
    # and has the admin command menu in their chat; an ordinary representative has the default one
    commands = harness.double.bot(harness.token).commands
    admin_scopes = [key for key in commands if str(head_rep.id) in str(key)]
    assert admin_scopes, commands
    assert any(c["command"] == "donvi" for c in commands[admin_scopes[0]])
    default = [key for key in commands if "default" in str(key)]
    assert default and not any(c["command"] == "donvi" for c in commands[default[0]])


async def test_the_same_import_twice_adds_nothing_and_a_bad_file_adds_nothing(harness):
    admin = harness.admin(1)
    await say(admin, "/taokhoi")
    await say(admin, "Khối thi đua thử nhập tệp")
    await say(admin, "2026")
    await say(admin, "/nhapdonvi")
    bad = "Tên đơn vị,Tên viết tắt\nBan A,BA\n,BB\nBan A,BC\n".encode()
    admin.skip_to_now()
    await admin.upload_document("loi.csv", bad, "text/csv")
    reply = await admin.next_message()
    assert "có 2 lỗi. Không có đơn vị nào được thêm." in reply["text"]
    assert "• Dòng 3, cột «Tên đơn vị»: thiếu tên đơn vị" in reply["text"]
    assert "• Dòng 4" in reply["text"] and "trùng" in reply["text"]
    reply = await say(admin, "/donvi")
    assert reply["text"].startswith("Khối chưa có đơn vị nào")

    for expected in ("Đã nhập 8 đơn vị", "Đã nhập 0 đơn vị"):
        await say(admin, "/nhapdonvi")
        admin.skip_to_now()
        await admin.upload_document("don-vi.csv", units_csv(), "text/csv")
        reply = await admin.next_message()
        assert reply["text"].startswith(expected), reply["text"]
    assert "Bỏ qua 8 đơn vị đã có" in reply["text"]


async def test_adding_a_unit_by_chat_and_its_invite(harness):
    admin = harness.admin(2)
    await say(admin, "/taokhoi")
    await say(admin, "Khối thêm tay")
    await say(admin, "2026")
    reply = await say(admin, "/themdonvi")
    assert "Xin gõ tên đơn vị" in reply["text"]
    reply = await say(admin, "x" * 201)
    assert reply["text"].startswith("Tên đơn vị phải có từ 1 đến 200 ký tự")
    reply = await say(admin, "Ban Nội chính Tỉnh ủy | BNC | 0221 3862 111")
    assert reply["text"].startswith("Đã thêm Ban Nội chính Tỉnh ủy.\nMã mời: ")
    code = CODE.search(reply["text"]).group(1)
    assert f"https://t.me/{BOT_USERNAME}?start={code}" in reply["text"]
    reply = await say(admin, "/themdonvi ban nội chính tỉnh ủy")
    assert reply["text"] == "Khối đã có đơn vị «Ban Nội chính Tỉnh ủy»."
