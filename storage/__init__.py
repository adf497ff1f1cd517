"""Persistence on one SQLite file through aiosqlite. Nothing here knows about Telegram or Zalo."""
