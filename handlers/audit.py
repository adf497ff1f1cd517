"""The audit trail in chat: the admins of the year read who did what and when, newest first, a page at a time.

Choice data is `nk:<unit id, 0 for all>:<group of actions, - for all>:<page>`; the service re-checks the
reader and the filters, so a forged press shows nothing more than the admin menu would.
"""

from __future__ import annotations

from bot.services.audit import KINDS
from bot.text.messages import Choice
from handlers import actions as a
from handlers.base import Context, StaleChoice
from handlers.dialog import START, Command, Dialog, Edge

PAGE_SIZE = 8  # eight lines stay well under Zalo's 2,000 characters a message
ALL = "-"


def _filters(ctx: Context) -> tuple[int, str | None, int]:
    """The unit, the group and the page of a pressed choice; no arguments is the whole trail's first page."""
    if not ctx.args:
        return 0, None, 0
    if len(ctx.args) != 3:
        raise StaleChoice
    unit_id, page = ctx.int_arg(0), ctx.int_arg(2)
    kind = ctx.arg(1)
    return unit_id, None if kind == ALL else kind, page


async def trail_command(ctx: Context) -> None:
    await show(ctx, 0, None, 0, edit=False)


async def trail_choice(ctx: Context) -> None:
    unit_id, kind, page = _filters(ctx)
    await show(ctx, unit_id, kind, page, edit=True)


async def show(ctx: Context, unit_id: int, kind: str | None, page: int, edit: bool) -> None:
    trail = await ctx.services.audit.trail(ctx.actor, unit_id or None, kind)
    filters = ""
    if trail.unit is not None:
        filters += ctx.t("audit.filter.unit", unit=trail.unit.name)
    if trail.kind is not None:
        filters += ctx.t("audit.filter.kind", kind=ctx.t(f"audit.kind.{trail.kind}"))
    lines, page, pages, nav = ctx.page(trail.lines, page, PAGE_SIZE, a.AUDIT, unit_id, kind or ALL)
    params = {"bloc": trail.year.bloc_name, "year": trail.year.year, "filters": filters}
    if lines:
        text = ctx.t("audit.title", page=page + 1, pages=pages, count=len(trail.lines), **params)
        for line in lines:
            who = ctx.t("audit.who", name=line.who, unit=line.unit) if line.unit else line.who
            text += "\n\n" + ctx.t("audit.line", when=ctx.when(line.at), who=who, what=line.what)
    else:
        text = ctx.t("audit.empty", **params)
    rows = [nav, [ctx.button("audit.by_unit", a.AUDIT_UNITS, kind or ALL),
                  ctx.button("audit.by_kind", a.AUDIT_KINDS, unit_id)]]
    if unit_id or kind:
        rows.append([ctx.button("audit.clear", a.AUDIT, 0, ALL, 0)])
    rows.append([ctx.button("back.admin", a.ADMIN_MENU)])
    ctx.reply(text, *rows, edit=edit, raw=True)


async def choose_unit(ctx: Context) -> None:
    kind = ctx.arg(0) or ALL
    if kind != ALL and kind not in KINDS:
        raise StaleChoice
    units = await ctx.services.audit.units(ctx.actor)
    rows = [[ctx.button("audit.all_units", a.AUDIT, 0, kind, 0)]]
    rows += [[Choice(u.name, a.AUDIT.data(u.id, kind, 0))] for u in units]
    rows.append([ctx.button("audit.back", a.AUDIT, 0, kind, 0)])
    ctx.reply("audit.choose_unit", *rows, edit=True)


async def choose_kind(ctx: Context) -> None:
    unit_id = ctx.int_arg(0)
    units = await ctx.services.audit.units(ctx.actor)  # re-checks the reader too
    if unit_id and unit_id not in {u.id for u in units}:
        raise StaleChoice
    rows = [[ctx.button("audit.all_kinds", a.AUDIT, unit_id, ALL, 0)]]
    rows += [[ctx.button(f"audit.kind.{kind}", a.AUDIT, unit_id, kind, 0)] for kind in KINDS]
    rows.append([ctx.button("audit.back", a.AUDIT, unit_id, ALL, 0)])
    ctx.reply("audit.choose_kind", *rows, edit=True)


TRAIL = "Trail"
UNITS = "Units"
KINDS_SCREEN = "Kinds"

DIALOG = Dialog(
    "The audit trail", ("handlers/audit.py",), (), (
        Edge(START, Command("nhatky"), trail_command, (TRAIL,),
             "admins of the year; newest first, a page at a time; never a ballot's choice"),
        Edge(START, a.AUDIT, trail_choice, (TRAIL,), "the previous or next page, or no filter"),
        Edge(TRAIL, a.AUDIT_UNITS, choose_unit, (UNITS,)),
        Edge(UNITS, a.AUDIT, trail_choice, (TRAIL,),
             "one unit: what its representatives did or what concerned it; or every unit"),
        Edge(TRAIL, a.AUDIT_KINDS, choose_kind, (KINDS_SCREEN,)),
        Edge(KINDS_SCREEN, a.AUDIT, trail_choice, (TRAIL,), "one kind of action, or every kind"),
    ))
