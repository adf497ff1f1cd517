"""`bot.py doctor`: what an operator checks before calling a deployment healthy, one line per check.

Every check reads and never writes: the database is opened read-only (a doctor run against a mistyped path
must not leave an empty database behind), and the Bot API is only asked getMe and getWebhookInfo. Each
problem is one plain line saying what to do, in the bot's default language; the exit status says whether
there was any, so the same command serves a person, a cron mail and a container's HEALTHCHECK (--quick).
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from bot.app.settings import Settings
from bot.channels.zalo_client import ZaloClient, ZaloError, ZaloUnauthorized
from bot.text.catalogue import t
from storage.db import bundled_migrations, read_schema_version

# a reminder or deadline shown a minute off is noticed; less is within what people read on a clock
CLOCK_SKEW_LIMIT = timedelta(seconds=60)
# a daily backup missed more than once
BACKUP_AGE_LIMIT = timedelta(days=2)
# below this the next backup (a copy of the whole file) or a busy day's writes may not fit
MIN_FREE_BYTES = 200 * 1_048_576
HTTP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Finding:
    ok: bool
    key: str
    params: dict[str, Any]

    def line(self, language: str) -> str:
        text = t(self.key, language, **self.params)
        return t("doctor.line_ok" if self.ok else "doctor.line_bad", language, text=text)


def _ok(key: str, **params: Any) -> Finding:
    return Finding(True, key, params)


def _bad(key: str, **params: Any) -> Finding:
    return Finding(False, key, params)


def _when(moment: datetime, settings: Settings) -> str:
    return f"{moment.astimezone(settings.tz):%d/%m/%Y %H:%M}"


# --- settings --------------------------------------------------------------------------------------------


def source_label(source: str, language: str) -> str:
    """Where an unknown variable was found, as unknown_variables names it: the environment or a file."""
    if source == "environment":
        return t("cli.in_environment", language)
    return t("cli.in_file", language, file=source)


def check_variables(unknown: Iterable[tuple[str, str | None, str]], language: str) -> list[Finding]:
    found = []
    for name, suggestion, where in unknown:
        source = source_label(where, language)
        if suggestion:
            found.append(_bad("doctor.unknown_variable", name=name, source=source, suggestion=suggestion))
        else:
            found.append(_bad("doctor.unknown_variable_no_guess", name=name, source=source))
    return found or [_ok("doctor.settings_ok")]


# --- the Bot APIs ----------------------------------------------------------------------------------------


@dataclass
class _ApiAnswer:
    status: int
    body: dict[str, Any]
    server_time: datetime | None


async def _telegram(http: httpx.AsyncClient, settings: Settings, method: str) -> _ApiAnswer:
    url = f"{settings.telegram_api_url}{settings.telegram_token}/{method}"
    response = await http.get(url)
    try:
        body = response.json()
    except ValueError:
        body = {}
    date = response.headers.get("date")
    try:
        server_time = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        server_time = None
    return _ApiAnswer(response.status_code, body if isinstance(body, dict) else {}, server_time)


def _unreachable(service: str, url: str, setting: str, problem: Exception | str) -> Finding:
    # an exception's text may quote the URL, and the URL carries the token: only its kind is shown
    shown = problem if isinstance(problem, str) else type(problem).__name__
    return _bad("doctor.unreachable", service=service, url=url, setting=setting, problem=shown)


async def check_telegram(settings: Settings, quick: bool,
                         now: Callable[[], datetime]) -> tuple[list[Finding], timedelta | None]:
    """getMe (the token), getWebhookInfo (unless quick), and how far this clock is from Telegram's."""
    found: list[Finding] = []
    skew = None
    async with httpx.AsyncClient(timeout=HTTP_TIMEOUT, follow_redirects=False) as http:
        try:
            me = await _telegram(http, settings, "getMe")
        except httpx.HTTPError as exc:
            return [_unreachable("Telegram", settings.telegram_api_url, "KTD_TELEGRAM_API_URL", exc)], None
        if me.status in (401, 404):
            found.append(_bad("doctor.token_refused", service="Telegram", status=me.status,
                              where="@BotFather, /token", setting="KTD_TELEGRAM_TOKEN"))
            return found, None
        result = me.body.get("result")
        if me.status != 200 or not isinstance(result, dict):
            return [_unreachable("Telegram", settings.telegram_api_url, "KTD_TELEGRAM_API_URL",
                                 f"HTTP {me.status}")], None
        found.append(_ok("doctor.token_ok", service="Telegram", name=f"@{result.get('username', '?')}"))
        if me.server_time is not None:
            skew = now() - me.server_time
        if not quick:
            found.append(await _check_webhook(http, settings))
    return found, skew


async def _check_webhook(http: httpx.AsyncClient, settings: Settings) -> Finding:
    try:
        answer = await _telegram(http, settings, "getWebhookInfo")
    except httpx.HTTPError as exc:
        return _unreachable("Telegram", settings.telegram_api_url, "KTD_TELEGRAM_API_URL", exc)
    info = answer.body.get("result") if isinstance(answer.body.get("result"), dict) else {}
    actual = str(info.get("url") or "")
    pending = info.get("pending_update_count", 0)
    error_date = info.get("last_error_date")
    if actual and isinstance(error_date, int):
        return _bad("doctor.webhook_error", when=_when(datetime.fromtimestamp(error_date, UTC), settings),
                    message=str(info.get("last_error_message") or "?")[:200])
    expected = settings.webhook_url or ""
    if actual != expected:
        none = t("doctor.polling_none", settings.default_language)
        return _bad("doctor.webhook_other", actual=actual or none, expected=expected or none)
    if actual:
        return _ok("doctor.webhook_ok", url=actual, pending=pending)
    return _ok("doctor.webhook_polling", pending=pending)


async def check_zalo(settings: Settings) -> list[Finding]:
    client = ZaloClient(settings.zalo_token or "", settings.zalo_api_url, retries=0,
                        rate_limit_retries=0, timeout=HTTP_TIMEOUT)
    try:
        me = await client.get_me()
    except ZaloUnauthorized as exc:
        return [_bad("doctor.token_refused", service="Zalo", status=exc.code, where="Zalo Bot Creator",
                     setting="KTD_ZALO_TOKEN")]
    except ZaloError as exc:
        return [_unreachable("Zalo", settings.zalo_api_url, "KTD_ZALO_API_URL", exc)]
    finally:
        await client.aclose()
    name = me.get("account_name") or me.get("display_name") or me.get("id") or "?"
    return [_ok("doctor.token_ok", service="Zalo", name=name)]


def check_zalo_updates(settings: Settings) -> list[Finding]:
    """Long polling is for development on the Bot Platform (its docs reserve getUpdates for it, and messages
    sent while nobody polls are lost), so a deployment that polls is flagged; the quick health check leaves
    it out, as it is how the bot is set up, not how it is doing."""
    return [] if settings.zalo_webhook_url else [_bad("doctor.zalo_polling")]


# --- the database and its disk ---------------------------------------------------------------------------


def check_database(path: Path, quick: bool) -> list[Finding]:
    """File, schema version against the bundled migrations, SQLite's own check, free disk."""
    folder = path.parent
    if not folder.is_dir():
        return [_bad("cli.database_folder_missing", folder=folder, path=path)]
    found = [check_disk(folder, path)]
    if not path.is_file():
        return [_bad("doctor.db_missing", path=path), *found]
    bundled = len(bundled_migrations())
    check = "quick_check" if quick else "integrity_check"
    try:
        # mode=ro: the doctor must never create, migrate or repair what it examines
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = "; ".join(row[0] for row in conn.execute(f"PRAGMA {check}").fetchmany(3))
            version = read_schema_version(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [_bad("doctor.db_damaged", path=path, problem=exc), *found]
    if verdict != "ok":
        return [_bad("doctor.db_damaged", path=path, problem=verdict[:200]), *found]
    if version < bundled:
        found.insert(0, _bad("doctor.db_behind", path=path, version=version, bundled=bundled))
    elif version > bundled:
        found.insert(0, _bad("doctor.db_ahead", path=path, version=version, bundled=bundled))
    else:
        size = f"{path.stat().st_size / 1_048_576:.1f}"
        found.insert(0, _ok("doctor.db_ok", path=path, size=size, version=version, bundled=bundled, check=check))
    return found


def check_disk(folder: Path, database: Path) -> Finding:
    free = shutil.disk_usage(folder).free
    size = database.stat().st_size if database.is_file() else 0
    if free < max(MIN_FREE_BYTES, 2 * size):
        return _bad("doctor.disk_low", free=free // 1_048_576, folder=folder)
    return _ok("doctor.disk_ok", free=f"{free / 1_073_741_824:.1f}", folder=folder)


# --- time ------------------------------------------------------------------------------------------------


def check_clock(settings: Settings, now: datetime, skew: timedelta | None, service: str) -> Finding:
    shown = _when(now, settings)
    if skew is None:
        return _ok("doctor.clock_unchecked", tz=settings.timezone, now=shown)
    seconds = round(abs(skew.total_seconds()))
    if abs(skew) > CLOCK_SKEW_LIMIT:
        return _bad("doctor.clock_skew", skew=seconds, service=service)
    return _ok("doctor.clock_ok", tz=settings.timezone, now=shown, skew=seconds, service=service)


def _age(age: timedelta, language: str) -> str:
    hours = max(0, int(age.total_seconds() // 3600))
    if hours < 48:
        return t("doctor.age_hours", language, n=hours)
    return t("doctor.age_days", language, n=hours // 24)


def check_backups(settings: Settings, now: datetime) -> Finding:
    folder = settings.backup_dir
    if folder is None:
        return _bad("doctor.backup_unset")
    if not folder.is_dir():
        return _bad("doctor.backup_folder_missing", folder=folder)
    source = settings.database_path
    # the names bot.py backup gives (storage.backup.backup_name), not a half-written .part
    candidates = [p for p in folder.glob(f"{source.stem}-*{source.suffix or '.sqlite3'}") if p.is_file()]
    if not candidates:
        return _bad("doctor.backup_none", folder=folder)
    newest = max(candidates, key=lambda p: p.stat().st_mtime)
    age = now - datetime.fromtimestamp(newest.stat().st_mtime, UTC)
    shown = _age(age, settings.default_language)
    if age > BACKUP_AGE_LIMIT:
        return _bad("doctor.backup_old", name=newest.name, age=shown)
    return _ok("doctor.backup_ok", name=newest.name, age=shown)


# --- all together ----------------------------------------------------------------------------------------


async def diagnose(settings: Settings, *, quick: bool = False,
                   unknown: Iterable[tuple[str, str | None, str]] = (),
                   now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> list[Finding]:
    """Every check, in the order an operator fixes things: settings, tokens, database, time, backups.

    quick (the container's health check) leaves out what is slow or not about this process's health: the
    full integrity check (quick_check instead), the webhook's info and the backups."""
    found = check_variables(unknown, settings.default_language)
    skew = None
    if not settings.telegram_token and not settings.zalo_token:
        found.append(_bad("doctor.no_token"))
    if settings.telegram_token:
        telegram, skew = await check_telegram(settings, quick, now)
        found += telegram
    if settings.zalo_token:
        found += await check_zalo(settings)
        if not quick:
            found += check_zalo_updates(settings)
    found += await asyncio.to_thread(check_database, settings.database_path, quick)
    found.append(check_clock(settings, now(), skew, "Telegram"))
    if not quick:
        found.append(check_backups(settings, now()))
    return found


async def run_doctor(settings: Settings, *, quick: bool = False,
                     unknown: Iterable[tuple[str, str | None, str]] = (),
                     out: Callable[[str], None] = print) -> int:
    """Prints one line per check and a summary; 0 when all is well, 1 when anything needs fixing."""
    language = settings.default_language
    found = await diagnose(settings, quick=quick, unknown=unknown)
    for finding in found:
        out(finding.line(language))
    problems = sum(not f.ok for f in found)
    out(t("doctor.to_fix", language, count=problems) if problems else t("doctor.all_well", language))
    return 1 if problems else 0
