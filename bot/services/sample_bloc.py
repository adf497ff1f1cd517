"""The sample bloc used by the sandbox and the tests: the Hưng Yên bloc of provincial Party bodies."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.unit_import import UnitImport, UnitRow
from bot.services.container import Services
from bot.services.onboarding import Joined
from bot.text.messages import Sender
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
HEAD_UNIT = "Văn phòng Tỉnh ủy"
DEPUTY_UNIT = "Ban Tuyên giáo và Dân vận Tỉnh ủy"


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
    _, pairs = await services.onboarding.all_invites(actor)
    actor = await services.people.resolve(admin)
    assert actor.year is not None and actor.year.id == created.id
    return SampleBloc(actor.year, units, {unit.name: invite for unit, invite in pairs})


async def join_as(services: Services, sender: Sender, invite: Invite) -> Joined:
    return await services.onboarding.join(sender, invite.code)
