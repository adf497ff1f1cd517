"""One Telegram double and one bot per test module."""

from __future__ import annotations

from tests.e2e.harness import BotHarness
from tests.fixtures import module_harness, no_rejections  # noqa: F401 (fixtures pytest finds here)

harness = module_harness(BotHarness, "e2e")
