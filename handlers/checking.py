"""The head's side of the assessment: the criteria table, the deadline, checking each sheet (thẩm định),
sending results back, reopening, closing, and the ranked summary."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.criteria import CriteriaTable, quick_values
from bot.domain.criteria_import import criteria_template_xlsx, parse_criteria, sample_criteria
from bot.services.assessment import CheckDraft, SheetView
from bot.text.messages import XLSX_MIME, Choice, FileRef, Kind, OutFile
from bot.text.vi_text import format_score
from handlers.admin_units import problem_lines
from handlers.base import Context, Router
from handlers.sheet_text import criterion_card, layers_table, pts

CHECK_VALUE = "check.value"
CHECK_REASON = "check.reason"
REOPEN_REASON = "reopen.reason"
CRITERIA_UPLOAD = "criteria.upload"
CRITERIA_REASON = "criteria.reason"
RANK_PAGE = 10
STATUS_MARK = {"draft": "⏳", "submitted": "📥", "returned": "🔁", "explained": "💬", "final": "🏁"}


# --- the criteria table --------------------------------------------------------------------------
async def table_menu(ctx: Context, edit: bool) -> None:
    current = await ctx.services.assessment.table_in_use(ctx.actor)
    if current is None:
        text = ctx.t("table.none")
    else:
        version, table = current
        text = ctx.t("table.summary", version=version.version, fingerprint=version.fingerprint,
                     count=len(table.criteria), groups=len(table.groups), max=pts(table.main_max),
                     bonus=pts(table.bonus_max), penalty=pts(table.penalty_max),
                     when=ctx.when(version.created_at))
    allow = await ctx.services.assessment.allows_resubmit(ctx.actor)
    text += "\n" + ctx.t("table.resubmit_on" if allow else "table.resubmit_off")
    rows = [[ctx.choice("table.template", "tt"), ctx.choice("table.upload", "tu")],
            [ctx.choice("table.use_sample", "tl")],
            [ctx.choice("table.resubmit_disable" if allow else "table.resubmit_enable", f"rs:{int(not allow)}")],
            [ctx.choice("back.admin", "am")]]
    ctx.reply(text, *rows, edit=edit, raw=True)


async def toggle_resubmit(ctx: Context) -> None:
    await ctx.services.assessment.set_allow_resubmit(ctx.actor, ctx.int_arg() == 1)
    await table_menu(ctx, edit=True)


async def table_command(ctx: Context) -> None:
    await table_menu(ctx, edit=False)


async def table_choice(ctx: Context) -> None:
    await table_menu(ctx, edit=True)


async def template(ctx: Context) -> None:
    ctx.actor.admin_year()
    reply = ctx.reply("table.template_caption")
    reply.file = OutFile("mau-bang-tieu-chi.xlsx", criteria_template_xlsx(), XLSX_MIME)


async def ask_upload(ctx: Context) -> None:
    ctx.actor.admin_year()
    await ctx.set_state(CRITERIA_UPLOAD)
    ctx.reply("table.ask_file")


async def install(ctx: Context, table: CriteriaTable, source: str, file_id: str | None) -> None:
    if await ctx.services.assessment.any_submitted(ctx.actor):
        await ctx.set_state(CRITERIA_REASON, source=source, file_id=file_id)
        ctx.reply("table.ask_reason")
        return
    version, _ = await ctx.services.assessment.load_table(ctx.actor, table, source)
    await ctx.clear_state()
    ctx.reply("table.loaded", [ctx.choice("back.admin", "am")], version=version.version,
              fingerprint=version.fingerprint, count=len(table.criteria), max=pts(table.main_max))


async def use_sample(ctx: Context) -> None:
    ctx.actor.admin_year()
    await install(ctx, sample_criteria(), "sample", None)


async def table_file(ctx: Context) -> None:
    file = ctx.inbound.file
    if ctx.inbound.kind is not Kind.FILE or file is None:
        ctx.reply("import.need_file")
        return
    parsed = parse_criteria(file.file_name, await ctx.channel.fetch_file(file))
    if parsed.table is None:
        ctx.reply("table.failed", file=file.file_name, count=len(parsed.errors),
                  problems=problem_lines(ctx, parsed.errors, "table.col"))
        return
    await install(ctx, parsed.table, file.file_name, file.file_id)


async def table_reason(ctx: Context) -> None:
    assert ctx.dialog is not None
    data = ctx.dialog.data
    if data.get("file_id"):
        raw = await ctx.channel.fetch_file(FileRef(data["file_id"], data["source"], None, None))
        table = parse_criteria(data["source"], raw).table
    else:
        table = sample_criteria()
    if table is None:
        await ctx.clear_state()
        ctx.reply("stale_button")
        return
    version, units = await ctx.services.assessment.load_table(ctx.actor, table, data["source"], ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("table.loaded", [ctx.choice("back.admin", "am")], version=version.version,
              fingerprint=version.fingerprint, count=len(table.criteria), max=pts(table.main_max))
    await ctx.notify_units(units, ctx.t("table.notify_units", version=version.version,
                                        reason=ctx.inbound.text.strip()))


# --- checking ------------------------------------------------------------------------------------
async def overview(ctx: Context, edit: bool) -> None:
    year, units = await ctx.services.assessment.progress(ctx.actor)
    submitted = sum(1 for u in units if u.status != "draft")
    rows = []
    for item in units:
        label = ctx.t("check.unit_button", mark=STATUS_MARK[item.status], unit=item.unit.name,
                      answered=item.answered, count=item.count)
        rows.append([Choice(label, f"hu:{item.unit.id}")])
    rows.append([ctx.choice("rank.open", "hk:0"), ctx.choice("check.close", "hz")])
    rows.append([ctx.choice("back.admin", "am")])
    ctx.reply("check.overview", *rows, edit=edit, year=year.year, submitted=submitted, count=len(units))


async def overview_command(ctx: Context) -> None:
    await overview(ctx, edit=False)


async def overview_choice(ctx: Context) -> None:
    await ctx.clear_state()
    await overview(ctx, edit=True)


async def unit_view(ctx: Context, unit_id: int, edit: bool, note: str | None = None) -> None:
    view = await ctx.services.assessment.unit_sheet(ctx.actor, unit_id)
    text = layers_table(ctx, view)
    if note:
        text = note + "\n\n" + text
    rows: list[list[Choice]] = []
    if view.status in ("submitted", "returned", "explained"):
        buttons = [Choice(c.code, f"hc:{unit_id}:{c.code}") for c in view.table.criteria]
        rows += [buttons[i:i + 5] for i in range(0, len(buttons), 5)]
    if view.status == "submitted":
        rows.append([ctx.choice("check.send_back", f"hs:{unit_id}")])
    if view.status != "final":
        rows.append([ctx.choice("check.reopen", f"hr:{unit_id}")])
    rows.append([ctx.choice("check.back", "ho")])
    ctx.reply(text, *rows, edit=edit, raw=True)


async def unit_choice(ctx: Context) -> None:
    await ctx.clear_state()
    await unit_view(ctx, ctx.int_arg(), edit=True)


async def check_card(ctx: Context, view: SheetView, code: str, edit: bool) -> None:
    criterion = view.table.by_code(code)
    if criterion is None:
        ctx.reply("refused.criterion_not_found")
        return
    text = ctx.t("check.card_unit", unit=view.unit.name) + "\n" + criterion_card(ctx, view, criterion)
    text += "\n\n" + ctx.t("check.type_hint")
    values = [Choice(format_score(v), f"hv:{view.unit.id}:{code}:{format(v.normalize(), 'f')}")
              for v in quick_values(criterion)]
    rows = [values[i:i + 4] for i in range(0, len(values), 4)]
    if any(e.file_id for e in view.evidence.get(code, [])):
        rows.append([ctx.choice("evidence.files", f"vf:{view.unit.id}:{code}")])
    rows.append([ctx.choice("check.back_unit", f"hu:{view.unit.id}")])
    await ctx.set_state(CHECK_VALUE, unit=view.unit.id, code=code)
    ctx.reply(text, *rows, edit=edit, raw=True)


async def criterion_check(ctx: Context) -> None:
    unit_id = ctx.int_arg(0)
    view = await ctx.services.assessment.unit_sheet(ctx.actor, unit_id)
    await check_card(ctx, view, ctx.arg(1), edit=True)


async def take_value(ctx: Context, unit_id: int, code: str, text: str) -> None:
    draft = await ctx.services.assessment.draft_check(ctx.actor, unit_id, code, text)
    if draft.needs_reason:
        await ctx.set_state(CHECK_REASON, unit=unit_id, code=code, layer=draft.layer, entered=draft.entered,
                            points=str(draft.points))
        ctx.reply("check.ask_reason", code=code, points=pts(draft.points))
        return
    await save(ctx, draft, None)


async def save(ctx: Context, draft: CheckDraft, reason: str | None) -> None:
    await ctx.services.assessment.save_check(ctx.actor, draft, reason)
    await ctx.clear_state()
    await unit_view(ctx, draft.unit_id, edit=False,
                    note=ctx.t("check.saved", code=draft.code, points=pts(draft.points)))


async def quick_check(ctx: Context) -> None:
    if len(ctx.args) != 3:
        ctx.reply("stale_button")
        return
    await take_value(ctx, ctx.int_arg(0), ctx.args[1], ctx.args[2])


async def check_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    await take_value(ctx, int(ctx.dialog.data["unit"]), ctx.dialog.data["code"], ctx.inbound.text)


async def reason_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    data = ctx.dialog.data
    draft = CheckDraft(int(data["unit"]), data["code"], data["layer"], data["entered"], Decimal(data["points"]),
                       True)
    await save(ctx, draft, ctx.inbound.text)


async def send_back(ctx: Context) -> None:
    view = await ctx.services.assessment.return_to_unit(ctx.actor, ctx.int_arg())
    adjusted = view.adjusted()
    await unit_view(ctx, view.unit.id, edit=True, note=ctx.t("check.sent", unit=view.unit.name,
                                                              count=len(adjusted)))
    lines = [ctx.t("check.result_title", count=len(adjusted))]
    for criterion in adjusted:
        layer = view.layers[criterion.code]
        lines.append(ctx.t("check.result_line", code=criterion.code, own=pts(view.self_points.get(criterion.code)),
                           check=pts(Decimal(layer["check1"].points_centi) / 100), reason=layer["check1"].note))
    lines.append(ctx.t("check.result_footer"))
    await ctx.notify_units([view.unit.id], "\n".join(lines), [ctx.choice("explain.start", "ew:n")])


async def ask_reopen(ctx: Context) -> None:
    unit_id = ctx.int_arg()
    await ctx.services.assessment.unit_sheet(ctx.actor, unit_id)
    await ctx.set_state(REOPEN_REASON, unit=unit_id)
    ctx.reply("reopen.ask")


async def reopen_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    view = await ctx.services.assessment.reopen(ctx.actor, int(ctx.dialog.data["unit"]), ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("reopen.done", unit=view.unit.name)
    await ctx.notify_units([view.unit.id], ctx.t("reopen.notify", reason=" ".join(ctx.inbound.text.split())))


async def ask_close(ctx: Context) -> None:
    ctx.actor.admin_year()
    ctx.reply("close.confirm", [ctx.choice("close.yes", "hy"), ctx.choice("close.no", "ho")], edit=True)


async def close(ctx: Context) -> None:
    units = await ctx.services.assessment.close_checking(ctx.actor)
    ctx.reply("close.done", [ctx.choice("rank.open", "hk:0")], edit=True)
    await ctx.notify_units(units, ctx.t("close.notify"))


# --- ranking -------------------------------------------------------------------------------------
async def ranking(ctx: Context, page: int, edit: bool) -> None:
    year, rows = await ctx.services.assessment.ranking(ctx.actor)
    if not rows:
        ctx.reply("rank.empty", [ctx.choice("back.admin", "am")], edit=edit)
        return
    shown, page, pages, nav = ctx.page(rows, page, RANK_PAGE, "hk")
    lines = [ctx.t("rank.title", bloc=year.bloc_name, year=year.year, page=page + 1, pages=pages)]
    for row in shown:
        lines.append(ctx.t("rank.line", no=row.no, rank=row.rank, unit=row.unit_name, own=pts(row.self_total),
                           checked=pts(row.checked_total), bonus=pts(row.bonus), penalty=pts(row.penalty),
                           final=pts(row.final)))
    ctx.reply("\n".join(lines), nav, [ctx.choice("back.admin", "am")], edit=edit, raw=True)


async def ranking_command(ctx: Context) -> None:
    await ranking(ctx, 0, edit=False)


async def ranking_choice(ctx: Context) -> None:
    await ranking(ctx, ctx.int_arg(), edit=True)


def register(router: Router) -> None:
    """Wire each step to the command, button prefix or dialog state that reaches it."""
    router.choice("rs")(toggle_resubmit)
    router.command("bangtieuchi")(table_command)
    router.choice("ht")(table_choice)
    router.choice("tt")(template)
    router.choice("tu")(ask_upload)
    router.choice("tl")(use_sample)
    router.state(CRITERIA_UPLOAD)(table_file)
    router.state(CRITERIA_REASON)(table_reason)
    router.command("thamdinh")(overview_command)
    router.choice("ho")(overview_choice)
    router.choice("hu")(unit_choice)
    router.choice("hc")(criterion_check)
    router.choice("hv")(quick_check)
    router.state(CHECK_VALUE)(check_typed)
    router.state(CHECK_REASON)(reason_typed)
    router.choice("hs")(send_back)
    router.choice("hr")(ask_reopen)
    router.state(REOPEN_REASON)(reopen_typed)
    router.choice("hz")(ask_close)
    router.choice("hy")(close)
    router.command("xephang")(ranking_command)
    router.choice("hk")(ranking_choice)
