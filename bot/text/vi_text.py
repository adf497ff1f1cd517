"""Vietnamese text helpers: normalisation, collation, numbers and dates.

Nothing here talks to Telegram or renders sentences; callers get plain values back
(or ``None`` for input that could not be understood) and word the replies themselves.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

__all__ = [
    "SortKey",
    "fold",
    "format_date",
    "format_datetime",
    "format_score",
    "normalize",
    "parse_datetime_vi",
    "parse_number",
    "vi_sort_key",
]

# Invisible characters that sneak in from copy-paste (Word, web pages, Excel exports) and
# would otherwise make two visually identical names compare different.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Legacy Vietnamese encodings converted to Unicode sometimes produce the Icelandic eth
# (U+00D0/U+00F0) instead of Đ/đ; they look the same, so treat them the same.
_ETH_TO_D_STROKE = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def normalize(s: str) -> str:
    """NFC, drop invisible/control characters, strip, collapse runs of whitespace."""
    s = unicodedata.normalize("NFC", s).translate(_INVISIBLE)
    # Control characters are replaced by a space rather than removed so that a stray
    # tab or vertical tab between two words still separates them.
    s = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in s)
    return " ".join(s.split())


def fold(s: str) -> str:
    """Lower-case, strip diacritics (đ -> d), collapse whitespace: for loose matching."""
    s = normalize(s).translate(_ETH_TO_D_STROKE)
    decomposed = unicodedata.normalize("NFD", s.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ has no canonical decomposition, so removing combining marks leaves it intact.
    return stripped.replace("\u0111", "d")


# --- collation -------------------------------------------------------------------------

# Combining marks that turn a base letter into a different letter of the Vietnamese
# alphabet (ă, â, ê, ô, ơ, ư) as opposed to tone marks, which only change the pitch.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"

# Tone weights in the order requested for the bloc lists:
# none < huyền < hỏi < ngã < sắc < nặng.
_TONES = {
    "\u0300": 1,  # grave: huyền
    "\u0309": 2,  # hook above: hỏi
    "\u0303": 3,  # tilde: ngã
    "\u0301": 4,  # acute: sắc
    "\u0323": 5,  # dot below: nặng
}

# f, j, w and z are not Vietnamese letters but appear in foreign names; they sit where
# the Latin alphabet puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...], str]

# Primary classes: separators before digits before letters before everything else, so
# "Ban Tổ" sorts before "Bana" and "Chi bộ 2" before "Chi bộ A".
_CLASS_SPACE, _CLASS_PUNCT, _CLASS_DIGIT, _CLASS_LETTER, _CLASS_OTHER = range(5)


def _clusters(s: str) -> list[tuple[str, str]]:
    """Split an NFD string into (base character, combining marks) pairs."""
    out: list[tuple[str, str]] = []
    for ch in s:
        if unicodedata.combining(ch) and out:
            base, marks = out[-1]
            out[-1] = (base, marks + ch)
        else:
            out.append((ch, ""))
    return out


_MODIFIED_LETTERS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}


def _letter_of(base_lower: str, marks: str) -> str:
    for mark in marks:
        letter = _MODIFIED_LETTERS.get((base_lower, mark))
        if letter is not None:
            return letter
    return base_lower


def vi_sort_key(s: str) -> SortKey:
    """Key for sorting Vietnamese text in dictionary order.

    Levels, as in a Vietnamese dictionary: base letters (a ă â b c d đ e ê … y) first;
    on a tie, the tone of each word (none < huyền < hỏi < ngã < sắc < nặng); then case
    (lower before upper); finally the NFC text so the order is total. Tones are taken
    per word, not per letter, so old-style "hoà" and new-style "hòa" collate the same.
    Runs of digits compare as numbers ("Tổ 2" < "Tổ 10").
    """
    nfc = normalize(s).translate(_ETH_TO_D_STROKE)
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    word_tone: int | None = None  # None while outside a word
    digits = ""

    def end_word() -> None:
        nonlocal word_tone
        if word_tone is not None:
            tones.append(word_tone)
            word_tone = None

    def flush_digits() -> None:
        nonlocal digits
        if digits:
            primary.append((_CLASS_DIGIT, int(digits)))
            digits = ""

    for base, marks in _clusters(unicodedata.normalize("NFD", nfc)):
        if "0" <= base <= "9":
            digits += base
            continue
        flush_digits()
        lower = base.lower()
        letter = _letter_of(lower, marks)
        rank = _LETTER_RANK.get(letter)
        if rank is not None:
            if word_tone is None:
                word_tone = 0
            tone = next((_TONES[m] for m in marks if m in _TONES), 0)
            # Only one tone mark per syllable in correct spelling; keep the first seen.
            if tone and not word_tone:
                word_tone = tone
            primary.append((_CLASS_LETTER, rank))
            cases.append(0 if base == lower else 1)
            continue
        end_word()
        if base.isspace():
            primary.append((_CLASS_SPACE, 0))
        elif base.isalpha():
            # Letters from other scripts (or Latin letters with unusual marks) keep a
            # stable code-point order after all Vietnamese letters.
            primary.append((_CLASS_OTHER, ord(lower)))
            cases.append(0 if base == lower else 1)
        else:
            primary.append((_CLASS_PUNCT, ord(base)))
    flush_digits()
    end_word()
    return tuple(primary), tuple(tones), tuple(cases), nfc


# --- numbers ---------------------------------------------------------------------------


def _to_decimal(x: float | int | Decimal) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, float):
        # Going through repr keeps 2.675 as typed instead of 2.67499999… from binary; float() first,
        # because numpy's float subclass has a repr of its own ("np.float64(2.5)")
        return Decimal(repr(float(x)))
    return Decimal(x)


def format_score(x: float | Decimal, decimals: int = 2, *, trim: bool = True) -> str:
    """Format a score the Vietnamese way: "97,5", "100", "0,25", "1.000" ("87,50" with trim=False).

    Rounds half away from zero (how scores are rounded by hand), then trims trailing
    zeros unless told not to. Raises ValueError for NaN/infinity or negative ``decimals``.
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    value = _to_decimal(x)
    if not value.is_finite():
        raise ValueError("cannot format a non-finite number")
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{abs(rounded):f}"
    int_part, _, frac_part = text.partition(".")
    if trim:
        frac_part = frac_part.rstrip("0")
    grouped = f"{int(int_part):,}".replace(",", ".")
    sign = "-" if rounded < 0 else ""
    return f"{sign}{grouped},{frac_part}" if frac_part else f"{sign}{grouped}"


# Either a plain decimal with one "." or "," as the decimal mark ("7.5", "7,5"), or the
# Vietnamese written form with "." grouping thousands and "," as the decimal mark
# ("1.000,5"). A lone "." is read as a decimal mark, not grouping, because people type
# scores like "97.5" on phone keyboards far more often than thousands.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+")


def parse_number(text: str) -> Decimal | None:
    """Parse a typed number ("7,5", "7.5", " 10 ", "-2", "1.000,5"); None if not one.

    The sign is returned as typed; range checks are the caller's job.
    """
    # NFKC turns full-width digits and punctuation from some phone keyboards into ASCII.
    s = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    if _PLAIN_NUMBER.fullmatch(s):
        s = s.replace(",", ".")
    elif _GROUPED_NUMBER.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    else:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regexes only let valid text through
        return None


# --- dates -----------------------------------------------------------------------------


def format_percent(x: float | Decimal) -> str:
    """A share as minutes and results print it: "87,50%", always two decimals so a column lines up."""
    return format_score(x, 2, trim=False) + "%"


def format_date(d: date | datetime) -> str:
    """dd/mm/yyyy, using the date's own fields (no time-zone conversion)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_datetime(dt: datetime, tz: ZoneInfo) -> str:
    """dd/mm/yyyy HH:MM in ``tz``. Naive datetimes are refused: their zone is a guess."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("format_datetime needs an aware datetime")
    local = dt.astimezone(tz)
    return f"{format_date(local)} {local.hour:02d}:{local.minute:02d}"


_DATE = r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})(?:[/.-](?P<year>\d{4}|\d{2}))?"
# "17:00", "17h", "17h30", "17 giờ 30 phút" ("giờ"/"phút" arrive folded to ASCII).
_TIME = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})|\s*(?:h|gio)\s*(?P<h_minute>\d{2})?(?:\s*phut)?)"
_SEP = r"(?:\s*,\s*|\s+)"
# Both "30/11/2026 17h" and "17h ngày 30/11/2026" are common in official notices.
_DATE_THEN_TIME = re.compile(rf"(?:ngay\s+)?{_DATE}(?:{_SEP}(?:luc\s+)?{_TIME})?")
_TIME_THEN_DATE = re.compile(rf"(?:luc\s+)?{_TIME}{_SEP}(?:ngay\s+)?{_DATE}")

# A bare date is read as a deadline "by that day", i.e. until the end of it. 23:59
# rather than 23:59:59 because times are shown to the minute.
END_OF_DAY = (23, 59)


def parse_datetime_vi(text: str, tz: ZoneInfo, now: datetime) -> datetime | None:
    """Parse a Vietnamese date/time as typed in chat; None if it is not a valid one.

    Accepted: "30/11/2026 17:00", "30/11/2026 17h", "30/11/2026 17h30", "30-11-2026 17:00",
    "30.11.2026", "17h ngày 30/11/2026", two-digit years ("30/11/26"), and dates without a
    year ("30/11 17h"), which mean the next such moment at or after ``now``.
    A date without a time means 23:59 of that day (see ``END_OF_DAY``).
    The result is aware, in ``tz``. ``now`` must be aware.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_datetime_vi needs an aware 'now'")
    s = fold(text)
    m = _DATE_THEN_TIME.fullmatch(s) or _TIME_THEN_DATE.fullmatch(s)
    if m is None:
        return None
    day, month = int(m["day"]), int(m["month"])
    if m["hour"] is None:
        hour, minute = END_OF_DAY
    else:
        hour, minute = int(m["hour"]), int(m["minute"] or m["h_minute"] or 0)
    local_now = now.astimezone(tz)
    year_text = m["year"]
    if year_text is None:
        for year in (local_now.year, local_now.year + 1):
            result = _build(year, month, day, hour, minute, tz)
            if result is not None and result >= local_now:
                return result
        # 29/02 with no leap year within reach, or an invalid date.
        return None
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000
    return _build(year, month, day, hour, minute, tz)


def _build(year: int, month: int, day: int, hour: int, minute: int, tz: ZoneInfo) -> datetime | None:
    try:
        result = datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:
        return None
    # In zones with daylight saving a wall-clock time may not exist; a round trip
    # through UTC exposes it. Vietnam has no DST today, but the zone is configurable.
    round_trip = result.astimezone(ZoneInfo("UTC")).astimezone(tz)
    if round_trip.replace(tzinfo=None) != result.replace(tzinfo=None):
        return None
    return result
