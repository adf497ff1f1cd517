"""The audit trail, readable: the head unit's representatives and super-admins read the year's trail in chat
(newest first, paged, by unit and by kind of action) and in the xlsx summary's «Nhật ký» sheet; a representative
of another unit is refused; and after a secret vote no audit row links a unit or a person to a choice."""

from __future__ import annotations

import io
import json
import re
import tomllib
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from bot.services.audit import ACTIONS, KINDS
from bot.services.sample_bloc import HEAD_UNIT, SAMPLE_UNITS
from bot.text.catalogue import MESSAGES
from storage import audit
from tests.e2e.harness import START, forge_press, labels, press, sample_bloc_joined, say, sender_of
from tests.e2e.test_votes import close_and_read, create_vote, open_vote, vote

ROOT = Path(__file__).resolve().parents[2]
UNITS = [name for name, _ in SAMPLE_UNITS]
BLOC = "Khối kiểm thử nhật ký"
SIGNER = UNITS[2]  # Ban Tuyên giáo và Dân vận Tỉnh ủy, not the head
LINE = re.compile(r"^(\d{2}/\d{2}/\d{4} \d{2}:\d{2}) · (.+?): (.+)$")
REFUSED = "Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay."


@pytest.fixture
async def bloc(harness):
    return await sample_bloc_joined(harness, BLOC, lambda index, _: f"Đại diện {index}")


async def actor_of(harness, user):
    return await harness.services.people.resolve(sender_of(user))


async def audit_rows(harness) -> list[tuple[int, int | None, str, dict]]:
    async with harness.services.db.reading() as conn:
        async with conn.execute("SELECT id, person_id, action, detail FROM audit_event ORDER BY id") as cur:
            return [(r[0], r[1], r[2], json.loads(r[3])) for r in await cur.fetchall()]


async def whole_trail(user, first: dict) -> list[str]:
    """Every line of every page, pressing «Sau ›» until the last page."""
    lines, message = [], first
    while True:
        lines += message["text"].split("\n\n")[1:]
        if "Sau ›" not in labels(message):
            return lines
        message = await press(user, "Sau ›")


async def sign_covenant_later(harness, bloc) -> None:
    """At 10:23 local time the super-admin publishes the covenant, and SIGNER's representative signs it."""
    await harness.advance_to(START + timedelta(hours=1, minutes=23))
    services = harness.services
    covenant, _, _ = await services.registration.publish_covenant(
        await actor_of(harness, bloc["admin"]), "Giao ước thi đua năm 2026", None)
    await services.registration.sign(await actor_of(harness, bloc["reps"][SIGNER]), covenant.fingerprint)


async def test_the_head_reads_the_years_trail_newest_first_a_page_at_a_time(harness, bloc):
    await sign_covenant_later(harness, bloc)
    head = bloc["reps"][HEAD_UNIT]
    first = await say(head, "/nhatky")
    written = [r for r in await audit_rows(harness) if r[2] != "identity.linked"]
    pages = -(-len(written) // 8)
    assert first["text"].startswith(f"📜 Nhật ký thao tác của {BLOC}, năm 2026.\n"
                                    f"Mới nhất trước; trang 1/{pages}, {len(written)} mục.")
    lines = await whole_trail(head, first)
    assert len(lines) == len(written) and pages > 1
    # newest first, in Vietnamese time, with who (name and unit) and what in words
    assert lines[0] == (f"24/11/2026 10:23 · Đại diện 2 ({SIGNER}): "
                        f"Ký giao ước thi đua (phiên bản 1) cho {SIGNER}")
    assert lines[1] == ("24/11/2026 10:23 · Quản trị Viên 0 (quản trị hệ thống): "
                        "Công bố giao ước thi đua, phiên bản 1")
    assert lines[-1] == (f"24/11/2026 09:00 · Quản trị Viên 0 (quản trị hệ thống): "
                         f"Tạo khối thi đua «{BLOC}», năm 2026")
    assert f"24/11/2026 09:00 · Quản trị Viên 0 (quản trị hệ thống): Đặt {HEAD_UNIT} làm Trưởng khối" in lines
    assert f"24/11/2026 09:00 · Đại diện 5 ({UNITS[5]}): Tham gia làm đại diện {UNITS[5]}" in lines
    for line in lines:
        assert LINE.match(line), line
        assert "«audit." not in line and not LINE.match(line).group(3).startswith("Thao tác «")
    # the admin menu leads there too
    await say(head, "/quantri")
    reply = await press(head, "Nhật ký thao tác")
    assert reply["text"] == first["text"]


async def test_the_trail_filtered_by_unit_and_by_kind(harness, bloc):
    await sign_covenant_later(harness, bloc)
    head = bloc["reps"][HEAD_UNIT]
    await harness.services.deadlines.set_deadline(await actor_of(harness, head), "registration",
                                                  START + timedelta(days=20), "Theo kế hoạch của tỉnh")
    await say(head, "/nhatky")
    reply = await press(head, "Lọc theo đơn vị")
    assert reply["text"].startswith("Xem thao tác của đơn vị nào?")
    assert sorted(labels(reply)[1:-1]) == sorted(UNITS) and labels(reply)[0] == "Tất cả đơn vị"
    reply = await press(head, SIGNER)
    assert f"\nĐơn vị: {SIGNER}.\n" in reply["text"]
    lines = await whole_trail(head, reply)
    # what its representative did, and what concerned it (the head's choice of the deputy unit)
    assert [LINE.match(x).group(3) for x in lines] == [
        f"Ký giao ước thi đua (phiên bản 1) cho {SIGNER}", f"Tham gia làm đại diện {SIGNER}",
        f"Đặt {SIGNER} làm Phó trưởng khối"]
    # by kind too, keeping the unit: the deadline concerns no unit
    await press(head, "Lọc theo loại việc")
    reply = await press(head, "Thời hạn, nhắc việc")
    assert reply["text"].endswith("Chưa có thao tác nào được ghi lại.")
    assert f"Đơn vị: {SIGNER}." in reply["text"] and "Loại việc: Thời hạn, nhắc việc." in reply["text"]
    reply = await press(head, "Bỏ lọc")
    assert "Đơn vị:" not in reply["text"] and "Loại việc:" not in reply["text"]
    await press(head, "Lọc theo loại việc")
    reply = await press(head, "Thời hạn, nhắc việc")
    assert reply["text"].split("\n\n")[1:] == [
        "24/11/2026 10:23 · Đại diện 0 (Văn phòng Tỉnh ủy): Đặt hạn đăng ký thi đua: 14/12/2026 09:00; "
        "lý do: Theo kế hoạch của tỉnh"]
    # forged filters are refused politely and show nothing
    for data, answer in (("nk:999999:-:0", "Bộ lọc này không còn phù hợp"), ("nk:0:bogus:0", "Bộ lọc này"),
                         ("nk:abc", "Nút này không còn hiệu lực"), ("nv:x", "Nút này không còn hiệu lực"),
                         ("nd:bogus", "Nút này không còn hiệu lực")):
        head.skip_to_now()
        await forge_press(harness, head, data)
        assert (await head.next_message())["text"].startswith(answer), data


async def test_a_representative_of_another_unit_cannot_read_it(harness, bloc):
    rep = bloc["reps"][UNITS[4]]
    assert (await say(rep, "/nhatky"))["text"] == REFUSED
    for data in ("nk", "nk:0:-:0", "nd:-", "nv:0"):
        rep.skip_to_now()
        await forge_press(harness, rep, data)
        assert (await rep.next_message())["text"] == REFUSED, data
    # a super-admin reads it
    reply = await say(bloc["admin"], "/nhatky")
    assert reply["text"].startswith(f"📜 Nhật ký thao tác của {BLOC}, năm 2026.")


def leaks(rows: list[tuple[int, int | None, str, dict]], opened_at: int, closed_at: int, voters: set[int],
          units: set[int], receipts: set[str]) -> list[tuple]:
    """The audit rows that could tie a unit or a person to a choice: any row naming a receipt or holding a choice,
    and any row a voter wrote, or naming a voting unit, while the ballots were being cast."""
    found = []
    for row in rows:
        _, person, _, detail = row
        text = json.dumps(detail, ensure_ascii=False)
        if any(r in text for r in receipts) or {"choice", "choices", "ballot", "option", "options"} & set(detail):
            found.append(row)
        elif opened_at < row[0] < closed_at and (person in voters or detail.get("unit_id") in units):
            found.append(row)
    return found


async def test_after_a_secret_vote_no_audit_row_links_a_unit_or_person_to_a_choice(harness, bloc):
    services, admin, reps = harness.services, bloc["admin"], bloc["reps"]
    head = reps[HEAD_UNIT]
    title = "Cờ thi đua của UBND tỉnh năm 2026"
    await create_vote(harness, admin, "Bình xét khen thưởng", title)  # secret, the default
    await open_vote(harness, admin, bloc)
    receipts, voters, units = set(), set(), set()
    for index, name in enumerate(UNITS[:7]):
        text = await vote(reps[name], [UNITS[1] if index < 5 else UNITS[3]])
        receipts.add(re.search(r"Mã biên nhận: ([A-Z0-9]{8})", text).group(1))
        actor = await actor_of(harness, reps[name])
        voters.add(actor.person.id)
        units.add(actor.unit.id)
    await say(admin, "/bophieu")
    await press(admin, title)
    assert (await close_and_read(harness, admin)).startswith(f"📊 KẾT QUẢ KIỂM PHIẾU: {title}")
    admin_actor = await actor_of(harness, admin)
    vote_id = (await services.votes.votes(admin_actor))[1][0].id
    options = {o.label: o.option_id for o in (await services.votes.view(admin_actor, vote_id)).options}
    rows = await audit_rows(harness)
    opened_row = next(r[0] for r in rows if r[2] == "vote.opened")
    closed_row = next(r[0] for r in rows if r[2] == "vote.closed")
    assert leaks(rows, opened_row, closed_row, voters, units, receipts) == []
    # what the vote code writes: what the vote was, who opened and closed it, and the public result
    vote_rows = [r for r in rows if r[2].startswith("vote.")]
    assert [r[2] for r in vote_rows] == ["vote.created", "vote.opened", "vote.closed"]
    assert {r[1] for r in vote_rows} == {admin_actor.person.id}
    assert set(vote_rows[2][3]) == {"vote_id", "outcome", "elected"}
    assert not voters & {r[1] for r in rows if opened_row < r[0] < closed_row}
    # nor does the trail show one, in chat or in the xlsx summary
    await say(head, "/nhatky")
    await press(head, "Lọc theo loại việc")
    reply = await press(head, "Bình xét, bỏ phiếu")
    by = "Quản trị Viên 0 (quản trị hệ thống)"
    assert [LINE.match(x).groups()[1:] for x in reply["text"].split("\n\n")[1:]] == [
        (by, f"Kết thúc bỏ phiếu «{title}»; trúng: {UNITS[1]}"),
        (by, f"Mở bỏ phiếu «{title}» cho 8 đơn vị"),
        (by, f"Tạo cuộc bỏ phiếu «{title}» (bình xét khen thưởng)"),
    ]
    await say(head, "/baocao")
    message = await press(head, "Bảng tổng hợp điểm")
    data = harness.double.bot(harness.token).files[message["document"]["file_id"]].data
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[-1] == "Nhật ký"
    sheet = workbook["Nhật ký"]
    assert [c.value for c in sheet[3]] == ["STT", "Thời gian", "Người thực hiện", "Đơn vị", "Nội dung"]
    body = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    written = [r for r in rows if r[2] != "identity.linked"]  # the planted row names no bloc
    assert len(body) == len(written)
    # oldest first, in Vietnamese wall-clock time
    assert body[0] == [1, START.replace(tzinfo=None), "Quản trị Viên 0", "quản trị hệ thống",
                       f"Tạo khối thi đua «{BLOC}», năm 2026"]
    assert body[-1][2:] == ["Quản trị Viên 0", "quản trị hệ thống", f"Kết thúc bỏ phiếu «{title}»; trúng: {UNITS[1]}"]
    cells = " ".join(str(v) for row in body for v in row)
    assert not any(r in cells for r in receipts)
    # the check itself sees a row that would tie a unit to its choice, were the vote code ever to write one
    async with services.db.transaction() as conn:
        await audit.record(conn, services.clock.now(), None, None, "ballot.cast",
                           unit_id=next(iter(units)), choices=[options[UNITS[1]]])
    assert len(leaks(await audit_rows(harness), opened_row, closed_row, voters, units, receipts)) == 1


def test_every_kind_of_action_written_has_words_and_a_filter():
    written = set()
    for path in ROOT.glob("bot/**/*.py"):
        source = path.read_text(encoding="utf-8")
        # the action is the call's first string: the arguments before it (conn, time, person, bloc) hold none
        actions = re.findall(r'audit\.record\([^"]*?f?"([a-z_]+\.(?:[a-z_]+|\{role\}))"', source)
        assert len(actions) == source.count("audit.record("), f"{path}: an action that is not a literal"
        for action in actions:
            written |= {f"leadership.{r}" for r in ("head", "deputy")} if "{role}" in action else {action}
    notes = tomllib.loads((ROOT / "storage" / "schema_notes.toml").read_text(encoding="utf-8"))
    listed = set(re.findall(r"'([a-z_]+\.[a-z_]+)'", notes["audit_event"]["action"]))
    assert written == listed == set(ACTIONS)
    assert sum(len(group) for group in KINDS.values()) == len(ACTIONS)  # each kind in one filter only
    assert {a for a in ACTIONS if f"audit.action.{a}" not in MESSAGES} == set()
    assert {k for k in KINDS if f"audit.kind.{k}" not in MESSAGES} == set()
