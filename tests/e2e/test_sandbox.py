"""`bot.py sandbox`: the double, the real bot, the sample bloc and the terminal chat, driven by a script."""

from __future__ import annotations

import asyncio
import re

from bot.sandbox import run_sandbox
from bot.settings import Settings


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
