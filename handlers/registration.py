"""A unit registers its targets and titles (đăng ký thi đua); the head sees the bloc's table."""

from __future__ import annotations

from bot.services.registration import RegistrationSummary, RegistrationView
from bot.text.messages import Choice
from handlers import actions as a
from handlers.base import Context, checkbox
from handlers.dialog import START, Command, Dialog, Edge, Typed

COUNT = "registration.count"
TARGETS = "registration.targets"
NEW_TITLE = "registration.title"
FIELDS = ("staff", "advanced_workers", "emulation_soldiers")


def percent(part: int, whole: int) -> str:
    return f"{(100 * part / whole if whole else 0):.0f}%"


def card_text(ctx: Context, view: RegistrationView) -> str:
    reg = view.registration
    names = dict(view.titles)
    dash = "–"
    lines = [
        ctx.t("reg.title", unit=view.unit.name, year=view.year.year),
        ctx.t("reg.titles", titles=", ".join(names.get(c, c) for c in reg.titles) or dash),
        ctx.t("reg.cultured_yes" if reg.cultured else "reg.cultured_no"),
        ctx.t("reg.counts", staff=reg.staff if reg.staff is not None else dash,
              advanced=reg.advanced_workers if reg.advanced_workers is not None else dash,
              soldiers=reg.emulation_soldiers if reg.emulation_soldiers is not None else dash),
        ctx.t("reg.targets", targets="\n".join(f"  {i}. {t}" for i, t in enumerate(reg.targets, 1)) or dash),
        ctx.t("reg.status_submitted" if reg.status == "submitted" else "reg.status_draft",
              when=ctx.when(reg.submitted_at) if reg.submitted_at else ""),
        ctx.t("reg.deadline", when=ctx.when(view.deadline.due_at)) if view.deadline else ctx.t("sheet.no_deadline"),
    ]
    if not view.editable:
        lines.append(ctx.t("reg.closed"))
    return "\n".join(lines)


async def show_card(ctx: Context, edit: bool, note: str | None = None) -> None:
    view = await ctx.services.registration.mine(ctx.actor)
    text = card_text(ctx, view)
    if note:
        text = note + "\n\n" + text
    rows: list[list[Choice]] = []
    if view.editable:
        rows.append([ctx.button("reg.edit_titles", a.REG_TITLES)])
        rows.append([ctx.button("reg.toggle_cultured", a.REG_CULTURED)])
        rows.append([ctx.button(f"reg.edit.{field}", a.REG_COUNT, field) for field in FIELDS])
        rows.append([ctx.button("reg.edit_targets", a.REG_TARGETS)])
        rows.append([ctx.button("reg.submit" if view.registration.status == "draft" else "reg.resubmit", a.REG_SUBMIT)])
    rows.append([ctx.button("menu.back", a.MAIN_MENU)])
    ctx.reply(text, *rows, edit=edit, raw=True)


def summary_text(ctx: Context, summary: RegistrationSummary) -> str:
    count = len(summary.units)
    done = len(summary.submitted)
    lines = [ctx.t("reg.summary_title", bloc=summary.year.bloc_name, year=summary.year.year, done=done,
                   count=count, percent=percent(done, count))]
    for code, name in summary.titles:
        lines.append(ctx.t("reg.summary_title_line", title=name, count=summary.title_count(code)))
    cultured = sum(1 for r in summary.submitted if r.cultured)
    lines.append(ctx.t("reg.summary_cultured", count=cultured, percent=percent(cultured, done)))
    lines.append(ctx.t("reg.summary_staff", staff=summary.staff, advanced=summary.advanced_workers,
                       advanced_percent=percent(summary.advanced_workers, summary.staff),
                       soldiers=summary.emulation_soldiers,
                       soldiers_percent=percent(summary.emulation_soldiers, summary.staff)))
    waiting = [u.name for u, r in summary.units if r is None or r.status != "submitted"]
    lines.append(ctx.t("reg.summary_waiting", units="\n".join(f"⏳ {n}" for n in waiting) or "–"))
    return "\n".join(lines)


async def card_command(ctx: Context) -> None:
    await show_card(ctx, edit=False)


async def card_choice(ctx: Context) -> None:
    await ctx.clear_state()
    await show_card(ctx, edit=not ctx.args)


async def titles(ctx: Context) -> None:
    view = await ctx.services.registration.mine(ctx.actor)
    rows = [[checkbox(name, code in view.registration.titles, a.REG_TITLE, code)] for code, name in view.titles]
    rows.append([ctx.button("reg.back", a.REGISTRATION)])
    ctx.reply("reg.choose_titles", *rows, edit=True)


async def toggle_title(ctx: Context) -> None:
    await ctx.services.registration.toggle_title(ctx.actor, ctx.arg())
    await titles(ctx)


async def toggle_cultured(ctx: Context) -> None:
    await ctx.services.registration.toggle_cultured(ctx.actor)
    await show_card(ctx, edit=True)


async def ask_count(ctx: Context) -> None:
    field = ctx.args[0] if ctx.args and ctx.args[0] in FIELDS else "staff"
    await ctx.services.registration.mine(ctx.actor)
    await ctx.set_state(COUNT, field=field)
    ctx.reply(f"reg.ask.{field}")


async def count_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    field = ctx.dialog.data["field"]
    await ctx.services.registration.set_count(ctx.actor, field, ctx.inbound.text)
    await ctx.clear_state()
    await show_card(ctx, edit=False, note=ctx.t("reg.saved"))


async def ask_targets(ctx: Context) -> None:
    await ctx.services.registration.mine(ctx.actor)
    await ctx.set_state(TARGETS)
    ctx.reply("reg.ask_targets")


async def targets_typed(ctx: Context) -> None:
    await ctx.services.registration.set_targets(ctx.actor, ctx.inbound.text)
    await ctx.clear_state()
    await show_card(ctx, edit=False, note=ctx.t("reg.saved"))


async def ask_submit(ctx: Context) -> None:
    view = await ctx.services.registration.mine(ctx.actor)
    ctx.reply(card_text(ctx, view) + "\n\n" + ctx.t("reg.confirm"),
              [ctx.button("reg.confirm_yes", a.REG_SUBMIT_YES), ctx.button("reg.back", a.REGISTRATION)],
              edit=True, raw=True)


async def submit(ctx: Context) -> None:
    view = await ctx.services.registration.submit(ctx.actor)
    await show_card(ctx, edit=True, note=ctx.t("reg.submitted", unit=view.unit.name))


# --- the head's table, and the catalogue of titles ----------------------------------------


async def summary(ctx: Context, edit: bool) -> None:
    result = await ctx.services.registration.summary(ctx.actor)
    ctx.reply(summary_text(ctx, result), [ctx.button("reg.edit_catalogue", a.REG_CATALOGUE)],
              [ctx.button("back.admin", a.ADMIN_MENU)], edit=edit, raw=True)


async def summary_command(ctx: Context) -> None:
    await summary(ctx, edit=False)


async def summary_choice(ctx: Context) -> None:
    await summary(ctx, edit=True)


async def catalogue(ctx: Context) -> None:
    titles = await ctx.services.registration.titles(ctx.actor.admin_year())
    rows = [[Choice("❌ " + name, a.REG_CATALOGUE_REMOVE.data(code))] for code, name in titles]
    rows += [[ctx.button("reg.add_title", a.REG_CATALOGUE_ADD)], [ctx.button("reg.back_summary", a.REG_SUMMARY)]]
    ctx.reply("reg.catalogue", *rows, edit=True)


async def remove_title(ctx: Context) -> None:
    await ctx.services.registration.remove_title(ctx.actor, ctx.arg())
    await catalogue(ctx)


async def ask_title(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(NEW_TITLE)
    ctx.reply("reg.ask_title")


async def title_typed(ctx: Context) -> None:
    await ctx.services.registration.add_title(ctx.actor, ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("reg.title_added", [ctx.button("reg.back_summary", a.REG_SUMMARY)],
              title=" ".join(ctx.inbound.text.split()))


CARD = "Card"
TITLES = "Titles"
CONFIRM = "Confirm"
SUMMARY = "Summary"
CATALOGUE = "Catalogue"

DIALOG = Dialog(
    "Registration of targets and titles", ("handlers/registration.py",), (COUNT, TARGETS, NEW_TITLE), (
        Edge(START, Command("dangky"), card_command, (CARD,),
             "titles, cultured agency, staff and counts, targets, status, deadline"),
        Edge(START, a.REGISTRATION, card_choice, (CARD,),
             "from the card's screens, or a reminder (`gd:n`: as a new message)"),
        Edge(CARD, a.REG_TITLES, titles, (TITLES,)),
        Edge(TITLES, a.REG_TITLE, toggle_title, (TITLES,), "a title in or out"),
        Edge(CARD, a.REG_CULTURED, toggle_cultured, (CARD,), "cultured agency yes/no"),
        Edge(CARD, a.REG_COUNT, ask_count, (COUNT,), "staff, advanced workers, grassroots emulation soldiers"),
        Edge(COUNT, Typed(), count_typed, (COUNT,), "not a whole number, or above the staff"),
        Edge(COUNT, Typed(), count_typed, (CARD,), "number typed (saved)"),
        Edge(CARD, a.REG_TARGETS, ask_targets, (TARGETS,)),
        Edge(TARGETS, Typed(), targets_typed, (CARD,), "lines typed (saved)"),
        Edge(CARD, a.REG_SUBMIT, ask_submit, (CONFIRM,)),
        Edge(CONFIRM, a.REG_SUBMIT_YES, submit, (CARD,), "submitted"),
        Edge(START, Command("tonghopdangky"), summary_command, (SUMMARY,),
             "registered units and percentages, totals, who has not"),
        Edge(START, a.REG_SUMMARY, summary_choice, (SUMMARY,)),
        Edge(SUMMARY, a.REG_CATALOGUE, catalogue, (CATALOGUE,)),
        Edge(CATALOGUE, a.REG_CATALOGUE_REMOVE, remove_title, (CATALOGUE,), "a title removed"),
        Edge(CATALOGUE, a.REG_CATALOGUE_ADD, ask_title, (NEW_TITLE,)),
        Edge(NEW_TITLE, Typed(), title_typed, (SUMMARY,), "name typed (added)"),
    ),
    "Every change is saved at once and recorded (who, when, which field); a submitted registration can still\n"
    "change until the registration deadline. Counts above the staff count are refused (and the database's\n"
    "CHECK refuses them too).")
