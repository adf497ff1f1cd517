"""Fixtures for the Zalo tests: one Telegram double, one Zalo double and one bot per module."""

from __future__ import annotations

from tests.fixtures import module_harness, no_rejections  # noqa: F401 (fixtures pytest finds here)
from tests.zalo.harness import ZaloHarness

harness = module_harness(ZaloHarness, "zalo")
