"""The main menu and the admin menu, shared by every dialog that leads back to them."""

from __future__ import annotations

from handlers import actions as a
from handlers.base import Context


async def show_main_menu(ctx: Context, edit: bool = False) -> None:
    actor = ctx.actor
    rows = []
    if actor.rep is not None and actor.unit is not None and actor.year is not None and not (
            actor.is_super and actor.year.bloc_id != actor.unit.bloc_id):
        title = ctx.t("menu.title.rep", name=actor.display_name, unit=actor.unit.name,
                      bloc=actor.year.bloc_name, year=actor.year.year)
        rows.append([ctx.button("menu.registration", a.REGISTRATION), ctx.button("menu.covenant", a.COVENANT_READ)])
        rows.append([ctx.button("menu.assessment", a.SHEET), ctx.button("menu.notices", a.NOTICES)])
        rows.append([ctx.button("menu.my_unit", a.MY_UNIT), ctx.button("menu.movements", a.MOVEMENTS)])
    elif actor.year is not None:
        title = ctx.t("menu.title.admin", name=actor.display_name, bloc=actor.year.bloc_name,
                      year=actor.year.year)
    else:
        title = ctx.t("menu.title.super_nofocus", name=actor.display_name)
    if actor.is_admin:
        rows.append([ctx.button("menu.admin", a.ADMIN_MENU)])
    if actor.is_super:
        rows.append([ctx.button("admin.new_bloc", a.NEW_BLOC), ctx.button("admin.choose_bloc", a.CHOOSE_BLOC)])
    rows.append([ctx.button("menu.rename", a.RENAME), ctx.button("menu.help", a.HELP)])
    ctx.reply(title, *rows, edit=edit, raw=True)


async def show_admin_menu(ctx: Context, edit: bool = False) -> None:
    year = ctx.actor.admin_year()
    rows = [
        [ctx.button("admin.units", a.UNIT_LIST, 0)],
        [ctx.button("admin.add_unit", a.ADD_UNIT), ctx.button("admin.import", a.IMPORT_UNITS)],
        [ctx.button("admin.all_invites", a.ALL_INVITES)],
        [ctx.button("admin.leadership", a.LEADERSHIP)],
        [ctx.button("admin.table", a.TABLE), ctx.button("admin.deadline", a.DEADLINES)],
        [ctx.button("admin.checking", a.CHECK_OVERVIEW), ctx.button("admin.ranking", a.RANKING, 0)],
        [ctx.button("admin.registration", a.REG_SUMMARY), ctx.button("admin.covenant", a.COVENANT_STATUS)],
        [ctx.button("admin.notices", a.NOTICES), ctx.button("admin.votes", a.VOTES)],
        [ctx.button("admin.reports", a.REPORTS), ctx.button("admin.audit", a.AUDIT)],
        [ctx.button("admin.deliveries", a.DELIVERIES), ctx.button("admin.doc_settings", a.DOC_SETTINGS)],
        [ctx.button("admin.conference", a.CONFERENCE)],
        [ctx.button("admin.movements", a.MOVEMENTS)],
        [ctx.button("admin.new_year", a.NEXT_YEAR)],
        [ctx.button("menu.back", a.MAIN_MENU)],
    ]
    ctx.reply("admin.menu", *rows, edit=edit, bloc=year.bloc_name, year=year.year)
