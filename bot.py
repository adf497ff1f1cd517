"""Command line of the emulation-bloc bot. `python bot.py --help` lists the subcommands."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

# the exit statuses, as the README's table lists them
EXIT_OK = 0  # done; or stopped by SIGTERM / SIGINT; doctor: all is well
EXIT_FIX = 1  # something to fix before running again: a setting, a token, the network, a file, the database
EXIT_USAGE = 2  # the command line itself is wrong (argparse uses 2 too)
EXIT_INTERRUPTED = 130  # a sandbox left with Ctrl+C
DEFAULT_WEB_PORT = 8080
# the database of the settings loaded, so that an error the catch-all reports names the file at fault
_database_in_use: Path | None = None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("khoi-thi-dua-bot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed: pip install -e .)"


def _settings(args: argparse.Namespace, *, warn: bool = True):
    from bot.app.settings import SettingsError, load_settings, unknown_variables
    from bot.text.catalogue import t

    try:
        settings = load_settings(toml_file=Path(args.config) if args.config else None)
    except SettingsError as exc:
        print(t("cli.bad_config", "vi", problem=exc), file=sys.stderr)
        raise SystemExit(EXIT_FIX) from None
    global _database_in_use
    _database_in_use = settings.database_path
    if warn:
        _warn_unknown(settings.default_language, unknown_variables())
    return settings


def _warn_unknown(lang: str, unknown: list[tuple[str, str | None, str]]) -> None:
    """One line per KTD_* name nothing reads: a misspelt name is otherwise ignored in silence, and
    KTD_TELEGRAM_TOKN= leaves the bot without a token with nothing saying why."""
    from bot.app.doctor import source_label
    from bot.text.catalogue import t

    for name, suggestion, source in unknown:
        key = "cli.unknown_variable" if suggestion else "cli.unknown_variable_no_guess"
        print(t(key, lang, name=name, source=source_label(source, lang), suggestion=suggestion), file=sys.stderr)


def _database_folder(settings, *, create: bool = False) -> None:
    """Stops with the folder's name when the database's folder is missing: opening the database would make
    it, and a typo in KTD_DATABASE_PATH (after a restore, say) would quietly give an empty bloc."""
    from bot.text.catalogue import t

    folder = settings.database_path.parent
    if folder.is_dir():
        return
    if create:
        folder.mkdir(parents=True, exist_ok=True)
        return
    print(t("cli.database_folder_missing", settings.default_language, folder=folder,
            path=settings.database_path), file=sys.stderr)
    raise SystemExit(EXIT_FIX)


def _install_stop(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except NotImplementedError:  # not on this platform; Ctrl+C still raises KeyboardInterrupt
            pass


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app.logging_setup import configure_logging
    from bot.app.wiring import serve
    from bot.text.catalogue import t

    settings = _settings(args)
    configure_logging(settings.log_level, settings.secrets())
    if not settings.telegram_token and not settings.zalo_token:
        # never the sandbox here: under a supervisor (systemd, Docker) that would end "successfully"
        print(t("cli.run_needs_token", settings.default_language), file=sys.stderr)
        return EXIT_FIX
    _database_folder(settings)

    async def main() -> None:
        from bot.domain.clock import FileClock

        stop = asyncio.Event()
        _install_stop(stop)
        # a rehearsal (or a crash test) drives time from a file; production reads the system clock
        clock_file = os.environ.get("KTD_CLOCK_FILE")
        await serve(settings, stop, clock=FileClock(clock_file) if clock_file else None)

    from bot.app.event_loop import run
    from bot.app.start_failure import report

    try:
        run(main())
    except Exception as exc:
        return report(exc, settings.default_language, settings.database_path)
    return EXIT_OK


def cmd_default(args: argparse.Namespace) -> int:
    """Plain `bot.py`: the bot when a token is configured, else the sandbox in a browser."""
    from bot.app.settings import unknown_variables
    from bot.text.catalogue import t

    settings = _settings(args, warn=False)  # cmd_run warns itself
    if settings.telegram_token or settings.zalo_token:
        return cmd_run(args)
    _warn_unknown(settings.default_language, unknown_variables())
    print(t("cli.no_token", settings.default_language))
    return _web_sandbox(settings, port=DEFAULT_WEB_PORT, db_path=None)


def cmd_sandbox(args: argparse.Namespace) -> int:
    from bot.app.logging_setup import configure_logging

    settings = _settings(args)
    db_path = Path(args.sandbox_db) if getattr(args, "sandbox_db", None) else None
    if args.web:
        return _web_sandbox(settings, port=args.port, db_path=db_path)
    from bot.sandbox.run import run_sandbox

    configure_logging("WARNING", settings.secrets())
    try:
        asyncio.run(run_sandbox(settings, db_path))
    except KeyboardInterrupt:
        # Ctrl+C is how people leave a terminal program: no traceback. The sandbox has cleaned up by now;
        # only the thread waiting in input() is left, and a normal interpreter exit would abort on the
        # stdin lock it holds, so leave at once
        print(flush=True)
        os._exit(EXIT_INTERRUPTED)
    return EXIT_OK


def _web_sandbox(settings, *, port: int, db_path: Path | None) -> int:
    from bot.app.logging_setup import configure_logging
    from bot.text.catalogue import t

    lang = settings.default_language
    try:
        from bot.sandbox.web import run_web_sandbox
    except ImportError as exc:
        # the module, or its entry point, is not there (a partial install); a failing import inside it is
        # another module's name and is reported as any other error
        if exc.name != "bot.sandbox.web":
            raise
        print(t("cli.web_sandbox_missing", lang), file=sys.stderr)
        return EXIT_FIX
    configure_logging("WARNING", settings.secrets())

    def ready(url: str) -> None:
        print(t("cli.web_sandbox_ready", lang, url=url), flush=True)

    try:
        # 127.0.0.1 only, whatever the settings say: the sandbox has no login
        asyncio.run(run_web_sandbox(settings, host="127.0.0.1", port=port, db_path=db_path, ready=ready))
    except KeyboardInterrupt:
        print(flush=True)
        return EXIT_INTERRUPTED
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from bot.text.catalogue import t
    from storage.db import Database

    settings = _settings(args)
    _database_folder(settings, create=args.create)

    async def main() -> None:
        db = Database(settings.database_path)
        await db.open(migrate=False)
        try:
            applied = await db.migrate()
            version = await db.schema_version()
        finally:
            await db.close()
        print(t("cli.migrated", settings.default_language, path=settings.database_path, version=version,
                count=len(applied), names=", ".join(applied) or "–"))

    asyncio.run(main())
    return EXIT_OK


def _unwritable(folder: Path) -> str | None:
    """Why no file can be made in `folder` (made first if missing), or None when one can."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def cmd_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from bot.text.catalogue import t
    from storage.backup import CopyDamaged, SourceMissing, backup_database, backup_name

    settings = _settings(args)
    lang = settings.default_language
    if args.out is None and settings.backup_dir is None:
        print(t("cli.backup_needs_out", lang), file=sys.stderr)
        return EXIT_USAGE
    named = args.out if args.out is not None else str(settings.backup_dir) + os.sep
    out = Path(named)
    if out.is_dir() or named.endswith(("/", os.sep)):
        out = out / backup_name(settings.database_path, datetime.now(settings.tz))
    if not settings.database_path.is_file():
        print(t("cli.backup_no_source", lang, path=settings.database_path), file=sys.stderr)
        return EXIT_FIX
    # checked first: SQLite reports a target it cannot create as "unable to open database file", which
    # would read as if the bot's own database were unusable
    problem = _unwritable(out.parent)
    if problem is not None:
        print(t("cli.backup_folder_unwritable", lang, folder=out.parent, problem=problem), file=sys.stderr)
        return EXIT_FIX
    try:
        made = backup_database(settings.database_path, out)
    except SourceMissing:
        print(t("cli.backup_no_source", lang, path=settings.database_path), file=sys.stderr)
        return EXIT_FIX
    except CopyDamaged as damage:
        print(t("cli.backup_damaged", lang, problem=damage), file=sys.stderr)
        return EXIT_FIX
    print(t("cli.backup_done", lang, path=made.path, size=f"{made.size / 1_048_576:.1f}",
            version=made.schema_version))
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from bot.app.doctor import run_doctor
    from bot.app.logging_setup import configure_logging
    from bot.app.settings import unknown_variables

    # typos are reported as doctor lines, not as warnings on top
    settings = _settings(args, warn=False)
    configure_logging("WARNING", settings.secrets())
    return asyncio.run(run_doctor(settings, quick=args.quick, unknown=unknown_variables()))


def cmd_import_units(args: argparse.Namespace) -> int:
    from bot.app.cli_tasks import import_units_file

    settings = _settings(args)
    _database_folder(settings)
    return asyncio.run(import_units_file(settings, args.bloc, args.year, Path(args.file)))


def cmd_import_criteria(args: argparse.Namespace) -> int:
    from bot.app.cli_tasks import import_criteria_file

    settings = _settings(args)
    _database_folder(settings)
    return asyncio.run(import_criteria_file(settings, args.bloc, args.year, Path(args.file), args.reason))


def cmd_export(args: argparse.Namespace) -> int:
    from bot.app.cli_tasks import export_year

    settings = _settings(args)
    if not args.sample:
        _database_folder(settings)
    return asyncio.run(export_year(settings, args.bloc, args.year, Path(args.out), args.sample))


def cmd_zalo_oa_authorize(args: argparse.Namespace) -> int:
    from bot.app.cli_tasks import zalo_oa_authorize

    settings = _settings(args)
    _database_folder(settings)
    return asyncio.run(zalo_oa_authorize(settings))


def main(argv: list[str] | None = None) -> int:
    from bot.app.logging_setup import configure_logging
    from bot.text.catalogue import t

    parser = argparse.ArgumentParser(prog="bot.py", description=t("cli.description", "en"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--config", help="TOML settings file (also KTD_CONFIG)")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    sub.add_parser("run", help="run the bot (long polling, or a webhook if KTD_WEBHOOK_URL is set); needs a token")
    sandbox = sub.add_parser("sandbox", help="no token needed: a local Bot API double, the bot, a sample "
                                             "bloc and a terminal chat as any representative (--web: in a browser)")
    sandbox.add_argument("--sandbox-db", help="database file for the sandbox (default: a fresh temporary one)")
    sandbox.add_argument("--web", action="store_true", help="a page on 127.0.0.1 instead of the terminal chat")
    sandbox.add_argument("--port", type=int, default=DEFAULT_WEB_PORT,
                         help=f"the page's port with --web (default {DEFAULT_WEB_PORT})")
    migrate = sub.add_parser("migrate", help="create or upgrade the database schema, then exit")
    migrate.add_argument("--create", action="store_true",
                         help="also create the database's folder if it does not exist")
    backup = sub.add_parser("backup", help="a consistent copy of the database, safe while the bot runs")
    backup.add_argument("--out", help="the copy's file, or a folder to put a dated copy in (default: KTD_BACKUP_DIR)")
    doctor = sub.add_parser("doctor", help="check settings, token, webhook, database, disk, clock and backups; "
                                           "exit 0 when all is well, 1 otherwise")
    doctor.add_argument("--quick", action="store_true",
                        help="the container health check: no full integrity check, webhook or backup checks")
    imp = sub.add_parser("import-units", help="import a bloc's member units from a CSV or xlsx file")
    imp.add_argument("--bloc", required=True, help="the bloc's name (created if it does not exist)")
    imp.add_argument("--year", required=True, type=int, help="the year, e.g. 2026")
    imp.add_argument("file", help=t("cli.import_file", "en"))
    crit = sub.add_parser("import-criteria", help="load a bloc-year's criteria table from a CSV or xlsx file, "
                                                  "as a new version")
    crit.add_argument("--bloc", required=True, help="the bloc's name (created if it does not exist)")
    crit.add_argument("--year", required=True, type=int, help="the year, e.g. 2026")
    crit.add_argument("--reason", help="required once a unit has submitted: why the table changes")
    crit.add_argument("file", help="the .csv or .xlsx file (python bot.py sandbox shows the template)")
    exp = sub.add_parser("export", help="write every document of a bloc-year (xlsx summary, docx minutes and "
                                        "submission, PNG charts) into a folder")
    exp.add_argument("--bloc", help="the bloc's name")
    exp.add_argument("--year", type=int, help="the year, e.g. 2026")
    exp.add_argument("--sample", action="store_true", help="the documents of a filled-in sample year instead")
    exp.add_argument("--out", required=True, help="the folder to write into (created if missing)")
    sub.add_parser("zalo-oa-authorize", help="authorize the Zalo Official Account: print the permission link, "
                                             "take the code and store the OA's tokens")
    args = parser.parse_args(argv)
    # until a subcommand sets up its own: whatever fails is still one redacted line, never a traceback
    configure_logging("WARNING", ())
    handlers = {"run": cmd_run, "sandbox": cmd_sandbox, "migrate": cmd_migrate, "backup": cmd_backup,
                "doctor": cmd_doctor, "import-units": cmd_import_units,
                "import-criteria": cmd_import_criteria, "export": cmd_export,
                "zalo-oa-authorize": cmd_zalo_oa_authorize,
                None: cmd_default}
    try:
        return handlers[args.command](args)
    except Exception as exc:
        from bot.app.start_failure import report

        return report(exc, database=_database_in_use)


if __name__ == "__main__":
    raise SystemExit(main())
