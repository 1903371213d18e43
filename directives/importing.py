"""Importing a directive from its text: preview for the board, then create through services.

The parser (`directives.importer`, pure Python) reads the text; this module gives
it the unit registry from the database and turns a (possibly corrected) preview
into a directive, sections, items and assignments with the normal services (the
assignments app assigns the units an item names: `directives.signals.item_units_named`).
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tracker.errors import DomainError
from tracker.models import Unit, UnitGroup

from . import services, signals
from .importer import (
    ImportInputError,
    Registry,
    RegistryGroup,
    RegistryUnit,
    parse_directive,
    read_upload,
)
from .models import Cadence, Directive, ResponsibilityItem

MAX_TEXT_CHARS = 2 * 1024 * 1024


def unit_registry() -> Registry:
    """Every unit (dissolved ones too, with their successors) and group, for matching."""
    successors = dict(Unit.objects.filter(successor__isnull=False)
                      .values_list("pk", "successor__code"))
    units = [
        RegistryUnit(code=u.code, name=u.name, short_name=u.short_name,
                     aliases=tuple(u.aliases or ()), dissolved_on=u.dissolved_on,
                     successor_code=successors.get(u.pk), kind=u.kind)
        for u in Unit.objects.all()
    ]
    members: dict[int, list[str]] = {}
    for group_id, code in UnitGroup.members.through.objects.filter(
            unit__is_active=True).values_list("unitgroup_id", "unit__code"):
        members.setdefault(group_id, []).append(code)
    groups = [
        RegistryGroup(code=g.code, name=g.name, aliases=tuple(g.aliases or ()),
                      member_codes=tuple(members.get(g.pk, ())))
        for g in UnitGroup.objects.all()
    ]
    return Registry(units=units, groups=groups)


def text_from_upload(*, data: bytes, filename: str) -> str:
    """Decode an uploaded .txt/.docx; raises ImportInputError with a clear message."""
    return read_upload(data, filename)


def import_preview(*, text: str) -> dict[str, Any]:
    """The preview of DESIGN §5: metadata, sections, items, references, unmatched."""
    if text is None or not str(text).strip():
        raise ImportInputError("text", "Văn bản trống: hãy dán nội dung hoặc tải tệp lên.",
                               "empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ImportInputError("text", "Văn bản quá lớn (tối đa 2 MB).", "too_large")
    return parse_directive(text, unit_registry()).as_dict()


def _units(codes: list[str], field: str) -> list[Unit]:
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DomainError(_("Không tìm thấy đơn vị: %(codes)s.") % {"codes": ", ".join(missing)},
                          field=field)
    units = []
    for code in codes:
        unit = found[code]
        while not unit.is_active and unit.successor_id:
            unit = unit.successor
        units.append(unit)
    return units


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DomainError(_("Ngày không hợp lệ (dạng YYYY-MM-DD)."), field=field) from exc


def _item_fields(item: dict, field: str) -> dict[str, Any]:
    mode = item.get("deadline_mode") or ResponsibilityItem.DeadlineMode.CONTINUOUS
    if mode not in ResponsibilityItem.DeadlineMode.values:
        raise DomainError(_("Loại thời hạn không hợp lệ."), field=f"{field}.deadline_mode")
    due_on = _date(item.get("deadline"), f"{field}.deadline")
    cadence = item.get("cadence") or ""
    if cadence and cadence not in Cadence.values:
        raise DomainError(_("Kỳ báo cáo không hợp lệ."), field=f"{field}.cadence")
    if mode == ResponsibilityItem.DeadlineMode.FIXED and due_on is None:
        mode = ResponsibilityItem.DeadlineMode.CONTINUOUS
    if mode != ResponsibilityItem.DeadlineMode.FIXED and cadence == Cadence.ONE_OFF:
        cadence = ""
    return {"deadline_mode": mode, "due_on": due_on, "cadence": cadence}


@transaction.atomic
def import_create(*, preview: dict[str, Any], actor, text: str = "",
                  supervising_unit: Unit | None = None,
                  report_cadence: str = Cadence.SEMI_ANNUAL, publish: bool = False,
                  today: dt.date | None = None) -> Directive:
    """Create the directive of a (corrected) preview through the normal services."""
    meta = preview.get("directive") or {}
    if supervising_unit is None:
        codes = meta.get("supervisor_units") or []
        if not codes:
            raise DomainError(_("Chưa xác định đơn vị theo dõi."), field="supervising_unit")
        supervising_unit = _units(codes[:1], "directive.supervisor_units")[0]
    for key in ("number", "kind", "issued_on", "title"):
        if not meta.get(key):
            raise DomainError(_("Thiếu thông tin văn bản."), field=f"directive.{key}")
    if meta["kind"] not in Directive.Kind.values:
        raise DomainError(_("Loại văn bản không hợp lệ."), field="directive.kind")
    if report_cadence not in Cadence.values:
        raise DomainError(_("Kỳ báo cáo không hợp lệ."), field="report_cadence")
    issued_on = _date(meta["issued_on"], "directive.issued_on")
    issuer = meta.get("issuer") or ""
    if Directive.objects.filter(number=meta["number"], issuer=issuer).exists():
        raise DomainError(_("Văn bản %(number)s của %(issuer)s đã có trên hệ thống.")
                          % {"number": meta["number"], "issuer": issuer or "?"},
                          field="directive.number")
    directive = services.directive_create(
        actor=actor, supervising_unit=supervising_unit, number=meta["number"],
        kind=meta["kind"], title=meta["title"], issuer=issuer, issued_on=issued_on,
        full_text=text, report_cadence=report_cadence)
    sections = preview.get("sections") or []
    if not any(s.get("items") for s in sections):
        raise DomainError(_("Không có nhiệm vụ nào để tạo."), field="sections")
    order = 0
    for s_index, section_data in enumerate(sections):
        s_field = f"sections[{s_index}]"
        section = None
        if section_data.get("addressee"):
            section = services.section_create(
                directive=directive, actor=actor, addressee=section_data["addressee"],
                order=s_index + 1, source_line=section_data.get("line"))
        for i_index, item_data in enumerate(section_data.get("items") or []):
            i_field = f"{s_field}.items[{i_index}]"
            content = (item_data.get("text") or "").strip()
            if not content:
                raise DomainError(_("Nội dung nhiệm vụ trống."), field=f"{i_field}.text")
            lead = _units(list(item_data.get("lead") or []), f"{i_field}.lead")
            cooperating = _units(list(item_data.get("cooperating") or []),
                                 f"{i_field}.cooperating")
            joint = bool(lead) and (bool(cooperating) or (
                section_data.get("assignment_mode") == "joint" and len(lead) == 1))
            order += 1
            item = services.item_create(
                directive=directive, actor=actor, section=section, content=content,
                order=order, source_line=item_data.get("line"),
                assignment_mode=(ResponsibilityItem.AssignmentMode.JOINT if joint
                                 else ResponsibilityItem.AssignmentMode.EACH),
                **_item_fields(item_data, i_field))
            if joint:
                signals.item_units_named.send(
                    sender=ResponsibilityItem, item=item, actor=actor, today=today,
                    lead_unit=lead[0], units=[*lead[1:], *cooperating])
            elif lead or cooperating:
                signals.item_units_named.send(
                    sender=ResponsibilityItem, item=item, actor=actor, today=today,
                    lead_unit=None, units=[*lead, *cooperating])
    if publish:
        directive = services.directive_publish(directive=directive, actor=actor, today=today)
    return directive


def preview_apply(preview: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """Apply the board's corrections to a preview; returns a new preview.

    `edits` = {"directive": {field: value}, "sections": [{"addressee", "items": [
    {"text", "lead", "cooperating", "deadline", "cadence", "deadline_mode", "section"
    (target section index), "merge_up" (join into the item above), "drop"}]}]}.
    A line holding only "---" inside an item's text splits it in two.
    """
    meta = {**(preview.get("directive") or {}), **(edits.get("directive") or {})}
    sections = [dict(s, items=[]) for s in preview.get("sections") or []]
    for s_index, section_edit in enumerate(edits.get("sections") or []):
        if s_index < len(sections) and section_edit.get("addressee") is not None:
            sections[s_index]["addressee"] = section_edit["addressee"].strip() or None
    original = preview.get("sections") or []
    for s_index, section_edit in enumerate(edits.get("sections") or []):
        for i_index, item_edit in enumerate(section_edit.get("items") or []):
            if item_edit.get("drop"):
                continue
            try:
                base = dict(original[s_index]["items"][i_index])
            except (IndexError, KeyError):
                base = {"line": None, "confidence": 1.0}
            for key in ("text", "lead", "cooperating", "deadline", "cadence", "deadline_mode"):
                if key in item_edit:
                    base[key] = item_edit[key]
            target = item_edit.get("section", s_index)
            if not isinstance(target, int) or not 0 <= target < len(sections):
                target = s_index
            bucket = sections[target]["items"]
            if item_edit.get("merge_up") and bucket:
                above = bucket[-1]
                above["text"] = f"{above['text'].rstrip()}\n{base['text'].strip()}"
                above["lead"] = list(dict.fromkeys([*above.get("lead", []),
                                                    *base.get("lead", [])]))
                above["cooperating"] = list(dict.fromkeys([*above.get("cooperating", []),
                                                           *base.get("cooperating", [])]))
                continue
            parts = [p.strip() for p in _split_marker(base.get("text") or "")]
            for part_index, part in enumerate(p for p in parts if p):
                bucket.append({**base, "text": part,
                               "confidence": base.get("confidence", 1.0) if part_index == 0
                               else 1.0})
    return {**preview, "directive": meta, "sections": sections}


def _split_marker(text: str) -> list[str]:
    parts, current = [], []
    for line in text.splitlines():
        if line.strip() == "---":
            parts.append("\n".join(current))
            current = []
        else:
            current.append(line)
    parts.append("\n".join(current))
    return parts
