"""The authorization matrix: every command and every button action of the router, pressed by people who
must not act for unit A — a stranger, a representative of another unit, a removed representative — with
arguments aimed at unit A's rows. Whatever each one gets back, nothing of another unit and nothing of the
year changes: only the actor's own unit's rows, their own dialog state and the record of their own attempt
may move.

The router and services are the real ones on a real SQLite file; the channel is left out (it only turns
updates into Inbound messages, tested in tests/e2e), so the whole matrix of several thousand presses runs
in seconds."""

from __future__ import annotations

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
        self.unit_ids = {name: unit.id for name, unit in self.sample.units.items()}

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
    return ["", "1", "2", "3", str(a), f"{a}:1", f"1:{a}", "1:1", "1:yes", "1:0", "0", "-1", "x", str(2 ** 70)]


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


def allowed_for(own: dict[str, set[int]], columns: dict[str, list[str]], table: str, row: tuple) -> bool:
    """Whether a changed row is the actor's own business: their traces, their person, their unit's rows."""
    if table in OWN_TRACES:
        return True
    cols = columns[table]
    if table == "person" and row[cols.index("id")] in own["person_id"]:
        return True
    return any(key in cols and row[cols.index(key)] in ids for key, ids in own.items())


def breaches_of(year: Year, who: Sender, before: dict[str, set[tuple]], what: str,
                columns: dict[str, list[str]]) -> list[str]:
    after = rows_of(year.path)
    own = own_keys(year.path, who)
    found = []
    for table, rows in changed_rows(before, after).items():
        if table in FILLED_ON_FIRST_USE and not before.get(table) and before.get(table, set()) <= after[table]:
            continue
        found += [f"{what} → {table} {row}" for row in rows if not allowed_for(own, columns, table, row)]
    return found


ACTORS = ("stranger", "rep_b", "rep_c")


@pytest.mark.parametrize("actor", ACTORS)
async def test_no_button_or_command_lets_an_outsider_change_another_units_or_the_years_rows(year, actor):
    who: Sender = getattr(year, actor)
    columns = columns_of(year.path)
    breaches: list[str] = []
    actions = sorted({*year.router.choices, *year.router.stranger_choices})
    commands = sorted({*year.router.commands, *year.router.stranger_commands})
    assert len(actions) > 50 and len(commands) > 10  # the matrix covers the whole router
    for prefix in actions:
        for args in argument_sets(year):
            before = rows_of(year.path)
            await year.send(who, Kind.CHOICE, choice=f"{prefix}:{args}" if args else prefix)
            # a pending dialog step may take the next text: type into it, as a person would
            await year.send(who, Kind.TEXT, text="1")
            breaches += breaches_of(year, who, before, f"{actor} {prefix}:{args}", columns)
    for command in commands:
        for text in ("", "1", str(year.unit_ids[UNIT_A])):
            before = rows_of(year.path)
            await year.send(who, Kind.COMMAND, command=command, text=text)
            await year.send(who, Kind.TEXT, text="Đồng ý")
            breaches += breaches_of(year, who, before, f"{actor} /{command} {text}", columns)
    assert breaches == [], "\n".join(breaches)


async def test_the_matrix_would_see_a_breach(year):
    """The same check, pressed by the head, does see the year's rows change: the comparison is not blind."""
    columns = columns_of(year.path)
    before = rows_of(year.path)
    head = await year.services.people.resolve(year.head)
    await year.services.assessment.load_table(head, sample_criteria(), "again")
    assert breaches_of(year, year.rep_b, before, "the head loads a table", columns)
