"""The browser sandbox's server without a browser: it stays on this machine, refuses other sites' requests,
answers bad input politely in Vietnamese and changes nothing then, and moves the sandbox's clock."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest

from bot.app.settings import Settings
from bot.sandbox.run import HEAD_REP_ID
from bot.sandbox.web import WebSandbox

HEADERS = {"X-Sandbox": "1"}


def test_it_never_listens_beyond_this_machine(tmp_path):
    for host in ("0.0.0.0", "192.168.1.10", "example.org"):
        with pytest.raises(ValueError, match="this machine only"):
            WebSandbox(Settings(database_path=tmp_path / "x.sqlite3"), host=host)


async def test_requests_from_other_sites_are_refused(sandbox):
    async with aiohttp.ClientSession() as http:
        # a name that resolves here through DNS rebinding still carries its own Host
        async with http.get(sandbox.url + "api/state", headers={"Host": "attacker.example"}) as response:
            assert response.status == 403
        # a form posted by another site's page cannot add the header
        async with http.post(sandbox.url + "api/reset") as response:
            assert response.status == 403
        assert sandbox.generation == 1
        async with http.get(sandbox.url + "api/state") as response:
            assert response.status == 200
            state = await response.json()
        assert [p["kind"] for p in state["personas"]].count("rep") == 7
        assert state["group"]["title"]


async def post(http, sandbox, path: str, body: dict) -> tuple[int, dict]:
    async with http.post(sandbox.url + path, json=body, headers=HEADERS) as response:
        return response.status, await response.json()


async def test_bad_input_gets_a_polite_vietnamese_answer_and_changes_nothing(sandbox):
    head = sandbox.world.persona(HEAD_REP_ID).user
    before = len(head.chat.events)
    start = sandbox.world.clock.now()
    async with aiohttp.ClientSession() as http:
        cases = [
            ("api/send", {"person": HEAD_REP_ID, "where": "private", "text": "   "}, "Xin gõ nội dung tin nhắn."),
            ("api/send", {"person": 42, "where": "private", "text": "/menu"}, "Không có người dùng thử này"),
            ("api/send", {"person": HEAD_REP_ID, "where": "private", "text": "x" * 5000}, "Tin nhắn dài quá"),
            ("api/press", {"person": HEAD_REP_ID, "where": "private", "message": 999, "index": 0},
             "Nút này không còn nữa"),
            ("api/vote", {"person": HEAD_REP_ID, "where": "group", "message": 1, "options": [0]},
             "không phải là cuộc biểu quyết"),
            ("api/clock", {"minutes": -60}, "Chỉ chỉnh được đồng hồ tiến lên"),
            ("api/clock", {"to": "31/02/2026 09:00"}, "Thời điểm không hợp lệ; gõ theo mẫu"),
            ("api/clock", {"minutes": 60 * 24 * 500}, "tối đa 400 ngày"),
        ]
        for path, body, said in cases:
            status, answer = await post(http, sandbox, path, body)
            assert status == 400 and said in answer["error"], (path, body, answer)
        async with http.post(sandbox.url + "api/upload", data={"person": str(HEAD_REP_ID)},
                             headers=HEADERS) as response:
            assert response.status == 400 and "Xin chọn một tệp" in (await response.json())["error"]
    assert len(head.chat.events) == before
    assert sandbox.world.clock.now() == start


async def test_the_clock_moves_to_a_typed_time_and_reminders_fall_due(sandbox):
    world = sandbox.world
    head = world.persona(HEAD_REP_ID).user
    head.skip_to_now()
    target = (world.clock.now() + timedelta(days=7, hours=1)).astimezone(world.tz)
    async with aiohttp.ClientSession() as http:
        status, answer = await post(http, sandbox, "api/clock", {"to": target.strftime("%d/%m/%Y %H:%M")})
    assert status == 200 and answer["label"] == target.strftime("%d/%m/%Y %H:%M")
    assert world.clock.now() == target.replace(second=0, microsecond=0)
    reminder = await head.next_message()
    assert reminder["text"].startswith("⏰ Nhắc hạn tự chấm điểm")
