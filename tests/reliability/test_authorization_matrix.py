"""The authorization matrix: every command and every button action of the router, pressed by each kind of
person — a stranger, the representative of unit A, of unit B, a removed representative, the head (a
representative of the head unit, admin of this bloc-year only) and a super-admin — with arguments aimed
at unit A's rows, the year's, and another bloc's. After each, the database is compared row by row with
what that person may change, stated as data in MAY_CHANGE: a stranger and a removed representative only
their own traces; a representative also their own person, unit and sheet; the head anything of their own
bloc-year but nothing of another bloc and no bloc at all (creating blocs is for super-admins); a
super-admin anything. No press, whoever makes it, may end in an ERROR log line.

The actions and commands are read from the router at test time, so a renamed or added one is covered
without editing this file. The router and services are the real ones on a real SQLite file; the channel is
left out (it only turns updates into Inbound messages, tested in tests/e2e), so the whole matrix of
several thousand presses runs in seconds."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FakeClock
from bot.domain.criteria_import import sample_criteria
from bot.services.container import Services
from bot.services.sample_bloc import HEAD_UNIT, join_as, seed_sample_bloc
from bot.text.messages import FileRef, Inbound, Kind, Sender
from handlers.base import ChannelContext, Router
from handlers.registry import build_router
from storage.db import Database

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
SUPER_ADMIN = 900001
UNIT_A = "Ban Tổ chức Tỉnh ủy"
UNIT_B = "Ban Nội chính Tỉnh ủy"
UNIT_C = "Ủy ban Kiểm tra Tỉnh ủy"
# rows that an attempt may leave behind for the actor alone: their dialog, the throttle on wrong invite codes,
# and the first contact of a stranger (who wrote, so that a later invite code can be checked against it)
OWN_TRACES = {"dialog_state", "invite_attempt"}
# the year's default title list is written the first time anyone opens registration; only that first filling
# of an empty table is let through
FILLED_ON_FIRST_USE = {"title_option"}
OTHER_BLOC = "Khối các cơ quan tham mưu, giúp việc"
OTHER_UNIT = "Sở Nội vụ"

# what each person may change, by kind of row: "traces" (their own dialog, throttle and first contact),
# "unit" (their own person, unit and sheets), "year" (whatever belongs to the bloc they administer, and
# nothing of another bloc), "all"
MAY_CHANGE: dict[str, frozenset[str]] = {
    "stranger": frozenset({"traces"}),
    "rep_a": frozenset({"traces", "unit"}),
    "rep_b": frozenset({"traces", "unit"}),
    "rep_c": frozenset({"traces", "unit"}),  # removed from unit C: no unit of their own any more
    "head": frozenset({"traces", "unit", "year"}),
    "super_admin": frozenset({"all"}),
}
# tables whose rows say which bloc they belong to by their own id, as other tables say it by a column
ID_IS = {"bloc": "bloc_id", "bloc_year": "year_id", "unit": "unit_id", "sheet": "sheet_id", "vote": "vote_id",
         "notice": "notice_id"}


def sender(user_id: int, name: str) -> Sender:
    return Sender("telegram", str(user_id), str(user_id), name)


async def no_file(_: FileRef) -> bytes:
    return b""


CHANNEL = ChannelContext(deep_link=lambda payload: f"https://t.me/KhoiThiDuaBot?start={payload}", fetch_file=no_file)


def rows_of(path: Path) -> dict[str, set[tuple]]:
    with sqlite3.connect(path) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
        return {table: set(conn.execute(f'SELECT * FROM "{table}"')) for table in tables}


def columns_of(path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
        return {t: [c for (c,) in conn.execute("SELECT name FROM pragma_table_info(?)", (t,))] for t in tables}


def changed_rows(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> dict[str, set[tuple]]:
    return {table: (after[table] ^ before.get(table, set())) for table in after
            if after[table] != before.get(table, set())}


class Year:
    """The sample year: the head unit's representative, one representative each for units A, B and C (C's is
    then removed), the sample criteria table, and A's sheet with one score and one piece of evidence."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.clock = FakeClock(START)

    async def build(self) -> None:
        self.db = Database(self.path)
        await self.db.open()
        self.services = Services.build(self.db, self.clock, TZ, frozenset({SUPER_ADMIN}))
        self.router: Router = build_router(self.services)
        admin = sender(SUPER_ADMIN, "Quản trị")
        await self.services.people.resolve(admin)
        self.sample = await seed_sample_bloc(self.services, admin, 2026)
        self.head = sender(100, "Nguyễn Thị Hoa")
        self.rep_a, self.rep_b, self.rep_c = sender(101, "Đại diện A"), sender(102, "Đại diện B"), sender(103, "C")
        for who, unit in ((self.head, HEAD_UNIT), (self.rep_a, UNIT_A), (self.rep_b, UNIT_B), (self.rep_c, UNIT_C)):
            await join_as(self.services, who, self.sample.invites[unit])
        head = await self.services.people.resolve(self.head)
        await self.services.assessment.load_table(head, sample_criteria(), "sample")
        rep_a = await self.services.people.resolve(self.rep_a)
        first = sample_criteria().criteria[0]
        await self.services.assessment.set_self_score(rep_a, first.code, "1")
        _, units = await self.services.onboarding.units(head)
        card_c = next(u for u in units if u.unit.name == UNIT_C)
        await self.services.onboarding.remove_representative(head, card_c.reps[0].id)
        self.stranger = sender(999, "Người lạ")
        self.super_admin = admin
        self.unit_ids = {name: unit.id for name, unit in self.sample.units.items()}
        # another bloc, with a unit of its own and a representative, which only a super-admin may touch
        actor = await self.services.people.resolve(admin)
        await self.services.onboarding.create_bloc(actor, OTHER_BLOC, 2026)
        actor = await self.services.people.resolve(admin)
        _, invite = await self.services.onboarding.add_unit(actor, OTHER_UNIT)
        await join_as(self.services, sender(104, "Đại diện khối khác"), invite)
        with sqlite3.connect(self.path) as conn:
            self.other_bloc = conn.execute("SELECT id FROM bloc WHERE name = ?", (OTHER_BLOC,)).fetchone()[0]
            self.other_unit = conn.execute("SELECT id FROM unit WHERE name = ?", (OTHER_UNIT,)).fetchone()[0]
            self.other_year = conn.execute("SELECT id FROM bloc_year WHERE bloc_id = ?",
                                           (self.other_bloc,)).fetchone()[0]
        # the super-admin administers the sample bloc again, as when the matrix was first written
        await self.services.onboarding.focus(await self.services.people.resolve(admin), self.sample.year.id)

    async def close(self) -> None:
        await self.db.close()

    async def send(self, who: Sender, inbound_kind: Kind, **fields: object) -> None:
        await self.router.dispatch(Inbound(who, inbound_kind, **fields), CHANNEL)


@pytest.fixture
async def year(tmp_path):
    built = Year(tmp_path / "bot.sqlite3")
    await built.build()
    yield built
    await built.close()


def argument_sets(year: Year) -> list[str]:
    """Arguments aimed at rows that belong to unit A or to the year: the small ids every table starts with,
    unit A's id, page numbers, yes/no answers, and numbers too large for SQLite."""
    a = year.unit_ids[UNIT_A]
    return ["", "1", "2", "3", str(a), f"{a}:1", f"1:{a}", "1:1", "1:yes", "1:0", "0", "-1", "x", str(2 ** 70),
            str(year.other_unit), str(year.other_year), f"{year.other_year}:{year.other_unit}"]


def other_bloc_keys(year: Year) -> dict[str, set[int]]:
    """The ids that belong to the other bloc, by the column that names them."""
    with sqlite3.connect(year.path) as conn:
        years = {y for (y,) in conn.execute("SELECT id FROM bloc_year WHERE bloc_id = ?", (year.other_bloc,))}
        marks = ",".join("?" * len(years))

        def ids(sql: str) -> set[int]:
            return {i for (i,) in conn.execute(sql.format(marks=marks), tuple(years))}

        return {"bloc_id": {year.other_bloc}, "year_id": years,
                "unit_id": {u for (u,) in conn.execute("SELECT id FROM unit WHERE bloc_id = ?", (year.other_bloc,))},
                "sheet_id": ids("SELECT id FROM sheet WHERE year_id IN ({marks})"),
                "vote_id": ids("SELECT id FROM vote WHERE year_id IN ({marks})"),
                "notice_id": ids("SELECT id FROM notice WHERE year_id IN ({marks})")}


def of_other_bloc(other: dict[str, set[int]], columns: dict[str, list[str]], table: str, row: tuple) -> bool:
    cols = columns[table]
    if table in ID_IS and row[cols.index("id")] in other[ID_IS[table]]:
        return True
    return any(key in cols and row[cols.index(key)] in ids for key, ids in other.items())


def own_keys(path: Path, who: Sender) -> dict[str, set[int]]:
    """The ids that are the actor's own: for a representative, their person, their unit and its sheets; someone
    with no unit (a stranger, a removed representative) owns nothing but their traces."""
    with sqlite3.connect(path) as conn:
        person = {p for (p,) in conn.execute(
            "SELECT person_id FROM channel_identity WHERE channel = ? AND external_id = ?", (who.channel, who.user_id))}
        marks = ",".join("?" * len(person))
        units = {u for (u,) in conn.execute(
            f"SELECT unit_id FROM representative WHERE removed_at IS NULL AND person_id IN ({marks})", tuple(person))}
        sheets = {s for (s,) in conn.execute(
            f"SELECT id FROM sheet WHERE unit_id IN ({','.join('?' * len(units))})", tuple(units))}
    return {"person_id": person if units else set(), "unit_id": units, "sheet_id": sheets}


def allowed_for(own: dict[str, set[int]], columns: dict[str, list[str]], table: str, row: tuple,
                may: frozenset[str] = frozenset({"traces", "unit"}), other: dict[str, set[int]] | None = None) -> bool:
    """Whether a changed row is the actor's business: their traces, their person, their unit's rows, and for
    the head the rows of their bloc (any row that is not the other bloc's, and no bloc)."""
    if "all" in may:
        return True
    if table in OWN_TRACES:
        return True
    if "year" in may and other is not None and table != "bloc" and not of_other_bloc(other, columns, table, row):
        return True
    cols = columns[table]
    if table == "person" and row[cols.index("id")] in own["person_id"]:
        return True
    return any(key in cols and row[cols.index(key)] in ids for key, ids in own.items())


def own_bloc_updated(before: dict[str, set[tuple]], table: str, row: tuple, may: frozenset[str],
                     other: dict[str, set[int]] | None) -> bool:
    """The head may change their own bloc's settings (the document header, /vanban): a bloc row that existed
    before, is not the other bloc's, and was only updated, never a bloc created."""
    if "year" not in may or other is None or table != "bloc":
        return False
    return row[0] in {r[0] for r in before.get("bloc", set())} and row[0] not in other["bloc_id"]


def breaches_of(year: Year, who: Sender, before: dict[str, set[tuple]], what: str,
                columns: dict[str, list[str]], may: frozenset[str] = frozenset({"traces", "unit"})) -> list[str]:
    after = rows_of(year.path)
    changed = changed_rows(before, after)
    if not changed:
        return []
    own = own_keys(year.path, who)
    other = other_bloc_keys(year) if "year" in may else None
    found = []
    for table, rows in changed.items():
        if table in FILLED_ON_FIRST_USE and not before.get(table) and before.get(table, set()) <= after[table]:
            continue
        found += [f"{what} → {table} {row}" for row in rows
                  if not allowed_for(own, columns, table, row, may, other)
                  and not own_bloc_updated(before, table, row, may, other)]
    return found


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name}: {record.getMessage()}")


@pytest.mark.parametrize("actor", sorted(MAY_CHANGE))
async def test_no_button_or_command_changes_what_its_presser_may_not_change(year, actor):
    who: Sender = getattr(year, actor)
    may = MAY_CHANGE[actor]
    columns = columns_of(year.path)
    breaches: list[str] = []
    errors = Errors()
    logging.getLogger().addHandler(errors)
    actions = sorted({*year.router.choices, *year.router.stranger_choices})
    commands = sorted({*year.router.commands, *year.router.stranger_commands})
    assert len(actions) > 50 and len(commands) > 10  # the matrix covers the whole router
    try:
        for prefix in actions:
            for args in argument_sets(year):
                before = rows_of(year.path)
                await year.send(who, Kind.CHOICE, choice=f"{prefix}:{args}" if args else prefix)
                # a pending dialog step may take the next text: type into it, as a person would
                await year.send(who, Kind.TEXT, text="1")
                breaches += breaches_of(year, who, before, f"{actor} {prefix}:{args}", columns, may)
        for command in commands:
            for text in ("", "1", str(year.unit_ids[UNIT_A]), str(year.other_unit)):
                before = rows_of(year.path)
                await year.send(who, Kind.COMMAND, command=command, text=text)
                await year.send(who, Kind.TEXT, text="Đồng ý")
                breaches += breaches_of(year, who, before, f"{actor} /{command} {text}", columns, may)
    finally:
        logging.getLogger().removeHandler(errors)
    print(f"\nauthorization matrix, {actor}: {len(actions)} actions × {len(argument_sets(year))} arguments, "
          f"{len(commands)} commands × 4 texts; {len(breaches)} breaches, {len(errors.lines)} ERROR lines")
    assert breaches == [], "\n".join(breaches)
    assert errors.lines == [], "\n".join(errors.lines)


async def test_the_head_cannot_create_a_bloc(year):
    """The super-admin-only step the head is most likely to reach: the bloc dialog, typed through."""
    before = rows_of(year.path)
    columns = columns_of(year.path)
    for who in (year.head, year.rep_a):
        await year.send(who, Kind.COMMAND, command="taokhoi", text="")
        await year.send(who, Kind.TEXT, text="Khối mới của trưởng khối")
        await year.send(who, Kind.TEXT, text="2026")
    assert not breaches_of(year, year.head, before, "head creates a bloc", columns, MAY_CHANGE["head"])
    with sqlite3.connect(year.path) as conn:
        assert conn.execute("SELECT count(*) FROM bloc").fetchone()[0] == 2


async def test_the_matrix_would_see_a_breach(year):
    """The same check, pressed by the head, does see the year's rows change: the comparison is not blind."""
    columns = columns_of(year.path)
    before = rows_of(year.path)
    head = await year.services.people.resolve(year.head)
    await year.services.assessment.load_table(head, sample_criteria(), "again")
    assert breaches_of(year, year.rep_b, before, "the head loads a table", columns)
    assert not breaches_of(year, year.head, before, "the head loads a table", columns, MAY_CHANGE["head"])


async def test_the_matrix_would_see_the_head_reach_another_bloc_or_create_one(year):
    """What only a super-admin may do — a bloc, another bloc's unit — is a breach for the head, not for the
    super-admin: the head's row of the table is not blind either."""
    columns = columns_of(year.path)
    before = rows_of(year.path)
    admin = await year.services.people.resolve(year.super_admin)
    await year.services.onboarding.create_bloc(admin, "Khối thứ ba", 2026)
    found = breaches_of(year, year.head, before, "a bloc is created", columns, MAY_CHANGE["head"])
    assert any("→ bloc " in line for line in found), found
    assert not breaches_of(year, year.super_admin, before, "a bloc is created", columns, MAY_CHANGE["super_admin"])
    before = rows_of(year.path)
    await year.services.onboarding.focus(admin, year.other_year)
    await year.services.onboarding.add_unit(await year.services.people.resolve(year.super_admin), "Sở Tư pháp")
    found = breaches_of(year, year.head, before, "a unit of the other bloc", columns, MAY_CHANGE["head"])
    assert any("→ unit " in line for line in found), found
