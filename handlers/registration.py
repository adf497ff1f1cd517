"""A unit registers its targets and titles (đăng ký thi đua); the head sees the bloc's table."""

from __future__ import annotations

from bot.services.registration import RegistrationSummary, RegistrationView
from bot.text.messages import Choice
from handlers.base import Context, Router, checkbox

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
        rows.append([ctx.choice("reg.edit_titles", "ge")])
        rows.append([ctx.choice("reg.toggle_cultured", "gc")])
        rows.append([ctx.choice(f"reg.edit.{field}", f"gn:{field}") for field in FIELDS])
        rows.append([ctx.choice("reg.edit_targets", "gg")])
        rows.append([ctx.choice("reg.submit" if view.registration.status == "draft" else "reg.resubmit", "gp")])
    rows.append([ctx.choice("menu.back", "m")])
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


def register(router: Router) -> None:
    @router.command("dangky")
    async def card_command(ctx: Context) -> None:
        await show_card(ctx, edit=False)

    @router.choice("gd")
    async def card_choice(ctx: Context) -> None:
        await ctx.clear_state()
        await show_card(ctx, edit=not ctx.args)

    @router.choice("ge")
    async def titles(ctx: Context) -> None:
        view = await ctx.services.registration.mine(ctx.actor)
        rows = [[checkbox(name, code in view.registration.titles, f"gt:{code}")] for code, name in view.titles]
        rows.append([ctx.choice("reg.back", "gd")])
        ctx.reply("reg.choose_titles", *rows, edit=True)

    @router.choice("gt")
    async def toggle_title(ctx: Context) -> None:
        await ctx.services.registration.toggle_title(ctx.actor, ctx.arg())
        await titles(ctx)

    @router.choice("gc")
    async def toggle_cultured(ctx: Context) -> None:
        await ctx.services.registration.toggle_cultured(ctx.actor)
        await show_card(ctx, edit=True)

    @router.choice("gn")
    async def ask_count(ctx: Context) -> None:
        field = ctx.args[0] if ctx.args and ctx.args[0] in FIELDS else "staff"
        await ctx.services.registration.mine(ctx.actor)
        await ctx.set_state(COUNT, field=field)
        ctx.reply(f"reg.ask.{field}")

    @router.state(COUNT)
    async def count_typed(ctx: Context) -> None:
        assert ctx.dialog is not None
        field = ctx.dialog.data["field"]
        await ctx.services.registration.set_count(ctx.actor, field, ctx.inbound.text)
        await ctx.clear_state()
        await show_card(ctx, edit=False, note=ctx.t("reg.saved"))

    @router.choice("gg")
    async def ask_targets(ctx: Context) -> None:
        await ctx.services.registration.mine(ctx.actor)
        await ctx.set_state(TARGETS)
        ctx.reply("reg.ask_targets")

    @router.state(TARGETS)
    async def targets_typed(ctx: Context) -> None:
        await ctx.services.registration.set_targets(ctx.actor, ctx.inbound.text)
        await ctx.clear_state()
        await show_card(ctx, edit=False, note=ctx.t("reg.saved"))

    @router.choice("gp")
    async def ask_submit(ctx: Context) -> None:
        view = await ctx.services.registration.mine(ctx.actor)
        ctx.reply(card_text(ctx, view) + "\n\n" + ctx.t("reg.confirm"),
                  [ctx.choice("reg.confirm_yes", "gy"), ctx.choice("reg.back", "gd")], edit=True, raw=True)

    @router.choice("gy")
    async def submit(ctx: Context) -> None:
        view = await ctx.services.registration.submit(ctx.actor)
        await show_card(ctx, edit=True, note=ctx.t("reg.submitted", unit=view.unit.name))

    # --- the head's table, and the catalogue of titles ----------------------------------------

    async def summary(ctx: Context, edit: bool) -> None:
        result = await ctx.services.registration.summary(ctx.actor)
        ctx.reply(summary_text(ctx, result), [ctx.choice("reg.edit_catalogue", "gk")],
                  [ctx.choice("back.admin", "am")], edit=edit, raw=True)

    @router.command("tonghopdangky")
    async def summary_command(ctx: Context) -> None:
        await summary(ctx, edit=False)

    @router.choice("gs")
    async def summary_choice(ctx: Context) -> None:
        await summary(ctx, edit=True)

    @router.choice("gk")
    async def catalogue(ctx: Context) -> None:
        titles = await ctx.services.registration.titles(ctx.actor.admin_year())
        rows = [[Choice("❌ " + name, f"gx:{code}")] for code, name in titles]
        rows += [[ctx.choice("reg.add_title", "ga")], [ctx.choice("reg.back_summary", "gs")]]
        ctx.reply("reg.catalogue", *rows, edit=True)

    @router.choice("gx")
    async def remove_title(ctx: Context) -> None:
        await ctx.services.registration.remove_title(ctx.actor, ctx.arg())
        await catalogue(ctx)

    @router.choice("ga")
    async def ask_title(ctx: Context) -> None:
        ctx.actor.admin_year()
        await ctx.set_state(NEW_TITLE)
        ctx.reply("reg.ask_title")

    @router.state(NEW_TITLE)
    async def title_typed(ctx: Context) -> None:
        await ctx.services.registration.add_title(ctx.actor, ctx.inbound.text)
        await ctx.clear_state()
        ctx.reply("reg.title_added", [ctx.choice("reg.back_summary", "gs")], title=" ".join(ctx.inbound.text.split()))
