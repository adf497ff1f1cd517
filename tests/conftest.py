"""The seed of this run's random test order, printed even under -q, so a failing order can be repeated."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and config.pluginmanager.hasplugin("randomly"):
        terminalreporter.write_line(f"tests ran in random order, seed {seed}: repeat it with -p randomly "
                                    f"--randomly-seed={seed}")
