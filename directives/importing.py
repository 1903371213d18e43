"""Importing a directive from its text: preview for the board, then create through services.

The parser (`directives.importer`, pure Python) reads the text; this module gives
it the unit registry from the database and turns a (possibly corrected) preview
into a directive, sections, items and assignments with the normal services (the
assignments app assigns the units an item names: `directives.signals.item_units_named`).
"""

import datetime as dt
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tracker.errors import DomainError
from tracker.forms import DATE_FORMATS
from tracker.models import Unit, UnitGroup
from tracker.services import UnitSpec, unit_create
from tracker.tx import batch, outer

from . import services, signals
from .importer import (
    ImportInputError,
    Registry,
    RegistryGroup,
    RegistryUnit,
    parse_directive,
    read_upload,
)
from .importer.clarity import preview_clarity
from .importer.newunits import NEW_PREFIX, suggest_new_units
from .importer.normalize import canon
from .importer.pdf import OcrConfig, ocr_check, open_pdf, page_needs_ocr
from .importer.upload import check_pdf_upload, is_pdf
from .models import Cadence, Directive, ImportJob, ResponsibilityItem

logger = logging.getLogger(__name__)

# 2 MB of UTF-8 (what the message says; some 1.6 million Vietnamese characters): the
# importer's memory stays under 200 MB (scripts/bench_import_memory.py).
MAX_TEXT_BYTES = 2 * 1024 * 1024


def unit_registry() -> Registry:
    """Every unit (dissolved ones too, with their successors) and group, for matching."""
    successors = dict(Unit.objects.filter(successor__isnull=False)
                      .values_list("pk", "successor__code"))
    parents = dict(Unit.objects.filter(parent__isnull=False).values_list("pk", "parent__code"))
    units = [
        RegistryUnit(code=u.code, name=u.name, short_name=u.short_name,
                     aliases=tuple(u.aliases or ()), dissolved_on=u.dissolved_on,
                     successor_code=successors.get(u.pk), kind=u.kind,
                     parent_code=parents.get(u.pk))
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


def ocr_config() -> OcrConfig:
    """Tesseract as configured (IMPORT_OCR_COMMAND, IMPORT_OCR_LANG, IMPORT_OCR_DPI)."""
    return OcrConfig(command=settings.IMPORT_OCR_COMMAND, lang=settings.IMPORT_OCR_LANG,
                     dpi=settings.IMPORT_OCR_DPI)


def text_from_upload(*, data: bytes, filename: str, on_page=None) -> str:
    """Text of an uploaded .txt/.docx/.pdf (a PDF read here, synchronously, with OCR for
    its scanned pages); raises ImportInputError with a clear message."""
    return read_upload(data, filename, ocr=ocr_config(), on_page=on_page)


def upload_is_pdf(*, data: bytes, filename: str) -> bool:
    return is_pdf(data, filename)


def pdf_precheck(*, data: bytes) -> tuple[int, int]:
    """Refuse now what the background job would refuse: size, not a PDF, encrypted,
    corrupt, too many pages, and scanned pages without Tesseract. (pages, scanned pages)."""
    check_pdf_upload(data)
    with open_pdf(data) as pdf:
        scanned = sum(1 for index in range(pdf.page_count) if page_needs_ocr(pdf, index))
        if scanned:
            ocr_check(ocr_config())
        return pdf.page_count, scanned


def import_job_create(*, actor, data: bytes, filename: str) -> ImportJob:
    """Check the PDF and store it as a pending job (`tasks.import_job_enqueue` runs it)."""
    pages, scanned = pdf_precheck(data=data)
    job = ImportJob.objects.create(created_by=actor, filename=(filename or "tep.pdf")[:255],
                                   data=data, pages_total=pages)
    logger.info("import job %s: %s pages, %s scanned", job.pk, pages, scanned)
    return job


def import_job_stale(job: ImportJob, *, after: dt.timedelta = dt.timedelta(minutes=2)) -> bool:
    """A job left pending that long lost its broker message."""
    return job.status == ImportJob.Status.PENDING and job.created_at < now() - after


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Read the job's PDF page by page (progress saved after each page), then preview it."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ImportJob.Status.PENDING:
            return job
        job.status = ImportJob.Status.RUNNING
        job.started_at = now()
        job.save(update_fields=["status", "started_at"])
    data = bytes(job.data)
    ocr_pages = 0

    def progress(done: int, total: int, ocr: bool) -> None:
        nonlocal ocr_pages
        ocr_pages += int(ocr)
        ImportJob.objects.filter(pk=job_id).update(pages_done=done, pages_total=total,
                                                   ocr_pages=ocr_pages)
    try:
        text = text_from_upload(data=data, filename=job.filename, on_page=progress)
        preview = import_preview(text=text)
    except ImportInputError as exc:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, data=b"", finished_at=now(),
            error={**exc.as_dict(), "field": "file", "template": exc.template,
                   "params": exc.params})
    except Exception:
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, data=b"", finished_at=now(),
            error=ImportInputError("file", READ_FAILED, "read_failed").as_dict())
    else:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.DONE, data=b"", text=text, preview=preview,
            finished_at=now())
    return ImportJob.objects.get(pk=job_id)


def import_job_state(job: ImportJob) -> dict[str, Any]:
    """The job as the API and the progress page show it."""
    state: dict[str, Any] = {
        "id": job.pk, "filename": job.filename, "status": job.status,
        "pages_done": job.pages_done, "pages_total": job.pages_total,
        "ocr_pages": job.ocr_pages,
        "percent": int(100 * job.pages_done / job.pages_total) if job.pages_total else 0,
    }
    if job.status == ImportJob.Status.DONE:
        state["preview"] = job.preview
        state["text"] = job.text
    if job.status == ImportJob.Status.FAILED:
        state["error"] = {**job.error, "message": input_error_message(job.error)}
    return state


def input_error_message(error: ImportInputError | dict[str, Any]) -> str:
    """An importer refusal in the reader's language: its template through the catalogue,
    then its figures (the importer itself has no Django and writes Vietnamese)."""
    if isinstance(error, ImportInputError):
        error = {"template": error.template, "params": error.params}
    template = error.get("template") or error.get("message") or READ_FAILED
    params = error.get("params") or {}
    message = _(template)
    return message % params if params else message


READ_FAILED = gettext_noop("Không đọc được tệp PDF (lỗi khi xử lý). Hãy thử lại hoặc tải "
                           "lên bản khác.")


def import_preview(*, text: str) -> dict[str, Any]:
    """The preview of DESIGN §5: metadata, sections, items, references, unmatched."""
    if text is None or not str(text).strip():
        raise ImportInputError("text", gettext_noop("Văn bản trống: hãy dán nội dung hoặc tải "
                                                    "tệp lên."), "empty")
    if len(text) > MAX_TEXT_BYTES or len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise ImportInputError("text", "Văn bản quá lớn (tối đa 2 MB).", "too_large")
    registry = unit_registry()
    preview = parse_directive(text, registry).as_dict()
    suggest_new_units(preview, registry)
    return preview_refresh(preview)


def _led(item: dict[str, Any], new_keys: set[str]) -> bool:
    return any(not c.startswith(NEW_PREFIX) or c in new_keys for c in item.get("lead") or [])


def _line(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _iso_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _codes(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(c, str) for c in value)


def _line_ok(value: Any) -> bool:
    return _line(value) is not None


_ITEM_VALUES = {
    "line": _line_ok,
    "deadline": _iso_date,
    "deadline_mode": lambda v: v in ResponsibilityItem.DeadlineMode.values,
    "cadence": lambda v: v in Cadence.values,
    "confidence": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}
_SECTION_VALUES = {
    "line": _line_ok, "addressee": lambda v: isinstance(v, str), "units": _codes,
    "assignment_mode": lambda v: isinstance(v, str),
    "confidence": _ITEM_VALUES["confidence"],
}
_NEW_UNIT_VALUES = {
    "name": lambda v: isinstance(v, str), "read_as": lambda v: isinstance(v, str),
    "kind": lambda v: v in Unit.Kind.values, "parent": lambda v: isinstance(v, str),
    "line": _line_ok,
    "lines": lambda v: isinstance(v, list) and all(x is None or _line_ok(x) for x in v),
}


def preview_shape_check(preview: Any) -> dict[str, Any]:
    """A preview sent back by a client: refuse (DomainError per field) what is not shaped
    like one, before anything reads it."""
    def bad(field: str):
        return DomainError(_("Bản xem trước không đúng cấu trúc."), field=f"preview.{field}")
    if not isinstance(preview, dict):
        raise bad("directive")
    for key in ("sections", "unmatched", "unmatched_read", "new_units"):
        if not isinstance(preview.get(key) or [], list):
            raise bad(key)
    for s_index, section in enumerate(preview.get("sections") or []):
        if not isinstance(section, dict) or not isinstance(section.get("items") or [], list):
            raise bad(f"sections[{s_index}]")
        for i_index, item in enumerate(section.get("items") or []):
            field = f"sections[{s_index}].items[{i_index}]"
            if not isinstance(item, dict) or not isinstance(item.get("text") or "", str):
                raise bad(field)
            for key in ("lead", "cooperating"):
                codes = item.get(key) or []
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise bad(f"{field}.{key}")
            if not isinstance(item.get("expected_output") or "", str):
                raise bad(f"{field}.expected_output")
            for key, ok in _ITEM_VALUES.items():
                if item.get(key) is not None and not ok(item[key]):
                    raise bad(f"{field}.{key}")
        for key, ok in _SECTION_VALUES.items():
            if section.get(key) is not None and not ok(section[key]):
                raise bad(f"sections[{s_index}].{key}")
    for index, unit in enumerate(preview.get("new_units") or []):
        if not isinstance(unit, dict) or not isinstance(unit.get("key"), str):
            raise bad(f"new_units[{index}]")
        for key, ok in _NEW_UNIT_VALUES.items():
            if unit.get(key) is not None and not ok(unit[key]):
                raise bad(f"new_units[{index}].{key}")
    for key in ("unmatched", "unmatched_read"):
        if not all(isinstance(u, dict) for u in preview.get(key) or []):
            raise bad(key)
    return preview


def preview_refresh(preview: dict[str, Any]) -> dict[str, Any]:
    """Recompute what depends on the board's corrections, in place: which suggested new
    units will be created (those an item names), the "not matched" names still open, and
    the "5 rõ" flags of every item (`items[].clarity`, counts in `clarity`)."""
    raw = preview.setdefault("unmatched_read", list(preview.get("unmatched") or []))
    new_units = preview.setdefault("new_units", [])
    items = [i for s in preview.get("sections") or [] for i in s.get("items") or []]
    used = {c for i in items for c in [*(i.get("lead") or []), *(i.get("cooperating") or [])]}
    for unit in new_units:
        unit["create"] = unit.get("key") in used
        unit["items"] = sum(1 for i in items if unit.get("key") in
                            [*(i.get("lead") or []), *(i.get("cooperating") or [])])
    created = {u["key"] for u in new_units if u["create"]}
    offered = {(canon(str(u.get(key) or "")), _line(line)) for u in new_units if u["create"]
               for key in ("name", "read_as")
               for line in (u.get("lines") if isinstance(u.get("lines"), list)
                            else [u.get("line")])}
    by_line: dict[int | None, list[dict[str, Any]]] = {}
    for section in preview.get("sections") or []:
        by_line.setdefault(_line(section.get("line")), []).extend(section.get("items") or [])
        for item in section.get("items") or []:
            by_line.setdefault(_line(item.get("line")), []).append(item)
    preview["unmatched"] = [
        u for u in raw
        if (canon(str(u.get("text") or "")), _line(u.get("line"))) not in offered
        and not (by_line.get(_line(u.get("line")))
                 and all(_led(i, created) for i in by_line[_line(u.get("line"))]))]
    preview_clarity(preview)
    return preview


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


@outer
def import_create(*, preview: dict[str, Any], actor, text: str = "",
                  supervising_unit: Unit | None = None,
                  report_cadence: str = Cadence.SEMI_ANNUAL, publish: bool = False,
                  today: dt.date | None = None) -> Directive:
    """Create the directive of a (corrected) preview through the normal services, as one
    transaction (`tx.batch`: the outer services it calls run inside it)."""
    preview_shape_check(preview)
    with batch():
        return _import_create(preview=preview, actor=actor, text=text,
                              supervising_unit=supervising_unit, report_cadence=report_cadence,
                              publish=publish, today=today)


def _import_create(*, preview: dict[str, Any], actor, text: str,
                   supervising_unit: Unit | None, report_cadence: str, publish: bool,
                   today: dt.date | None) -> Directive:
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
    new_codes = _new_units_create(preview, actor=actor, directive_number=meta["number"])
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
            product = str(item_data.get("expected_output") or "").strip()
            if len(product) > 500:
                raise DomainError(_("Sản phẩm quá dài (tối đa 500 ký tự)."),
                                  field=f"{i_field}.expected_output")
            if not content:
                raise DomainError(_("Nội dung nhiệm vụ trống."), field=f"{i_field}.text")
            lead = _units([new_codes.get(c, c) for c in item_data.get("lead") or []],
                          f"{i_field}.lead")
            cooperating = _units([new_codes.get(c, c) for c in item_data.get("cooperating")
                                  or []], f"{i_field}.cooperating")
            joint = bool(lead) and (bool(cooperating) or (
                section_data.get("assignment_mode") == "joint" and len(lead) == 1))
            order += 1
            item = services.item_create(
                directive=directive, actor=actor, section=section, content=content,
                order=order, source_line=item_data.get("line"),
                assignment_mode=(ResponsibilityItem.AssignmentMode.JOINT if joint
                                 else ResponsibilityItem.AssignmentMode.EACH),
                expected_output=product, **_item_fields(item_data, i_field))
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


def unit_create_from_import(*, actor, name: str, kind: str, parent: Unit | None,
                            directive_number: str, where: str = "") -> Unit:
    """A unit the registry lacked, created when the board confirms an import that names
    it (through the one unit-creating service, `tracker.services.unit_create`); one
    `created` event (data: source "import", the directive's number, the code). Its code
    is made from its name, unique."""
    return unit_create(actor=actor, spec=UnitSpec(
        name=name, kind=kind, parent=parent, code_base=slugify(canon(name)).upper()[:56],
        short_name=name[:120], aliases=[name], where=where,
        data={"source": "import", "directive": directive_number}))


def _new_units_create(preview: dict[str, Any], *, actor,
                      directive_number: str) -> dict[str, str]:
    """Create the suggested new units that some item names: {key: new unit's code}."""
    items = [i for s in preview.get("sections") or [] for i in s.get("items") or []]
    used = {c for i in items for c in [*(i.get("lead") or []), *(i.get("cooperating") or [])]}
    codes: dict[str, str] = {}
    for index, unit in enumerate(preview.get("new_units") or []):
        field = f"new_units[{index}]"
        if not isinstance(unit, dict) or unit.get("key") not in used:
            continue
        name = " ".join(str(unit.get("name") or "").split())
        kind = unit.get("kind") or Unit.Kind.OTHER
        parent = None
        if unit.get("parent"):
            parent = Unit.objects.filter(code=unit["parent"], is_active=True).first()
            if parent is None:
                raise DomainError(_("Không tìm thấy đơn vị cấp trên: %(code)s.")
                                  % {"code": unit["parent"]}, field=f"{field}.parent")
        existing = Unit.objects.filter(name__iexact=name, is_active=True).first()
        codes[unit["key"]] = existing.code if existing else unit_create_from_import(
            actor=actor, name=name, kind=kind, parent=parent,
            directive_number=directive_number, where=field).code
    return codes


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
            for key in ("text", "lead", "cooperating", "deadline", "cadence", "deadline_mode",
                        "expected_output"):
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
    new_units = [dict(u) for u in preview.get("new_units") or []]
    for unit_edit in edits.get("new_units") or []:
        unit = next((u for u in new_units if u.get("key") == unit_edit.get("key")), None)
        if unit is not None:
            unit.update({k: unit_edit[k] for k in ("name", "kind", "parent")
                         if k in unit_edit})
    return preview_refresh({**preview, "directive": meta, "sections": sections,
                            "new_units": new_units})


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


# --- the review page's form ------------------------------------------------------

def review_edits(post, preview: dict[str, Any]) -> dict[str, Any]:
    """Read the review form (`post`, a QueryDict): one block of fields per section and per
    item, in the shape `preview_apply` takes. Dates are dd/mm/yyyy text; one that cannot
    be read keeps the previous value and adds a message to `errors`."""
    errors: list[str] = []
    directive = {key: post.get(f"d_{key}", "").strip()
                 for key in ("number", "kind", "issuer", "title")}
    directive["issued_on"] = _form_date(
        post.get("d_issued_on", ""), (preview.get("directive") or {}).get("issued_on"),
        _("Ngày ban hành"), errors)
    supervisor = post.get("d_supervisor")
    if supervisor:
        directive["supervisor_units"] = [supervisor]
    sections = []
    typed = _typed_units(preview, errors)
    for s_index, section in enumerate(preview.get("sections") or []):
        items = [_item_edits(post, f"s{s_index}_i{i_index}_", s_index, item, errors,
                             _("Phần %(s)s, nhiệm vụ %(i)s") % {"s": s_index + 1,
                                                               "i": i_index + 1}, typed)
                 for i_index, item in enumerate(section.get("items") or [])]
        sections.append({"addressee": post.get(f"s{s_index}_addressee"), "items": items})
    new_units = [{"key": u["key"], **{k: post.get(f"{u['key']}_{k}", u.get(k) or "").strip()
                                      for k in ("name", "kind", "parent")}}
                 for u in preview.get("new_units") or []]
    for unit in new_units:
        unit["parent"] = unit["parent"] or None
    return {"directive": directive, "sections": sections, "new_units": new_units,
            "errors": errors}


def _form_date(value: str, previous: Any, label: str, errors: list[str]) -> str | None:
    """A dd/mm/yyyy (or ISO) form date as ISO; "" is no date; a bad one keeps `previous`."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return forms.DateField(input_formats=DATE_FORMATS).to_python(value).isoformat()
    except ValidationError:
        pass
    errors.append(_("%(label)s: ngày không hợp lệ (dd/mm/yyyy).") % {"label": label})
    return previous


def _typed_units(preview: dict[str, Any], errors: list[str]):
    """The unit chooser's text box without JavaScript: "Name [CODE]" (its list's entry) or
    a unit's exact name, read as the unit's code; a name not found adds an error."""
    new_units = {u["key"]: u.get("name") or "" for u in preview.get("new_units") or []}

    def read(value: str, label: str) -> list[str]:
        value = " ".join((value or "").split())
        if not value:
            return []
        code = value[value.rfind("[") + 1:-1] if value.endswith("]") and "[" in value else ""
        if code in new_units or (code and Unit.objects.filter(code=code, is_active=True)
                                 .exists()):
            return [code]
        key = next((k for k, n in new_units.items() if n.lower() == value.lower()), None)
        unit = key or Unit.objects.filter(name__iexact=value, is_active=True).values_list(
            "code", flat=True).first()
        if unit:
            return [unit]
        errors.append(_("%(label)s: không tìm thấy đơn vị “%(name)s”.")
                      % {"label": label, "name": value})
        return []
    return read


def _item_edits(post, key: str, s_index: int, item: dict[str, Any], errors: list[str],
                label: str, typed) -> dict[str, Any]:
    try:
        target = int(post.get(key + "section", s_index))
    except ValueError:
        target = s_index
    return {
        "text": post.get(key + "text", ""),
        "lead": list(dict.fromkeys([*post.getlist(key + "lead"),
                                    *typed(post.get(key + "lead_add", ""), label)])),
        "cooperating": list(dict.fromkeys([*post.getlist(key + "cooperating"),
                                           *typed(post.get(key + "cooperating_add", ""),
                                                  label)])),
        "deadline": _form_date(post.get(key + "deadline", ""), item.get("deadline"),
                               _("%(label)s: hạn") % {"label": label}, errors),
        "cadence": post.get(key + "cadence") or None,
        "deadline_mode": post.get(key + "deadline_mode") or None,
        "expected_output": post.get(key + "expected_output", "").strip(),
        "section": target,
        "merge_up": bool(post.get(key + "merge_up")),
        "drop": bool(post.get(key + "drop")),
    }


def import_reviewed(*, preview: dict[str, Any], actor, text: str, report_cadence: str,
                    publish: bool) -> Directive:
    """Create (and with `publish`, publish) the directive the board reviewed; the
    supervising unit is the first code the preview names, if that unit exists."""
    supervisor = None
    codes = preview["directive"].get("supervisor_units") or []
    if codes:
        supervisor = Unit.objects.filter(code=codes[0]).first()
    return import_create(preview=preview, actor=actor, text=text, supervising_unit=supervisor,
                         report_cadence=report_cadence, publish=publish)
