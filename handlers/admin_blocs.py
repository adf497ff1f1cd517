"""Super-admins create blocs and choose which one to administer; admins open the next year and set what the
bloc's documents print in their header (the superior body, the place of the date line)."""

from __future__ import annotations

from bot.services.onboarding import parse_year
from bot.services.refusal import Refused
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import END, START, Command, Dialog, Edge, Typed

BLOC_NAME = "bloc.name"
BLOC_YEAR = "bloc.year"
NEXT_YEAR = "year.next"
DOCS_SUPERIOR = "docs.superior"
DOCS_PLACE = "docs.place"
CHOOSING = "Choosing"
DOC_SETTINGS = "DocSettings"


async def ask_bloc_name(ctx: Context) -> None:
    if not ctx.actor.is_super:
        raise Refused("not_super")
    await ctx.set_state(BLOC_NAME)
    ctx.reply("bloc.ask_name")


async def bloc_name_typed(ctx: Context) -> None:
    name = await ctx.services.onboarding.check_new_bloc_name(ctx.actor, ctx.inbound.text)
    await ctx.set_state(BLOC_YEAR, name=name)
    ctx.reply("bloc.ask_year", year=ctx.services.clock.now().astimezone(ctx.services.tz).year)


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
    rows = [[ctx.button("bloc.choice", a.FOCUS_BLOC, y.id, bloc=y.bloc_name, year=y.year)] for y in years]
    ctx.reply("bloc.choose", *rows, edit=edit)


async def choose_bloc_command(ctx: Context) -> None:
    await choose_bloc(ctx, edit=False)


async def choose_bloc_choice(ctx: Context) -> None:
    await choose_bloc(ctx, edit=True)


async def focus_chosen(ctx: Context) -> None:
    year = await ctx.services.onboarding.focus(ctx.actor, ctx.int_arg())
    ctx.reply("bloc.focused", edit=True, bloc=year.bloc_name, year=year.year)
    ctx.outcome.admins_changed = True


async def ask_next_year(ctx: Context) -> None:
    year = ctx.actor.admin_year()
    await ctx.set_state(NEXT_YEAR)
    ctx.reply("year.ask", bloc=year.bloc_name, year=year.year + 1)


async def next_year_typed(ctx: Context) -> None:
    created, count = await ctx.services.onboarding.open_next_year(ctx.actor, parse_year(ctx.inbound.text))
    await ctx.clear_state()
    ctx.reply("year.created", year=created.year, bloc=created.bloc_name, count=count)
    ctx.outcome.admins_changed = True


async def doc_settings(ctx: Context, edit: bool) -> None:
    settings = await ctx.services.bloc_settings.document_settings(ctx.actor)
    year = ctx.actor.admin_year()
    blank = ctx.t("docs.unset")
    ctx.reply("docs.settings", [ctx.button("docs.edit", a.DOC_SETTINGS_EDIT)], [ctx.button("back.admin", a.ADMIN_MENU)],
              edit=edit, bloc=year.bloc_name, superior=settings.superior_body or blank,
              place=settings.place or blank)


async def doc_settings_command(ctx: Context) -> None:
    await doc_settings(ctx, edit=False)


async def doc_settings_choice(ctx: Context) -> None:
    await doc_settings(ctx, edit=True)


async def ask_superior(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(DOCS_SUPERIOR)
    ctx.reply("docs.ask_superior")


async def superior_typed(ctx: Context) -> None:
    # checked now, so a bad name is refused before the place is asked for
    await ctx.services.bloc_settings.check(ctx.actor, ctx.inbound.text, None)
    await ctx.set_state(DOCS_PLACE, superior=ctx.inbound.text)
    ctx.reply("docs.ask_place")


async def place_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    saved = await ctx.services.bloc_settings.set_document_settings(ctx.actor, ctx.dialog.data["superior"],
                                                                   ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("docs.saved", [ctx.button("back.admin", a.ADMIN_MENU)], superior=saved.superior_body.upper(),
              place=saved.place)


DIALOG = Dialog(
    "Creating a bloc, choosing it, opening the next year", ("handlers/admin_blocs.py",),
    (BLOC_NAME, BLOC_YEAR, NEXT_YEAR, DOCS_SUPERIOR, DOCS_PLACE), (
        Edge(START, Command("taokhoi"), ask_bloc_name, (BLOC_NAME,), "super-admins only"),
        Edge(START, a.NEW_BLOC, ask_bloc_name, (BLOC_NAME,)),
        Edge(BLOC_NAME, Typed(), bloc_name_typed, (BLOC_NAME,), "empty, too long, or a bloc of that name exists"),
        Edge(BLOC_NAME, Typed(), bloc_name_typed, (BLOC_YEAR,), "name typed"),
        Edge(BLOC_YEAR, Typed(), bloc_year_typed, (BLOC_YEAR,), "not a year from 2000 to 2100"),
        Edge(BLOC_YEAR, Typed(), bloc_year_typed, (END,),
             "year typed (bloc and year created, chosen for administration)"),
        Edge(START, Command("chonkhoi"), choose_bloc_command, (CHOOSING,)),
        Edge(START, a.CHOOSE_BLOC, choose_bloc_choice, (CHOOSING,)),
        Edge(CHOOSING, a.FOCUS_BLOC, focus_chosen, (END,), "focus on that bloc-year"),
        Edge(START, Command("namtiep"), ask_next_year, (NEXT_YEAR,), "admins of the year"),
        Edge(START, a.NEXT_YEAR, ask_next_year, (NEXT_YEAR,)),
        Edge(NEXT_YEAR, Typed(), next_year_typed, (NEXT_YEAR,), "not a later year, or the year exists"),
        Edge(NEXT_YEAR, Typed(), next_year_typed, (END,), "year typed (members copied; head and deputy set afresh)"),
        Edge(START, Command("vanban"), doc_settings_command, (DOC_SETTINGS,),
             "admins of the year: the superior body and place the documents print"),
        Edge(START, a.DOC_SETTINGS, doc_settings_choice, (DOC_SETTINGS,)),
        Edge(DOC_SETTINGS, a.DOC_SETTINGS_EDIT, ask_superior, (DOCS_SUPERIOR,)),
        Edge(DOCS_SUPERIOR, Typed(), superior_typed, (DOCS_SUPERIOR,), "empty or over 200 characters"),
        Edge(DOCS_SUPERIOR, Typed(), superior_typed, (DOCS_PLACE,), "superior body typed"),
        Edge(DOCS_PLACE, Typed(), place_typed, (DOCS_PLACE,), "empty or over 100 characters"),
        Edge(DOCS_PLACE, Typed(), place_typed, (END,), "place typed (both saved, recorded in the audit trail)"),
    ))
