"""The audit trail in chat: the admins of the year read who did what and when, newest first, a page at a time.

Choice data is `nk:<unit id, 0 for all>:<group of actions, - for all>:<page>`; the service re-checks the
reader and the filters, so a forged press shows nothing more than the admin menu would.
"""

from __future__ import annotations

from bot.services.audit import KINDS
from bot.text.messages import Choice
from handlers.base import Context, Router, StaleChoice

PAGE_SIZE = 8  # eight lines stay well under Zalo's 2,000 characters a message
ALL = "-"


def _data(unit_id: int, kind: str | None) -> str:
    return f"nk:{unit_id}:{kind or ALL}"


def _filters(ctx: Context) -> tuple[int, str | None, int]:
    """The unit, the group and the page of a pressed choice; no arguments is the whole trail's first page."""
    if not ctx.args:
        return 0, None, 0
    if len(ctx.args) != 3:
        raise StaleChoice
    unit_id, page = ctx.int_arg(0), ctx.int_arg(2)
    kind = ctx.arg(1)
    return unit_id, None if kind == ALL else kind, page


def register(router: Router) -> None:
    @router.command("nhatky")
    async def trail_command(ctx: Context) -> None:
        await show(ctx, 0, None, 0, edit=False)

    @router.choice("nk")
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
        lines, page, pages, nav = ctx.page(trail.lines, page, PAGE_SIZE, _data(unit_id, kind))
        params = {"bloc": trail.year.bloc_name, "year": trail.year.year, "filters": filters}
        if lines:
            text = ctx.t("audit.title", page=page + 1, pages=pages, count=len(trail.lines), **params)
            for line in lines:
                who = ctx.t("audit.who", name=line.who, unit=line.unit) if line.unit else line.who
                text += "\n\n" + ctx.t("audit.line", when=ctx.when(line.at), who=who, what=line.what)
        else:
            text = ctx.t("audit.empty", **params)
        rows = [nav, [ctx.choice("audit.by_unit", f"nd:{kind or ALL}"), ctx.choice("audit.by_kind", f"nv:{unit_id}")]]
        if unit_id or kind:
            rows.append([ctx.choice("audit.clear", "nk:0:-:0")])
        rows.append([ctx.choice("back.admin", "am")])
        ctx.reply(text, *rows, edit=edit, raw=True)

    @router.choice("nd")
    async def choose_unit(ctx: Context) -> None:
        kind = ctx.arg(0) or ALL
        if kind != ALL and kind not in KINDS:
            raise StaleChoice
        units = await ctx.services.audit.units(ctx.actor)
        rows = [[ctx.choice("audit.all_units", f"{_data(0, kind)}:0")]]
        rows += [[Choice(u.name, f"{_data(u.id, kind)}:0")] for u in units]
        rows.append([ctx.choice("audit.back", f"{_data(0, kind)}:0")])
        ctx.reply("audit.choose_unit", *rows, edit=True)

    @router.choice("nv")
    async def choose_kind(ctx: Context) -> None:
        unit_id = ctx.int_arg(0)
        units = await ctx.services.audit.units(ctx.actor)  # re-checks the reader too
        if unit_id and unit_id not in {u.id for u in units}:
            raise StaleChoice
        rows = [[ctx.choice("audit.all_kinds", f"{_data(unit_id, None)}:0")]]
        rows += [[ctx.choice(f"audit.kind.{kind}", f"{_data(unit_id, kind)}:0")] for kind in KINDS]
        rows.append([ctx.choice("audit.back", f"{_data(unit_id, None)}:0")])
        ctx.reply("audit.choose_kind", *rows, edit=True)
