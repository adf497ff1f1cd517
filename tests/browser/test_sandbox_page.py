"""The browser sandbox driven in headless Chromium (Debian's chromium through Playwright), at a phone's size.

A newcomer joins with the unit's invite code, scores two criteria and submits; the head sees the progress; the
clock moves past a reminder and it arrives while the page is open; the summary xlsx is downloaded and opened.
Screenshots go to a folder under tmp_path and to /tmp/sandbox-shots/ for a person to look at.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from bot.domain.criteria import Kind
from bot.domain.criteria_import import sample_criteria
from bot.sandbox.run import HEAD_REP_ID, sandbox_sender
from bot.text.vi_text import format_score

playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is in the test extra")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")

PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/sandbox-shots")
WAIT = 20_000  # ms: the longest a step may take before the test fails (the expectations return as soon as met)
UNIT = "Ban Tổ chức Tỉnh ủy"
TABLE = sample_criteria()
# the two criteria scored on the page: plain point criteria with no evidence required; the rest is pre-filled
LEFT = [c for c in TABLE.criteria if c.kind is Kind.SCORE and not c.evidence_required][:2]


@pytest.fixture
async def page(tmp_path: Path):
    async with playwright_api.async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = await browser.new_context(viewport=PHONE, device_scale_factor=2, locale="vi-VN",
                                                accept_downloads=True)
            yield await context.new_page()
        finally:
            await browser.close()


class Shots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        SHOTS.mkdir(parents=True, exist_ok=True)

    async def take(self, page, name: str) -> Path:
        path = self.folder / f"{name}.png"
        await page.screenshot(path=str(path))
        shutil.copy(path, SHOTS / path.name)
        return path


async def open_page(page, url: str) -> None:
    await page.goto(url)
    await page.wait_for_selector("body[data-ready][data-live='1']", timeout=WAIT)


def bubble(page, text: str):
    """The newest message bubble containing `text`."""
    return page.locator(".msg .bubble", has_text=text).last


async def click(page, label: str) -> None:
    """Presses a button on the newest message that has buttons."""
    keyboard = page.locator(".msg:has(.keyboard)").last
    await keyboard.get_by_role("button", name=label).first.click()


async def say(page, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")
    await playwright_api.expect(page.locator("#text")).to_have_value("", timeout=WAIT)


async def prefill_all_but_two(sandbox, user_id: int) -> None:
    """Scores every criterion but the two of LEFT through the services, with evidence where required, as
    the chat would have stored them: the page is then left the last two and the submission."""
    services = sandbox.world.running.services
    user = sandbox.world.persona(user_id).user
    actor = await services.people.resolve(sandbox_sender(user))
    for criterion in TABLE.criteria:
        if criterion in LEFT:
            continue
        plain = criterion.kind in (Kind.SCORE, Kind.PASS_FAIL)
        value = criterion.max_points if plain else Decimal(0)
        if criterion.evidence_required and value > 0:
            await services.assessment.add_evidence(actor, criterion.code, link=f"https://vanban.example/{criterion.code}")
        await services.assessment.set_self_score(actor, criterion.code, format_score(value))


async def test_a_representative_joins_scores_submits_and_the_head_follows_the_year(sandbox, page, tmp_path):
    expect = playwright_api.expect
    shots = Shots(tmp_path / "shots")
    await open_page(page, sandbox.url)
    rep = next(p for p in sandbox.world.personas if p.unit == UNIT)
    await page.select_option("#persona", str(rep.id))
    await expect(page.locator("#hint")).to_contain_text(rep.code, timeout=WAIT)
    await shots.take(page, "01-start")

    # joins with the invite code shown for the unit
    await say(page, f"/start {rep.code}")
    await expect(bubble(page, f"Đơn vị: {UNIT}")).to_be_visible(timeout=WAIT)
    await click(page, "Xác nhận")
    await expect(bubble(page, "Đăng ký thành công!")).to_be_visible(timeout=WAIT)
    await expect(page.locator("#hint")).to_contain_text(f"Nguyễn Văn An: đại diện {UNIT}", timeout=WAIT)
    await expect(page.locator("#hint")).not_to_contain_text(rep.code)
    await shots.take(page, "02-joined")

    # scores the two criteria left: one by its button, one typed
    await prefill_all_but_two(sandbox, rep.id)
    first, second = LEFT
    await say(page, "/chamdiem")
    await click(page, "Chấm tiếp")
    await expect(bubble(page, f"{first.code}. ")).to_be_visible(timeout=WAIT)
    await click(page, format_score(first.max_points))
    await expect(bubble(page, f"cho tiêu chí {first.code}.")).to_be_visible(timeout=WAIT)
    typed = second.max_points - second.step  # with a decimal comma: 5,5
    await say(page, format_score(typed))
    await expect(bubble(page, f"Đã lưu {format_score(typed)} điểm cho tiêu chí {second.code}.")).to_be_visible(
        timeout=WAIT)
    await shots.take(page, "03-scored")

    # submits
    await say(page, "/chamdiem")
    await click(page, "Xem lại và nộp")
    await click(page, "Nộp bảng điểm")
    await click(page, "✅ Nộp")
    await expect(bubble(page, f"Đã nộp bảng tự chấm điểm của {UNIT}.")).to_be_visible(timeout=WAIT)
    await expect(bubble(page, "Mã biên nhận:")).to_be_visible(timeout=WAIT)
    await shots.take(page, "04-submitted")

    # the head sees the progress
    await page.select_option("#persona", str(HEAD_REP_ID))
    await expect(page.locator("#hint")).to_contain_text("Trưởng khối", timeout=WAIT)
    await say(page, "/thamdinh")
    await expect(bubble(page, "1/8 đơn vị đã nộp")).to_be_visible(timeout=WAIT)
    await expect(page.locator(".msg:has(.keyboard)").last.get_by_role("button", name=f"📥 {UNIT}")).to_be_visible(
        timeout=WAIT)
    await shots.take(page, "05-head-progress")

    # a week passes: the reminder of the head's own unfinished sheet arrives while the page is open
    assert await page.locator(".bubble", has_text="Nhắc hạn tự chấm điểm").count() == 0
    await page.click("#clock-chip")
    before = await page.locator("#clock-label").text_content()
    await page.get_by_role("button", name="+7 ngày").click()
    await expect(bubble(page, "⏰ Nhắc hạn tự chấm điểm")).to_be_visible(timeout=WAIT)
    await expect(page.locator("#clock-label")).not_to_have_text(before or "", timeout=WAIT)
    await shots.take(page, "06-reminder")
    await page.click("#clock-chip")

    # the summary workbook, downloaded from the page and opened
    await say(page, "/baocao")
    await click(page, "Bảng tổng hợp điểm và phụ lục (xlsx)")
    document = page.locator(".msg .file", has_text=".xlsx").last
    await expect(document).to_be_visible(timeout=WAIT)
    await shots.take(page, "07-xlsx")
    async with page.expect_download(timeout=WAIT) as info:
        await document.locator("a.download").click()
    download = await info.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    assert saved.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(saved, read_only=True)
    cells = [str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None]
    workbook.close()
    assert any(UNIT in cell for cell in cells), cells[:40]

    # the same conversation as Zalo shows it: no buttons, each choice a numbered line
    await say(page, "/menu")
    await expect(page.locator(".msg:has(.keyboard)").last).to_be_visible(timeout=WAIT)
    await page.check("#zalo")
    await expect(page.locator(".keyboard")).to_have_count(0, timeout=WAIT)
    await expect(page.locator(".bubble", has_text="Gõ số thứ tự để chọn.").last).to_contain_text("1. ")
    await shots.take(page, "08-zalo")


async def test_an_open_vote_in_the_group_a_file_a_zalo_answer_and_a_reset(sandbox, page, tmp_path):
    expect = playwright_api.expect
    shots = Shots(tmp_path / "shots")
    page.on("dialog", lambda dialog: dialog.accept())  # the reset asks first
    await open_page(page, sandbox.url)
    admin = next(p for p in sandbox.world.personas if p.kind == "admin")
    await page.select_option("#persona", str(admin.id))

    # the administrator opens a public vote; it is posted in the bloc's group
    await say(page, "/bophieu")
    await click(page, "Bầu Trưởng khối")
    await say(page, "Suy tôn Trưởng khối năm sau")
    await expect(bubble(page, "🗳 Suy tôn Trưởng khối năm sau")).to_be_visible(timeout=WAIT)
    await click(page, "Kín / công khai")
    await expect(bubble(page, "Hình thức: biểu quyết công khai trong nhóm")).to_be_visible(timeout=WAIT)
    await click(page, "Mở bỏ phiếu")
    await expect(bubble(page, "danh sách 8 đơn vị bỏ phiếu")).to_be_visible(timeout=WAIT)  # the confirmation
    await click(page, "Xác nhận mở bỏ phiếu")
    await expect(bubble(page, "Đã mở bỏ phiếu")).to_be_visible(timeout=WAIT)

    # the head answers the poll in the group's view; the count shows at once
    await page.select_option("#persona", str(HEAD_REP_ID))
    await page.click("#tab-group")
    await expect(bubble(page, "Đã gắn nhóm này")).to_be_visible(timeout=WAIT)
    poll = page.locator(".poll").last
    await expect(poll).to_contain_text("Suy tôn Trưởng khối năm sau", timeout=WAIT)
    await poll.get_by_role("button", name="Văn phòng Tỉnh ủy").click()
    await expect(poll).to_contain_text("1 phiếu", timeout=WAIT)
    await expect(poll.get_by_role("button", name="Văn phòng Tỉnh ủy")).to_contain_text("1")
    await shots.take(page, "09-group-poll")
    # a stranger's answer is turned down by the bot in their private chat, marked unread in the list of people
    stranger = next(p for p in sandbox.world.personas if p.kind == "stranger")
    await page.select_option("#persona", str(stranger.id))
    await page.click("#tab-private")
    await say(page, "/start")  # the bot can only write to someone who has opened a chat with it
    await expect(page.locator(".msg.in")).not_to_have_count(0, timeout=WAIT)
    await page.click("#tab-group")
    await page.locator(".poll").last.get_by_role("button", name="Ban Nội chính Tỉnh ủy").click()
    await page.select_option("#persona", str(HEAD_REP_ID))
    option = page.locator(f"#persona option[value='{stranger.id}']")
    await expect(option).to_contain_text("● (1)", timeout=WAIT)
    await page.select_option("#persona", str(stranger.id))
    await page.click("#tab-private")
    await expect(bubble(page, "Chỉ đại diện các đơn vị thành viên mới biểu quyết")).to_be_visible(timeout=WAIT)
    await expect(option).not_to_contain_text("●")
    await page.select_option("#persona", str(HEAD_REP_ID))

    # a file sent from the page reaches the bot as a document and shows in the chat
    await page.click("#tab-private")
    evidence = tmp_path / "minh-chứng.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    await page.set_input_files("#file", str(evidence))
    mine = page.locator(".msg.out .file", has_text="minh-chứng.pdf")
    await expect(mine).to_be_visible(timeout=WAIT)
    await expect(page.locator(".msg.in").last).to_be_visible(timeout=WAIT)
    stored = [m for m in sandbox.world.persona(HEAD_REP_ID).user.all_messages if "document" in m]
    assert stored[-1]["document"]["file_name"] == "minh-chứng.pdf"

    # in the Zalo view the menu is numbered and a typed number chooses, as on Zalo
    await page.check("#zalo")
    await say(page, "/menu")
    menu = page.locator(".bubble", has_text="Gõ số thứ tự để chọn.").last
    await expect(menu).to_contain_text("3. 📝 Tự chấm điểm", timeout=WAIT)
    await say(page, "3")
    await expect(bubble(page, "📝 Tự chấm điểm năm")).to_be_visible(timeout=WAIT)
    await shots.take(page, "10-zalo-choice")
    await page.uncheck("#zalo")

    # the page's own words in English, and back
    await page.click("#clock-chip")
    await page.click("#lang")
    await expect(page.locator("#tab-private")).to_have_text("Private", timeout=WAIT)
    await expect(page.locator("#reset")).to_have_text("Start the sample year again")
    await page.click("#lang")
    await expect(page.locator("#tab-private")).to_have_text("Nhắn riêng", timeout=WAIT)

    # a reset starts the sample year afresh under the same page
    await page.get_by_role("button", name="+1 ngày").click()
    await page.get_by_role("button", name="Làm lại năm mẫu từ đầu").click()
    await expect(page.locator("body")).to_have_attribute("data-ready", "2", timeout=WAIT)
    await expect(page.locator("#messages")).to_contain_text("Chưa có tin nhắn", timeout=WAIT)
    await page.click("#tab-group")
    await expect(page.locator(".poll")).to_have_count(0, timeout=WAIT)
    await expect(bubble(page, "Đã gắn nhóm này")).to_be_visible(timeout=WAIT)
    assert sandbox.generation == 2 and sandbox.world.clock.now().astimezone(sandbox.world.tz).hour == 8
    await shots.take(page, "11-reset")
