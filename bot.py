"""Command line of the emulation-bloc bot. `python bot.py --help` lists the subcommands."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path


def _settings(args: argparse.Namespace):
    from bot.app.settings import SettingsError, load_settings
    from bot.text.catalogue import t

    try:
        return load_settings(toml_file=Path(args.config) if args.config else None)
    except SettingsError as exc:
        print(t("cli.bad_config", "vi", problem=exc), file=sys.stderr)
        raise SystemExit(2) from None


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

    settings = _settings(args)
    configure_logging(settings.log_level, settings.secrets())
    if not settings.telegram_token and not settings.zalo_token:
        from bot.text.catalogue import t

        print(t("cli.no_token", settings.default_language))
        return cmd_sandbox(args)

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
        return report(exc, settings.default_language)
    return 0


def cmd_sandbox(args: argparse.Namespace) -> int:
    from bot.app.logging_setup import configure_logging
    from bot.sandbox.run import run_sandbox

    settings = _settings(args)
    configure_logging("WARNING", settings.secrets())
    try:
        asyncio.run(run_sandbox(settings, Path(args.sandbox_db) if getattr(args, "sandbox_db", None) else None))
    except KeyboardInterrupt:
        # Ctrl+C is how people leave a terminal program: no traceback. The sandbox has cleaned up by now;
        # only the thread waiting in input() is left, and a normal interpreter exit would abort on the
        # stdin lock it holds, so leave at once
        print(flush=True)
        os._exit(130)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from bot.text.catalogue import t
    from storage.db import Database

    settings = _settings(args)

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
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from bot.text.catalogue import t
    from storage.backup import CopyDamaged, SourceMissing, backup_database, backup_name

    settings = _settings(args)
    out = Path(args.out)
    if out.is_dir() or args.out.endswith(("/", os.sep)):
        out = out / backup_name(settings.database_path, datetime.now(settings.tz))
    try:
        made = backup_database(settings.database_path, out)
    except SourceMissing:
        print(t("cli.backup_no_source", settings.default_language, path=settings.database_path), file=sys.stderr)
        return 2
    except CopyDamaged as damage:
        print(t("cli.backup_damaged", settings.default_language, problem=damage), file=sys.stderr)
        return 1
    print(t("cli.backup_done", settings.default_language, path=made.path, size=f"{made.size / 1_048_576:.1f}",
            version=made.schema_version))
    return 0


def cmd_import_units(args: argparse.Namespace) -> int:
    from bot.app.cli_tasks import import_units_file

    settings = _settings(args)
    return asyncio.run(import_units_file(settings, args.bloc, args.year, Path(args.file)))


def cmd_import_criteria(args: argparse.Namespace) -> int:
    from bot.app.cli_tasks import import_criteria_file

    settings = _settings(args)
    return asyncio.run(import_criteria_file(settings, args.bloc, args.year, Path(args.file), args.reason))


def cmd_export(args: argparse.Namespace) -> int:
    from bot.app.cli_tasks import export_year

    settings = _settings(args)
    return asyncio.run(export_year(settings, args.bloc, args.year, Path(args.out), args.sample))


def main(argv: list[str] | None = None) -> int:
    from bot.app.logging_setup import configure_logging
    from bot.text.catalogue import t

    parser = argparse.ArgumentParser(prog="bot.py", description=t("cli.description", "en"))
    parser.add_argument("--config", help="TOML settings file (also KTD_CONFIG)")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    sub.add_parser("run", help="run the bot (long polling, or a webhook if KTD_WEBHOOK_URL is set)")
    sandbox = sub.add_parser("sandbox", help="no token needed: a local Bot API double, the bot, a sample "
                                             "bloc and a terminal chat as any representative")
    sandbox.add_argument("--sandbox-db", help="database file for the sandbox (default: a fresh temporary one)")
    sub.add_parser("migrate", help="create or upgrade the database schema, then exit")
    backup = sub.add_parser("backup", help="a consistent copy of the database, safe while the bot runs")
    backup.add_argument("--out", required=True, help="the copy's file, or a folder to put a dated copy in")
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
    args = parser.parse_args(argv)
    # until a subcommand sets up its own: whatever fails is still one redacted line, never a traceback
    configure_logging("WARNING", ())
    handlers = {"run": cmd_run, "sandbox": cmd_sandbox, "migrate": cmd_migrate, "backup": cmd_backup,
                "import-units": cmd_import_units,
                "import-criteria": cmd_import_criteria, "export": cmd_export,
                None: cmd_run}
    try:
        return handlers[args.command](args)
    except Exception as exc:
        from bot.app.start_failure import report

        return report(exc)


if __name__ == "__main__":
    raise SystemExit(main())
