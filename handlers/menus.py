"""The main menu and the admin menu, shared by every dialog that leads back to them."""

from __future__ import annotations

from handlers.base import Context


async def show_main_menu(ctx: Context, edit: bool = False) -> None:
    actor = ctx.actor
    rows = []
    if actor.rep is not None and actor.unit is not None and actor.year is not None and not (
            actor.is_super and actor.year.bloc_id != actor.unit.bloc_id):
        title = ctx.t("menu.title.rep", name=actor.display_name, unit=actor.unit.name,
                      bloc=actor.year.bloc_name, year=actor.year.year)
        rows.append([ctx.choice("menu.registration", "gd"), ctx.choice("menu.covenant", "kr")])
        rows.append([ctx.choice("menu.assessment", "as"), ctx.choice("menu.notices", "ql")])
        rows.append([ctx.choice("menu.my_unit", "mu")])
    elif actor.year is not None:
        title = ctx.t("menu.title.admin", name=actor.display_name, bloc=actor.year.bloc_name,
                      year=actor.year.year)
    else:
        title = ctx.t("menu.title.super_nofocus", name=actor.display_name)
    if actor.is_admin:
        rows.append([ctx.choice("menu.admin", "am")])
    if actor.is_super:
        rows.append([ctx.choice("admin.new_bloc", "nb"), ctx.choice("admin.choose_bloc", "cb")])
    rows.append([ctx.choice("menu.rename", "rn"), ctx.choice("menu.help", "h")])
    ctx.reply(title, *rows, edit=edit, raw=True)


async def show_admin_menu(ctx: Context, edit: bool = False) -> None:
    year = ctx.actor.admin_year()
    rows = [
        [ctx.choice("admin.units", "ul:0")],
        [ctx.choice("admin.add_unit", "au"), ctx.choice("admin.import", "af")],
        [ctx.choice("admin.all_invites", "ai")],
        [ctx.choice("admin.leadership", "ld")],
        [ctx.choice("admin.table", "ht"), ctx.choice("admin.deadline", "hd")],
        [ctx.choice("admin.checking", "ho"), ctx.choice("admin.ranking", "hk:0")],
        [ctx.choice("admin.registration", "gs"), ctx.choice("admin.covenant", "kv")],
        [ctx.choice("admin.notices", "ql"), ctx.choice("admin.votes", "vl")],
        [ctx.choice("admin.reports", "rp"), ctx.choice("admin.audit", "nk")],
        [ctx.choice("admin.new_year", "ny")],
        [ctx.choice("menu.back", "m")],
    ]
    ctx.reply("admin.menu", *rows, edit=edit, bloc=year.bloc_name, year=year.year)
