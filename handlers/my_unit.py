"""A representative's own unit, and changing one's display name."""

from __future__ import annotations

from handlers import actions as a
from handlers.base import Context
from handlers.dialog import END, START, Command, Dialog, Edge, Typed

RENAME = "rename"
UNIT_CARD = "MyUnit"


def rep_lines(ctx: Context, reps: list) -> str:
    if not reps:
        return ctx.t("unit.no_reps")
    return "\n".join(
        ctx.t("unit.rep_line", name=r.full_name, primary=ctx.t("unit.rep_primary") if r.is_primary else "")
        for r in reps
    )


async def my_unit(ctx: Context, edit: bool) -> None:
    year, view = await ctx.services.onboarding.my_unit(ctx.actor)
    role = ctx.t("unit.role.head") if view.is_head else ctx.t("unit.role.deputy") if view.is_deputy else ""
    ctx.reply("unit.card", [ctx.button("menu.back", a.MAIN_MENU)], edit=edit, unit=view.unit.name,
              bloc=year.bloc_name, year=year.year, role=role, reps=rep_lines(ctx, view.reps))


async def my_unit_command(ctx: Context) -> None:
    await my_unit(ctx, edit=False)


async def my_unit_choice(ctx: Context) -> None:
    await my_unit(ctx, edit=True)


async def ask_name(ctx: Context) -> None:
    await ctx.set_state(RENAME)
    ctx.reply("rename.ask", name=ctx.actor.display_name)


async def rename_command(ctx: Context) -> None:
    if ctx.inbound.text.strip():
        name = await ctx.services.people.rename(ctx.actor, ctx.inbound.text)
        ctx.reply("rename.done", name=name)
        return
    await ask_name(ctx)


async def rename_typed(ctx: Context) -> None:
    name = await ctx.services.people.rename(ctx.actor, ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("rename.done", name=name)


DIALOG = Dialog(
    "One's own unit, and changing one's display name", ("handlers/my_unit.py",), (RENAME,), (
        Edge(START, Command("donvicuatoi"), my_unit_command, (UNIT_CARD,), "the unit, its role and representatives"),
        Edge(START, a.MY_UNIT, my_unit_choice, (UNIT_CARD,)),
        Edge(START, Command("ten"), rename_command, (RENAME,), "asks for the name"),
        Edge(START, Command("ten"), rename_command, (END,), "/ten NEW NAME is saved at once"),
        Edge(START, a.RENAME, ask_name, (RENAME,)),
        Edge(RENAME, Typed(), rename_typed, (RENAME,), "name empty or over 100 characters: refused"),
        Edge(RENAME, Typed(), rename_typed, (END,), "a name (saved)"),
    ))
