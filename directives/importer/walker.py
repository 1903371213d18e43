"""Reading a text and walking its body: lines, the body's start, sections and items.

`read_text` gives a :class:`Reading` (the cleaned lines and what each line is); the
walker opens a section at each addressee and adds duties to it. Used by the parser
(`parser.parse_directive`) and the line labeller's training (`train`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.text import clean_text

from .articles import lead_in_addressee
from .chrome import noise_lines
from .deadlines import parse_deadline
from .metadata import extract_head, strip_references
from .model import (
    Context,
    DirectiveMeta,
    ImportInputError,
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
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [clean_line(_MD_BULLET.sub("• ", ln, count=1)) for ln in lines]


# "*   Rà soát …": a Markdown list item (a converted web page) is a bullet like "-", not a "+"/"*"
# sub-point; the spaces after the star are what tell them apart, and clean_line collapses them.
_MD_BULLET = re.compile(r"^\s*\*\s{2,}(?=\S)")


# The label of a note below a table or an article ("Ghi chú: Các cơ quan … phải trình …").
_NOTE_LABEL = re.compile(r"^(?:ghi chú|lưu ý)\s*:\s*", re.IGNORECASE)


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
    parent: _Open | None = None  # the section a body named in a list entry sits in


# A sentence ends inside a wrapped line and the next one opens with a body and its duty: "… tiến
# độ. Các tỉnh uỷ, thành uỷ phối hợp …", "… năm 2025. Ủy ban nhân dân các tỉnh: Ninh Bình, …".
_SENTENCE_END = re.compile(r"(?<=[a-zà-ỹđ0-9)])\.\s+(?=[A-ZÀ-ỸĐ])")
# A body telling what it did or will do, or a clause of reason: told, not assigned.
_MIDLINE_TOLD = re.compile(
    r"^(?:[^;:.]{2,80}?\s(?:vua|da(?! nang)|se|dong y|nhat tri)\s"
    r"|(?:can cu|do|vi|theo do|tren co so|de)\b)"
)


def midline_addressee(content: str) -> Addressee | None:
    """The body that opens a sentence inside ``content`` (after ". ") with its duty on the same
    line, or None; a body named after "Đề nghị", "Giao" there is not read (a request's object)."""
    split = midline_split(content)
    return split[1] if split is not None else None


def midline_split(content: str) -> tuple[str, Addressee] | None:
    """``midline_addressee`` with the words before the body: the end of the sentence above
    ("dân tỉnh trước ngày 15/12/2025."), which belongs to the duty that sentence gives."""
    for m in _SENTENCE_END.finditer(content):
        rest = content[m.end() :]
        found = detect_addressee(rest)
        if (
            found is not None
            and found.inline
            and not found.prefix
            and not _MIDLINE_TOLD.match(fold(rest))
        ):
            return content[: m.start() + 1], found
    return None


class Walker:
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
        # id() of the section a labelled run-in duty opened -> the marker kind of its line
        self.run_in_kinds: dict[int, str | None] = {}
        self.labelled_run_ins: set[int] = set()  # lines the labeller itself read as run-in duties

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
        if cells is None and tag == "OTHER":
            self._leave_entry_section(split_marker(line))
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
        if tag == "SECTION_ITEM":
            # "Ghi chú: Các cơ quan, … phải …": the note's body
            content = _NOTE_LABEL.sub("", content)
        if (
            tag in ("SECTION", "SECTION_ITEM")
            and content[:1].isupper()
            and starts_with_duty_verb(content)
            and detect_addressee(content) is None
        ):
            tag = "ITEM"  # a duty that names no body ("Tiếp tục thể chế hoá …") opens no section
        midline = None
        if tag == "SECTION_ITEM" and content[:1].islower() and detect_addressee(content) is None:
            # the wrapped end of a sentence, then a body and its duty: "… độ. Các tỉnh uỷ … khẩn trương …"
            split = midline_split(content)
            if split is not None:
                head, midline = split
                self._continue_item(head, cont=True)  # "… độ." ends the duty above
        lead_in = lead_in_addressee(content) if tag == "SECTION_ITEM" else None
        if (
            tag == "SECTION_ITEM"
            and self.current is not None
            and detect_addressee(content) is None
            and midline is None
            and lead_in is None
            and not self._sibling_run_in(no, mk)
        ):
            tag = "ITEM"  # a duty that names no body stays in the section it is in
        if tag == "ITEM" and self.current is None:
            # A duty outside any section that opens with a body's name is that body's run-in duty.
            found = detect_addressee(content)
            if found is not None and found.inline:
                tag = "SECTION_ITEM"
        if tag in ("SECTION", "SECTION_ITEM"):
            self.close_tagged()
            addr = (
                detect_addressee(content)
                or midline
                or lead_in
                or Addressee(content.strip(" :*")[:160], False, "", False, "")
            )
            outer = self.current
            opened = self._open_section(no, addr, mk.depth, content)
            if (
                outer is not None
                and outer.section.addressee is not None
                and mk.depth is not None
                and (outer.depth is None or outer.depth < mk.depth)
            ):
                opened.parent = outer
            if tag == "SECTION_ITEM":
                text = addr.item_text if addr.inline else content
                self._add_item(opened, no, text, mk.depth, inline=True)
                self.run_in_kinds[id(opened.section)] = mk.kind
            elif addr.inline:
                self.run_in = (opened, no, addr.item_text, mk.depth)
            return
        cur = self.current or self._general_section(no)
        addr = detect_addressee(content)
        lead = None
        if addr and addr.inline and cur.section.addressee is not None:
            lead = self._match(no, addr.text)[0] or None
        self._add_item(cur, no, content, mk.depth, lead=lead)

    def _sibling_run_in(self, no: int, mk: Marked) -> bool:
        """A line the labeller reads as a run-in duty, below a run-in duty of the same list level
        that holds only its own line ("- Ủy ban … giúp … tổng hợp …" / "- Cơ quan Trung ương Mặt
        trận … giúp … tổng hợp …"): a body the name rules do not know, with its own duty."""
        cur = self.current
        if no not in self.labelled_run_ins or cur is None or cur.section.addressee is None:
            return False
        if id(cur.section) not in self.run_in_kinds:
            return False
        if (
            mk.kind == "dieu"
            or self.run_in_kinds[id(cur.section)] != mk.kind
            or cur.depth != mk.depth
        ):
            return False  # an article ("Điều 1. Quy định này quy định …") is no entry of a list
        return all(i.line == cur.section.line for i in cur.section.items)

    def _leave_entry_section(self, mk: Marked) -> None:
        """A body named in a list entry ("a) Các cấp ủy, … lãnh đạo …") is that entry's addressee:
        an entry of a higher level ("2. Hoàn thiện thể chế …") is past its section."""
        cur = self.current
        if (
            cur is None
            or cur.depth is None
            or mk.depth is None
            or cur.section.addressee is None
            or mk.depth >= cur.depth
        ):
            return
        self.close_tagged()
        self.current = cur.parent
        while (
            self.current is not None
            and self.current.depth is not None
            and mk.depth <= self.current.depth
        ):
            self.current = self.current.parent

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
    walker: Walker
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
            "text", gettext_noop("Văn bản trống: hãy dán nội dung hoặc chọn tệp văn bản."), "empty"
        )
    text = clean_text(text)  # NFC, no control characters: as the fields will store it
    lines = split_lines(text)
    noise = noise_lines(lines)
    start, offset = find_body_start(lines, noise)
    head = extract_head(lines, noise, start)
    meta = head.meta
    matcher = UnitMatcher(registry) if registry is not None else None
    walker = Walker(meta, matcher)
    context = _head_context(lines, noise, head.meta_lines, start, offset, meta)
    reading = Reading(lines, noise, start, offset, head.meta_lines, meta, matcher, walker, context)
    for no in range(start, len(lines) + 1):
        line = reading.body_line(no)
        if line:
            walker.line(no, line)
    walker.finish()
    return reading
