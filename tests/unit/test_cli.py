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
    for sub in ("run", "sandbox", "migrate", "backup", "import-units", "import-criteria", "export"):
        assert sub in result.stdout


def test_a_bad_setting_stops_with_its_name_and_no_traceback(tmp_path):
    result = run("migrate", env={"KTD_WEBHOOK_PORT": "99999"}, cwd=tmp_path)
    assert result.returncode == 2
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
    expected = ("Không dùng được cơ sở dữ liệu (file is not a database): kiểm tra KTD_DATABASE_PATH; tệp hỏng thì "
                "khôi phục từ bản sao lưu.")
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
    assert result.returncode == 2  # as for a bad setting: the command line names something unusable
    assert result.stdout.strip() == f"Không đọc hoặc ghi được «{tmp_path / 'khong-co.csv'}»: No such file or directory."


def test_backup_into_a_folder_or_a_file(tmp_path):
    data = tmp_path / "dữ liệu #1"  # a space, a '#' and Vietnamese letters: the path goes into an SQLite URI
    env = {"KTD_DATABASE_PATH": str(data / "bot.sqlite3")}
    result = run("backup", "--out", str(tmp_path / "sao-luu") + "/", env=env, cwd=tmp_path)
    assert result.returncode == 2 and "không có cơ sở dữ liệu tại" in result.stderr
    assert not data.exists()  # a backup never creates the database it was asked to copy
    assert run("migrate", env=env, cwd=tmp_path).returncode == 0

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
