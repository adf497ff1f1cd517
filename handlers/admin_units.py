"""Admins of the year manage member units, their invites, representatives, head and deputy."""

from __future__ import annotations

from bot.domain.invite_rules import unusable
from bot.domain.unit_import import parse_units, unit_template_xlsx
from bot.services.onboarding import UnitView
from bot.services.sample_bloc import SAMPLE_UNITS
from bot.text.messages import XLSX_MIME, Choice, Kind, OutFile
from bot.text.vi_text import format_date
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import END, START, Command, Dialog, Edge, Typed
from handlers.my_unit import rep_lines
from storage.rows import Invite

ADD_UNIT = "unit.add"
IMPORT_UNITS = "unit.import"
PAGE_SIZE = 10
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 20


def invite_text(ctx: Context, invite: Invite | None) -> str:
    if invite is None:
        return ctx.t("invite.none")
    link = ctx.channel.deep_link(invite.code)
    why = unusable(invite, ctx.services.clock.now())
    state = ctx.t(f"invite.state.{why}") if why in ("expired", "used_up") else ""
    return ctx.t("invite.text", code=invite.code, link=ctx.t("invite.link", link=link) if link else "",
                 uses=invite.uses, max=invite.max_uses, date=format_date(invite.expires_at.astimezone(
                     ctx.services.tz)), state=state)


async def unit_list(ctx: Context, page: int, edit: bool, title: str | None = None) -> None:
    year, views = await ctx.services.onboarding.units(ctx.actor)
    if not views:
        ctx.reply("units.empty", [ctx.button("back.admin", a.ADMIN_MENU)], edit=edit)
        return
    shown, _, _, nav = ctx.page(views, page, PAGE_SIZE, a.UNIT_LIST)
    rows = [[ctx.button("units.button", a.UNIT_CARD, v.unit.id, mark=_mark(v), unit=v.unit.name,
                        reps=len(v.reps))] for v in shown]
    rows += [nav, [ctx.button("back.admin", a.ADMIN_MENU)]]
    joined = sum(1 for v in views if v.reps)
    title = title or ctx.t("units.title", bloc=year.bloc_name, year=year.year, count=len(views),
                           joined=joined)
    ctx.reply(title, *rows, edit=edit, raw=True)


async def units_command(ctx: Context) -> None:
    await unit_list(ctx, 0, edit=False)


async def units_choice(ctx: Context) -> None:
    await unit_list(ctx, ctx.int_arg(), edit=True)


async def unit_card(ctx: Context, unit_id: int, edit: bool, note: str | None = None) -> None:
    _, view = await ctx.services.onboarding.unit(ctx.actor, unit_id)
    unit = view.unit
    role = ctx.t("unit.role.head") if view.is_head else ctx.t("unit.role.deputy") if view.is_deputy else ""
    text = ctx.t("admin.unit_card", unit=unit.name,
                 short=ctx.t("admin.unit_short", short=unit.short_name) if unit.short_name else "",
                 contact=ctx.t("admin.unit_contact", contact=unit.contact) if unit.contact else "",
                 role=role, count=len(view.reps), reps=rep_lines(ctx, view.reps),
                 invite=invite_text(ctx, view.invite))
    if note:
        text = note + "\n\n" + text
    rows: list[list[Choice]] = [[ctx.button("invite.regenerate", a.INVITE_NEW, unit.id)]]
    if view.invite is not None:
        rows[0].append(ctx.button("invite.revoke", a.INVITE_REVOKE, unit.id))
    roles = []
    if not view.is_head:
        roles.append(ctx.button("lead.set_head", a.MAKE_HEAD, unit.id))
    if not view.is_deputy:
        roles.append(ctx.button("lead.set_deputy", a.MAKE_DEPUTY, unit.id))
    rows.append(roles)
    rows += [[ctx.button("rep.remove", a.REMOVE_REP, r.id, name=r.full_name)] for r in view.reps]
    rows.append([ctx.button("back.units", a.UNIT_LIST, 0)])
    ctx.reply(text, *rows, edit=edit, raw=True)


async def card_choice(ctx: Context) -> None:
    await unit_card(ctx, ctx.int_arg(), edit=True)


async def regenerate(ctx: Context) -> None:
    await ctx.services.onboarding.regenerate_invite(ctx.actor, ctx.int_arg())
    ctx.outcome.notice = ctx.t("invite.regenerated")
    await unit_card(ctx, ctx.int_arg(), edit=True, note=ctx.t("invite.regenerated"))


async def revoke(ctx: Context) -> None:
    await ctx.services.onboarding.revoke_invite(ctx.actor, ctx.int_arg())
    ctx.outcome.notice = ctx.t("invite.revoked")
    await unit_card(ctx, ctx.int_arg(), edit=True, note=ctx.t("invite.revoked"))


async def set_role(ctx: Context, role: str) -> None:
    year, unit = await ctx.services.onboarding.set_role(ctx.actor, ctx.int_arg(), role)
    key = "lead.head_set" if role == "head" else "lead.deputy_set"
    ctx.outcome.notice = ctx.t(key, unit=unit.label, year=year.year)
    await unit_card(ctx, unit.id, edit=True, note=ctx.t(key, unit=unit.name, year=year.year))
    if role == "head":
        ctx.outcome.admins_changed = True
        await ctx.notify_units([unit.id], ctx.t("lead.you_are_admin", unit=unit.name, year=year.year))


async def make_head(ctx: Context) -> None:
    await set_role(ctx, "head")


async def make_deputy(ctx: Context) -> None:
    await set_role(ctx, "deputy")


async def ask_remove(ctx: Context) -> None:
    rep_id = ctx.int_arg()
    _, views = await ctx.services.onboarding.units(ctx.actor)
    found = [(v, r) for v in views for r in v.reps if r.id == rep_id]
    if not found:
        ctx.reply("refused.rep_not_found")
        return
    view, rep = found[0]
    ctx.reply("rep.remove_confirm", [ctx.button("rep.remove_yes", a.REMOVE_REP_YES, rep.id),
                                     ctx.button("rep.remove_no", a.UNIT_CARD, view.unit.id)],
              edit=True, name=rep.full_name, unit=view.unit.name)


async def remove(ctx: Context) -> None:
    rep, unit = await ctx.services.onboarding.remove_representative(ctx.actor, ctx.int_arg())
    note = ctx.t("rep.removed", name=rep.full_name, unit=unit.name)
    ctx.outcome.notice = note
    await unit_card(ctx, unit.id, edit=True, note=note)
    await ctx.notify_people([rep.person_id], ctx.t("rep.removed_notice", unit=unit.name))
    ctx.outcome.admins_changed = True


async def all_invites(ctx: Context) -> None:
    year, pairs = await ctx.services.onboarding.all_invites(ctx.actor)
    if not pairs:
        ctx.reply("units.empty")
        return
    first = pairs[0][1]
    text = ctx.t("invite.all_title", bloc=year.bloc_name, year=year.year, max=first.max_uses,
                 date=format_date(first.expires_at.astimezone(ctx.services.tz)))
    for unit, invite in pairs:
        link = ctx.channel.deep_link(invite.code)
        text += ctx.t("invite.all_line", unit=unit.name, code=invite.code,
                      link=ctx.t("invite.all_line_link", link=link) if link else "")
    ctx.reply(text, raw=True)


async def leadership(ctx: Context, edit: bool) -> None:
    lead = await ctx.services.onboarding.leadership(ctx.actor)
    none = ctx.t("lead.none")
    await unit_list(ctx, 0, edit=edit, title=ctx.t(
        "lead.title", year=lead.year.year, head=lead.head.name if lead.head else none,
        deputy=lead.deputy.name if lead.deputy else none))


async def leadership_command(ctx: Context) -> None:
    await leadership(ctx, edit=False)


async def leadership_choice(ctx: Context) -> None:
    await leadership(ctx, edit=True)


async def ask_unit(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(ADD_UNIT)
    ctx.reply("unit.ask")


async def add_unit_command(ctx: Context) -> None:
    if ctx.inbound.text.strip():
        await add_unit_from(ctx, ctx.inbound.text)
        return
    await ask_unit(ctx)


async def add_unit_from(ctx: Context, line: str) -> None:
    unit, invite = await ctx.services.onboarding.add_unit(ctx.actor, line)
    await ctx.clear_state()
    link = ctx.channel.deep_link(invite.code)
    ctx.reply("unit.added", [ctx.button("unit.add_more", a.ADD_UNIT), ctx.button("back.admin", a.ADMIN_MENU)],
              unit=unit.name, code=invite.code, link=ctx.t("invite.link", link=link) if link else "")


async def unit_typed(ctx: Context) -> None:
    await add_unit_from(ctx, ctx.inbound.text)


async def ask_file(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(IMPORT_UNITS)
    ctx.reply("import.ask", [ctx.button("import.template", a.UNITS_TEMPLATE)])


async def template(ctx: Context) -> None:
    ctx.actor.admin_year()
    reply = ctx.reply("import.template_caption")
    examples = [name for name, _ in SAMPLE_UNITS[:2]]
    reply.file = OutFile("mau-danh-sach-don-vi.xlsx", unit_template_xlsx(examples), XLSX_MIME)


async def file_sent(ctx: Context) -> None:
    file = ctx.inbound.file
    if ctx.inbound.kind is not Kind.FILE or file is None:
        ctx.reply("import.need_file")
        return
    if file.size is not None and file.size > MAX_IMPORT_BYTES:
        ctx.reply("import.too_big", max=MAX_IMPORT_BYTES // 1024)
        return
    data = await ctx.channel.fetch_file(file)
    parsed = parse_units(file.file_name, data)
    if parsed.errors:
        ctx.reply("import.failed", file=file.file_name, count=len(parsed.errors),
                  problems=problem_lines(ctx, parsed.errors, "import.col"))
        return
    result = await ctx.services.onboarding.import_units(ctx.actor, parsed)
    await ctx.clear_state()
    skipped = (ctx.t("import.skipped", count=len(result.skipped), units="; ".join(result.skipped))
               if result.skipped else "")
    ctx.reply("import.done", [ctx.button("admin.all_invites", a.ALL_INVITES), ctx.button("back.admin", a.ADMIN_MENU)],
              added=len(result.added), file=file.file_name, skipped=skipped)


def _mark(view: UnitView) -> str:
    return "⭐" if view.is_head else "☆" if view.is_deputy else "✅" if view.reps else "⏳"


def problem_lines(ctx: Context, problems: list, columns: str) -> str:
    """Each problem of an imported file on a line with its row and column, in the person's language."""
    lines = []
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        text = ctx.t(f"import.err.{problem.code}", value=problem.value or "")
        if problem.row is None:
            lines.append(ctx.t("import.problem_file", problem=text))
        else:
            column = (ctx.t("import.problem_column", column=ctx.t(f"{columns}.{problem.column}"))
                      if problem.column else "")
            lines.append(ctx.t("import.problem_row", row=problem.row, column=column, problem=text))
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(ctx.t("import.more_problems", count=len(problems) - MAX_PROBLEMS_SHOWN))
    return "\n".join(lines)


ADMIN_MENU = "AdminMenu"
UNIT_LIST = "UnitList"
UNIT_CARD = "UnitCard"
LEADERSHIP = "Leadership"
CONFIRM_REMOVAL = "ConfirmRemoval"
INVITES = "Invites"

DIALOG = Dialog(
    "Units, invites, representatives, head and deputy", ("handlers/admin_units.py", "handlers/menus.py"),
    (ADD_UNIT, IMPORT_UNITS), (
        Edge(START, Command("donvi"), units_command, (UNIT_LIST,), "pages of 10"),
        Edge(ADMIN_MENU, a.UNIT_LIST, units_choice, (UNIT_LIST,), "a page of units"),
        Edge(UNIT_CARD, a.UNIT_LIST, units_choice, (UNIT_LIST,)),
        Edge(START, Command("truongkhoi"), leadership_command, (LEADERSHIP,), "the head and the deputy over the units"),
        Edge(ADMIN_MENU, a.LEADERSHIP, leadership_choice, (LEADERSHIP,)),
        Edge(LEADERSHIP, a.UNIT_CARD, card_choice, (UNIT_CARD,)),
        Edge(UNIT_LIST, a.UNIT_CARD, card_choice, (UNIT_CARD,)),
        Edge(UNIT_CARD, a.INVITE_NEW, regenerate, (UNIT_CARD,), "a new invite"),
        Edge(UNIT_CARD, a.INVITE_REVOKE, revoke, (UNIT_CARD,)),
        Edge(UNIT_CARD, a.MAKE_HEAD, make_head, (UNIT_CARD,), "the unit's representatives are told"),
        Edge(UNIT_CARD, a.MAKE_DEPUTY, make_deputy, (UNIT_CARD,)),
        Edge(UNIT_CARD, a.REMOVE_REP, ask_remove, (CONFIRM_REMOVAL,)),
        Edge(CONFIRM_REMOVAL, a.REMOVE_REP_YES, remove, (UNIT_CARD,), "removed, the person is told"),
        Edge(CONFIRM_REMOVAL, a.UNIT_CARD, card_choice, (UNIT_CARD,), "kept"),
        Edge(START, Command("mamoi"), all_invites, (INVITES,), "issues codes where missing or lapsed"),
        Edge(ADMIN_MENU, a.ALL_INVITES, all_invites, (INVITES,)),
        Edge(START, Command("themdonvi"), add_unit_command, (ADD_UNIT,), "asks for the unit's line"),
        Edge(START, Command("themdonvi"), add_unit_command, (END,),
             "/themdonvi NAME | SHORT | CONTACT adds it at once"),
        Edge(ADMIN_MENU, a.ADD_UNIT, ask_unit, (ADD_UNIT,)),
        Edge(ADD_UNIT, Typed(), unit_typed, (ADD_UNIT,), "invalid line, or the unit exists"),
        Edge(ADD_UNIT, Typed(), unit_typed, (END,), "line typed (unit added with its invite)"),
        Edge(START, Command("nhapdonvi"), ask_file, (IMPORT_UNITS,)),
        Edge(ADMIN_MENU, a.IMPORT_UNITS, ask_file, (IMPORT_UNITS,)),
        Edge(IMPORT_UNITS, a.UNITS_TEMPLATE, template, (IMPORT_UNITS,), "the template sent"),
        Edge(IMPORT_UNITS, Typed(), file_sent, (IMPORT_UNITS,),
             "not a file, too big, or problems listed by row and column (nothing imported)"),
        Edge(IMPORT_UNITS, Typed(), file_sent, (END,), "valid file (all rows imported in one transaction)"),
    ))
