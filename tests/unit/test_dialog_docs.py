"""docs/dialogs.md draws exactly the states, commands and choices the router knows."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.clock import SystemClock
from bot.services.container import Services
from handlers.registry import build_router
from storage.db import Database

DOC = (Path(__file__).resolve().parents[2] / "docs" / "dialogs.md").read_text(encoding="utf-8")


def router():
    services = Services.build(Database(":memory:"), SystemClock(), ZoneInfo("Asia/Ho_Chi_Minh"), frozenset())
    return build_router(services)


def test_every_saved_state_is_drawn_and_every_drawn_state_exists():
    drawn = set(re.findall(r'state "([^"]+)" as', DOC))
    assert drawn == set(router().states)


def test_every_command_and_choice_prefix_appears_in_a_transition():
    r = router()
    transitions = " ".join(line.split(":", 1)[1] for line in DOC.splitlines() if "-->" in line and ":" in line)
    words = set(re.findall(r"/?[a-z]+", transitions))
    commands = set(r.commands) | set(r.stranger_commands)
    # English aliases are the same step as the Vietnamese command drawn
    missing_commands = {c for c in commands if f"/{c}" not in words} - {"cancel", "trogiup"}
    assert missing_commands == set()
    prefixes = set(r.choices) | set(r.stranger_choices)
    assert {p for p in prefixes if p not in words} == set()
