"""Log lines carry neither tokens nor tracebacks."""

from __future__ import annotations

import logging

from bot.app.logging_setup import RedactingFormatter

TOKEN = "1234567:XYZsecretsecretsecretsecret_abc"


def make_record(msg: str, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("t", logging.ERROR, __file__, 1, msg, (), exc_info)


def test_tokens_are_redacted_from_messages_and_urls():
    formatter = RedactingFormatter(["my-webhook-secret"])
    line = formatter.format(make_record(f"POST https://api.telegram.org/bot{TOKEN}/getMe my-webhook-secret"))
    assert TOKEN not in line and "my-webhook-secret" not in line
    assert "bot***/getMe" in line


def test_exceptions_are_one_line_with_where_they_happened():
    def fail() -> None:
        raise ValueError(f"boom at https://x/bot{TOKEN}/sendMessage")

    try:
        fail()
    except ValueError as exc:
        line = RedactingFormatter().format(make_record("handler failed", exc))
    assert "\n" not in line
    assert "Traceback" not in line
    assert "ValueError" in line and "test_logging_setup.py" in line and "in fail" in line
    assert TOKEN not in line
