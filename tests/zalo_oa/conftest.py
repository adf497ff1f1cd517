"""Fixtures for the Zalo OA tests: one Telegram double, one OA double and one bot for every test."""

from __future__ import annotations

from tests.fixtures import bot_harness
from tests.zalo_oa.harness import ZaloOAHarness

harness = bot_harness(ZaloOAHarness, "zalo_oa")
