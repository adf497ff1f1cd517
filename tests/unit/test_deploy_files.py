"""The deployment files say what the program does: the Dockerfile's user, volume and health check, the compose
example, .env.example against the settings the code knows, the license, the changelog and the README's facts."""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path

from bot.app.settings import CONFIG_ENV_VAR, SETTINGS_TABLE, Settings, env_example
from storage.backup import backup_name
from storage.db import bundled_migrations

ROOT = Path(__file__).resolve().parents[2]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n\s*", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    found = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, rest = line.strip().partition(" ")
            found.append((instruction.upper(), rest.strip()))
    return found


def exec_form(arguments: str) -> list[str]:
    import json

    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def test_dockerfile_runs_as_a_user_keeps_data_on_a_volume_and_checks_health():
    instructions = dockerfile_instructions()
    [base] = [args for name, args in instructions if name == "FROM"]
    assert base.startswith("python:3.11-slim")
    users = [args for name, args in instructions if name == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert [args for name, args in instructions if name == "VOLUME"] == ["/data"]
    env = " ".join(args for name, args in instructions if name == "ENV")
    assert "KTD_DATABASE_PATH=/data/" in env and "KTD_BACKUP_DIR=/data/" in env
    [health] = [args for name, args in instructions if name == "HEALTHCHECK"]
    command = exec_form(health.split("CMD", 1)[1].strip())
    [cmd] = [exec_form(args) for name, args in instructions if name == "CMD"]
    assert cmd[-2:] == ["/app/bot.py", "run"] or cmd[-1] == "run"
    # the health check's command is a real subcommand with real options: argparse accepts it
    script = command.index("/app/bot.py")
    assert command[script + 1:] == ["doctor", "--quick"]
    result = subprocess.run([sys.executable, str(ROOT / "bot.py"), *command[script + 1:], "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--quick" in result.stdout


def test_dockerfile_copies_what_pip_install_needs():
    copied = " ".join(args for name, args in dockerfile_instructions() if name == "COPY")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for needed in ("pyproject.toml", project["readme"], *project["license-files"], "bot.py", "bot", "handlers",
                   "storage"):
        assert needed in copied.split(), needed


def test_compose_puts_the_webhook_behind_caddy():
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    url = re.search(r"KTD_WEBHOOK_URL: (\S+)", text).group(1)
    port = int(re.search(r'KTD_WEBHOOK_PORT: "(\d+)"', text).group(1))
    # the settings the compose file gives are ones the bot accepts
    Settings(webhook_url=url, webhook_port=port, webhook_secret="from-the-env-file")
    host = url.split("/")[2]
    assert f"caddy reverse-proxy --from {host} --to bot:{port}" in text
    assert "bot-data:/data" in text and "env_file: .env" in text
    assert '"443:443"' in text and f'"{port}:' not in text  # only Caddy is published


def test_env_example_names_exactly_the_settings_the_code_knows():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert text == env_example(), "regenerate: python -c 'from bot.app.settings import env_example; " \
                                  "open(\".env.example\", \"w\").write(env_example())'"
    named = set(re.findall(r"^(?:# )?(KTD_[A-Z_]+)=", text, flags=re.M))
    assert named == {spec.env_var for spec in SETTINGS_TABLE} | {CONFIG_ENV_VAR}


def test_license_file_and_pyproject_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_changelog_has_an_upgrade_note_for_the_newest_migration():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = bundled_migrations()[-1].version
    assert f"{newest:04d}" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"## {project['version']} " in text


def _cli_module():
    spec = importlib.util.spec_from_file_location("bot_cli_for_exit_statuses", ROOT / "bot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_exit_statuses_are_the_programs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit statuses", 1)[1].split("\n#", 1)[0]
    documented = {int(n) for n in re.findall(r"^\| `?(\d+)`? \|", section, flags=re.M)}
    cli = _cli_module()
    assert documented == {cli.EXIT_OK, cli.EXIT_FIX, cli.EXIT_USAGE, cli.EXIT_INTERRUPTED}


def test_readme_names_the_backup_file_as_the_program_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    name = backup_name(Settings().database_path, datetime(2026, 11, 25, 9, 30))
    assert name == "khoithidua-20261125-0930.sqlite3"
    assert "khoithidua-YYYYMMDD-HHMM.sqlite3" in readme
    assert "bot-YYYYMMDD-HHMM" not in readme
