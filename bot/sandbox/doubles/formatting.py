"""Telegram's text formatting: HTML, MarkdownV2 and legacy Markdown, measured the way Telegram measures.

Entity offsets and lengths are in UTF-16 code units, as in the Bot API.  Parse errors reuse the wording of
Telegram's own messages so that a bot's error handling sees what production would send.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .spec import ApiError, bad_request

Entity = dict[str, Any]

PARSE_MODES = {"html": "HTML", "markdownv2": "MarkdownV2", "markdown": "Markdown"}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _cant_parse(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def parse_text(text: str, parse_mode: str | None, entities: list[Entity] | None = None) -> tuple[str, list[Entity]]:
    """Return (plain text, entities) after parsing, with surrounding whitespace removed like Telegram does."""
    if entities:
        plain, ents = text, [dict(e) for e in entities]
    elif parse_mode:
        mode = PARSE_MODES.get(parse_mode.lower())
        if mode is None:
            raise bad_request(f"unsupported parse_mode {parse_mode!r}")
        if mode == "HTML":
            plain, ents = parse_html(text)
        elif mode == "MarkdownV2":
            plain, ents = parse_markdown_v2(text)
        else:
            plain, ents = parse_markdown(text)
    else:
        plain, ents = text, []
    return _strip(plain, ents)


def _strip(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    stripped = text.strip()
    if stripped == text:
        return text, _sorted(entities)
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    out = []
    for e in entities:
        start = max(e["offset"] - shift, 0)
        end = min(e["offset"] + e["length"] - shift, size)
        if end > start:
            out.append({**e, "offset": start, "length": end - start})
    return stripped, _sorted(out)


def _sorted(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


# ------------------------------------------------------------------------------------------------------------
# HTML

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[A-Za-z0-9-]*")
_ATTR_NAME = re.compile(r"[A-Za-z0-9_-]+")
_CHAR_REF = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode a character reference at text[i] ('&'); None leaves '&' as a literal, as Telegram does."""
    m = _CHAR_REF.match(text, i)
    if not m:
        return None
    ref = m.group(1)
    if ref.startswith("#"):
        code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code), m.end()
    if ref in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[ref], m.end()
    return None


def _decode_all(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "&":
            dec = _decode_entity(text, i)
            if dec:
                out.append(dec[0])
                i = dec[1]
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def parse_html(text: str) -> tuple[str, list[Entity]]:
    out: list[str] = []
    pos16 = 0
    # (tag name, entity or None when the tag only annotates its parent, start offset)
    stack: list[tuple[str, Entity | None, int]] = []
    entities: list[Entity] = []
    i, n = 0, len(text)

    def emit(s: str) -> None:
        nonlocal pos16
        out.append(s)
        pos16 += utf16_len(s)

    while i < n:
        c = text[i]
        if c == "&":
            dec = _decode_entity(text, i)
            if dec:
                emit(dec[0])
                i = dec[1]
            else:
                emit("&")
                i += 1
            continue
        if c != "<":
            emit(c)
            i += 1
            continue
        tag_start = i
        if i + 1 < n and text[i + 1] == "/":
            m = _TAG_NAME.match(text, i + 2)
            name = m.group(0).lower()
            j = m.end()
            while j < n and text[j] in " \t\n\r":
                j += 1
            if j >= n or text[j] != ">":
                raise _cant_parse(f"Unclosed end tag at byte offset {_byte_offset(text, tag_start)}")
            if not stack:
                raise _cant_parse(f"Unexpected end tag at byte offset {_byte_offset(text, tag_start)}")
            open_name, entity, start = stack.pop()
            if open_name != name:
                raise _cant_parse(
                    f"Unmatched end tag at byte offset {_byte_offset(text, tag_start)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            if entity is not None and pos16 > start:
                entities.append({**entity, "offset": start, "length": pos16 - start})
            i = j + 1
            continue
        m = _TAG_NAME.match(text, i + 1)
        name = m.group(0).lower()
        if name not in _HTML_TAGS:
            raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, tag_start)}')
        attrs, i = _parse_attributes(text, m.end(), tag_start, name)
        entity = _html_entity(name, attrs, stack, text, tag_start)
        stack.append((name, entity, pos16))
    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), entities


def _parse_attributes(text: str, j: int, tag_start: int, name: str) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    n = len(text)
    while True:
        while j < n and text[j] in " \t\n\r":
            j += 1
        if j >= n:
            raise _cant_parse(f"Unclosed start tag at byte offset {_byte_offset(text, tag_start)}")
        if text[j] == ">":
            return attrs, j + 1
        am = _ATTR_NAME.match(text, j)
        if not am:
            raise _cant_parse(
                f'Empty attribute name in the tag "{name}" at byte offset {_byte_offset(text, tag_start)}'
            )
        attr = am.group(0).lower()
        j = am.end()
        while j < n and text[j] in " \t\n\r":
            j += 1
        if j < n and text[j] == "=":
            j += 1
            while j < n and text[j] in " \t\n\r":
                j += 1
            if j >= n:
                raise _cant_parse(f"Unclosed start tag at byte offset {_byte_offset(text, tag_start)}")
            if text[j] in "\"'":
                quote = text[j]
                end = text.find(quote, j + 1)
                if end < 0:
                    raise _cant_parse(f"Unclosed start tag at byte offset {_byte_offset(text, tag_start)}")
                value, j = text[j + 1 : end], end + 1
            else:
                vm = re.compile(r"[^\s>]+").match(text, j)
                value, j = (vm.group(0), vm.end()) if vm else ("", j)
            attrs[attr] = _decode_all(value)
        else:
            attrs[attr] = ""


def _html_entity(
    name: str, attrs: dict[str, str], stack: list[tuple[str, Entity | None, int]], text: str, tag_start: int
) -> Entity | None:
    kind = _HTML_TAGS[name]
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            raise _cant_parse(f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, tag_start)}')
        return {"type": "spoiler"}
    if name == "a":
        href = attrs.get("href", "")
        return {"type": "text_link", "url": href} if href else None
    if name == "code":
        lang = attrs.get("class", "")
        if stack and stack[-1][0] == "pre" and lang.startswith("language-"):
            pre = stack[-1][1]
            if pre is not None:
                pre["language"] = lang[len("language-") :]
            return None  # <pre><code class="language-x"> is one pre entity in Telegram
        return {"type": "code"}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if name == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        if not emoji_id:
            raise _cant_parse(
                f"Custom emoji identifier must be non-empty at byte offset {_byte_offset(text, tag_start)}"
            )
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    if name == "tg-time":
        unix = attrs.get("unix", "")
        if not unix.isdigit():
            raise _cant_parse(f"Invalid unix time specified at byte offset {_byte_offset(text, tag_start)}")
        ent: Entity = {"type": "date_time", "unix_time": int(unix)}
        if attrs.get("format"):
            ent["date_time_format"] = attrs["format"]
        return ent
    return {"type": kind}


# ------------------------------------------------------------------------------------------------------------
# MarkdownV2

MARKDOWN_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_V2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


class _MarkdownV2:
    """One MarkdownV2 parse: the text written so far, the entities still open and the quote being read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.out: list[str] = []
        self.pos16 = 0
        # (entity type, start offset, index in source, extra entity fields)
        self.stack: list[tuple[str, int, int, Entity]] = []
        self.entities: list[Entity] = []
        self.quote_start: int | None = None

    def parse(self) -> tuple[str, list[Entity]]:
        while self.i < len(self.text):
            self._step()
        self._end_quote()
        if self.stack:
            kind, _, src, _ = self.stack[-1]
            where = _byte_offset(self.text, src)
            raise _cant_parse(f"Can't find end of {_V2_NAMES[kind]} entity at byte offset {where}")
        return "".join(self.out), self.entities

    # --- the output and the open entities

    def emit(self, s: str) -> None:
        self.out.append(s)
        self.pos16 += utf16_len(s)

    def open_(self, kind: str, src: int, extra: Entity | None = None) -> None:
        self.stack.append((kind, self.pos16, src, extra or {}))

    def close(self, kind: str, extra: Entity | None = None) -> None:
        _, start, _, opened = self.stack.pop()
        if self.pos16 > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos16 - start, **opened, **(extra or {})}
            )

    def top(self) -> str | None:
        return self.stack[-1][0] if self.stack else None

    def toggle(self, kind: str, width: int) -> None:
        if self.top() == kind:
            self.close(kind)
        else:
            self.open_(kind, self.i)
        self.i += width

    def _end_quote(self) -> None:
        if self.quote_start is not None and self.pos16 > self.quote_start:
            self.entities.append(
                {"type": "blockquote", "offset": self.quote_start, "length": self.pos16 - self.quote_start}
            )
        self.quote_start = None

    # --- one step of the source

    def _step(self) -> None:
        text, i = self.text, self.i
        c = text[i]
        if c == "\\" and i + 1 < len(text) and 0 < ord(text[i + 1]) <= 126:
            self.emit(text[i + 1])
            self.i += 2
        elif self.top() in ("code", "pre"):
            self._in_code(c)
        elif self.quote_start is not None and c == "\n" and not text.startswith(">", i + 1):
            self._end_quote()
            self.emit(c)
            self.i += 1
        elif c not in MARKDOWN_V2_RESERVED:
            self.emit(c)
            self.i += 1
        elif c == ">" and (i == 0 or text[i - 1] == "\n"):
            if self.quote_start is None:
                self.quote_start = self.pos16
            self.i += 1
        else:
            handler = _V2_RESERVED.get(c)
            # a reserved character that starts nothing here must have been escaped
            if handler is None or not handler(self):
                raise _cant_parse(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")

    def _in_code(self, c: str) -> None:
        # Inside code only ` and \ are special.
        if self.top() == "pre" and self.text.startswith("```", self.i):
            self.close("pre")
            self.i += 3
        elif self.top() == "code" and c == "`":
            self.close("code")
            self.i += 1
        else:
            self.emit(c)
            self.i += 1

    # --- the reserved characters; each returns False when it starts nothing at this place

    def bold(self) -> bool:
        self.toggle("bold", 1)
        return True

    def strikethrough(self) -> bool:
        self.toggle("strikethrough", 1)
        return True

    def underscore(self) -> bool:
        double = self.text.startswith("__", self.i)
        if double and self.top() == "underline":
            self.close("underline")
            self.i += 2
        elif self.top() == "italic":
            self.close("italic")
            self.i += 1
        elif double:
            self.open_("underline", self.i)
            self.i += 2
        else:
            self.open_("italic", self.i)
            self.i += 1
        return True

    def spoiler(self) -> bool:
        if not self.text.startswith("||", self.i):
            return False
        self.toggle("spoiler", 2)
        return True

    def backtick(self) -> bool:
        text, i = self.text, self.i
        if not text.startswith("```", i):
            self.open_("code", i)
            self.i += 1
            return True
        nl = text.find("\n", i + 3)
        lang = text[i + 3 : nl] if nl >= 0 else ""
        if lang and " " not in lang and "`" not in lang:
            self.open_("pre", i, {"language": lang})
            self.i = nl + 1
        else:
            self.open_("pre", i)
            self.i += 3
        return True

    def link_start(self) -> bool:
        self.open_("text_link", self.i)
        self.i += 1
        return True

    def emoji_start(self) -> bool:
        if not self.text.startswith("![", self.i):
            return False
        self.open_("custom_emoji", self.i)
        self.i += 2
        return True

    def link_end(self) -> bool:
        kind = self.top()
        if kind not in ("text_link", "custom_emoji"):
            return False
        text = self.text
        if not text.startswith("(", self.i + 1):
            raise _cant_parse(f"Can't find end of a URL at byte offset {_byte_offset(text, self.i + 1)}")
        url, self.i = _read_url(text, self.i + 2)
        if kind == "text_link":
            self.close("text_link", {"url": url})
            return True
        m = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
        if not m:
            where = _byte_offset(text, self.i)
            raise _cant_parse(f"Custom emoji URL must have an emoji id at byte offset {where}")
        self.close("custom_emoji", {"custom_emoji_id": m.group(1)})
        return True


_V2_RESERVED: dict[str, Callable[[_MarkdownV2], bool]] = {
    "*": _MarkdownV2.bold,
    "_": _MarkdownV2.underscore,
    "~": _MarkdownV2.strikethrough,
    "|": _MarkdownV2.spoiler,
    "`": _MarkdownV2.backtick,
    "[": _MarkdownV2.link_start,
    "!": _MarkdownV2.emoji_start,
    "]": _MarkdownV2.link_end,
}


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    return _MarkdownV2(text).parse()


def _read_url(text: str, j: int) -> tuple[str, int]:
    url: list[str] = []
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\" and j + 1 < n:
            url.append(text[j + 1])
            j += 2
            continue
        if c == ")":
            return "".join(url), j + 1
        url.append(c)
        j += 1
    raise _cant_parse(f"Can't find end of a URL at byte offset {_byte_offset(text, j)}")


# ------------------------------------------------------------------------------------------------------------
# Legacy Markdown


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    out: list[str] = []
    pos16 = 0
    entities: list[Entity] = []
    i, n = 0, len(text)

    def emit(s: str) -> None:
        nonlocal pos16
        out.append(s)
        pos16 += utf16_len(s)

    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            emit(text[i + 1])
            i += 2
            continue
        if c not in "_*`[":
            emit(c)
            i += 1
            continue
        start_byte = _byte_offset(text, i)
        start = pos16
        if c == "`" and text.startswith("```", i):
            end = text.find("```", i + 3)
            if end < 0:
                raise _cant_parse(f"Can't find end of the entity starting at byte offset {start_byte}")
            body = text[i + 3 : end]
            lang = ""
            nl = body.find("\n")
            if nl > 0 and " " not in body[:nl]:
                lang, body = body[:nl], body[nl + 1 :]
            emit(body)
            if pos16 > start:
                ent: Entity = {"type": "pre", "offset": start, "length": pos16 - start}
                if lang:
                    ent["language"] = lang
                entities.append(ent)
            i = end + 3
            continue
        if c == "[":
            close_br = text.find("](", i + 1)
            close_par = text.find(")", close_br + 2) if close_br >= 0 else -1
            if close_br < 0 or close_par < 0:
                raise _cant_parse(f"Can't find end of the entity starting at byte offset {start_byte}")
            emit(text[i + 1 : close_br])
            if pos16 > start:
                entities.append(
                    {
                        "type": "text_link",
                        "offset": start,
                        "length": pos16 - start,
                        "url": text[close_br + 2 : close_par],
                    }
                )
            i = close_par + 1
            continue
        end = text.find(c, i + 1)
        if end < 0:
            raise _cant_parse(f"Can't find end of the entity starting at byte offset {start_byte}")
        emit(text[i + 1 : end])
        if pos16 > start:
            kind = {"*": "bold", "_": "italic", "`": "code"}[c]
            entities.append({"type": kind, "offset": start, "length": pos16 - start})
        i = end + 1
    return "".join(out), entities


# ------------------------------------------------------------------------------------------------------------
# What Telegram clients add to what users type

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def command_entities(text: str) -> list[Entity]:
    """A leading /command (optionally /command@bot) becomes a bot_command entity, as clients send it."""
    m = _COMMAND_RE.match(text)
    if not m or (m.end() < len(text) and not text[m.end()].isspace()):
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(m.group(0))}]
