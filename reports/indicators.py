"""Indicator figures (chỉ tiêu) as of a day: per unit and in total, reported and verified."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from directives.models import Directive
from tracker.models import Unit
from tracker.timeutil import end_of_day

from .models import Indicator, IndicatorTarget, IndicatorValue, ProgressReport

ZERO = Decimal("0")


@dataclass
class Figure:
    reported: Decimal | None = None
    verified: Decimal | None = None


@dataclass
class IndicatorRow:
    indicator: Indicator
    breakdowns: dict[str, str]
    # unit_id -> breakdown ("" = total) -> Figure
    per_unit: dict[int, dict[str, Figure]] = field(default_factory=dict)
    total: dict[str, Figure] = field(default_factory=dict)
    rate: dict[str, Decimal | None] = field(default_factory=dict)
    unit_rate: dict[int, Decimal | None] = field(default_factory=dict)
    unit_targets: dict[int, IndicatorTarget] = field(default_factory=dict)

    @property
    def against_target(self) -> Decimal | None:
        """Progress against the directive-wide target, in percent."""
        target = self.indicator.target
        value = self.total.get("", Figure()).reported
        if target and value is not None:
            return (100 * value / target).quantize(Decimal("0.1"))
        if self.indicator.target_rate and self.rate.get("") is not None:
            return (100 * self.rate[""] / self.indicator.target_rate).quantize(Decimal("0.1"))
        return None


def _values(directive_ids: list[int], day: dt.date, period_id: int | None,
            user) -> QuerySet:
    values = IndicatorValue.objects.visible_to(user).filter(
        indicator__directive_id__in=directive_ids, report__status=ProgressReport.Status.ACCEPTED,
        report__decided_at__lte=end_of_day(day))
    if period_id is not None:
        values = values.filter(report__obligation__period_id=period_id)
    return values


def _combine(aggregation: str, items: list[Decimal]) -> Decimal | None:
    if not items:
        return None
    if aggregation == Indicator.Aggregation.SUM:
        return sum(items, ZERO)
    if aggregation == Indicator.Aggregation.AVERAGE:
        return (sum(items, ZERO) / len(items)).quantize(Decimal("0.01"))
    return items[-1]


def indicator_table(*, directive: Directive | None = None, day: dt.date,
                    period_id: int | None = None, user,
                    directive_ids: list[int] | None = None) -> list[IndicatorRow]:
    """Every indicator of a directive with per-unit and total figures as of `day`.

    Within a unit, values over time combine by the indicator's aggregation (sum of
    every accepted report, the latest one, or their average); across units, counts
    add up (sum/latest) or average (average). Rates use the denominator indicator.
    """
    ids = directive_ids if directive_ids is not None else [directive.pk]
    indicators = list(Indicator.objects.filter(directive_id__in=ids)
                      .order_by("directive_id", "order", "id"))
    if not indicators:
        return []
    rows = {i.pk: IndicatorRow(indicator=i, breakdowns=i.breakdown_labels()) for i in indicators}
    series: dict[tuple[int, int, str], list[tuple[tuple, Decimal, Decimal | None]]] = (
        defaultdict(list))
    for (indicator_id, breakdown, reported, verified, unit_id, starts_on, decided_at) in (
            _values(ids, day, period_id, user).values_list(
                "indicator_id", "breakdown", "reported_value", "verified_value",
                "report__obligation__assignment__unit_id",
                "report__obligation__period__starts_on", "report__decided_at")):
        series[(indicator_id, unit_id, breakdown)].append(
            ((starts_on, decided_at), reported, verified))
    for (indicator_id, unit_id, breakdown), points in series.items():
        points.sort(key=lambda p: p[0])
        row = rows[indicator_id]
        aggregation = row.indicator.aggregation
        verified = [v for _k, _r, v in points if v is not None]
        row.per_unit.setdefault(unit_id, {})[breakdown] = Figure(
            reported=_combine(aggregation, [r for _k, r, _v in points]),
            verified=_combine(aggregation, verified) if len(verified) == len(points) else None,
        )
    for row in rows.values():
        keys = {b for figures in row.per_unit.values() for b in figures}
        across = (Indicator.Aggregation.AVERAGE
                  if row.indicator.aggregation == Indicator.Aggregation.AVERAGE
                  else Indicator.Aggregation.SUM)
        for key in keys:
            figures = [f[key] for f in row.per_unit.values() if key in f]
            reported = [f.reported for f in figures if f.reported is not None]
            verified = [f.verified for f in figures if f.verified is not None]
            row.total[key] = Figure(
                reported=_combine(across, reported),
                verified=_combine(across, verified) if len(verified) == len(figures) else None)
    for row in rows.values():
        denominator = rows.get(row.indicator.denominator_id)
        if denominator is None:
            continue
        for key, figure in row.total.items():
            base = denominator.total.get(key, Figure()).reported
            row.rate[key] = _pct(figure.reported, base)
        for unit_id, figures in row.per_unit.items():
            base = denominator.per_unit.get(unit_id, {}).get("", Figure()).reported
            row.unit_rate[unit_id] = _pct(figures.get("", Figure()).reported, base)
    for target in IndicatorTarget.objects.filter(indicator__directive_id__in=ids):
        rows[target.indicator_id].unit_targets[target.unit_id] = target
    return list(rows.values())


def _pct(value: Decimal | None, base: Decimal | None) -> Decimal | None:
    if value is None or not base:
        return None
    return (100 * value / base).quantize(Decimal("0.01"))


def indicator_summary(*, directive: Directive | None = None, day: dt.date, user,
                      directive_ids: list[int] | None = None) -> list[dict]:
    """A JSON-ready digest for pages, the dashboard and the API (constant queries)."""
    rows = indicator_table(directive=directive, day=day, user=user, directive_ids=directive_ids)
    unit_ids = {u for row in rows for u in row.per_unit}
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if (
        unit_ids) else {}
    out = []
    for row in rows:
        total = row.total.get("", Figure())
        out.append({
            "id": row.indicator.pk,
            "directive": row.indicator.directive_id,
            "code": row.indicator.code,
            "name": row.indicator.name,
            "unit_of_measure": row.indicator.unit_of_measure,
            "aggregation": row.indicator.aggregation,
            "target": _num(row.indicator.target),
            "target_rate": _num(row.indicator.target_rate),
            "reported": _num(total.reported),
            "verified": _num(total.verified),
            "rate": _num(row.rate.get("")),
            "against_target": _num(row.against_target),
            "breakdowns": [
                {"code": code, "label": label,
                 "reported": _num(row.total.get(code, Figure()).reported),
                 "verified": _num(row.total.get(code, Figure()).verified),
                 "rate": _num(row.rate.get(code))}
                for code, label in row.breakdowns.items()
            ],
            "units": [
                {"unit": unit_id, "name": units.get(unit_id, ""),
                 "reported": _num(figs.get("", Figure()).reported),
                 "verified": _num(figs.get("", Figure()).verified),
                 "rate": _num(row.unit_rate.get(unit_id)),
                 "target_rate": _num(getattr(row.unit_targets.get(unit_id), "target_rate",
                                             None))}
                for unit_id, figs in row.per_unit.items()
            ],
        })
    return out


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
