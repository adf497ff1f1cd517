"""`bot.py sandbox`: the double, the real bot, the sample bloc and the terminal chat, driven by a script."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from pathlib import Path

from bot.app.settings import Settings
from bot.sandbox.run import run_sandbox

ROOT = Path(__file__).resolve().parents[2]


class Transcript:
    """Feeds lines to the terminal chat, each only once the previous step's expected text was printed."""

    def __init__(self, steps: list[tuple[str, str]]) -> None:
        self.steps = steps
        self.output: list[str] = []
        self.changed = asyncio.Condition()
        self.index = 0

    def write(self, text: str) -> None:
        self.output.append(text)
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def printed(self) -> str:
        return "\n".join(self.output)

    async def read(self, prompt: str) -> str | None:
        if self.index > 0:
            expected = self.steps[self.index - 1][1]
            async with self.changed:
                await asyncio.wait_for(self.changed.wait_for(lambda: expected in self.printed()), 10)
        if self.index == len(self.steps):
            return None
        line = self.steps[self.index][0]
        if "{code}" in line:
            code = re.search(r"Ban Tổ chức Tỉnh ủy: ([A-Z0-9]{10})", self.printed()).group(1)
            line = line.format(code=code)
        self.index += 1
        return line


async def test_the_sandbox_runs_the_sample_bloc_with_no_token(tmp_path):
    script = Transcript([
        (":as 2", "Nguyễn Thị Hoa"),
        ("/donvi", "8 đơn vị, 1 đã có đại diện"),
        (":as 3", "Nguyễn Văn An"),
        ("/start {code}", "Đơn vị: Ban Tổ chức Tỉnh ủy"),
        ("#1", "Đăng ký thành công!"),
        (":quit", ""),
    ])
    await run_sandbox(Settings(database_path=tmp_path / "unused.sqlite3"), tmp_path / "sandbox.sqlite3",
                      input_fn=script.read, output_fn=script.write)
    printed = script.printed()
    assert "BẢN THỬ (sandbox)" in printed
    assert "Khối mẫu: Khối các ban, đơn vị, cơ quan Đảng tỉnh, năm 2026" in printed
    assert "Đăng ký thành công! Đồng chí là đại diện chính (đầu mối) của Ban Tổ chức Tỉnh ủy" in printed
    assert script.index == len(script.steps)


async def test_ctrl_c_leaves_the_sandbox_at_once_and_cleans_up(tmp_path):
    # the real command in a terminal-like setting: stdin stays open, as when someone is about to type
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "sandbox", cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)}, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    assert process.stdin is not None and process.stdout is not None
    try:
        printed = await asyncio.wait_for(process.stdout.readuntil(b"> "), 60)  # the first prompt: it waits
        assert "BẢN THỬ (sandbox)" in printed.decode()
        assert [p.name for p in tmp_path.glob("ktd-sandbox-*")] != []
        process.send_signal(signal.SIGINT)
        rest = await asyncio.wait_for(process.stdout.read(), 30)  # before the fix: waited for Enter forever
        assert await process.wait() == 130
        assert b"Traceback" not in rest and b"Fatal" not in rest
        assert list(tmp_path.glob("ktd-sandbox-*")) == []  # the sandbox's temporary database is gone
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        process.stdin.close()
