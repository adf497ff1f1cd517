"""The sample bloc used by the sandbox and the tests: the Hưng Yên bloc of provincial Party bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from bot.domain.unit_import import UnitImport, UnitRow
from bot.services.container import Services
from bot.services.onboarding import Joined
from bot.text.messages import Sender
from storage import movements as movement_repo
from storage.rows import BlocYear, Invite, Unit

SAMPLE_BLOC = "Khối các ban, đơn vị, cơ quan Đảng tỉnh"
SAMPLE_UNITS: tuple[tuple[str, str], ...] = (
    ("Văn phòng Tỉnh ủy", "VPTU"),
    ("Ban Tổ chức Tỉnh ủy", "BTC"),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDV"),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT"),
    ("Ban Nội chính Tỉnh ủy", "BNC"),
    ("Đảng ủy các cơ quan Đảng tỉnh", "ĐUCQĐ"),
    ("Báo và Phát thanh, Truyền hình Hưng Yên", "BPTTH"),
    ("Trường Chính trị Nguyễn Văn Linh", "TCT"),
)
# the sandbox's people: a system administrator, the head unit's representative, newcomers
SANDBOX_BOT_NAME = "Khối thi đua (thử)"
SANDBOX_ADMIN = ("Quản trị", "Hệ thống")
SANDBOX_HEAD_REP = ("Nguyễn Thị", "Hoa")
NEW_USER_NAMES = (
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang",
    "Đặng Văn Hùng", "Bùi Thị Lan",
)
# what the sample bloc's documents print above its name and on their date line
SAMPLE_SUPERIOR = "Tỉnh ủy Hưng Yên"
SAMPLE_PLACE = "Hưng Yên"
HEAD_UNIT = "Văn phòng Tỉnh ủy"
DEPUTY_UNIT = "Ban Tuyên giáo và Dân vận Tỉnh ủy"


# the sample year's thematic movement, already over: (title, purpose, occasion, plan), the units that reported
# (by index in SAMPLE_UNITS) with their targets and report, and the one proposed for commendation, with why
SAMPLE_MOVEMENT = (
    "Thi đua lập thành tích chào mừng kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam",
    "Phát huy tinh thần trách nhiệm, hoàn thành xuất sắc nhiệm vụ chính trị quý I.",
    "96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2026)",
    "Kế hoạch số 01-KH/KTĐ: các đơn vị đăng ký chỉ tiêu, báo cáo kết quả trước ngày 03/02.",
)
SAMPLE_MOVEMENT_REPORTS = {
    0: ("Hoàn thành 100% văn bản đúng hạn", "Tham mưu ban hành 45 văn bản, 100% đúng hạn."),
    1: ("Hoàn thành hồ sơ nhân sự đại hội", "Hoàn thành 100% hồ sơ nhân sự trước thời hạn 10 ngày."),
    2: ("Tổ chức 3 đợt tuyên truyền", "Tổ chức 4 đợt tuyên truyền, 12.000 lượt người tham gia."),
}
SAMPLE_MOVEMENT_COMMENDED = (1, "Hoàn thành vượt chỉ tiêu, trước thời hạn 10 ngày.")


async def _seed_movement(services: Services, year: BlocYear, units: list[Unit]) -> None:
    """A movement of the first weeks of the year, already closed, so the documents have one to show. Stored as
    data, not launched: it happened before the bot, so nobody is told and no deadline is set."""
    order = {name: i for i, (name, _) in enumerate(SAMPLE_UNITS)}
    by_index = {order[u.name]: u for u in units if u.name in order}
    title, purpose, occasion, plan = SAMPLE_MOVEMENT
    at = services.clock.now()
    starts, ends = date(year.year, 1, 5), date(year.year, 2, 3)
    due = datetime.combine(ends, time(17, 0), services.tz)
    async with services.db.transaction() as conn:
        movement = await movement_repo.create(conn, year.id, title, purpose, starts, ends, occasion, plan, None, due,
                                              [u.id for u in units], at, None)
        for index, (targets, report) in SAMPLE_MOVEMENT_REPORTS.items():
            unit = by_index[index]
            await movement_repo.register(conn, movement.id, unit.id, targets, at, None)
            await movement_repo.set_report_text(conn, movement.id, unit.id, report)
            await movement_repo.submit_report(conn, movement.id, unit.id, at, None)
        index, reason = SAMPLE_MOVEMENT_COMMENDED
        await movement_repo.commend(conn, movement.id, by_index[index].id, reason)
        await movement_repo.close(conn, movement.id, at, None)


@dataclass
class SampleBloc:
    year: BlocYear
    units: dict[str, Unit]
    invites: dict[str, Invite]


async def seed_sample_bloc(services: Services, admin: Sender, year: int, name: str = SAMPLE_BLOC) -> SampleBloc:
    """Creates the sample bloc as the super-admin `admin` would in chat, with head and deputy set."""
    actor = await services.people.resolve(admin)
    created = await services.onboarding.create_bloc(actor, name, year)
    actor = await services.people.resolve(admin)
    rows = [UnitRow(i + 2, name, short, None) for i, (name, short) in enumerate(SAMPLE_UNITS)]
    await services.onboarding.import_units(actor, UnitImport(rows=rows, errors=[]))
    units = {u.unit.name: u.unit for u in (await services.onboarding.units(actor))[1]}
    await services.onboarding.set_role(actor, units[HEAD_UNIT].id, "head")
    await services.onboarding.set_role(actor, units[DEPUTY_UNIT].id, "deputy")
    await services.bloc_settings.set_document_settings(actor, SAMPLE_SUPERIOR, SAMPLE_PLACE)
    await _seed_movement(services, actor.year if actor.year is not None else created, list(units.values()))
    _, pairs = await services.onboarding.all_invites(actor)
    actor = await services.people.resolve(admin)
    assert actor.year is not None and actor.year.id == created.id
    return SampleBloc(actor.year, units, {unit.name: invite for unit, invite in pairs})


async def join_as(services: Services, sender: Sender, invite: Invite) -> Joined:
    return await services.onboarding.join(sender, invite.code)
