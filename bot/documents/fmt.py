"""Numbers, percentages, dates and slugs as the documents print them.

Kept apart from the renderers so that the Word documents, the charts and the file names agree on
one way of writing "97,5" and "18/12/2026".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.documents.wording import VI, Wording
from bot.text.vi_text import fold, format_date, format_score

__all__ = ["LOCAL_TZ", "date_line", "dmy", "document_date_line", "local", "number", "percent", "slug", "time_phrase"]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def number(value: Decimal | int | float, decimals: int = 2, *, trim: bool = True, words: Wording = VI) -> str:
    """'97,5', '1.000', '87,50' (trim=False): bot.text.vi_text.format_score, with the wording's separators."""
    text = format_score(value, decimals, trim=trim)
    if (words.thousands_sep, words.decimal_sep) == (".", ","):
        return text
    return text.translate(str.maketrans({".": words.thousands_sep, ",": words.decimal_sep}))


def percent(value: Decimal | int | float, *, words: Wording = VI) -> str:
    """'87,50%': always two decimals, so that a column of percentages lines up."""
    return words.percent.format(value=number(value, 2, trim=False, words=words))


def local(dt: datetime) -> datetime:
    """The time in Vietnam; a naive datetime is taken to be local already."""
    return dt.astimezone(LOCAL_TZ) if dt.tzinfo is not None else dt


def dmy(d: date | datetime) -> str:
    return format_date(local(d) if isinstance(d, datetime) else d)


def time_phrase(dt: datetime, *, words: Wording = VI) -> str:
    """'08 giờ 30 phút, ngày 18/12/2026' as minutes state the time of a meeting."""
    t = local(dt)
    return words.time_phrase.format(hour=f"{t.hour:02d}", minute=f"{t.minute:02d}", date=dmy(t))


def date_line(place: str, d: date, *, words: Wording = VI) -> str:
    """'Hưng Yên, ngày 05 tháng 02 năm 2026'.

    Nghị định 30/2020 (Phụ lục I) pads days below 10 and months below 3 with a zero so that the
    date cannot be altered by writing a digit in front of it.
    """
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return words.date_line.format(place=place, day=day, month=month, year=d.year)


def document_date_line(place: str | None, d: date | None, *, words: Wording = VI) -> str:
    """The date line of a document whose place or date may be unknown: each unknown part a marked gap to fill
    in by hand ("……………………, ngày …… tháng …… năm ……"), never the day the file was made."""
    where = place or words.blank
    if d is None:
        return words.date_line.format(place=where, day=words.gap, month=words.gap, year=words.gap)
    return date_line(where, d, words=words)


def slug(text: str, max_len: int = 80) -> str:
    """ASCII file-name slug: 'Biên bản kiểm phiếu Cờ thi đua' -> 'bien-ban-kiem-phieu-co-thi-dua'.

    Mail clients, Zalo and zip tools on Windows still mangle non-ASCII names, hence the folding.
    """
    s = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rsplit("-", 1)[0] or s[:max_len]
    return s or "tai-lieu"
