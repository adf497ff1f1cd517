"""storage/README.md's rule: services read with db.reading() and write with db.transaction(); only the listed
hot-path callers use the synchronous db.read()/db.write(), and nothing above the services touches the
database at all."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOT_PATH = {"bot/services/dialogs.py", "bot/services/people.py", "bot/services/assessment.py",
            "bot/services/outbox.py", "bot/services/claimed_sends.py", "bot/services/outbox_sender.py"}
SYNC_CALL = re.compile(r"\.db\.(read|write)\(")
ANY_CALL = re.compile(r"\.db\.(read|write|reading|transaction)\(")


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (ROOT / folder).rglob("*.py")]


def test_only_the_hot_path_uses_the_synchronous_twins():
    users = {str(p.relative_to(ROOT)) for p in python_files("bot", "handlers") if SYNC_CALL.search(p.read_text())}
    assert users <= HOT_PATH, users - HOT_PATH


def test_the_readme_lists_exactly_the_hot_path():
    readme = (ROOT / "storage" / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| caller | what |"):].split("\n\n")[0]
    listed = {f"bot/services/{name}" for name in re.findall(r"`(?:bot/services/)?([a-z_]+\.py)`", table)}
    assert listed == HOT_PATH


def test_nothing_above_the_services_opens_the_database():
    users = {str(p.relative_to(ROOT)) for p in python_files("handlers", "bot/channels")
             if ANY_CALL.search(p.read_text())}
    assert users == set()
