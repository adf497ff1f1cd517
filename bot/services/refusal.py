"""A refusal a user caused: rendered as the catalogue message `refused.<code>`, and nothing changed."""

from __future__ import annotations


class Refused(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message_key(self) -> str:
        return f"refused.{self.code}"
