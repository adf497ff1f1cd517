"""The representative's self-assessment: the sheet, each criterion, evidence, review and submission,
and the explanations (giải trình) after the head's first check."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

from bot.domain.criteria import Criterion, quick_values
from bot.services.assessment import NOTE_LIMIT, SheetView
from bot.services.confirmation import same
from bot.services.refusal import Refused
from bot.text.messages import Choice, Kind, Reply
from bot.text.vi_text import format_score, parse_number
from handlers import actions as a
from handlers.base import Context
from handlers.dialog import START, Command, Dialog, Edge, Typed
from handlers.sheet_text import breakdown, criterion_card, overview, pts, quick_label, value_hint
from storage.rows import Unit

SCORE_ENTRY = "score.entry"
EVIDENCE_NOTE = "evidence.note"
EVIDENCE_OFFER = "evidence.offer"
EXPLAIN = "explain"
LIST_PAGE = 10
LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)
KEEP_TYPED = "1"  # the argument of EVIDENCE_NOTE that saves the text just offered as a note
# refusals of a typed value that say it was no number at all: such text may be evidence instead
NOT_A_VALUE = ("value_not_a_number", "value_pass_fail_only", "value_count")


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
            rows.append([ctx.button("sheet.continue", a.SHEET_CONTINUE)])
        rows.append([ctx.button("sheet.list", a.SHEET_LIST, 0), ctx.button("sheet.review", a.REVIEW)])
    else:
        rows.append([ctx.button("sheet.list", a.SHEET_LIST, 0)])
    if view.status == "returned":
        rows.insert(0, [ctx.button("explain.start", a.EXPLAIN_LIST)])
    rows.append([ctx.button("menu.back", a.MAIN_MENU)])
    ctx.reply(text, *rows, edit=edit, raw=True)


async def show_criterion(ctx: Context, view: SheetView, criterion: Criterion, edit: bool = True,
                         note: str | None = None) -> None:
    text = criterion_card(ctx, view, criterion)
    if note:
        text = note + "\n\n" + text
    # On text channels the choices are numbered in this order, and people learn the numbers: navigation
    # comes first and always has its four (previous and next wrap around), the values come next and are
    # fixed for the criterion, and only the evidence buttons, whose number changes, come last. Adding
    # evidence once moved "Sau ▶" onto another number and a person changed a score without noticing.
    codes = [c.code for c in view.table.criteria]
    index = codes.index(criterion.code)
    rows: list[list[Choice]] = [[
        ctx.button("crit.prev", a.CRITERION, codes[index - 1]),
        ctx.button("sheet.list", a.SHEET_LIST, index // LIST_PAGE),
        ctx.button("crit.next", a.CRITERION, codes[(index + 1) % len(codes)]),
        ctx.button("sheet.back", a.SHEET),
    ]]
    if view.editable:
        values = [Choice(quick_label(ctx, criterion, v), a.QUICK_VALUE.data(criterion.code, _value_data(v)))
                  for v in quick_values(criterion)]
        rows += [values[i:i + 4] for i in range(0, len(values), 4)]
        evidence_row = [ctx.button("evidence.add_note", a.EVIDENCE_NOTE, criterion.code)]
        if view.evidence.get(criterion.code):
            evidence_row.append(ctx.button("evidence.manage", a.EVIDENCE_LIST, criterion.code))
        rows.append(evidence_row)
        await ctx.set_state(SCORE_ENTRY, code=criterion.code)
        text += "\n\n" + value_hint(ctx, criterion) + " " + ctx.t("crit.hint.evidence")
    if any(e.file_id for e in view.evidence.get(criterion.code, [])):
        rows.append([ctx.button("evidence.files", a.EVIDENCE_FILES, view.unit.id, criterion.code)])
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
    shown, page, pages, nav = ctx.page(criteria, ctx.int_arg(), LIST_PAGE, a.SHEET_LIST)
    rows = []
    lacking = set(view.missing_evidence)
    for criterion in shown:
        # a value whose required evidence is missing is not done: it would block the submission
        mark = "⬜" if criterion.code not in view.self_points else "📎" if criterion.code in lacking else "✅"
        label = ctx.t("crit.button", mark=mark, code=criterion.code, title=criterion.title[:40],
                      points=pts(view.self_points.get(criterion.code)))
        rows.append([Choice(label, a.CRITERION.data(criterion.code))])
    rows += [nav, [ctx.button("sheet.back", a.SHEET)]]
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
    entered = view.count(code)
    if entered is not None:
        note = ctx.t("score.saved_count", code=criterion.code, breakdown=breakdown(ctx, criterion, entered))
    else:
        note = ctx.t("score.saved", code=criterion.code, points=pts(points))
    ctx.outcome.notice = note
    if code in view.missing_evidence:
        # asked now, while the person has the document at hand, rather than at submission
        await show_criterion(ctx, view, criterion, edit=edit,
                             note=note + "\n" + ctx.t("score.needs_evidence", code=code))
        return
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
    try:
        await save_value(ctx, code, text, edit=False)
    except Refused as refusal:
        if refusal.code not in NOT_A_VALUE or parse_number(text) is not None or not await offer_note(
                ctx, code, text, refusal):
            raise


async def offer_note(ctx: Context, code: str, text: str, refusal: Refused) -> bool:
    """Words typed on an item that needs evidence are more likely a document number than a bad score:
    offered as a note (nothing saved yet). False when that does not fit, and the refusal stands."""
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    criterion = view.table.by_code(code)
    if criterion is None or not criterion.evidence_required or not 1 <= len(text) <= NOTE_LIMIT:
        return False
    params = {k: format_score(v) if isinstance(v, Decimal) else v for k, v in refusal.params.items()}
    await ctx.set_state(EVIDENCE_OFFER, code=code, text=text)
    shown = text if len(text) <= 80 else text[:79] + "…"
    ctx.reply("evidence.offer", [ctx.button("evidence.offer_yes", a.EVIDENCE_NOTE, code, KEEP_TYPED)],
              [ctx.button("evidence.offer_no", a.CRITERION, code)],
              refusal=ctx.t(refusal.message_key, **params), text=shown, code=code)
    return True


async def evidence_added(ctx: Context, code: str, edit: bool = False) -> None:
    view = await ctx.services.assessment.my_sheet(ctx.actor)
    await show_criterion(ctx, view, view.table.by_code(code), edit=edit,
                         note=ctx.t("evidence.saved", code=code))


async def ask_note(ctx: Context) -> None:
    code = ctx.arg()
    offered = ctx.dialog.data if ctx.dialog is not None and ctx.dialog.state == EVIDENCE_OFFER else None
    if ctx.arg(1) == KEEP_TYPED and offered is not None and offered.get("code") == code:
        await ctx.services.assessment.add_evidence(ctx.actor, code, note=str(offered.get("text") or ""))
        await evidence_added(ctx, code, edit=True)
        return
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
    rows = [[ctx.button("evidence.remove", a.EVIDENCE_REMOVE, e.id, what=(e.file_name or e.text or "")[:30])]
            for e in items]
    rows.append([ctx.button("crit.back", a.CRITERION, code)])
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
            # each missing piece one press away, rather than a list of codes to look up
            go = [ctx.button("review.go_evidence", a.CRITERION, code, code=code)
                  for code in view.missing_evidence[:LIST_PAGE]]
            rows += [go[i:i + 2] for i in range(0, len(go), 2)]
        lines.append(ctx.t("review.blocked"))
    elif view.editable:
        rows.append([ctx.button("review.submit", a.SUBMIT)])
    rows.append([ctx.button("sheet.back", a.SHEET)])
    ctx.reply("\n".join(lines), *rows, edit=True, raw=True)


async def ask_submit(ctx: Context, note: str | None = None) -> None:
    # the confirmation's button carries the token of what it shows: "Nộp" submits exactly that, and nothing
    # reaches the submission without passing here (an `ay` with another token, or none, or a forged one)
    view, token = await ctx.services.assessment.submission(ctx.actor)
    text = ctx.t("submit.confirm", unit=view.unit.name, total=pts(view.self_totals.final))
    ctx.reply(note + "\n\n" + text if note else text,
              [ctx.button("submit.yes", a.SUBMIT_YES, token), ctx.button("submit.no", a.SHEET)],
              edit=True, raw=True)


def submitted_message(ctx: Context, unit: Unit, total: Decimal) -> Reply:
    """What the head's representatives are told of a submission."""
    return Reply(ctx.t("submit.notify_head", unit=unit.name, total=pts(total)))


def explained_message(ctx: Context, unit: Unit) -> Reply:
    """What the head's representatives are told when a unit finished explaining."""
    return Reply(ctx.t("explain.notify_head", unit=unit.name))


async def submit(ctx: Context) -> None:
    confirmed = ctx.arg()
    _, token = await ctx.services.assessment.submission(ctx.actor)
    if not same(confirmed, token):
        await ask_submit(ctx, note=ctx.t("submit.again") if confirmed else None)
        return
    # the head is told by the service, in the submission's own transaction
    view, receipt = await ctx.services.assessment.submit(ctx.actor, confirmed, partial(submitted_message, ctx))
    ctx.reply("submit.done", [ctx.button("sheet.back", a.SHEET)], edit=True, unit=view.unit.name,
              when=ctx.when(view.sheet.submitted_at), total=pts(view.self_totals.final), receipt=receipt)


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
    rows = [[ctx.button("explain.item", a.EXPLAIN_ITEM, c.code, code=c.code)] for c in adjusted]
    rows.append([ctx.button("explain.finish", a.EXPLAIN_FINISH)])
    rows.append([ctx.button("sheet.back", a.SHEET)])
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
    ctx.reply("explain.saved", [ctx.button("explain.back", a.EXPLAIN_LIST)], code=criterion.code)


async def finish(ctx: Context) -> None:
    await ctx.services.assessment.finish_explaining(ctx.actor, partial(explained_message, ctx))
    ctx.reply("explain.finished", [ctx.button("sheet.back", a.SHEET)], edit=True)


SHEET = "Sheet"
CRITERIA_LIST = "CriteriaList"
EVIDENCE_LIST = "EvidenceList"
REVIEW = "Review"
CONFIRM_SUBMIT = "ConfirmSubmit"
ADJUSTED = "Adjusted"
CHECK_CARD = "CheckCard"

DIALOG = Dialog(
    "Self-assessment by a representative", ("handlers/assessment.py", "handlers/sheet_text.py"),
    (SCORE_ENTRY, EVIDENCE_NOTE, EVIDENCE_OFFER, EXPLAIN), (
        Edge(START, Command("chamdiem"), sheet_command, (SHEET,),
             "progress bar, group subtotals, missing items, deadline"),
        Edge(START, a.SHEET, sheet_choice, (SHEET,),
             "from any message of the sheet, a reminder or a notice (`as:n`: as a new message)"),
        Edge(SHEET, a.SHEET_CONTINUE, continue_choice, (SCORE_ENTRY,), "the next unscored criterion"),
        Edge(SHEET, a.SHEET_CONTINUE, continue_choice, (REVIEW,), "every criterion scored"),
        Edge(SHEET, a.SHEET_LIST, list_choice, (CRITERIA_LIST,), "the list of criteria, paged"),
        Edge(CRITERIA_LIST, a.CRITERION, criterion_choice, (SCORE_ENTRY,), "a criterion"),
        Edge(SCORE_ENTRY, a.CRITERION, criterion_choice, (SCORE_ENTRY,), "the previous or next criterion"),
        Edge(SCORE_ENTRY, a.SHEET_LIST, list_choice, (CRITERIA_LIST,)),
        Edge(SCORE_ENTRY, a.QUICK_VALUE, quick_value, (SCORE_ENTRY,),
             "a quick value (pass or fail, a count, points): saved, the next unscored criterion"),
        Edge(SCORE_ENTRY, a.QUICK_VALUE, quick_value, (SHEET,), "the last criterion scored"),
        Edge(SCORE_ENTRY, Typed(), typed, (SCORE_ENTRY,),
             "a typed number (7,5 or 7.5; a count for a counted item): saved, the next unscored criterion, or "
             "this one while its required evidence is missing; a bad value (range, step) refused, nothing saved; "
             "a file, a photo or a link: evidence added"),
        Edge(SCORE_ENTRY, Typed(), typed, (SHEET,), "the last criterion scored"),
        Edge(SCORE_ENTRY, Typed(), typed, (EVIDENCE_OFFER,),
             "words, not a value, on an item that needs evidence: offered as an evidence note"),
        Edge(EVIDENCE_OFFER, a.EVIDENCE_NOTE, ask_note, (SCORE_ENTRY, EVIDENCE_NOTE),
             "the words saved as an evidence note"),
        Edge(EVIDENCE_OFFER, a.CRITERION, criterion_choice, (SCORE_ENTRY,), "not saved"),
        Edge(EVIDENCE_OFFER, Typed(), typed, (SCORE_ENTRY, SHEET, EVIDENCE_OFFER), "as in score entry"),
        Edge(SCORE_ENTRY, a.EVIDENCE_NOTE, ask_note, (EVIDENCE_NOTE,)),
        Edge(EVIDENCE_NOTE, Typed(), note_typed, (SCORE_ENTRY,), "note, file or link (evidence added)"),
        Edge(SCORE_ENTRY, a.EVIDENCE_FILES, evidence_files, (SCORE_ENTRY,),
             "the evidence files sent back"),
        Edge(CHECK_CARD, a.EVIDENCE_FILES, evidence_files, (CHECK_CARD,),
             "the head has the same button on a check card"),
        Edge(SCORE_ENTRY, a.EVIDENCE_LIST, manage_evidence, (EVIDENCE_LIST,)),
        Edge(EVIDENCE_LIST, a.EVIDENCE_REMOVE, remove_evidence, (SCORE_ENTRY,), "evidence removed"),
        Edge(EVIDENCE_LIST, a.CRITERION, criterion_choice, (SCORE_ENTRY,), "back"),
        Edge(SHEET, a.REVIEW, review, (REVIEW,)),
        Edge(REVIEW, a.SUBMIT, ask_submit, (CONFIRM_SUBMIT,), "only when nothing is missing"),
        Edge(REVIEW, a.CRITERION, criterion_choice, (SCORE_ENTRY,), "an item whose evidence is missing"),
        Edge(CONFIRM_SUBMIT, a.SUBMIT_YES, submit, (SHEET,),
             "submitted: receipt with time, total, fingerprint; the head told in the same transaction"),
        Edge(CONFIRM_SUBMIT, a.SUBMIT_YES, submit, (CONFIRM_SUBMIT,),
             "the confirmation again when the press carries no receipt or another one (forged, or the sheet "
             "changed since)"),
        Edge(SHEET, a.EXPLAIN_LIST, explain_list, (ADJUSTED,),
             "after the head sent check 1 back (`ew:n` from that notice)"),
        Edge(ADJUSTED, a.EXPLAIN_ITEM, explain_item, (EXPLAIN,)),
        Edge(EXPLAIN, Typed(), explanation_typed, (ADJUSTED,), "explanation saved"),
        Edge(ADJUSTED, a.EXPLAIN_FINISH, finish, (SHEET,), "explanations finished, the head is told"),
    ),
    "The sheet is locked (every step below refuses politely and changes nothing) after the deadline unless\n"
    "the head reopened it, after submission unless the year allows resubmission, while it is being checked,\n"
    "and once checking is closed.")
