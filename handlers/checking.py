"""The head's side of the assessment: the criteria table, the deadline, checking each sheet (thẩm định),
sending results back, reopening, closing, and the ranked summary."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from bot.domain.criteria import CriteriaTable, quick_values
from bot.domain.criteria_import import criteria_template_xlsx, parse_criteria, sample_criteria
from bot.services.assessment import CheckDraft, SheetView
from bot.services.refusal import Refused
from bot.text.messages import XLSX_MIME, Choice, FileRef, Kind, OutFile, Reply
from bot.text.vi_text import format_score
from handlers import actions as a
from handlers.admin_units import problem_lines
from handlers.base import Context
from handlers.dialog import END, START, Command, Dialog, Edge, Typed
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
    rows = [[ctx.button("table.template", a.TABLE_TEMPLATE), ctx.button("table.upload", a.TABLE_UPLOAD)],
            [ctx.button("table.use_sample", a.TABLE_SAMPLE)],
            [ctx.button("table.resubmit_disable" if allow else "table.resubmit_enable", a.RESUBMIT, int(not allow))],
            [ctx.button("back.admin", a.ADMIN_MENU)]]
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
    ctx.reply("table.loaded", [ctx.button("back.admin", a.ADMIN_MENU)], version=version.version,
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
    reason = ctx.inbound.text.strip()
    version, _ = await ctx.services.assessment.load_table(
        ctx.actor, table, data["source"], ctx.inbound.text,
        lambda v: Reply(ctx.t("table.notify_units", version=v.version, reason=reason)))
    await ctx.clear_state()
    ctx.reply("table.loaded", [ctx.button("back.admin", a.ADMIN_MENU)], version=version.version,
              fingerprint=version.fingerprint, count=len(table.criteria), max=pts(table.main_max))


# --- checking ------------------------------------------------------------------------------------
async def overview(ctx: Context, edit: bool) -> None:
    year, units = await ctx.services.assessment.progress(ctx.actor)
    submitted = sum(1 for u in units if u.status != "draft")
    rows = []
    for item in units:
        label = ctx.t("check.unit_button", mark=STATUS_MARK[item.status], unit=item.unit.name,
                      answered=item.answered, count=item.count)
        rows.append([Choice(label, a.CHECK_UNIT.data(item.unit.id))])
    rows.append([ctx.button("rank.open", a.RANKING, 0), ctx.button("check.close", a.CLOSE)])
    rows.append([ctx.button("back.admin", a.ADMIN_MENU)])
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
        buttons = [Choice(c.code, a.CHECK_CRITERION.data(unit_id, c.code)) for c in view.table.criteria]
        rows += [buttons[i:i + 5] for i in range(0, len(buttons), 5)]
    if view.status == "submitted":
        rows.append([ctx.button("check.send_back", a.CHECK_SEND_BACK, unit_id)])
    if view.status != "final":
        rows.append([ctx.button("check.reopen", a.CHECK_REOPEN, unit_id)])
    rows.append([ctx.button("check.back", a.CHECK_OVERVIEW)])
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
    values = [Choice(format_score(v), a.CHECK_VALUE.data(view.unit.id, code, format(v.normalize(), "f")))
              for v in quick_values(criterion)]
    rows = [values[i:i + 4] for i in range(0, len(values), 4)]
    if any(e.file_id for e in view.evidence.get(code, [])):
        rows.append([ctx.button("evidence.files", a.EVIDENCE_FILES, view.unit.id, code)])
    rows.append([ctx.button("check.back_unit", a.CHECK_UNIT, view.unit.id)])
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


def results_message(ctx: Context, view: SheetView) -> Reply:
    """What the unit gets when the first check is sent back: every adjusted criterion with its reason."""
    adjusted = view.adjusted()
    lines = [ctx.t("check.result_title", count=len(adjusted))]
    for criterion in adjusted:
        layer = view.layers[criterion.code]
        lines.append(ctx.t("check.result_line", code=criterion.code, own=pts(view.self_points.get(criterion.code)),
                           check=pts(Decimal(layer["check1"].points_centi) / 100), reason=layer["check1"].note))
    lines.append(ctx.t("check.result_footer"))
    return Reply("\n".join(lines), [[ctx.button("explain.start", a.EXPLAIN_LIST, "n")]])


async def ask_send_back(ctx: Context, note: str | None = None) -> None:
    """Sending back cannot be undone (the unit starts explaining): the head sees what the unit will get."""
    view, token = await ctx.services.assessment.prepare_return(ctx.actor, ctx.int_arg(0))
    text = ctx.t("check.send_back_confirm", unit=view.unit.name, count=len(view.adjusted()))
    text += "\n\n" + results_message(ctx, view).text
    if note:
        text = note + "\n\n" + text
    ctx.reply(text, [ctx.button("check.send_back_yes", a.CHECK_SEND_BACK_YES, view.unit.id, token)],
              [ctx.button("check.back_unit", a.CHECK_UNIT, view.unit.id)], edit=note is None, raw=True)


async def send_back(ctx: Context) -> None:
    # hw:<unit>:<token>, only ever on the confirmation (bot/services/confirmation.py)
    unit_id = ctx.int_arg(0)
    try:
        view = await ctx.services.assessment.return_to_unit(ctx.actor, unit_id, ctx.arg(1),
                                                            partial(results_message, ctx))
    except Refused as refusal:
        if refusal.code != "confirm_stale":
            raise
        await ask_send_back(ctx, note=ctx.t("refused.confirm_stale"))
        return
    await unit_view(ctx, view.unit.id, edit=True, note=ctx.t("check.sent", unit=view.unit.name,
                                                              count=len(view.adjusted())))


async def ask_reopen(ctx: Context) -> None:
    unit_id = ctx.int_arg()
    await ctx.services.assessment.unit_sheet(ctx.actor, unit_id)
    await ctx.set_state(REOPEN_REASON, unit=unit_id)
    ctx.reply("reopen.ask")


async def reopen_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    view = await ctx.services.assessment.reopen(ctx.actor, int(ctx.dialog.data["unit"]), ctx.inbound.text,
                                                lambda reason: Reply(ctx.t("reopen.notify", reason=reason)))
    await ctx.clear_state()
    ctx.reply("reopen.done", unit=view.unit.name)


async def ask_close(ctx: Context, note: str | None = None) -> None:
    """Closing makes every score final for good: the head sees where each sheet stands first."""
    preview = await ctx.services.assessment.prepare_close_checking(ctx.actor)
    done = [u for u in preview.units if u.status != "draft"]
    unsubmitted = [u.unit.name for u in preview.units if u.status == "draft"]
    explaining = [u.unit.name for u in preview.units if u.status in ("returned", "explained")]
    lines = [note] if note else []
    lines.append(ctx.t("close.confirm", submitted=len(done), count=len(preview.units)))
    if unsubmitted:
        lines.append(ctx.t("close.confirm_unsubmitted", units=", ".join(unsubmitted)))
    if explaining:
        lines.append(ctx.t("close.confirm_explaining", units=", ".join(explaining)))
    ctx.reply("\n".join(lines), [ctx.button("close.yes", a.CLOSE_YES, preview.token),
                                 ctx.button("close.no", a.CHECK_OVERVIEW)], edit=note is None, raw=True)


async def close(ctx: Context) -> None:
    # hy:<token>, only ever on the confirmation (bot/services/confirmation.py)
    try:
        await ctx.services.assessment.close_checking(ctx.actor, ctx.arg(0),
                                                     lambda: Reply(ctx.t("close.notify")))
    except Refused as refusal:
        if refusal.code != "confirm_stale":
            raise
        await ask_close(ctx, note=ctx.t("refused.confirm_stale"))
        return
    ctx.reply("close.done", [ctx.button("rank.open", a.RANKING, 0)], edit=True)


# --- ranking -------------------------------------------------------------------------------------
async def ranking(ctx: Context, page: int, edit: bool) -> None:
    year, rows = await ctx.services.assessment.ranking(ctx.actor)
    if not rows:
        ctx.reply("rank.empty", [ctx.button("back.admin", a.ADMIN_MENU)], edit=edit)
        return
    shown, page, pages, nav = ctx.page(rows, page, RANK_PAGE, a.RANKING)
    lines = [ctx.t("rank.title", bloc=year.bloc_name, year=year.year, page=page + 1, pages=pages)]
    for row in shown:
        lines.append(ctx.t("rank.line", no=row.no, rank=row.rank, unit=row.unit_name, own=pts(row.self_total),
                           checked=pts(row.checked_total), bonus=pts(row.bonus), penalty=pts(row.penalty),
                           final=pts(row.final)))
    ctx.reply("\n".join(lines), nav, [ctx.button("back.admin", a.ADMIN_MENU)], edit=edit, raw=True)


async def ranking_command(ctx: Context) -> None:
    await ranking(ctx, 0, edit=False)


async def ranking_choice(ctx: Context) -> None:
    await ranking(ctx, ctx.int_arg(), edit=True)


TABLE = "Table"
LOADED = "Loaded"
OVERVIEW = "Overview"
UNIT_SHEET = "UnitSheet"
CONFIRM_CLOSE = "ConfirmClose"
CONFIRM_SEND_BACK = "ConfirmSendBack"
RANKING = "Ranking"

DIALOG = Dialog(
    "The criteria table, checking and ranking by the head", ("handlers/checking.py", "handlers/sheet_text.py"),
    (CRITERIA_UPLOAD, CRITERIA_REASON, CHECK_VALUE, CHECK_REASON, REOPEN_REASON), (
        Edge(START, Command("bangtieuchi"), table_command, (TABLE,),
             "the table in use, and whether units may resubmit"),
        Edge(START, a.TABLE, table_choice, (TABLE,)),
        Edge(TABLE, a.TABLE_TEMPLATE, template, (TABLE,), "template xlsx sent"),
        Edge(TABLE, a.RESUBMIT, toggle_resubmit, (TABLE,), "resubmission allowed or not"),
        Edge(TABLE, a.TABLE_UPLOAD, ask_upload, (CRITERIA_UPLOAD,)),
        Edge(TABLE, a.TABLE_SAMPLE, use_sample, (LOADED,), "the sample table, no unit submitted yet"),
        Edge(TABLE, a.TABLE_SAMPLE, use_sample, (CRITERIA_REASON,), "the sample table, units already submitted"),
        Edge(CRITERIA_UPLOAD, Typed(), table_file, (CRITERIA_UPLOAD,),
             "not a file, or problems listed by row and column (nothing changes)"),
        Edge(CRITERIA_UPLOAD, Typed(), table_file, (LOADED,), "valid file, no unit submitted yet"),
        Edge(CRITERIA_UPLOAD, Typed(), table_file, (CRITERIA_REASON,), "valid file, units already submitted"),
        Edge(CRITERIA_REASON, Typed(), table_reason, (LOADED,),
             "reason typed (new version; drafts move to it, every unit is told)"),
        Edge(START, Command("thamdinh"), overview_command, (OVERVIEW,), "units with their status"),
        Edge(START, a.CHECK_OVERVIEW, overview_choice, (OVERVIEW,)),
        Edge(OVERVIEW, a.CHECK_UNIT, unit_choice, (UNIT_SHEET,),
             "max, self, check 1, explanation, check 2, final per criterion"),
        Edge(UNIT_SHEET, a.CHECK_CRITERION, criterion_check, (CHECK_VALUE,), "a criterion: its check card"),
        Edge(CHECK_VALUE, a.CHECK_VALUE, quick_check, (CHECK_REASON,),
             "a quick value that differs from the score before it"),
        Edge(CHECK_VALUE, a.CHECK_VALUE, quick_check, (UNIT_SHEET,), "a quick value equal to it (saved)"),
        Edge(CHECK_VALUE, Typed(), check_typed, (CHECK_REASON,), "a typed value that differs from the score before it"),
        Edge(CHECK_VALUE, Typed(), check_typed, (UNIT_SHEET,), "a typed value equal to it (saved); a bad one refused"),
        Edge(CHECK_VALUE, a.CHECK_UNIT, unit_choice, (UNIT_SHEET,), "back"),
        Edge(CHECK_REASON, Typed(), reason_typed, (UNIT_SHEET,),
             "reason typed (saved as check 1, or check 2 after explanations)"),
        Edge(UNIT_SHEET, a.CHECK_SEND_BACK, ask_send_back, (CONFIRM_SEND_BACK,), "what the unit will get"),
        Edge(CONFIRM_SEND_BACK, a.CHECK_SEND_BACK_YES, send_back, (UNIT_SHEET,),
             "check 1 sent back to the unit with reasons, stored with the change"),
        Edge(CONFIRM_SEND_BACK, a.CHECK_SEND_BACK_YES, send_back, (CONFIRM_SEND_BACK,),
             "a stale or forged token (a check changed since): nothing sent, the fresh confirmation shown"),
        Edge(CONFIRM_SEND_BACK, a.CHECK_UNIT, unit_choice, (UNIT_SHEET,), "not now"),
        Edge(UNIT_SHEET, a.CHECK_REOPEN, ask_reopen, (REOPEN_REASON,)),
        Edge(REOPEN_REASON, Typed(), reopen_typed, (END,), "reason typed (sheet back to draft, the unit is told)"),
        Edge(OVERVIEW, a.CLOSE, ask_close, (CONFIRM_CLOSE,), "submitted, unsubmitted and still explaining"),
        Edge(CONFIRM_CLOSE, a.CLOSE_YES, close, (RANKING,), "scores final, every unit told (stored with the closing)"),
        Edge(CONFIRM_CLOSE, a.CLOSE_YES, close, (CONFIRM_CLOSE,),
             "a stale or forged token (a sheet changed since): nothing closed, the fresh confirmation shown"),
        Edge(START, Command("xephang"), ranking_command, (RANKING,)),
        Edge(OVERVIEW, a.RANKING, ranking_choice, (RANKING,), "paged; equal totals share a rank"),
    ))
