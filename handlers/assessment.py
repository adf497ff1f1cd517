"""The representative's self-assessment: the sheet, each criterion, evidence, review and submission,
and the explanations (giải trình) after the head's first check."""

from __future__ import annotations

import re
from decimal import Decimal

from bot.domain.criteria import Criterion, quick_values
from bot.services.assessment import SheetView
from bot.text.messages import Choice, Kind
from bot.text.vi_text import format_score
from handlers.base import Context, Router
from handlers.sheet_text import criterion_card, overview, pts

SCORE_ENTRY = "score.entry"
EVIDENCE_NOTE = "evidence.note"
EXPLAIN = "explain"
LIST_PAGE = 10
LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _value_data(value: Decimal) -> str:
    return format(value.normalize(), "f")


async def show_sheet(ctx: Context, edit: bool = False, note: str | None = None) -> None:
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    text = overview(ctx, view)
    if note:
        text = note + "\n\n" + text
    rows: list[list[Choice]] = []
    if view.editable:
        if view.self_totals.missing:
            rows.append([ctx.choice("sheet.continue", "an")])
        rows.append([ctx.choice("sheet.list", "al:0"), ctx.choice("sheet.review", "ar")])
    else:
        rows.append([ctx.choice("sheet.list", "al:0")])
    if view.status == "returned":
        rows.insert(0, [ctx.choice("explain.start", "ew")])
    rows.append([ctx.choice("menu.back", "m")])
    ctx.reply(text, *rows, edit=edit, raw=True)


async def show_criterion(ctx: Context, view: SheetView, criterion: Criterion, edit: bool = True,
                         note: str | None = None) -> None:
    text = criterion_card(ctx, view, criterion)
    if note:
        text = note + "\n\n" + text
    rows: list[list[Choice]] = []
    if view.editable:
        values = [Choice(format_score(v), f"av:{criterion.code}:{_value_data(v)}") for v in quick_values(criterion)]
        rows += [values[i:i + 4] for i in range(0, len(values), 4)]
        evidence_row = [ctx.choice("evidence.add_note", f"ae:{criterion.code}")]
        if view.evidence.get(criterion.code):
            evidence_row.append(ctx.choice("evidence.manage", f"ax:{criterion.code}"))
        rows.append(evidence_row)
        await ctx.set_state(SCORE_ENTRY, code=criterion.code)
        text += "\n\n" + ctx.t("crit.type_hint")
    if any(e.file_id for e in view.evidence.get(criterion.code, [])):
        rows.append([ctx.choice("evidence.files", f"vf:{view.unit.id}:{criterion.code}")])
    codes = [c.code for c in view.table.criteria]
    index = codes.index(criterion.code)
    nav = []
    if index > 0:
        nav.append(ctx.choice("crit.prev", f"ac:{codes[index - 1]}"))
    nav.append(ctx.choice("sheet.list", f"al:{index // LIST_PAGE}"))
    if index < len(codes) - 1:
        nav.append(ctx.choice("crit.next", f"ac:{codes[index + 1]}"))
    rows += [nav, [ctx.choice("sheet.back", "as")]]
    ctx.reply(text, *rows, edit=edit, raw=True)


def next_code(view: SheetView, after: str | None = None) -> str | None:
    """The next criterion without a value, starting after `after` and wrapping around."""
    codes = [c.code for c in view.table.criteria]
    start = codes.index(after) + 1 if after in codes else 0
    for code in codes[start:] + codes[:start]:
        if code not in view.self_points:
            return code
    return None


async def sheet_command(ctx: Context) -> None:
    await show_sheet(ctx)


async def sheet_choice(ctx: Context) -> None:
    await ctx.clear_state()
    # "as:n" comes from a reminder or a notice, which must stay as it is
    await show_sheet(ctx, edit=not ctx.args)


async def continue_choice(ctx: Context) -> None:
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    code = next_code(view)
    if code is None:
        await review(ctx)
        return
    await show_criterion(ctx, view, view.table.by_code(code))


async def list_choice(ctx: Context) -> None:
    await ctx.clear_state()
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    criteria = view.table.criteria
    shown, page, pages, nav = ctx.page(criteria, ctx.int_arg(), LIST_PAGE, "al")
    rows = []
    for criterion in shown:
        mark = "✅" if criterion.code in view.self_points else "⬜"
        label = ctx.t("crit.button", mark=mark, code=criterion.code, title=criterion.title[:40],
                      points=pts(view.self_points.get(criterion.code)))
        rows.append([Choice(label, f"ac:{criterion.code}")])
    rows += [nav, [ctx.choice("sheet.back", "as")]]
    ctx.reply("sheet.list_title", *rows, edit=True, page=page + 1, pages=pages)


async def criterion_choice(ctx: Context) -> None:
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    criterion = view.table.by_code(ctx.arg())
    if criterion is None:
        ctx.reply("refused.criterion_not_found")
        return
    await show_criterion(ctx, view, criterion)


async def save_value(ctx: Context, code: str, text: str, edit: bool) -> None:
    criterion, points, view = await ctx.services.assessment.set_self_score(ctx.actor, code, text)
    note = ctx.t("score.saved", code=criterion.code, points=pts(points))
    ctx.outcome.notice = note
    following = next_code(view, code)
    if following is None:
        await ctx.clear_state()
        await show_sheet(ctx, edit=edit, note=note + "\n" + ctx.t("score.all_done"))
        return
    await show_criterion(ctx, view, view.table.by_code(following), edit=edit, note=note)


async def quick_value(ctx: Context) -> None:
    if len(ctx.args) != 2:
        ctx.reply("stale_button")
        return
    await save_value(ctx, ctx.args[0], ctx.args[1], edit=True)


async def typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    code = ctx.dialog.data["code"]
    inbound = ctx.inbound
    if inbound.kind is Kind.FILE and inbound.file is not None:
        await ctx.services.assessment.add_evidence(ctx.actor, code, file=inbound.file)
        await evidence_added(ctx, code)
        return
    text = inbound.text.strip()
    if LINK.match(text):
        await ctx.services.assessment.add_evidence(ctx.actor, code, link=text)
        await evidence_added(ctx, code)
        return
    await save_value(ctx, code, text, edit=False)


async def evidence_added(ctx: Context, code: str) -> None:
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    await show_criterion(ctx, view, view.table.by_code(code), edit=False,
                         note=ctx.t("evidence.saved", code=code))


async def ask_note(ctx: Context) -> None:
    code = ctx.arg()
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    if view.table.by_code(code) is None:
        ctx.reply("refused.criterion_not_found")
        return
    await ctx.set_state(EVIDENCE_NOTE, code=code)
    ctx.reply("evidence.ask_note", code=code)


async def note_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    code = ctx.dialog.data["code"]
    inbound = ctx.inbound
    if inbound.kind is Kind.FILE and inbound.file is not None:
        await ctx.services.assessment.add_evidence(ctx.actor, code, file=inbound.file)
    elif LINK.match(inbound.text.strip()):
        await ctx.services.assessment.add_evidence(ctx.actor, code, link=inbound.text.strip())
    else:
        await ctx.services.assessment.add_evidence(ctx.actor, code, note=inbound.text)
    await evidence_added(ctx, code)


async def manage_evidence(ctx: Context) -> None:
    code = ctx.arg()
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    items = view.evidence.get(code, [])
    rows = [[ctx.choice("evidence.remove", f"ad:{e.id}", what=(e.file_name or e.text or "")[:30])]
            for e in items]
    rows.append([ctx.choice("crit.back", f"ac:{code}")])
    ctx.reply("evidence.list_title", *rows, edit=True, code=code, count=len(items))


async def remove_evidence(ctx: Context) -> None:
    code = await ctx.services.assessment.remove_evidence(ctx.actor, ctx.int_arg())
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    ctx.outcome.notice = ctx.t("evidence.removed")
    await show_criterion(ctx, view, view.table.by_code(code), note=ctx.t("evidence.removed"))


async def review(ctx: Context) -> None:
    await ctx.clear_state()
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    lines = [ctx.t("review.title", unit=view.unit.name, year=view.year.year)]
    group = None
    for criterion in view.table.criteria:
        if criterion.group != group:
            group = criterion.group
            lines.append(f"\n{group}")
        evidence = len(view.evidence.get(criterion.code, []))
        lines.append(ctx.t("review.line", code=criterion.code, points=pts(view.self_points.get(criterion.code)),
                           max=pts(criterion.max_points), evidence=f" 📎{evidence}" if evidence else ""))
    own = view.self_totals
    lines.append("")
    lines.append(ctx.t("sheet.totals", main=pts(own.main), max=pts(view.table.main_max), bonus=pts(own.bonus),
                       penalty=pts(own.penalty), final=pts(own.final)))
    rows = []
    if own.missing or view.missing_evidence:
        if own.missing:
            lines.append(ctx.t("sheet.missing", codes=", ".join(own.missing)))
        if view.missing_evidence:
            lines.append(ctx.t("sheet.missing_evidence", codes=", ".join(view.missing_evidence)))
        lines.append(ctx.t("review.blocked"))
    elif view.editable:
        rows.append([ctx.choice("review.submit", "ap")])
    rows.append([ctx.choice("sheet.back", "as")])
    ctx.reply("\n".join(lines), *rows, edit=True, raw=True)


async def review_choice(ctx: Context) -> None:
    await review(ctx)


async def ask_submit(ctx: Context) -> None:
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    ctx.reply("submit.confirm", [ctx.choice("submit.yes", "ay"), ctx.choice("submit.no", "as")], edit=True,
              unit=view.unit.name, total=pts(view.self_totals.final))


async def submit(ctx: Context) -> None:
    view, receipt = await ctx.services.assessment.submit(ctx.actor)
    ctx.reply("submit.done", [ctx.choice("sheet.back", "as")], edit=True, unit=view.unit.name,
              when=ctx.when(view.sheet.submitted_at), total=pts(view.self_totals.final), receipt=receipt)
    head = view.year.head_unit_id
    if head is not None and head != view.unit.id:
        await ctx.notify_units([head], ctx.t("submit.notify_head", unit=view.unit.name,
                                             total=pts(view.self_totals.final)))


async def evidence_files(ctx: Context) -> None:
    unit, files = await ctx.services.assessment.evidence_files(ctx.actor, ctx.int_arg(0),
                                                               ctx.arg(1))
    reply = ctx.reply("evidence.files_sent" if files else "evidence.no_files", unit=unit.name,
                      code=ctx.args[1], count=len(files))
    reply.resend = files


# --- explanations after the first check -------------------------------------------------------
async def explain_list(ctx: Context) -> None:
    await ctx.clear_state()
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    adjusted = view.adjusted()
    lines = [ctx.t("explain.title", count=len(adjusted))]
    for criterion in adjusted:
        layer = view.layers[criterion.code]
        lines.append(ctx.t("explain.line", code=criterion.code, title=criterion.title[:60],
                           own=pts(view.self_points.get(criterion.code)),
                           check=pts(Decimal(layer["check1"].points_centi) / 100),
                           reason=layer["check1"].note or "",
                           explained=ctx.t("explain.done_mark") if "explanation" in layer else ""))
    rows = [[ctx.choice("explain.item", f"eg:{c.code}", code=c.code)] for c in adjusted]
    rows.append([ctx.choice("explain.finish", "ef")])
    rows.append([ctx.choice("sheet.back", "as")])
    ctx.reply("\n".join(lines), *rows, edit=not ctx.args, raw=True)


async def explain_item(ctx: Context) -> None:
    code = ctx.arg()
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    if view.table.by_code(code) not in view.adjusted():
        ctx.reply("refused.not_adjusted")
        return
    await ctx.set_state(EXPLAIN, code=code)
    ctx.reply("explain.ask", code=code)


async def explanation_typed(ctx: Context) -> None:
    assert ctx.dialog is not None
    criterion = await ctx.services.assessment.explain(ctx.actor, ctx.dialog.data["code"], ctx.inbound.text)
    await ctx.clear_state()
    ctx.reply("explain.saved", [ctx.choice("explain.back", "ew")], code=criterion.code)


async def finish(ctx: Context) -> None:
    view, head = await ctx.services.assessment.finish_explaining(ctx.actor)
    ctx.reply("explain.finished", [ctx.choice("sheet.back", "as")], edit=True)
    await ctx.notify_units(head, ctx.t("explain.notify_head", unit=view.unit.name))


def register(router: Router) -> None:
    """Wire each step to the command, button prefix or dialog state that reaches it."""
    router.command("chamdiem")(sheet_command)
    router.choice("as")(sheet_choice)
    router.choice("an")(continue_choice)
    router.choice("al")(list_choice)
    router.choice("ac")(criterion_choice)
    router.choice("av")(quick_value)
    router.state(SCORE_ENTRY)(typed)
    router.choice("ae")(ask_note)
    router.state(EVIDENCE_NOTE)(note_typed)
    router.choice("ax")(manage_evidence)
    router.choice("ad")(remove_evidence)
    router.choice("ar")(review_choice)
    router.choice("ap")(ask_submit)
    router.choice("ay")(submit)
    router.choice("vf")(evidence_files)
    router.choice("ew")(explain_list)
    router.choice("eg")(explain_item)
    router.state(EXPLAIN)(explanation_typed)
    router.choice("ef")(finish)
