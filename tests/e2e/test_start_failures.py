"""`bot.py run` that cannot start stops with one line saying what to fix: no traceback, no token, no
unclosed connection, on stderr or in the log."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import pytest

from bot.sandbox.doubles.server import TelegramDouble
from bot.sandbox.doubles.zalo.server import ZaloDouble
from tests.fixtures import listen_port

ROOT = Path(__file__).resolve().parents[2]
TELEGRAM_TOKEN = "7000000001:unknownToTheDoubleSecretPart_xyz"
ZALO_TOKEN = "3000000001:unknownZaloSecretPart_abcdefgh"


@pytest.fixture(scope="module")
async def doubles():
    telegram, zalo = TelegramDouble(), ZaloDouble()
    await telegram.start()
    await zalo.start()
    yield telegram, zalo
    await zalo.stop()
    await telegram.stop()


async def run_bot(env: dict[str, str], tmp_path: Path) -> tuple[int, str]:
    env = {"PATH": "/usr/bin:/bin", "KTD_DATABASE_PATH": str(tmp_path / "bot.sqlite3"), **env}
    process = await asyncio.create_subprocess_exec(sys.executable, str(ROOT / "bot.py"), "run", env=env,
                                                   cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, output.decode()


def assert_clean(output: str, *secrets: str) -> None:
    assert "Traceback" not in output
    assert "Unclosed" not in output
    for secret in secrets:
        assert secret not in output and secret.split(":")[1] not in output


async def test_a_telegram_token_the_api_refuses(doubles, tmp_path):
    telegram, _ = doubles
    code, output = await run_bot({"KTD_TELEGRAM_TOKEN": TELEGRAM_TOKEN, "KTD_TELEGRAM_API_URL": telegram.api_url},
                                 tmp_path)
    assert code == 1
    assert output.rstrip().endswith(
        "Telegram từ chối token của bot: kiểm tra lại KTD_TELEGRAM_TOKEN (token đổi khi được cấp lại).")
    assert "ERROR bot: the bot stopped (InvalidToken" in output
    assert_clean(output, TELEGRAM_TOKEN)


async def test_a_zalo_token_the_api_refuses_stops_telegram_too(doubles, tmp_path):
    telegram, zalo = doubles
    good = telegram.create_bot()
    code, output = await run_bot({"KTD_TELEGRAM_TOKEN": good, "KTD_TELEGRAM_API_URL": telegram.api_url,
                                  "KTD_ZALO_TOKEN": ZALO_TOKEN, "KTD_ZALO_API_URL": zalo.api_url}, tmp_path)
    assert code == 1
    assert output.rstrip().endswith(
        "Zalo từ chối token của bot: kiểm tra lại KTD_ZALO_TOKEN (token đổi khi được cấp lại).")
    assert "telegram channel stopped" in output
    assert_clean(output, ZALO_TOKEN, good)


async def test_a_webhook_port_already_taken(doubles, tmp_path):
    telegram, _ = doubles
    token = telegram.create_bot()
    port = listen_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        code, output = await run_bot({
            "KTD_TELEGRAM_TOKEN": token, "KTD_TELEGRAM_API_URL": telegram.api_url,
            "KTD_WEBHOOK_URL": f"https://bot.example.vn:{port}/telegram/hook", "KTD_WEBHOOK_LISTEN": "127.0.0.1",
            "KTD_WEBHOOK_PORT": str(port), "KTD_WEBHOOK_SECRET": "webhook-secret-1"}, tmp_path)
    assert code == 1
    assert output.rstrip().endswith("Cổng webhook đã có chương trình khác dùng: đổi KTD_WEBHOOK_PORT / "
                                    "KTD_ZALO_WEBHOOK_PORT hoặc dừng chương trình kia.")
    assert_clean(output, token)


async def test_an_api_nobody_answers(tmp_path):
    code, output = await run_bot({"KTD_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
                                  "KTD_TELEGRAM_API_URL": f"http://127.0.0.1:{listen_port()}/bot"}, tmp_path)
    assert code == 1
    assert output.rstrip().endswith("Không kết nối được tới Telegram: kiểm tra mạng của máy chủ và "
                                    "KTD_TELEGRAM_API_URL, rồi chạy lại.")
    assert_clean(output, TELEGRAM_TOKEN)
