"""How a score sheet reads in chat: the overview, a criterion card, the review, the head's view."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from bot.domain.criteria import EXTRA_KINDS, Criterion, Kind, count_points, progress_bar, quick_values
from bot.services.assessment import SheetView, from_centi
from bot.text.vi_text import format_score
from handlers.base import Context
from storage.rows import LayerValue


def pts(value: Decimal | None) -> str:
    return "–" if value is None else format_score(value)


def breakdown(ctx: Context, criterion: Criterion, count: Decimal) -> str:
    """How a count became points: "3 lần × 2,5 = 7,5 → 5 điểm (tối đa)"."""
    arithmetic = count_points(criterion, count)
    assert arithmetic is not None
    return ctx.t("count.breakdown", count=pts(arithmetic.count), per=pts(arithmetic.per_item),
                 product=pts(arithmetic.product), points=pts(arithmetic.points),
                 capped=ctx.t("count.capped") if arithmetic.capped else "")


def layer_points(ctx: Context, criterion: Criterion, value: LayerValue) -> str:
    """A layer's value as shown: the points, or for a counted item the count and how it became points."""
    if criterion.counts_items and value.entered:
        return breakdown(ctx, criterion, Decimal(value.entered))
    return pts(from_centi(value.points_centi))


def short_points(ctx: Context, criterion: Criterion, value: LayerValue | None) -> str:
    """A layer's value in one cell of the head's table: "5 (3 lần)" for a counted item."""
    if value is None:
        return "–"
    points = pts(from_centi(value.points_centi))
    if criterion.counts_items and value.entered:
        return f"{points} ({ctx.t('quick.count', count=pts(Decimal(value.entered)))})"
    return points


def group_name(ctx: Context, criterion: Criterion) -> str:
    """The criterion's group; bonus and penalty items, which tables often leave without one, are named by kind."""
    if criterion.group:
        return criterion.group
    if criterion.kind in EXTRA_KINDS:
        return ctx.t(f"crit.group.{criterion.kind.value}")
    return ctx.t(f"crit.kind.{criterion.kind.value}")


def value_hint(ctx: Context, criterion: Criterion) -> str:
    """How to answer this kind of criterion, with an example that is itself a valid answer."""
    if criterion.kind is Kind.PASS_FAIL:
        return ctx.t("crit.hint.pass_fail")
    if criterion.counts_items:
        return ctx.t("crit.hint.count", per=pts(criterion.per_item), max=pts(criterion.max_points))
    values = quick_values(criterion)
    example = next((v for v in values if 0 < v < criterion.max_points), criterion.max_points)
    if criterion.step is None:
        return ctx.t("crit.hint.score_free", max=pts(criterion.max_points), example=pts(example))
    return ctx.t("crit.hint.score", max=pts(criterion.max_points), step=pts(criterion.step), example=pts(example))


def quick_label(ctx: Context, criterion: Criterion, value: Decimal) -> str:
    """A quick value's button: "✅ Đạt (5 điểm)" / "❌ Không đạt (0)", "3 lần", or the points."""
    if criterion.kind is Kind.PASS_FAIL:
        return ctx.t("quick.pass", max=pts(criterion.max_points)) if value else ctx.t("quick.fail")
    if criterion.counts_items:
        return ctx.t("quick.count", count=pts(value))
    return format_score(value)


def totals_line(ctx: Context, view: SheetView) -> str:
    """The sheet's totals: once checking is closed, the final ones (the self-assessed total beside them)."""
    if view.status == "final":
        final = view.final_totals
        return ctx.t("sheet.final_totals", main=pts(final.main), max=pts(view.table.main_max),
                     bonus=pts(final.bonus), penalty=pts(final.penalty), final=pts(final.final),
                     own=pts(view.self_totals.final))
    own = view.self_totals
    return ctx.t("sheet.totals", main=pts(own.main), max=pts(view.table.main_max), bonus=pts(own.bonus),
                 penalty=pts(own.penalty), final=pts(own.final))


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
    shown = view.final_totals if view.status == "final" else own
    groups = "\n".join(ctx.t("sheet.group_line", group=g.group, points=pts(g.points), max=pts(g.max),
                             answered=g.answered, count=g.count) for g in shown.by_group)
    missing = ", ".join(own.missing[:15]) + ("…" if len(own.missing) > 15 else "")
    lines = [
        ctx.t("sheet.title", unit=view.unit.name, year=view.year.year, version=view.version.version),
        progress_bar(own.answered, own.count),
        "",
        groups,
        totals_line(ctx, view),
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
    if criterion.step is None:
        return ctx.t("crit.allowed.score_free", max=pts(criterion.max_points))
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
        ctx.t("crit.title", code=criterion.code, title=criterion.title, group=group_name(ctx, criterion)),
        ctx.t("crit.kind_line", kind=kind, allowed=allowed(ctx, criterion)),
    ]
    if criterion.guidance:
        lines.append(ctx.t("crit.guidance", text=criterion.guidance))
    if own is None:
        lines.append(ctx.t("crit.no_value"))
    elif criterion.counts_items and own.entered:
        lines.append(ctx.t("crit.value_count", breakdown=layer_points(ctx, criterion, own)))
    else:
        lines.append(ctx.t("crit.value", entered=pts(Decimal(own.entered)) if own.entered else "–",
                           points=pts(from_centi(own.points_centi))))
    for name in ("check1", "explanation", "check2"):
        value = layer.get(name)
        if value is not None:
            lines.append(ctx.t(f"crit.layer.{name}", points=layer_points(ctx, criterion, value),
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

        def value(name: str, layer: dict = layer, criterion: Criterion = criterion) -> str:
            return short_points(ctx, criterion, layer.get(name))

        explained = "💬" if "explanation" in layer else ""
        final = view.final_counts.get(criterion.code)
        lines.append(ctx.t("check.line", code=criterion.code, max=pts(criterion.max_points), own=value("self"),
                           check1=value("check1"), explained=explained, check2=value("check2"),
                           final=pts(view.final_points.get(criterion.code))
                           + (f" ({ctx.t('quick.count', count=pts(final))})" if final is not None else "")))
    own, final = view.self_totals, view.final_totals
    lines.append(ctx.t("check.totals", own=pts(own.final), final=pts(final.final)))
    return "\n".join(lines)
