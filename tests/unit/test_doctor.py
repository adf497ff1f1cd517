"""bot.py doctor against the Telegram Bot API double on 127.0.0.1 and real database files: one line per check,
each problem saying what to do, status 0 only when all is well."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.doctor import diagnose, run_doctor
from bot.app.settings import Settings
from bot.sandbox.doubles.server import TelegramDouble
from storage.db import apply_migrations, bundled_migrations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def double():
    server = TelegramDouble()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def migrated(path: Path) -> Path:
    conn = sqlite3.connect(path)
    try:
        apply_migrations(conn)
    finally:
        conn.close()
    return path


def backup_of(db: Path, folder: Path, age: timedelta = timedelta(hours=3)) -> Path:
    folder.mkdir(exist_ok=True)
    made = folder / f"{db.stem}-20261204-0300.sqlite3"
    made.write_bytes(db.read_bytes())
    then = time.time() - age.total_seconds()
    os.utime(made, (then, then))
    return made


def settings_for(double: TelegramDouble, token: str, db: Path, **more: object) -> Settings:
    return Settings(telegram_token=token, telegram_api_url=double.api_url, telegram_file_url=double.file_url,
                    database_path=db, backup_dir=db.parent / "sao-luu", **more)


def lines(found) -> list[str]:
    return [f.line("vi") for f in found]


def problems(found) -> list[str]:
    return [f.line("vi") for f in found if not f.ok]


async def test_all_is_well_exits_0_and_says_so(double, tmp_path):
    token = double.create_bot(username="KhoiThiDuaBot")
    db = migrated(tmp_path / "khoithidua.sqlite3")
    backup_of(db, tmp_path / "sao-luu")
    out: list[str] = []
    status = await run_doctor(settings_for(double, token, db), out=out.append)
    assert status == 0, out
    assert out[-1] == "Mọi thứ đều ổn."
    assert "Ổn – Telegram: token hợp lệ, bot @KhoiThiDuaBot." in out
    assert "Ổn – Telegram: không đặt webhook (bot dùng long polling), 0 cập nhật đang chờ." in out
    bundled = len(bundled_migrations())
    assert any(line.startswith(f"Ổn – Cơ sở dữ liệu «{db}»:") and f"lược đồ {bundled}/{bundled}, integrity_check: ổn"
               in line for line in out), out
    assert "Ổn – Bản sao lưu mới nhất: «khoithidua-20261204-0300.sqlite3», cách đây 3 giờ." in out
    assert any(line.startswith("Ổn – Múi giờ Asia/Ho_Chi_Minh: bây giờ là ") for line in out)
    assert token not in "\n".join(out)


async def test_a_token_the_api_refuses(double, tmp_path):
    double.create_bot()
    db = migrated(tmp_path / "khoithidua.sqlite3")
    backup_of(db, tmp_path / "sao-luu")
    wrong = "1234567:DBLnot-a-token-the-double-knows-at-all"
    out: list[str] = []
    assert await run_doctor(settings_for(double, wrong, db), out=out.append) == 1
    assert ("CẦN SỬA – Telegram từ chối token (HTTP 401): lấy token mới (@BotFather, /token) rồi sửa "
            "KTD_TELEGRAM_TOKEN.") in out
    assert out[-1] == "Có 1 việc cần sửa (các dòng «CẦN SỬA» ở trên)."
    assert wrong not in "\n".join(out) and "not-a-token" not in "\n".join(out)


async def test_an_api_that_cannot_be_reached(tmp_path):
    db = migrated(tmp_path / "khoithidua.sqlite3")
    # a port nothing listens on: bound and closed again
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(telegram_token="1234567:DBLxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                        telegram_api_url=f"http://127.0.0.1:{port}/bot", database_path=db)
    bad = problems(await diagnose(settings, quick=True))
    assert bad == [f"CẦN SỬA – Không hỏi được Telegram tại http://127.0.0.1:{port}/bot (ConnectError): kiểm tra "
                   "mạng, tường lửa của máy chủ và KTD_TELEGRAM_API_URL."]


async def test_a_corrupt_database_file(double, tmp_path):
    token = double.create_bot()
    db = tmp_path / "khoithidua.sqlite3"
    db.write_bytes(b"not a database, only text " * 200)
    found = await diagnose(settings_for(double, token, db))
    assert f"CẦN SỬA – Cơ sở dữ liệu «{db}» hỏng (file is not a database): dừng bot và khôi phục từ bản sao lưu " \
           "(README, phần Backups)." in problems(found)
    assert db.read_bytes().startswith(b"not a database")  # examined, never touched


async def test_a_damaged_page_inside_a_real_database(double, tmp_path):
    token = double.create_bot()
    db = migrated(tmp_path / "khoithidua.sqlite3")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("CREATE TABLE filler (x TEXT)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(400)])
    conn.commit()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'filler'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    # scribble over the table's root page (its place does not move as migrations are added)
    start = (root - 1) * page_size
    data[start + 8: start + page_size] = b"\xff" * (page_size - 8)
    db.write_bytes(bytes(data))
    bad = problems(await diagnose(settings_for(double, token, db)))
    assert any(line.startswith(f"CẦN SỬA – Cơ sở dữ liệu «{db}» hỏng (") for line in bad), bad


async def test_a_missing_database_and_a_missing_folder(double, tmp_path):
    token = double.create_bot()
    db = tmp_path / "khoithidua.sqlite3"
    bad = problems(await diagnose(settings_for(double, token, db)))
    assert (f"CẦN SỬA – Chưa có cơ sở dữ liệu tại «{db}»: chạy python bot.py migrate; nếu vừa khôi phục, kiểm tra "
            "KTD_DATABASE_PATH.") in bad
    assert not db.exists()  # the doctor never creates the database it looks for
    elsewhere = tmp_path / "khong-co" / "khoithidua.sqlite3"
    bad = problems(await diagnose(settings_for(double, token, elsewhere)))
    assert bad[0].startswith(f"CẦN SỬA – Không có thư mục «{elsewhere.parent}» để chứa cơ sở dữ liệu")
    assert not elsewhere.parent.exists()


async def test_a_database_behind_the_program(double, tmp_path):
    token = double.create_bot()
    db = migrated(tmp_path / "khoithidua.sqlite3")
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM schema_version WHERE version > 5")
    bundled = len(bundled_migrations())
    bad = problems(await diagnose(settings_for(double, token, db), quick=True))
    assert bad == [f"CẦN SỬA – Cơ sở dữ liệu «{db}» ở lược đồ 5, chương trình có {bundled}: sao lưu rồi chạy "
                   "python bot.py migrate (bot cũng tự nâng cấp khi khởi động)."]


async def test_backups_missing_old_or_not_configured(double, tmp_path):
    token = double.create_bot()
    db = migrated(tmp_path / "khoithidua.sqlite3")
    (tmp_path / "sao-luu").mkdir()
    bad = problems(await diagnose(settings_for(double, token, db)))
    assert bad == [f"CẦN SỬA – Không có bản sao lưu nào trong «{tmp_path / 'sao-luu'}»: chạy python bot.py backup "
                   "và đặt lịch chạy hằng ngày."]
    backup_of(db, tmp_path / "sao-luu", age=timedelta(days=5, hours=1))
    bad = problems(await diagnose(settings_for(double, token, db)))
    assert bad == ["CẦN SỬA – Bản sao lưu mới nhất «khoithidua-20261204-0300.sqlite3» đã cũ (5 ngày): kiểm tra "
                   "lịch sao lưu (cron chạy python bot.py backup)."]
    unset = Settings(telegram_token=token, telegram_api_url=double.api_url, database_path=db)
    assert problems(await diagnose(unset))[0].startswith("CẦN SỬA – Chưa đặt KTD_BACKUP_DIR")
    # --quick is the container's health check: backups are not its business
    assert problems(await diagnose(unset, quick=True)) == []


async def test_a_clock_far_from_telegrams(double, tmp_path):
    token = double.create_bot()
    db = migrated(tmp_path / "khoithidua.sqlite3")
    settings = settings_for(double, token, db)
    fast = await diagnose(settings, quick=True, now=lambda: datetime.now(UTC) + timedelta(minutes=5))
    # the Date header is whole seconds, so the skew read from it is the 300 s set here, give or take one
    [line] = problems(fast)
    assert re.fullmatch(r"CẦN SỬA – Đồng hồ máy chủ lệch (299|300|301) giây so với Telegram: bật đồng bộ giờ "
                        r"\(timedatectl set-ntp true\), nếu không thì hạn chót và lời nhắc sẽ sai giờ\.", line), line
    assert problems(await diagnose(settings, quick=True)) == []


async def test_a_webhook_telegram_does_not_have(double, tmp_path):
    token = double.create_bot()
    db = migrated(tmp_path / "khoithidua.sqlite3")
    backup_of(db, tmp_path / "sao-luu")
    settings = settings_for(double, token, db, webhook_url="https://bot.example.vn/telegram",
                            webhook_secret="s3cret")
    assert problems(await diagnose(settings)) == [
        "CẦN SỬA – Telegram đang giữ webhook «(long polling)» nhưng cấu hình là «https://bot.example.vn/telegram»: "
        "khởi động lại bot (bot.py run) để đặt lại; nếu vẫn vậy thì có một bản bot khác dùng cùng token."]


async def test_unknown_variables_and_no_token_are_problems(tmp_path):
    db = migrated(tmp_path / "khoithidua.sqlite3")
    found = await diagnose(Settings(database_path=db), quick=True,
                           unknown=[("KTD_TELEGRAM_TOKN", "KTD_TELEGRAM_TOKEN", "environment")])
    assert problems(found) == [
        "CẦN SỬA – Bot không dùng biến KTD_TELEGRAM_TOKN (trong môi trường): có phải ý là KTD_TELEGRAM_TOKEN? "
        "Sửa tên rồi khởi động lại bot.",
        "CẦN SỬA – Chưa có token (KTD_TELEGRAM_TOKEN hoặc KTD_ZALO_TOKEN) nên bot.py run không chạy: đặt token "
        "trong tệp .env."]


async def test_bot_py_doctor_runs_as_a_process(double, tmp_path):
    """The command itself: the same lines, the exit status, and --quick as the Dockerfile's HEALTHCHECK runs it."""
    token = double.create_bot(username="KhoiThiDuaBot")
    db = migrated(tmp_path / "khoithidua.sqlite3")
    backup_of(db, tmp_path / "sao-luu")
    env = {"PATH": "/usr/bin:/bin", "KTD_TELEGRAM_TOKEN": token, "KTD_TELEGRAM_API_URL": double.api_url,
           "KTD_DATABASE_PATH": str(db), "KTD_BACKUP_DIR": str(tmp_path / "sao-luu")}

    async def doctor(*args: str, **extra: str) -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "bot.py"), "doctor", *args, env={**env, **extra}, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
        return proc.returncode, out.decode()

    status, out = await doctor()
    assert status == 0, out
    assert out.splitlines()[-1] == "Mọi thứ đều ổn."
    status, out = await doctor("--quick")
    assert status == 0 and "integrity_check" not in out and "quick_check: ổn" in out
    status, out = await doctor("--quick", KTD_TELEGRAM_TOKEN="1234567:DBLwrongwrongwrongwrongwrongwrong")
    assert status == 1 and "Telegram từ chối token (HTTP 401)" in out and "wrongwrong" not in out
    status, out = await doctor(KTD_TELEGRAM_TOKN="x")
    assert status == 1 and "KTD_TELEGRAM_TOKN (trong môi trường): có phải ý là KTD_TELEGRAM_TOKEN?" in out
