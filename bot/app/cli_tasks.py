"""Work the command line does without a chat: importing units and criteria from files, exporting documents."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bot.app.settings import Settings
from bot.domain.clock import SystemClock
from bot.domain.criteria_import import parse_criteria
from bot.domain.unit_import import parse_units
from bot.services.container import Services
from bot.services.onboarding import ensure_bloc_year, find_bloc_year
from bot.services.people import system_actor
from bot.services.refusal import Refused
from bot.text.catalogue import t
from bot.text.vi_text import format_score
from storage.db import Database


@asynccontextmanager
async def _services(settings: Settings) -> AsyncIterator[Services]:
    db = Database(settings.database_path)
    await db.open()
    try:
        yield Services.build(db, SystemClock(), settings.tz, settings.super_admin_ids, settings.default_language)
    finally:
        await db.close()


def _print_problems(path: Path, problems: list, column_keys: str, lang: str) -> None:
    """One line per problem of a file: where (file:row [column]) and what, from the catalogue."""
    for problem in problems:
        where = f"{path.name}:{problem.row}" if problem.row else path.name
        column = f" [{t(f'{column_keys}.{problem.column}', lang)}]" if problem.column else ""
        value = getattr(problem, "value", None) or ""
        print(f"{where}{column}: {t(f'import.err.{problem.code}', lang, value=value)}")


async def _read(path: Path, lang: str) -> bytes | None:
    try:
        return await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        print(t("cli.file_problem", lang, path=path, problem=exc.strerror))
        return None


async def import_units_file(settings: Settings, bloc_name: str, year: int, path: Path) -> int:
    """Imports units into a bloc-year, all or nothing. Returns the process exit code."""
    lang = settings.default_language
    data = await _read(path, lang)
    if data is None:
        return 1
    parsed = parse_units(path.name, data)
    if parsed.errors:
        _print_problems(path, parsed.errors, "import.col", lang)
        print(t("import.failed", lang, file=path.name, count=len(parsed.errors), problems="").strip())
        return 1
    async with _services(settings) as services:
        try:
            bloc_year = await ensure_bloc_year(services.onboarding, bloc_name, year)
        except Refused as refusal:
            print(t(refusal.message_key, lang, **refusal.params))
            return 1
        result = await services.onboarding.import_units(system_actor(bloc_year), parsed)
    skipped = t("import.skipped", lang, count=len(result.skipped), units="; ".join(result.skipped)) \
        if result.skipped else ""
    print(t("import.done", lang, added=len(result.added), file=path.name, skipped=skipped))
    return 0


async def import_criteria_file(settings: Settings, bloc_name: str, year: int, path: Path, reason: str | None) -> int:
    """Loads a criteria table for a bloc-year from a file, as a new version. Returns the exit code."""
    lang = settings.default_language
    data = await _read(path, lang)
    if data is None:
        return 1
    parsed = parse_criteria(path.name, data)
    if parsed.table is None:
        _print_problems(path, parsed.errors, "table.col", lang)
        return 1
    async with _services(settings) as services:
        try:
            bloc_year = await ensure_bloc_year(services.onboarding, bloc_name, year)
            version, _ = await services.assessment.load_table(system_actor(bloc_year), parsed.table, path.name,
                                                              reason)
        except Refused as refusal:
            print(t(refusal.message_key, lang, **refusal.params))
            return 1
    print(t("table.loaded", lang, version=version.version, fingerprint=version.fingerprint,
            count=len(parsed.table.criteria), max=format_score(parsed.table.main_max)))
    return 0


async def export_year(settings: Settings, bloc_name: str | None, year: int | None, out: Path, sample: bool) -> int:
    """Writes every document of a bloc-year (or of the built-in sample year) into `out`."""
    from bot.documents.sample import sample_report, write_all

    lang = settings.default_language
    if sample:
        written = await asyncio.to_thread(write_all, sample_report(), out)
    else:
        if not bloc_name or year is None:
            print(t("cli.export_needs", lang))
            return 2  # the command line itself is incomplete, as argparse's own usage errors
        async with _services(settings) as services:
            found = await find_bloc_year(services.onboarding, bloc_name, year)
            if found is None:
                print(t("cli.export_unknown", lang, bloc=bloc_name, year=year))
                return 1
            report = await services.reports.with_trail(await services.reports.report_of(found, system_actor(found)),
                                                       found)
        written = await asyncio.to_thread(write_all, report, out)
    for path in written:
        print(path)
    return 0


async def zalo_oa_authorize(settings: Settings, read: Callable[[str], str] = input) -> int:
    """Prints the OA's permission link, takes the code Zalo gave the redirect URI (or the whole address) and
    stores the tokens it is exchanged for, as the OA channel reads them at start."""
    from bot.channels.zalo_oa_client import OAError, ZaloOAClient, code_challenge, new_verifier
    from bot.services.zalo_oa import ZaloOAStore

    lang = settings.default_language
    if not (settings.zalo_oa_app_id and settings.zalo_oa_app_secret and settings.zalo_oa_redirect_uri):
        print(t("cli.zalo_oa_needs", lang))
        return 2
    verifier, state = new_verifier(), secrets.token_urlsafe(12)
    client = ZaloOAClient(settings.zalo_oa_app_id, settings.zalo_oa_app_secret, settings.zalo_oa_api_url,
                          settings.zalo_oa_oauth_url)
    try:
        print(t("cli.zalo_oa_open", lang, url=client.permission_url(settings.zalo_oa_redirect_uri,
                                                                    code_challenge(verifier), state)))
        pasted = read(t("cli.zalo_oa_prompt", lang)).strip()
        query = parse_qs(urlsplit(pasted).query) if "code=" in pasted else {}
        if query and query.get("state", [state])[0] != state:
            print(t("cli.zalo_oa_bad_state", lang))
            return 1
        code = query["code"][0] if query.get("code") else pasted
        try:
            tokens = await client.exchange_code(code, verifier)
        except OAError as exc:
            print(t("cli.zalo_oa_refused", lang, problem=str(exc)))
            return 1
    finally:
        await client.aclose()
    db = Database(settings.database_path)
    await db.open()
    try:
        stored = await ZaloOAStore(db, SystemClock()).save_tokens(
            settings.zalo_oa_app_id, tokens.access_token, tokens.refresh_token, tokens.expires_in)
    finally:
        await db.close()
    until = stored.access_expires_at.astimezone(settings.tz).strftime("%H:%M %d/%m/%Y")
    print(t("cli.zalo_oa_done", lang, until=until))
    return 0
