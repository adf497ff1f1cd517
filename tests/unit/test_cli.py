"""bot.py as an operator uses it: help, migrate, import-units, and a clear stop on a bad setting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from storage.db import bundled_migrations

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bot.py"), *args], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", **env}, cwd=cwd, timeout=60)


def test_help_lists_every_subcommand(tmp_path):
    result = run("--help", env={}, cwd=tmp_path)
    assert result.returncode == 0
    for sub in ("run", "sandbox", "migrate", "import-units"):
        assert sub in result.stdout


def test_a_bad_setting_stops_with_its_name_and_no_traceback(tmp_path):
    result = run("migrate", env={"KTD_WEBHOOK_PORT": "99999"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "KTD_WEBHOOK_PORT" in result.stderr and "Traceback" not in result.stderr


def test_migrate_then_import_units_all_or_nothing(tmp_path):
    env = {"KTD_DATABASE_PATH": str(tmp_path / "bloc.sqlite3")}
    result = run("migrate", env=env, cwd=tmp_path)
    assert result.returncode == 0 and f"schema version {len(bundled_migrations())};" in result.stdout

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
