"""bot.py as an operator uses it: help, migrate, import-units, and a clear stop on a bad setting."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl

from storage.db import bundled_migrations

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", **env}, cwd=cwd, timeout=60)


def test_help_lists_every_subcommand(tmp_path):
    result = run("--help", env={}, cwd=tmp_path)
    assert result.returncode == 0
    for sub in ("run", "sandbox", "migrate", "backup", "doctor", "import-units", "import-criteria", "export"):
        assert sub in result.stdout


def test_a_bad_setting_stops_with_its_name_and_no_traceback(tmp_path):
    result = run("migrate", env={"KTD_WEBHOOK_PORT": "99999"}, cwd=tmp_path)
    assert result.returncode == 1  # the README's table: something to fix before running again
    assert "KTD_WEBHOOK_PORT" in result.stderr and "Traceback" not in result.stderr


def test_migrate_then_import_units_all_or_nothing(tmp_path):
    env = {"KTD_DATABASE_PATH": str(tmp_path / "bloc.sqlite3")}
    result = run("migrate", env=env, cwd=tmp_path)
    assert result.returncode == 0 and f"phiên bản lược đồ {len(bundled_migrations())};" in result.stdout

    bad = tmp_path / "loi.csv"
    bad.write_text("Tên đơn vị,Tên viết tắt\nBan A,BA\n,BB\n", encoding="utf-8")
    result = run("import-units", "--bloc", "Khối thử", "--year", "2026", str(bad), env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "loi.csv:3 [Tên đơn vị]: thiếu tên đơn vị" in result.stdout

    good = tmp_path / "don-vi.csv"
    good.write_text("Tên đơn vị,Tên viết tắt\nBan A,BA\nBan B,BB\n", encoding="utf-8")
    result = run("import-units", "--bloc", "Khối thử", "--year", "2026", str(good), env=env, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("Đã nhập 2 đơn vị từ «don-vi.csv»")
    result = run("import-units", "--bloc", "Khối thử", "--year", "2026", str(good), env=env, cwd=tmp_path)
    assert result.stdout.startswith("Đã nhập 0 đơn vị") and "Bỏ qua 2 đơn vị đã có" in result.stdout


def test_import_criteria_reports_problems_and_loads_a_valid_table(tmp_path):
    env = {"KTD_DATABASE_PATH": str(tmp_path / "bloc.sqlite3")}
    bad = tmp_path / "loi.csv"
    bad.write_text("Mã,Nhóm,Nội dung,Điểm tối đa,Loại\n1.1,I,Việc A,10,điểm\n1.1,I,Việc B,không,điểm\n",
                   encoding="utf-8")
    result = run("import-criteria", "--bloc", "Khối thử", "--year", "2026", str(bad), env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "loi.csv:3 [Mã]: mã tiêu chí «1.1» bị trùng" in result.stdout
    assert "loi.csv:3 [Điểm tối đa]: điểm tối đa «không» không hợp lệ" in result.stdout
    sample = ROOT / "bot" / "data" / "sample_criteria.csv"
    result = run("import-criteria", "--bloc", "Khối thử", "--year", "2026", str(sample), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Đã nạp bảng tiêu chí phiên bản 1") and "tổng 100 điểm" in result.stdout


def test_export_writes_every_document_of_the_sample_year(tmp_path):
    out = tmp_path / "tai-lieu"
    result = run("export", "--sample", "--out", str(out), env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert any(n.endswith(".xlsx") for n in names)
    assert sum(n.endswith(".docx") for n in names) >= 4 and sum(n.endswith(".png") for n in names) >= 3
    assert result.stdout.splitlines() == [str(out / n) for n in sorted(names, key=lambda n: result.stdout.find(n))]
    result = run("export", "--bloc", "Không có", "--year", "2026", "--out", str(out), env={
        "KTD_DATABASE_PATH": str(tmp_path / "empty.sqlite3")}, cwd=tmp_path)
    assert result.returncode == 1 and "Không có khối «Không có» năm 2026." in result.stdout


def test_a_file_that_is_not_a_database_stops_every_subcommand_with_one_line(tmp_path):
    broken = tmp_path / "hong.sqlite3"
    broken.write_bytes(b"not a database at all, just some text" * 100)
    expected = (f"Không dùng được cơ sở dữ liệu «{broken}» (file is not a database): kiểm tra KTD_DATABASE_PATH; "
                "tệp hỏng thì khôi phục từ bản sao lưu.")
    env = {"KTD_DATABASE_PATH": str(broken)}
    # before the fix, migrate never exited: a connection thread left open by the failed start held it
    for args in (["migrate"], ["run"], ["export", "--bloc", "Khối", "--year", "2026", "--out", str(tmp_path / "o")]):
        result = run(*args, env={**env, "KTD_TELEGRAM_TOKEN": "123456:not-used-the-database-fails-first"},
                     cwd=tmp_path)
        assert result.returncode == 1, args
        assert result.stderr.splitlines()[-1] == expected
        assert "Traceback" not in result.stderr and "not-used-the-database" not in result.stderr
        assert "ERROR bot: the bot stopped (DatabaseError: file is not a database" in result.stderr
    assert broken.read_bytes().startswith(b"not a database")  # left as it was, for whoever restores it


def test_files_that_cannot_be_read_or_written_are_named(tmp_path):
    in_the_way = tmp_path / "tep"
    in_the_way.write_text("a file where the export wants a folder")
    result = run("export", "--sample", "--out", str(in_the_way / "tai-lieu"), env={}, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"Không đọc hoặc ghi được «{in_the_way / 'tai-lieu'}»: Not a directory."
    result = run("import-units", "--bloc", "Khối", "--year", "2026", str(tmp_path / "khong-co.csv"),
                 env={"KTD_DATABASE_PATH": str(tmp_path / "db.sqlite3")}, cwd=tmp_path)
    assert result.returncode == 1  # as for a bad setting: something to fix before running again
    assert result.stdout.strip() == f"Không đọc hoặc ghi được «{tmp_path / 'khong-co.csv'}»: No such file or directory."


def test_backup_into_a_folder_or_a_file(tmp_path):
    data = tmp_path / "dữ liệu #1"  # a space, a '#' and Vietnamese letters: the path goes into an SQLite URI
    env = {"KTD_DATABASE_PATH": str(data / "bot.sqlite3")}
    result = run("backup", "--out", str(tmp_path / "sao-luu") + "/", env=env, cwd=tmp_path)
    assert result.returncode == 1 and "không có cơ sở dữ liệu tại" in result.stderr
    assert not data.exists()  # a backup never creates the database it was asked to copy
    assert run("migrate", "--create", env=env, cwd=tmp_path).returncode == 0

    result = run("backup", "--out", str(tmp_path / "sao-luu") + "/", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [made] = (tmp_path / "sao-luu").iterdir()
    assert re.fullmatch(r"bot-\d{8}-\d{4}\.sqlite3", made.name)
    assert result.stdout.strip().startswith(f"Đã sao lưu cơ sở dữ liệu vào {made} (")
    assert result.stdout.strip().endswith(f"phiên bản lược đồ {len(bundled_migrations())}).")
    result = run("backup", "--out", str(tmp_path / "ban-sao.sqlite3"), env=env, cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "ban-sao.sqlite3").stat().st_size == made.stat().st_size


def test_export_of_a_real_year_carries_its_audit_trail(tmp_path):
    env = {"KTD_DATABASE_PATH": str(tmp_path / "bloc.sqlite3")}
    units = tmp_path / "don-vi.csv"
    units.write_text("Tên đơn vị,Tên viết tắt\nBan A,BA\nBan B,BB\n", encoding="utf-8")
    imported = run("import-units", "--bloc", "Khối thử", "--year", "2026", str(units), env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    out = tmp_path / "tai-lieu"
    result = run("export", "--bloc", "Khối thử", "--year", "2026", "--out", str(out), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = next(p for p in out.iterdir() if p.suffix == ".xlsx")
    sheet = openpyxl.load_workbook(summary)["Nhật ký"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Tạo khối thi đua «Khối thử», năm 2026" in cells, cells
    assert "Nhập danh sách đơn vị: thêm 2, bỏ qua 0" in cells, cells


# --- deployment (issue #18) ---------------------------------------------------------------------------------


def test_run_without_a_token_exits_1_naming_the_setting(tmp_path):
    """Under systemd's Restart=on-failure, a run that falls back to the sandbox and exits 0 ends the service."""
    result = run("run", env={"KTD_DATABASE_PATH": str(tmp_path / "db.sqlite3")}, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Chưa có token nên bot không chạy: đặt KTD_TELEGRAM_TOKEN (hoặc KTD_ZALO_TOKEN) trong môi trường hoặc tệp "
        ".env rồi chạy lại; muốn thử bot không cần token: python bot.py sandbox."]
    assert result.stdout == "" and not (tmp_path / "db.sqlite3").exists()


def test_a_misspelt_variable_is_named_with_the_closest_setting(tmp_path):
    (tmp_path / ".env").write_text("KTD_SUPER_ADMIN_ID=111\nKTD_WHATEVER=1\n", encoding="utf-8")
    result = run("run", env={"KTD_TELEGRAM_TOKN": "123456:abcdefghijklmnopqrstuvwxyz"}, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "Cảnh báo: bot không dùng biến KTD_TELEGRAM_TOKN (trong môi trường); có phải ý là KTD_TELEGRAM_TOKEN?",
        "Cảnh báo: bot không dùng biến KTD_SUPER_ADMIN_ID (trong tệp .env); có phải ý là KTD_SUPER_ADMIN_IDS?",
        "Cảnh báo: bot không dùng biến KTD_WHATEVER (trong tệp .env): xóa đi hoặc sửa tên (xem README, phần "
        "Settings).",
    ]
    assert "abcdefghij" not in result.stderr  # names only: the value may be the token
    assert "KTD_TELEGRAM_TOKEN" in lines[3]


def test_version_comes_from_the_package_metadata(tmp_path):
    from importlib.metadata import version

    result = run("--version", env={}, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == f"bot.py {version('khoi-thi-dua-bot')}"


def test_a_database_folder_that_does_not_exist_is_named_unless_asked_to_create(tmp_path):
    db = tmp_path / "khoi phuc" / "khoithidua.sqlite3"  # a typo after a restore, say
    env = {"KTD_DATABASE_PATH": str(db), "KTD_TELEGRAM_TOKEN": "123456:not-used-the-folder-fails-first"}
    expected = (f"Không có thư mục «{db.parent}» để chứa cơ sở dữ liệu {db}: sửa KTD_DATABASE_PATH, hoặc chạy "
                "python bot.py migrate --create để tạo một cơ sở dữ liệu mới ở đó.")
    for args in (["migrate"], ["run"], ["import-units", "--bloc", "K", "--year", "2026", str(tmp_path / "x.csv")],
                 ["export", "--bloc", "K", "--year", "2026", "--out", str(tmp_path / "out")]):
        result = run(*args, env=env, cwd=tmp_path)
        assert result.returncode == 1, args
        assert result.stderr.splitlines() == [expected], args
        assert not db.parent.exists(), args
    result = run("migrate", "--create", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert db.is_file() and f"phiên bản lược đồ {len(bundled_migrations())};" in result.stdout


def test_backup_into_a_folder_that_cannot_be_written_names_the_folder(tmp_path):
    env = {"KTD_DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    assert run("migrate", env=env, cwd=tmp_path).returncode == 0
    # /proc takes no new files, even from root (the tests may run as root, which chmod does not stop)
    result = run("backup", "--out", "/proc/", env=env, cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Không sao lưu được: không ghi được vào thư mục «/proc» (")
    assert line.endswith("Cơ sở dữ liệu không bị ảnh hưởng.")
    assert "Không dùng được cơ sở dữ liệu" not in result.stderr and "khôi phục" not in result.stderr
    in_the_way = tmp_path / "tep"
    in_the_way.write_text("a file where the backup wants a folder")
    result = run("backup", "--out", str(in_the_way / "sao-luu") + "/", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Không sao lưu được: không ghi được vào thư mục «{in_the_way / 'sao-luu'}» "
                                    "(Not a directory)")


def test_backup_goes_to_the_backup_folder_setting_and_needs_one(tmp_path):
    env = {"KTD_DATABASE_PATH": str(tmp_path / "khoithidua.sqlite3")}
    assert run("migrate", env=env, cwd=tmp_path).returncode == 0
    result = run("backup", env=env, cwd=tmp_path)
    assert result.returncode == 2  # the command line is incomplete
    assert result.stderr.strip() == "Cần --out (tệp hoặc thư mục để ghi bản sao lưu), hoặc đặt KTD_BACKUP_DIR."
    result = run("backup", env={**env, "KTD_BACKUP_DIR": str(tmp_path / "sao-luu")}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [made] = (tmp_path / "sao-luu").iterdir()
    assert re.fullmatch(r"khoithidua-\d{8}-\d{4}\.sqlite3", made.name)  # the README's name for it


def _bot_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bot_cli_under_test", ROOT / "bot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _quiet_logging(monkeypatch):
    import bot.app.logging_setup as logging_setup

    # main() sets up the process's logging; in this process that would replace pytest's handlers
    monkeypatch.setattr(logging_setup, "configure_logging", lambda *a, **k: None)


def test_plain_bot_py_without_a_token_opens_the_web_sandbox(tmp_path, monkeypatch, capsys):
    import types

    seen = {}

    async def run_web_sandbox(settings, *, host="127.0.0.1", port=8080, db_path=None, ready=None):
        seen.update(host=host, port=port, db_path=db_path, token=settings.telegram_token)
        ready(f"http://{host}:{port}/")

    _quiet_logging(monkeypatch)
    monkeypatch.setitem(sys.modules, "bot.sandbox.web", types.SimpleNamespace(run_web_sandbox=run_web_sandbox))
    for name in ("KTD_TELEGRAM_TOKEN", "TELEGRAM_BOT_TOKEN", "KTD_ZALO_TOKEN", "KTD_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    cli = _bot_module()
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert "Bản thử (sandbox) trên trình duyệt: mở http://127.0.0.1:8080/; Ctrl+C để dừng." in out
    assert seen == {"host": "127.0.0.1", "port": 8080, "db_path": None, "token": None}
    assert cli.main(["sandbox", "--web", "--port", "8765"]) == 0
    assert seen["port"] == 8765 and "http://127.0.0.1:8765/" in capsys.readouterr().out


def test_without_the_web_sandbox_module_one_line_says_so(tmp_path, monkeypatch, capsys):
    _quiet_logging(monkeypatch)
    monkeypatch.setitem(sys.modules, "bot.sandbox.web", None)  # import then fails as if the file were absent
    for name in ("KTD_TELEGRAM_TOKEN", "TELEGRAM_BOT_TOKEN", "KTD_ZALO_TOKEN", "KTD_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert _bot_module().main(["sandbox", "--web"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "Bản thử trên trình duyệt chưa có trong bản cài đặt này (thiếu bot.sandbox.web): dùng python bot.py "
        "sandbox để thử trong cửa sổ dòng lệnh."]
