"""How a score sheet reads in chat: the overview, a criterion card, the review, the head's view."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from bot.domain.criteria import Criterion, Kind, progress_bar
from bot.services.assessment import SheetView, from_centi
from bot.text.vi_text import format_score
from handlers.base import Context


def pts(value: Decimal | None) -> str:
    return "–" if value is None else format_score(value)


def time_left(ctx: Context, due: datetime) -> str:
    seconds = int((due - ctx.services.clock.now()).total_seconds())
    if seconds <= 0:
        return ctx.t("sheet.overdue")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return ctx.t("sheet.left_days", days=days, hours=hours)
    return ctx.t("sheet.left_hours", hours=hours, minutes=rest // 60)


def deadline_line(ctx: Context, view: SheetView) -> str:
    if view.deadline is None:
        return ctx.t("sheet.no_deadline")
    return ctx.t("sheet.deadline", when=ctx.when(view.deadline.due_at), left=time_left(ctx, view.deadline.due_at))


def overview(ctx: Context, view: SheetView) -> str:
    own = view.self_totals
    groups = "\n".join(ctx.t("sheet.group_line", group=g.group, points=pts(g.points), max=pts(g.max),
                             answered=g.answered, count=g.count) for g in own.by_group)
    missing = ", ".join(own.missing[:15]) + ("…" if len(own.missing) > 15 else "")
    lines = [
        ctx.t("sheet.title", unit=view.unit.name, year=view.year.year, version=view.version.version),
        progress_bar(own.answered, own.count),
        "",
        groups,
        ctx.t("sheet.totals", main=pts(own.main), max=pts(view.table.main_max), bonus=pts(own.bonus),
              penalty=pts(own.penalty), final=pts(own.final)),
    ]
    if missing:
        lines.append(ctx.t("sheet.missing", codes=missing))
    if view.missing_evidence:
        lines.append(ctx.t("sheet.missing_evidence", codes=", ".join(view.missing_evidence)))
    lines.append(deadline_line(ctx, view))
    lines.append(ctx.t(f"sheet.status.{view.status}", receipt=view.sheet.receipt if view.sheet else ""))
    if view.lock and view.status == "draft":
        lines.append(ctx.t(f"sheet.lock.{view.lock}"))
    return "\n".join(lines)


def allowed(ctx: Context, criterion: Criterion) -> str:
    if criterion.kind is Kind.PASS_FAIL:
        return ctx.t("crit.allowed.pass_fail", max=pts(criterion.max_points))
    if criterion.counts_items:
        return ctx.t("crit.allowed.count", per=pts(criterion.per_item), max=pts(criterion.max_points))
    return ctx.t("crit.allowed.score", max=pts(criterion.max_points), step=pts(criterion.step))


def evidence_lines(ctx: Context, view: SheetView, code: str) -> str:
    items = view.evidence.get(code, [])
    if not items:
        return ctx.t("crit.no_evidence")
    return "\n".join(ctx.t(f"evidence.{e.kind}", name=e.file_name or "", text=e.text or "") for e in items)


def criterion_card(ctx: Context, view: SheetView, criterion: Criterion) -> str:
    layer = view.layers.get(criterion.code, {})
    own = layer.get("self")
    kind = ctx.t(f"crit.kind.{criterion.kind.value}")
    lines = [
        ctx.t("crit.title", code=criterion.code, title=criterion.title, group=criterion.group),
        ctx.t("crit.kind_line", kind=kind, allowed=allowed(ctx, criterion)),
    ]
    if criterion.guidance:
        lines.append(ctx.t("crit.guidance", text=criterion.guidance))
    if own is None:
        lines.append(ctx.t("crit.no_value"))
    else:
        lines.append(ctx.t("crit.value", entered=pts(Decimal(own.entered)) if own.entered else "–",
                           points=pts(from_centi(own.points_centi))))
    for name in ("check1", "explanation", "check2"):
        value = layer.get(name)
        if value is not None:
            lines.append(ctx.t(f"crit.layer.{name}", points=pts(from_centi(value.points_centi)),
                               note=value.note or ""))
    lines.append(ctx.t("crit.evidence_title", required=ctx.t("crit.evidence_required")
                       if criterion.evidence_required else ""))
    lines.append(evidence_lines(ctx, view, criterion.code))
    return "\n".join(lines)


def layers_table(ctx: Context, view: SheetView) -> str:
    """The head's view: per criterion max | self | check 1 | explanation | check 2 | final."""
    lines = [ctx.t("check.sheet_title", unit=view.unit.name, status=ctx.t(f"check.status.{view.status}"))]
    for criterion in view.table.criteria:
        layer = view.layers.get(criterion.code, {})

        def value(name: str, layer: dict = layer) -> str:
            entry = layer.get(name)
            return pts(from_centi(entry.points_centi)) if entry is not None else "–"

        explained = "💬" if "explanation" in layer else ""
        lines.append(ctx.t("check.line", code=criterion.code, max=pts(criterion.max_points), own=value("self"),
                           check1=value("check1"), explained=explained, check2=value("check2"),
                           final=pts(view.final_points.get(criterion.code))))
    own, final = view.self_totals, view.final_totals
    lines.append(ctx.t("check.totals", own=pts(own.final), final=pts(final.final)))
    return "\n".join(lines)
