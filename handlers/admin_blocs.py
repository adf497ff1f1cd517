"""Super-admins create blocs and choose which one to administer; admins open the next year."""

from __future__ import annotations

from bot.services.onboarding import parse_year
from bot.services.refusal import Refused
from handlers.base import Context, Router

BLOC_NAME = "bloc.name"
BLOC_YEAR = "bloc.year"
NEXT_YEAR = "year.next"


def register(router: Router) -> None:
    async def ask_bloc_name(ctx: Context) -> None:
        if not ctx.actor.is_super:
            raise Refused("not_super")
        await ctx.set_state(BLOC_NAME)
        ctx.reply("bloc.ask_name")

    @router.command("taokhoi")
    async def new_bloc_command(ctx: Context) -> None:
        await ask_bloc_name(ctx)

    @router.choice("nb")
    async def new_bloc_choice(ctx: Context) -> None:
        await ask_bloc_name(ctx)

    @router.state(BLOC_NAME)
    async def bloc_name_typed(ctx: Context) -> None:
        name = await ctx.services.onboarding.check_new_bloc_name(ctx.actor, ctx.inbound.text)
        await ctx.set_state(BLOC_YEAR, name=name)
        ctx.reply("bloc.ask_year", year=ctx.services.clock.now().astimezone(ctx.services.tz).year)

    @router.state(BLOC_YEAR)
    async def bloc_year_typed(ctx: Context) -> None:
        assert ctx.dialog is not None
        year = parse_year(ctx.inbound.text)
        created = await ctx.services.onboarding.create_bloc(ctx.actor, ctx.dialog.data["name"], year)
        await ctx.clear_state()
        ctx.reply("bloc.created", bloc=created.bloc_name, year=created.year)

    async def choose_bloc(ctx: Context, edit: bool) -> None:
        years = await ctx.services.onboarding.current_years(ctx.actor)
        if not years:
            ctx.reply("bloc.none", edit=edit)
            return
        rows = [[ctx.choice("bloc.choice", f"by:{y.id}", bloc=y.bloc_name, year=y.year)] for y in years]
        ctx.reply("bloc.choose", *rows, edit=edit)

    @router.command("chonkhoi")
    async def choose_bloc_command(ctx: Context) -> None:
        await choose_bloc(ctx, edit=False)

    @router.choice("cb")
    async def choose_bloc_choice(ctx: Context) -> None:
        await choose_bloc(ctx, edit=True)

    @router.choice("by")
    async def focus_chosen(ctx: Context) -> None:
        year = await ctx.services.onboarding.focus(ctx.actor, ctx.int_arg())
        ctx.reply("bloc.focused", edit=True, bloc=year.bloc_name, year=year.year)
        ctx.outcome.admins_changed = True

    async def ask_next_year(ctx: Context) -> None:
        year = ctx.actor.admin_year()
        await ctx.set_state(NEXT_YEAR)
        ctx.reply("year.ask", bloc=year.bloc_name, year=year.year + 1)

    @router.command("namtiep")
    async def next_year_command(ctx: Context) -> None:
        await ask_next_year(ctx)

    @router.choice("ny")
    async def next_year_choice(ctx: Context) -> None:
        await ask_next_year(ctx)

    @router.state(NEXT_YEAR)
    async def next_year_typed(ctx: Context) -> None:
        created, count = await ctx.services.onboarding.open_next_year(ctx.actor, parse_year(ctx.inbound.text))
        await ctx.clear_state()
        ctx.reply("year.created", year=created.year, bloc=created.bloc_name, count=count)
        ctx.outcome.admins_changed = True
