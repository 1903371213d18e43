"""The directive parser: text in, :class:`ImportResult` out.

Steps: clean lines -> mark page chrome -> find where the body starts (the
"... yêu cầu:" preamble, "QUYẾT ĐỊNH:", the first part or addressee) ->
metadata from the head -> walk the body line by line, opening a section at
each addressee and adding duties to it -> decide what is left over (context
or, when the text names no addressee at all, one general section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.text import clean_text

from .chrome import noise_lines
from .deadlines import parse_deadline
from .metadata import extract_head, find_references, strip_references
from .model import (
    Context,
    DirectiveMeta,
    ImportInputError,
    ImportResult,
    Item,
    Registry,
    Section,
    Unmatched,
    gettext_noop,
)
from .normalize import clean_line, fold, is_all_caps
from .structure import (
    CLOSES_ITEM,
    Addressee,
    Marked,
    closing_kind,
    cooperating_phrase,
    count_bodies,
    deeper,
    detect_addressee,
    find_trigger,
    is_boilerplate_dieu,
    is_caps_heading,
    is_plural,
    is_subheading,
    part_kind,
    plain,
    report_target,
    split_marker,
    starts_with_duty_verb,
    table_cells,
    table_header,
)
from .units import UnitMatcher

SHORT_TEXT_LINES = 20


def split_lines(text: str) -> list[str]:
    """Lines of the submitted text, numbered as the user sees them (1-based by index + 1)."""
    return [clean_line(ln) for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def find_body_start(lines: list[str], noise: set[int]) -> tuple[int, int]:
    """(line, offset) where duties may begin: after the first preamble trigger, else a structural line."""
    content = [(no, ln) for no, ln in enumerate(lines, start=1) if no not in noise and ln]
    for no, ln in content:
        off = find_trigger(ln)
        if off is not None:
            return no, off
    for idx, (no, ln) in enumerate(content):
        mk = split_marker(ln)
        if mk.kind in ("roman", "dieu") or (idx > 0 and detect_addressee(mk.content)):
            return no, 0
    for no, ln in content:
        if split_marker(ln).kind in ("num", "alpha", "dash"):
            return no, 0
    return (content[0][0], 0) if content else (1, 0)


@dataclass
class _Open:
    """A section being filled, with what the walker needs to know about it."""

    section: Section
    depth: int | None
    item_depths: list[int | None] = field(default_factory=list)


class _Walker:
    """Walks the body lines and builds sections, context and unmatched names."""

    def __init__(self, meta: DirectiveMeta, matcher: UnitMatcher | None) -> None:
        self.meta = meta
        self.on: date | None = meta.issued_on
        self.matcher = matcher
        self.sections: list[Section] = []
        self.context: list[Context] = []
        self.unmatched: list[Unmatched] = []
        self.orphans: list[tuple[int, str, int | None]] = []
        self.current: _Open | None = None
        self.part: str | None = None
        self.table: tuple[dict[str, int], _Open] | None = None
        self.monitors: list[tuple[str, list[str]]] = []
        self.closing_sections: set[int] = set()  # id() of sections opened by a closing clause
        self.reports: list[tuple[str, list[str]]] = []
        self.trust_tags = False  # True when a line labeller has decided what is an item
        self.last_item: Item | None = None
        self.header: dict[str, int] | None = None  # the last task-table header seen
        self.run_in: tuple[_Open, int, str, int | None] | None = None
        self.general: set[int] = set()  # id() of sections opened for duties given to nobody

    # ------------------------------------------------------------------ helpers

    def _match(self, no: int, phrase: str) -> tuple[list[str], float, bool]:
        """Registry codes for a phrase; leftovers go to ``unmatched``. Returns (codes, score, group)."""
        if self.matcher is None or not phrase:
            return [], 0.0, False
        m = self.matcher.match(phrase, self.on)
        for left in m.leftovers:
            if not any(u.line == no and u.text == left for u in self.unmatched):
                self.unmatched.append(Unmatched(no, left))
        return m.codes, m.score, bool(m.group_codes)

    def _open_section(self, no: int, addr: Addressee, depth: int | None, content: str) -> _Open:
        units, score, group = self._match(no, addr.text)
        n = len(units) if units else count_bodies(addr.text)
        # Several bodies, a group or a plural ("các sở") each act in their own scope;
        # one body, or one that "chủ trì", carries the duty jointly with its partners.
        mode = "each" if (n > 1 or group or is_plural(addr.text)) else "joint"
        conf = 0.3 + 0.65 * score if self.matcher else 0.65
        if depth is not None or content.rstrip().endswith(":"):
            conf += 0.05
        section = Section(
            line=no,
            addressee=addr.text,
            units=units,
            assignment_mode=mode,
            confidence=min(conf, 0.98),
        )
        self.sections.append(section)
        opened = _Open(section, depth)
        self.current = opened
        kind = closing_kind(content)
        if kind:
            self.closing_sections.add(id(section))
        if kind == "monitor":
            self.monitors.append((addr.text, units))
        elif kind == "report":
            self._note_report(no, content)
        return opened

    def _note_report(self, no: int, content: str) -> None:
        target = report_target(content)
        if target:
            codes, _, _ = self._match(no, target)
            self.reports.append((target, codes))

    def _add_item(
        self,
        opened: _Open,
        no: int,
        text: str,
        depth: int | None,
        *,
        inline: bool = False,
        lead: list[str] | None = None,
    ) -> Item:
        sec = opened.section
        # A parent entry ending with ":" (or a bare subheading) followed by nested entries is a heading.
        if (
            not self.trust_tags
            and sec.items
            and opened.item_depths
            and deeper(depth, opened.item_depths[-1])
        ):
            prev = sec.items[-1]
            if prev.text.endswith(":") or is_subheading(prev.text):
                sec.items.pop()
                opened.item_depths.pop()
        item_lead = list(lead) if lead is not None else list(sec.units)
        coop: list[str] = []
        phrase, opens = cooperating_phrase(text)
        if phrase:
            codes, _, _ = self._match(no, phrase)
            if codes and opens:
                item_lead, coop = codes, [c for c in sec.units if c not in codes]
            else:
                coop = [c for c in codes if c not in item_lead]
        dl = parse_deadline(strip_references(text), self.on)
        conf = 0.55
        conf += 0.15 if depth is not None or inline else 0.05
        conf += 0.15 if starts_with_duty_verb(text) or inline else 0.0
        conf += 0.1 if sec.units else (0.05 if self.matcher is None else -0.1)
        item = Item(
            line=no,
            text=text,
            lead=item_lead,
            cooperating=coop,
            deadline=dl.due,
            deadline_mode=dl.mode,
            cadence=dl.cadence,
            confidence=max(0.1, min(conf, 0.97)),
        )
        sec.items.append(item)
        opened.item_depths.append(depth)
        self.last_item = item
        if closing_kind(text) == "report" and not inline:
            self._note_report(no, text)
        return item

    # ------------------------------------------------------------------ tables

    def _table_row(self, no: int, cells: list[str]) -> None:
        roles, opened = self.table  # type: ignore[misc]

        def cell(role: str) -> str:
            i = roles.get(role)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        content = cell("content")
        if (
            not content
            or re.fullmatch(r"[\dIVX.]+", content)
            or re.fullmatch(r"[IVX]+\.?", cells[0].strip())
        ):
            return  # numbering-only or group row
        lead, _, _ = self._match(no, cell("lead"))
        coop, _, _ = self._match(no, cell("coop"))
        sec = opened.section
        dl = parse_deadline(cell("time"), self.on, bare=True)
        if dl.mode is None:
            dl = parse_deadline(strip_references(content), self.on)
        item = Item(
            line=no,
            text=content,
            lead=lead,
            cooperating=[c for c in coop if c not in lead],
            deadline=dl.due,
            deadline_mode=dl.mode,
            cadence=dl.cadence,
            confidence=0.85 if (lead or self.matcher is None) else 0.6,
        )
        sec.items.append(item)
        self.last_item = item
        for code in lead:
            if code not in sec.units:
                sec.units.append(code)

    # ------------------------------------------------------------------ walk

    def line(self, no: int, line: str) -> None:
        cells = table_cells(line)
        if cells is not None:
            header = table_header(cells)
            if header is not None:
                section = Section(line=no, addressee=None, assignment_mode="joint", confidence=0.8)
                self.sections.append(section)
                self.table = (header, _Open(section, None))
                self.current = None
                return
            if self.table is not None:
                self._table_row(no, cells)
                return
            line = " ".join(c for c in cells if c)
        else:
            self.table = None
        mk = split_marker(line)
        content = mk.content
        if mk.kind == "roman":
            self.current = None
            addr = detect_addressee(content)
            if addr and not is_all_caps(content):
                self._open_section(no, addr, mk.depth, content)
                self.part = "assign"
            else:
                self.part = part_kind(content)
            return
        if mk.kind == "dieu":
            if not content:
                return
            if is_boilerplate_dieu(content):
                self.context.append(Context(no, "preamble", line))
                return
            if is_subheading(content) and not detect_addressee(content):
                self.part, self.current = part_kind(content), None
                return
        if mk.kind is None and is_caps_heading(line):
            return
        if is_boilerplate_dieu(content):
            self.context.append(Context(no, "preamble", line))
            return
        if self.part == "context":
            if not is_subheading(content):
                self.context.append(Context(no, "preamble", line))
            return
        closing = closing_kind(content)
        addr = detect_addressee(content)
        cur = self.current
        if (
            addr
            and cur
            and addr.inline
            and not closing
            and cur.depth is not None
            and deeper(mk.depth, cur.depth)
        ):
            # "- Phòng X chủ trì ..." nested under "1. UBND huyện": a duty with its own lead.
            lead, _, _ = self._match(no, addr.text)
            self._add_item(cur, no, addr.item_text, mk.depth, inline=True, lead=lead or None)
        elif addr:
            opened = self._open_section(no, addr, mk.depth, content)
            if addr.inline:
                self._add_item(opened, no, addr.item_text, mk.depth, inline=True)
        elif cur is not None:
            if closing == "monitor":
                self.monitors.append((cur.section.addressee or "", list(cur.section.units)))
            self._add_item(cur, no, content, mk.depth)
        else:
            self.orphans.append((no, line, mk.depth))

    # ------------------------------------------------------------------ labelled walk

    def tagged_line(self, no: int, line: str, tag: str) -> None:
        """Place one line whose role a line labeller decided (see :data:`.corpus.TAGS`)."""
        line = plain(line)
        cells = table_cells(line)
        header = table_header(cells) if cells is not None else None
        if header is not None:
            self.header = header
        if tag in ("OTHER", "ITEM_CONT"):
            self._continue_item(line, cont=tag == "ITEM_CONT")
            return
        if cells is not None:
            if header is not None and tag != "ITEM":
                section = Section(line=no, addressee=None, assignment_mode="joint", confidence=0.8)
                self.sections.append(section)
                self.current = _Open(section, None)
                self.table = (header, self.current)
                return
            if self.header is not None and tag == "ITEM" and table_header(cells) is None:
                self.table = (self.header, self.current or self._general_section(no))
                self._table_row(no, cells)
                if self.last_item is not None and self.last_item.line == no:
                    return
            line = " ".join(c for c in cells if c)
        mk = split_marker(line)
        content = mk.content
        if tag == "SECTION_ITEM" and self.current is not None and detect_addressee(content) is None:
            tag = "ITEM"  # a duty that names no body stays in the section it is in
        if tag == "ITEM" and self.current is None:
            # A duty outside any section that opens with a body's name is that body's run-in duty.
            found = detect_addressee(content)
            if found is not None and found.inline:
                tag = "SECTION_ITEM"
        if tag in ("SECTION", "SECTION_ITEM"):
            self.close_tagged()
            addr = detect_addressee(content) or Addressee(
                content.strip(" :*")[:160], False, "", False, ""
            )
            opened = self._open_section(no, addr, mk.depth, content)
            if tag == "SECTION_ITEM":
                text = addr.item_text if addr.inline else content
                self._add_item(opened, no, text, mk.depth, inline=True)
            elif addr.inline:
                self.run_in = (opened, no, addr.item_text, mk.depth)
            return
        cur = self.current or self._general_section(no)
        addr = detect_addressee(content)
        lead = None
        if addr and addr.inline and cur.section.addressee is not None:
            lead = self._match(no, addr.text)[0] or None
        self._add_item(cur, no, content, mk.depth, lead=lead)

    def close_tagged(self) -> None:
        """A section left without duties whose line carries one ("Sở Y tế chủ trì, …"): that is its duty."""
        if self.run_in is not None:
            opened, no, text, depth = self.run_in
            if not opened.section.items:
                self._add_item(opened, no, text, depth, inline=True)
                opened.section.items.sort(key=lambda i: i.line)
            self.run_in = None

    def _general_section(self, no: int) -> _Open:
        """A section without addressee for duties the text gives to nobody in particular."""
        section = Section(line=no, addressee=None, assignment_mode="each", confidence=0.4)
        self.sections.append(section)
        self.general.add(id(section))
        self.current = _Open(section, None)
        return self.current

    def _continue_item(self, line: str, *, cont: bool) -> None:
        """A wrapped line joins its duty; a 'Thời gian hoàn thành' line gives it its deadline."""
        item = self.last_item
        if item is None:
            return
        mk = split_marker(line)
        closes = bool(CLOSES_ITEM.match(fold(mk.content)))
        if not cont and not closes:
            return
        if cont and mk.kind is None and len(item.text) < 1500 and not closes and line[:1] != "|":
            item.text = f"{item.text} {line}"
        if item.deadline_mode is None:
            source = item.text if (cont and not closes) else mk.content
            dl = parse_deadline(strip_references(source), self.on)
            if dl.mode is not None:
                item.deadline, item.deadline_mode, item.cadence = dl.due, dl.mode, dl.cadence

    def finish(self) -> None:
        """Place orphan lines: context when addressee sections exist, else one general section."""
        if any(id(s) not in self.closing_sections for s in self.sections):
            for no, line, _ in self.orphans:
                if not is_subheading(split_marker(line).content):
                    self.context.append(Context(no, "preamble", line))
            return
        opened: _Open | None = None
        for no, line, depth in self.orphans:
            content = split_marker(line).content
            if is_subheading(content) and depth is None:
                continue
            if not starts_with_duty_verb(content) and (depth is None or content.endswith(":")):
                # Without any addressee only list entries and imperative sentences are duties.
                self.context.append(
                    Context(no, "preamble" if content.endswith(":") else "assessment", line)
                )
                continue
            if opened is None:
                section = Section(line=no, addressee=None, assignment_mode="each", confidence=0.4)
                self.sections.append(section)
                opened = _Open(section, None)
            self._add_item(opened, no, content, depth)
        self.sections.sort(key=lambda s: s.line)

    def supervisor(self) -> tuple[str | None, list[str]]:
        if self.monitors:
            return self.monitors[-1]
        if self.reports:
            return self.reports[-1]
        return None, []


def _head_context(
    lines: list[str],
    noise: set[int],
    meta_lines: set[int],
    start: int,
    offset: int,
    meta: DirectiveMeta,
) -> list[Context]:
    """Assessment and preamble paragraphs before the body."""
    out: list[Context] = []
    in_recipients = False
    for no in range(1, start + 1):
        line = lines[no - 1]
        if no in noise or no in meta_lines or not line:
            continue
        if no == start:
            line = line[:offset].strip() if offset else ""
            if not line or is_caps_heading(line):
                continue
            out.append(Context(no, "preamble", line))
            continue
        f = fold(line)
        if re.match(r"^\|?\s*(kinh gui|noi nhan)", f):
            in_recipients = True
            continue
        if in_recipients and line[:1] in "-+•":
            continue
        in_recipients = False
        if is_caps_heading(line) or re.match(r"^\|?\s*(v/v|ve viec)\b", f):
            continue
        if (
            not re.search(r"[.;:!?…]\"?$", line)
            and len(line) < 250
            and not re.match(r"^(can cu|xet)\b", f)
        ):
            continue  # headline, site header, unit name
        if meta.number and meta.number in line.replace(" ", "") and "ban hanh" in f:
            continue  # the news lead that carries the metadata
        kind = (
            "preamble"
            if re.match(r"^(can cu|xet|thuc hien|trien khai|de |nham|theo |qua)", f)
            else "assessment"
        )
        out.append(Context(no, kind, line))
    return out


@dataclass
class Reading:
    """The rules' reading of a text: cleaned lines, noise, head, and the rules' walk."""

    lines: list[str]
    noise: set[int]
    start: int
    offset: int
    meta_lines: set[int]
    meta: DirectiveMeta
    matcher: UnitMatcher | None
    walker: _Walker
    context: list[Context]

    def body_line(self, no: int) -> str:
        """Line ``no`` as the walk reads it ("" when it is blank, noise or metadata)."""
        line = self.lines[no - 1]
        if no < self.start or not line or no in self.noise:
            return ""
        if no in self.meta_lines and no != self.start:
            return ""
        return line[self.offset :].strip() if no == self.start and self.offset else line


def read_text(text: str, registry: Registry | None = None) -> Reading:
    """Clean the text and run the rules over it (no learned model)."""
    if text is None or not text.strip():
        raise ImportInputError(
            "text", gettext_noop("Văn bản trống: hãy dán nội dung hoặc chọn tệp văn bản."),
            "empty"
        )
    text = clean_text(text)  # NFC, no control characters: as the fields will store it
    lines = split_lines(text)
    noise = noise_lines(lines)
    start, offset = find_body_start(lines, noise)
    head = extract_head(lines, noise, start)
    meta = head.meta
    matcher = UnitMatcher(registry) if registry is not None else None
    walker = _Walker(meta, matcher)
    context = _head_context(lines, noise, head.meta_lines, start, offset, meta)
    reading = Reading(lines, noise, start, offset, head.meta_lines, meta, matcher, walker, context)
    for no in range(start, len(lines) + 1):
        line = reading.body_line(no)
        if line:
            walker.line(no, line)
    walker.finish()
    return reading


# Lines that are never a duty of their own: the deadline of the duty above, a closing formula,
# the recipients' list, a signature block, a photo caption.
_DEADLINE_LINE = re.compile(
    r"^(?:thoi gian|thoi han|tien do)(?: hoan thanh| thuc hien| bao cao| trinh)?\s*(?:[:\-–]|truoc|trong|nam|quy|thang|ngay)"
)
_NEVER_DUTY = re.compile(
    r"^(?:tren day la|noi nhan|kinh gui|(?:kt|tm|tl|ttl)\.\s|(?:anh|nguon)\s*:|"
    r"(?:chu tich|pho chu tich|bi thu|pho bi thu|thu tuong|pho thu tuong|bo truong|giam doc)\s*$)"
)


_STATUS_COLUMN = re.compile(
    r"\|\s*(?:tien do|ket qua hien nay|ket qua thuc hien|tinh hinh thuc hien|muc do hoan thanh)\s*\|"
)


_CONTENTS_LEAD = re.compile(r"(?:bao gom|gom co|gom cac|gom)(?: cac noi dung| nhung noi dung)?(?: sau| chinh)?\s*:$")


def repair_tags(reading: Reading, tags: list[str]) -> list[str]:
    """Undo line tags that contradict the text's layout.

    A line that starts in lower case without a list marker, right after an unfinished line of a
    duty or addressee, runs on from it (a hard wrap): it is not a new duty, and an addressee line
    it continues carries that duty. Deadline lines ("Thời gian hoàn thành: …"), closing formulas
    ("Trên đây là …"), recipients, signatures and captions are never duties, nor are the entries
    nested under a duty that ends "…, bao gồm:" (its contents), nor the rows
    of a table that reports progress (a "Tiến độ" or "Kết quả hiện nay" column).
    """
    out = list(tags)
    prev_no = 0
    status_table = recipients = False
    parent: tuple[int | None, str] | None = None  # the open duty: (marker depth, its last line)
    for no, tag in enumerate(tags, start=1):
        line = reading.lines[no - 1]
        if not line:
            continue
        text = plain(line)
        cells = table_cells(text)
        if cells is None:
            status_table = False
        elif _STATUS_COLUMN.search(fold(text)):
            status_table = True  # the header of a table; its rows follow until the table ends
        if status_table:
            out[no - 1] = "OTHER"  # a table reporting progress lists results, not assignments
            prev_no = no
            continue
        mk = split_marker(text)
        f = fold(mk.content)
        if recipients and mk.kind in ("dash", "plus"):
            out[no - 1] = "OTHER"  # "- Như trên;": the recipients' list
            prev_no = no
            continue
        recipients = f.startswith("noi nhan")
        if tag in ("ITEM", "SECTION_ITEM") and table_cells(text) is None:
            if _NEVER_DUTY.match(f) or (_DEADLINE_LINE.match(f) and len(f) < 160):
                out[no - 1] = "OTHER" if tag == "ITEM" else "SECTION"
        if (
            out[no - 1] == "ITEM"
            and parent is not None
            and mk.kind is not None
            and deeper(mk.depth, parent[0])
            and _CONTENTS_LEAD.search(parent[1])
        ):
            out[no - 1] = "ITEM_CONT"  # "+ Tờ trình" under "…, bao gồm:": the duty's contents
            prev_no = no
            continue
        if out[no - 1] in ("ITEM", "SECTION_ITEM"):
            parent = (mk.depth, f)
        elif out[no - 1] == "SECTION" or mk.kind is not None:
            parent = None
        elif parent is not None:
            parent = (parent[0], f)  # a wrapped duty: its last line says how it ends
        if (
            out[no - 1] == "ITEM"
            and prev_no == no - 1
            and mk.kind is None
            and mk.content[:1].islower()
            and out[prev_no - 1] in ("SECTION", "SECTION_ITEM", "ITEM", "ITEM_CONT")
            and not plain(reading.lines[prev_no - 1]).rstrip("*_ ").endswith((".", ";", ":"))
        ):
            out[no - 1] = "ITEM_CONT"
            if out[prev_no - 1] == "SECTION":
                out[prev_no - 1] = "SECTION_ITEM"
        prev_no = no
    _heading_sections(reading, out)
    _lead_sections(reading, out)
    _unrelated_tail(reading, out)
    return out


_DOC_NUMBER = re.compile(
    r"\b(?:chi thi|cong dien|cong van|nghi quyet|ket luan|ke hoach|quyet dinh|thong bao|thong tri)"
    r"(?: so)?\s+(\d{1,5})\b"
)


def _unrelated_tail(reading: Reading, out: list[str]) -> None:
    """A web article closes its summary ("Trên đây là "Chỉ thị 05: …"") and may go on with legal
    questions ("…là gì?"): a question that does not name the document opens an unrelated tail,
    whose lines are not duties (a question about the document itself is read as usual)."""
    number: str | None = None
    tail = False
    for no, line in enumerate(reading.lines, start=1):
        if not line:
            continue
        f = fold(plain(line))
        if f.startswith("tren day la"):
            m = _DOC_NUMBER.search(f)
            number = m.group(1) if m else None
            continue
        if number is None:
            continue
        if f.rstrip(" *_").endswith("?") and len(f) < 250:
            tail = re.search(rf"(?<![\d/]){number}(?![\d])", f) is None
        if tail:
            out[no - 1] = "OTHER"


def _heading_sections(reading: Reading, out: list[str]) -> None:
    """A line that only names a body ("1. Sở Y tế", "d) Bộ Xây dựng:", "Điều 6. UBND quận có
    nhiệm vụ"), possibly wrapped over a few lines ("**5. Các" / "cơ quan báo chí**"), right above
    duties is their addressee, whatever the labeller made of it."""
    numbers = [no for no, ln in enumerate(reading.lines, start=1) if ln and no not in reading.noise]
    for idx, no in enumerate(numbers[:-1]):
        if out[no - 1] != "OTHER" or no < reading.start:
            continue
        text = plain(reading.lines[no - 1])
        if table_cells(text) is not None:
            continue
        mk = split_marker(text)
        if not (mk.content[:1].isupper() or (not mk.content.strip(" *_") and mk.kind is not None)):
            continue
        prev = plain(reading.lines[no - 2]).rstrip("*_ ") if no > 1 else ""
        # not the wrapped tail of a line (an article or a markdown heading always opens)
        opens = (
            not prev
            or prev.endswith((".", ";", ":"))
            or mk.kind == "dieu"
            or reading.lines[no - 2].lstrip().startswith("#")
        )
        listed = mk.kind is not None or re.match(r"^\(\d{1,2}\)\s", text) is not None
        if not opens:
            continue
        # The heading with its wrapped lines (no marker, the previous one unfinished).
        parts, last = [mk.content], idx
        while (
            len(parts) < 4
            and last + 1 < len(numbers)
            and numbers[last + 1] == numbers[last] + 1
            and not parts[-1].rstrip("*_ ").endswith((".", ";", ":"))
            and out[numbers[last + 1] - 1] in ("OTHER", "ITEM_CONT")
            and split_marker(plain(reading.lines[numbers[last + 1] - 1])).kind is None
            and table_cells(plain(reading.lines[numbers[last + 1] - 1])) is None
        ):
            last += 1
            parts.append(plain(reading.lines[numbers[last] - 1]))
        for n in range(len(parts), 0, -1):
            content = " ".join(parts[:n]).strip()
            if len(content) > 200 or content.rstrip().endswith((".", ";")):
                continue
            if not (listed or content.rstrip(" *").endswith(":")):
                continue
            found = detect_addressee(content)
            if found is None or found.inline or len(found.text.split()) > 25:
                continue
            after = idx + n
            if after < len(numbers) and out[numbers[after] - 1] == "ITEM":
                out[no - 1] = "SECTION"
                for j in range(idx + 1, after):
                    out[numbers[j] - 1] = "OTHER"
            break


_LEAD_BODY = re.compile(
    r"\b(cac bo|bo [a-z]+|co quan ngang bo|uy ban nhan dan|ubnd|cac so|so [a-z]+|cac cap uy|"
    r"cac co quan|cac dia phuong|cac tinh|cac nganh|ban thuong vu|dang uy|mat tran)\b"
)
_LEAD_TAIL = re.compile(
    r"\b(?:can|phai|tiep tuc|tap trung|thuc hien|trien khai)\b.*\b(?:nhiem vu|giai phap|noi dung)"
    r"(?: chu yeu| trong tam| cu the)? sau(?: day)?\s*:$"
)


def _lead_sections(reading: Reading, out: list[str]) -> None:
    """A lead paragraph that gives the list below it to named bodies ("…, các bộ, … cần … các
    nhiệm vụ sau đây:") opens their section, at the line where the bodies are named."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line or not plain(line).rstrip("*_ ").endswith(":"):
            continue
        first = no  # the paragraph: back to a blank line, a list entry or a finished sentence
        while (
            first > 1
            and lines[first - 2]
            and split_marker(plain(lines[first - 1])).kind is None
            and not plain(lines[first - 2]).rstrip("*_ ").endswith((".", ";", ":"))
            and not is_all_caps(plain(lines[first - 2]))
        ):
            first -= 1
        para = range(first, no + 1)
        if any(out[n - 1] in ("SECTION", "SECTION_ITEM") for n in para):
            continue
        if split_marker(plain(lines[first - 1])).kind is not None:
            continue
        joined = fold(" ".join(plain(lines[n - 1]) for n in para))
        if not _LEAD_TAIL.search(joined) or not _LEAD_BODY.search(joined):
            continue
        following = [out[n - 1] for n in range(no + 1, min(no + 40, len(lines)) + 1) if lines[n - 1]]
        if "ITEM" not in following[:6] and not _lead_list(reading, out, no):
            continue
        at = next((n for n in para if _LEAD_BODY.search(fold(plain(lines[n - 1])))), first)
        out[at - 1] = "SECTION"


def _lead_list(reading: Reading, out: list[str], lead: int) -> bool:
    """The list a lead announces, when the labeller took (almost) none of it for duties: its innermost
    entries (under topic headings, if any) are the duties, up to the next part. True if found."""
    entries: list[tuple[int, Marked]] = []
    for no in range(lead + 1, len(reading.lines) + 1):
        line = reading.lines[no - 1]
        if not line or no in reading.noise:
            continue
        text = plain(line)
        if table_cells(text) is not None:
            break
        mk = split_marker(text)
        if mk.kind in ("roman", "dieu") or (mk.kind is None and is_all_caps(mk.content)):
            break
        if mk.kind is not None:
            entries.append((no, mk))
    if len(entries) < 2:
        return False
    inner = max((mk.depth or 0) for _, mk in entries)
    duties = [no for no, mk in entries if (mk.depth or 0) == inner]
    if len(duties) < 2 or 4 * sum(out[no - 1] == "ITEM" for no in duties) >= len(duties):
        return False  # the labeller has read this list: its reading stands
    for no in duties:
        if out[no - 1] in ("OTHER", "ITEM_CONT"):
            out[no - 1] = "ITEM"
    return True


def _tagged_walk(reading: Reading, tags: list[str]) -> _Walker:
    """Build the sections again, taking the line labeller's decisions on what is what."""
    walker = _Walker(reading.meta, reading.matcher)
    walker.trust_tags = True
    # A markdown task table the rules read (header with content/lead columns) stays a table of duties.
    tables = [
        s
        for s in reading.walker.sections
        if s.addressee is None and table_cells(reading.lines[s.line - 1]) is not None
    ]
    table_heads = {s.line for s in tables}
    table_rows = {i.line for s in tables for i in s.items}
    # One row of such a table is one duty, never an addressee of its own.
    tags = [
        "ITEM"
        if no in table_rows
        else "SECTION"
        if no in table_heads and tag in ("OTHER", "ITEM_CONT")
        else tag
        for no, tag in enumerate(tags, start=1)
    ]
    tags = repair_tags(reading, tags)
    for no, tag in enumerate(tags, start=1):
        line = reading.body_line(no)
        if not line and tag != "OTHER" and not (no == reading.start and reading.offset):
            line = reading.lines[no - 1]  # a duty the rules took for heading or page chrome
        if line:
            walker.tagged_line(no, line, tag)
    walker.close_tagged()
    walker.sections.sort(key=lambda s: s.line)
    _drop_undistributed(reading, walker)
    return walker


def _assign_heading(line: str) -> bool:
    """A part heading that distributes the work to bodies ("III. TỔ CHỨC THỰC HIỆN")."""
    text = plain(line)
    if table_cells(text) is not None:
        return False
    mk = split_marker(text)
    content = mk.content.strip(" :*")
    if not content or len(content) > 90 or detect_addressee(content) is not None:
        return False
    heading = mk.kind in ("roman", "dieu", "num", "alpha") or is_all_caps(content)
    return heading and part_kind(content) == "assign" and not content.endswith(".")


def _drop_undistributed(reading: Reading, walker: _Walker) -> None:
    """General duties given to nobody, before a part that distributes the work to named bodies,
    are that part's programme, not assignments (the bodies' sections carry the duties)."""
    heads = [no for no, ln in enumerate(reading.lines, start=1) if ln and _assign_heading(ln)]
    if not heads:
        return
    named = [s.line for s in walker.sections if s.addressee is not None and s.items]
    cut = next((h for h in heads if any(line > h for line in named)), None)
    if cut is None:
        return
    walker.sections = [
        s for s in walker.sections if not (id(s) in walker.general and s.line < cut)
    ]


def labelled_walk(reading: Reading, tags: list[str]) -> _Walker:
    """The walk by the labeller's tags; for a very short text where they give no duty, the rules' walk.

    A few lines are outside what the model was trained on (whole documents); on a long text the
    rules' duties are not better than none (measured with ``evaluate --cv``).
    """
    tagged = _tagged_walk(reading, tags)
    short = sum(1 for ln in reading.lines if ln) < SHORT_TEXT_LINES
    if short and not any(s.items for s in tagged.sections):
        return reading.walker
    return tagged


_DEFAULT = object()


def parse_directive(
    text: str, registry: Registry | None = None, *, labeller: object = _DEFAULT
) -> ImportResult:
    """Parse a directive's text into metadata, addressee sections and duties.

    ``registry`` (optional) resolves addressees to unit codes; without it
    ``units``, ``lead`` and ``cooperating`` stay empty. ``labeller`` decides
    which lines open sections and items (default: the committed line model,
    :mod:`.linemodel`; ``None``: the rules alone).
    Raises :class:`ImportInputError` for an empty text or one without any duty.
    """
    reading = read_text(text, registry)
    if labeller is _DEFAULT:
        from .linemodel import default_labeller

        labeller = default_labeller()
    walker = reading.walker
    context = reading.context + walker.context
    if labeller is not None:
        walker = labelled_walk(reading, labeller.tag(reading))  # type: ignore[attr-defined]
    if walker is not reading.walker:
        taken = {s.line for s in walker.sections} | {
            i.line for s in walker.sections for i in s.items
        }
        # The body's first line may hold the preamble ("… yêu cầu:") before its first duty.
        context = [c for c in context if c.line not in taken or c.line == reading.start]
    meta = reading.meta
    meta.supervisor, meta.supervisor_units = reading.walker.supervisor()
    lines, noise = reading.lines, reading.noise
    visible = ["" if no in noise else ln for no, ln in enumerate(lines, start=1)]
    result = ImportResult(
        directive=meta,
        sections=walker.sections,
        context=sorted(context, key=lambda c: c.line),
        references=find_references(visible, meta.number),
        unmatched=walker.unmatched,
    )
    if not result.items:
        raise ImportInputError(
            "text",
            gettext_noop("Không tìm thấy nhiệm vụ nào trong văn bản: cần có đơn vị được giao "
                         "và nội dung nhiệm vụ."),
            "no_items",
        )
    return result
