"""Rendering replies for channels without buttons, and splitting long texts.

A text-only channel (Zalo) shows each choice as a numbered line; the person answers with the number
or the option's words. The numbers are only meaningful for the last message that offered them, so
the channel keeps `options` with the chat's state and resolves the next answer against them.
"""

from __future__ import annotations

from bot.text.catalogue import t
from bot.text.messages import Reply
from bot.text.vi_text import fold


def render_numbered(reply: Reply, lang: str = "vi") -> tuple[str, list[str]]:
    """The reply as plain text with "1. Label" lines, and the choice data in that order."""
    flat = [choice for row in reply.choices for choice in row]
    if not flat:
        return reply.text, []
    lines = [reply.text, ""]
    lines += [f"{number}. {choice.label}" for number, choice in enumerate(flat, start=1)]
    lines += ["", t("text.choose_number", lang)]
    return "\n".join(lines), [choice.data for choice in flat]


def _words(label: str) -> str:
    """A label as people type it: folded, without the emoji or marks in front ("✅ Nộp" -> "nop")."""
    folded = fold(label)
    return folded[next((i for i, ch in enumerate(folded) if ch.isalnum()), len(folded)):].strip()


def resolve_numbered(answer: str, labels: list[str], options: list[str]) -> str | None:
    """The choice data the person meant by typing a number or an option's words, if any."""
    text = answer.strip().rstrip(".")
    if text.isdigit():
        index = int(text) - 1
        return options[index] if 0 <= index < len(options) else None
    wanted = _words(text)
    if not wanted:
        return None
    pairs = list(zip(labels, options, strict=True))
    for match in ([d for label, d in pairs if _words(label) == wanted],
                  # people type part of a long label ("xác nhận", "thêm ghi chú" for longer ones)
                  [d for label, d in pairs if _words(label).endswith(" " + wanted)],
                  [d for label, d in pairs if wanted in _words(label)]):
        if len(match) == 1:
            return match[0]
        if match:
            return None
    return None


def split_text(text: str, limit: int) -> list[str]:
    """Splits at line boundaries so no chunk exceeds `limit` characters; a longer line is cut hard."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = line if not current else current + "\n" + line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()]
