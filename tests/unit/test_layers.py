"""The layers contract in pyproject.toml ([tool.importlinter]) holds for the code, and would catch a breach."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=120)


def test_every_layer_imports_only_from_below_and_nothing_imports_the_sandbox():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def copy_of_the_code(tmp_path: Path) -> Path:
    for package in ("bot", "handlers", "storage"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_storage_importing_the_app_breaks_the_layers(tmp_path):
    tree = copy_of_the_code(tmp_path)
    with (tree / "storage" / "query.py").open("a", encoding="utf-8") as module:
        module.write("\nimport bot.app.wiring  # noqa: E402\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "storage is not allowed to import bot.app" in result.stdout


def test_a_service_importing_the_sandbox_is_refused(tmp_path):
    tree = copy_of_the_code(tmp_path)
    with (tree / "bot" / "services" / "dialogs.py").open("a", encoding="utf-8") as module:
        module.write("\nimport bot.sandbox.doubles.server  # noqa: E402\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "bot.services is not allowed to import bot.sandbox" in result.stdout
