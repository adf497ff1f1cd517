"""A link code shown before its person was removed as a representative links nothing afterwards."""

from __future__ import annotations

from tests.e2e.harness import forge_press, say, sender_of
from tests.zalo.harness import zsay
from tests.zalo.test_zalo_linking import bloc, join_on_telegram, link_code, person_of  # noqa: F401 - fixture


async def test_a_code_shown_before_the_removal_links_nothing(harness, bloc):  # noqa: F811
    tg = await join_on_telegram(harness, bloc, "Ban Tổ chức Tỉnh ủy", "Vũ Thị Lan")
    code = link_code((await say(tg, "/lienket"))["text"])
    actor = await harness.services.people.resolve(sender_of(tg))
    assert actor.rep is not None
    admin = harness.admin(0)
    admin.skip_to_now()
    await forge_press(harness, admin, f"ry:{actor.rep.id}")
    assert (await admin.next_message())["text"].startswith("Đã gỡ đồng chí Vũ Thị Lan")
    zalo = harness.zalo_user("Vũ Thị Lan")
    reply = await zsay(zalo, f"/lienket {code}")
    assert reply.startswith("Xin lỗi, tài khoản này hiện không còn là đại diện của đơn vị nào")
    await harness.settle()
    assert await person_of(harness, "zalo", zalo.id) is None
