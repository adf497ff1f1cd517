"""Fixtures for the Zalo tests: one Telegram double, one Zalo double and one bot for every test."""

from __future__ import annotations

from tests.fixtures import bot_harness
from tests.zalo.harness import ZaloHarness

harness = bot_harness(ZaloHarness, "zalo")
