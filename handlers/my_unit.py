"""A representative's own unit, and changing one's display name."""

from __future__ import annotations

from handlers.base import Context, Router

RENAME = "rename"


def rep_lines(ctx: Context, reps: list) -> str:
    if not reps:
        return ctx.t("unit.no_reps")
    return "\n".join(
        ctx.t("unit.rep_line", name=r.full_name, primary=ctx.t("unit.rep_primary") if r.is_primary else "")
        for r in reps
    )


def register(router: Router) -> None:
    async def my_unit(ctx: Context, edit: bool) -> None:
        year, view = await ctx.services.onboarding.my_unit(ctx.actor)
        role = ctx.t("unit.role.head") if view.is_head else ctx.t("unit.role.deputy") if view.is_deputy else ""
        ctx.reply("unit.card", [ctx.choice("menu.back", "m")], edit=edit, unit=view.unit.name,
                  bloc=year.bloc_name, year=year.year, role=role, reps=rep_lines(ctx, view.reps))

    @router.command("donvicuatoi")
    async def my_unit_command(ctx: Context) -> None:
        await my_unit(ctx, edit=False)

    @router.choice("mu")
    async def my_unit_choice(ctx: Context) -> None:
        await my_unit(ctx, edit=True)

    async def ask_name(ctx: Context) -> None:
        await ctx.set_state(RENAME)
        ctx.reply("rename.ask", name=ctx.actor.display_name)

    @router.command("ten")
    async def rename_command(ctx: Context) -> None:
        if ctx.inbound.text.strip():
            name = await ctx.services.people.rename(ctx.actor, ctx.inbound.text)
            ctx.reply("rename.done", name=name)
            return
        await ask_name(ctx)

    @router.choice("rn")
    async def rename_choice(ctx: Context) -> None:
        await ask_name(ctx)

    @router.state(RENAME)
    async def rename_typed(ctx: Context) -> None:
        name = await ctx.services.people.rename(ctx.actor, ctx.inbound.text)
        await ctx.clear_state()
        ctx.reply("rename.done", name=name)
