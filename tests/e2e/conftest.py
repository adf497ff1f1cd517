"""A fresh Telegram double and bot for every test."""

from __future__ import annotations

from tests.e2e.harness import BotHarness
from tests.fixtures import bot_harness

harness = bot_harness(BotHarness, "e2e")
