"""Duties given in running prose: several run-in addressees in one paragraph.

News summaries of Party and government documents write their duties as sentences,
not lists: "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy … tập trung …; Bên cạnh đó, yêu cầu
các cấp, các ngành …", "… giao Ban Tuyên giáo Huyện ủy tham mưu …; Ban Tổ chức Huyện ủy
tham mưu …". A paragraph is cut into clauses (at ";" and at sentence ends); a clause that
assigns a named body ("[connector,] [speaker] yêu cầu / đề nghị / giao <body> <verb> …", or,
after such a clause, "<body> <verb> …") is one duty of its own section at that line.
"""

from __future__ import annotations

import re

from .model import Section
from .normalize import fold
from .structure import (
    _CUT_RE,
    Addressee,
    count_bodies,
    detect_addressee,
    is_plural,
    split_marker,
    starts_with_duty_verb,
    table_cells,
)
from .walker import Reading, Walker, _Open

# Where a clause may start: the line's start, after ";" or after a sentence end.
_BOUNDARY = re.compile(r";\s+|[.!?][\"”’)]?\s+(?=[A-ZÀ-ỸĐ\"“])")
CONNECTOR = re.compile(
    r"^(?:(?:ben canh do|cung voi do|dong thoi|ngoai ra|mat khac|theo do|tiep do|sau do|"
    r"cuoi cung|rieng|trong do|them vao do|tiep theo|do do|cung do)\s*,?\s*)+"
)
# The assigning verb, with at most a short speaker before it ("Ban Thường vụ Tỉnh ủy", "đồng chí …").
_ASSIGN = re.compile(
    r"\b(?<!da )(?:yeu cau|de nghi|giao nhiem vu cho|giao cho|"
    r"(?<!chuyen )(?<!ban )(?<!trao )(?<!ket )(?<!tuyen )(?<!bang )giao(?! thong| duc| dich| luu| vien)|"
    r"luu y|chi dao)\s+(?!ve\b|cua\b|dat ra\b|tren\b|nay\b|nhu\b|cao\b|chung\b)"
)


def _verbs(text: str) -> list[re.Match[str]]:
    """The assigning verbs of a text, written in lower case (not "Sở Giao thông", "Ban Tuyên giáo")."""
    return [m for m in _ASSIGN.finditer(fold(text)) if text[m.start()].islower()]


_MAX_SPEAKER_WORDS = 14
# The opening words of a class of bodies ("các cấp, các ngành", "cấp ủy các cấp", "tổ chức đảng").
_BODY_WORDS = re.compile(
    r"(?:cac|cap uy|to chuc dang|chinh quyen|co quan|don vi|dang uy|dia phuong|mat tran|doan the)\b"
)
MIN_PROSE_CHARS = 120
# A body going on with what it did or will do ("Bộ … đã xây dựng …", "Ban Thường vụ … vừa có Chỉ
# thị …", "Tổng cục Thuế đồng ý với …"): background, not a duty. Not "đã được phân công / giao",
# which names whom the duty goes to ("Các đồng chí đã được phân công phụ trách địa bàn có trách
# nhiệm …").
_TOLD_VERB = re.compile(
    r"\s(vua|da|se|dong y|nhat tri)\s(?!duoc (?:phan cong|giao|cu|chi dinh)\b)|[,;:.]"
)
# The verbs as written: "đã", not "đa dạng"; "sẽ", not "chia sẻ".
_TOLD_WORDS = frozenset(("vừa", "đã", "sẽ", "đồng ý", "nhất trí"))


def told(text: str) -> str | None:
    """When ``text`` opens with who did, does or will do something (a head of 2 to 80 characters
    without punctuation, then the verb), that head, folded; else None."""
    f = fold(text)
    for m in _TOLD_VERB.finditer(f, 0, 90):
        if m.group(1) is None or m.start() > 80:
            return None  # punctuation, or too far
        if m.start() >= 2 and text[m.start(1) : m.end(1)].lower() in _TOLD_WORDS:
            return f[: m.start()]
    return None


# The closing of a letter or plan: "Trên đây là báo cáo …, đề nghị …", "Văn phòng Chính phủ (xin)
# thông báo để Bộ … biết, thực hiện": no duty, whatever bodies it names.
CLOSING_NOTICE = re.compile(r"^(?:tren day la\b|(?:[^.;:]{0,90}\s)?(?:xin )?thong bao de\b)")


# A photo caption ending with its credit ("… - Ảnh minh họa", "(Ảnh: An Đăng/TTXVN)", "(Hình từ
# Internet)"): it describes a picture, whatever body it names.
CAPTION_END = re.compile(
    r"(?:[(\-–]\s*)(?:anh|hinh)(?: minh hoa| tu internet|\s*:[^()]{0,60})\)?\s*\.?$"
)


_LIST_WORDS = 3
_NAME_PIECES = re.compile(r"\s*[,:]\s*|\s+và\s+")


def names_only(part: str) -> bool:
    """Is a part of a paragraph only names, with no duty ("Bộ trưởng các Bộ: Quốc phòng, Công an,
    Xây dựng, Y tế")? Each piece between commas, a colon and "và" opens with a capital letter and
    no duty verb is written in lower case in it ("Xây dựng" there is a ministry's name)."""
    part = part.strip(" *_")
    pieces = _NAME_PIECES.split(part)
    return (
        len(pieces) > 1
        and not starts_with_duty_verb(part)
        and all(p[:1].isupper() for p in pieces)
        and not any(part[m.start()].islower() for m in _CUT_RE.finditer(fold(part)))
    )


def _clauses(line: str) -> list[int]:
    """Start offsets of the clauses of a paragraph. A ";" next to a part of one or two to three
    words separates the names of a list ("BTV Thành ủy Huế; các huyện ủy; thị ủy; các đảng ủy …"),
    not two clauses; so does a ";" after a part that is only names ("Bộ trưởng các Bộ: Quốc
    phòng, Công an, …, Y tế; Bí thư, Chủ tịch Ủy ban Nhân dân các tỉnh … tiếp tục …")."""
    cuts = [m for m in _BOUNDARY.finditer(line)]
    ends = [m.start() for m in cuts] + [len(line)]
    starts = [0] + [m.end() for m in cuts]
    out = [0]
    for n, m in enumerate(cuts):
        before = line[starts[n] : ends[n]]
        after = line[starts[n + 1] : ends[n + 1]]
        if m.group(0).startswith(";") and (
            len(before.split()) <= _LIST_WORDS
            or len(after.split()) <= _LIST_WORDS
            or names_only(before)
        ):
            continue
        out.append(m.end())
    return out


def _speaker_ok(f: str, start: int, verb: int) -> bool:
    """A short speaker before the assigning verb: the whole clause head, or its last comma part
    ("Theo đó …, Ban Thường vụ Tỉnh ủy Đắk Lắk yêu cầu")."""
    head = f[start:verb]
    if len(head.split()) <= _MAX_SPEAKER_WORDS:
        return True
    return len(head.rsplit(",", 1)[-1].split()) <= _MAX_SPEAKER_WORDS // 2


def _class_of_bodies(rest: str, f_rest: str) -> str | None:
    """A class of bodies the name rules do not know ("các cấp, các ngành, địa phương", "cấp ủy
    các cấp trên địa bàn"): the words up to the duty verb, when they name bodies."""
    cut = _CUT_RE.search(f_rest, 4)
    if cut is None:
        return None
    name = rest[: cut.start()].strip(" ,")
    if not name or len(name.split()) > 12 or not _BODY_WORDS.match(fold(name)):
        return None
    return name


# A speaker's words framing the duty that follows ("Về …, Tổng Bí thư nêu rõ, Thường trực Ban Bí
# thư … chỉ đạo …", "Phát biểu tại hội nghị, đồng chí Bí thư nhấn mạnh: các cấp ủy …"): the body
# named after the frame carries the duty.
_SPEECH_FRAME = re.compile(
    r"(?:(?:ve|doi voi|phat bieu)\b[^,;:]{2,120},\s*)?(?:[^,;:.]{2,80}?\s)?"
    r"(?:neu ro|nhan manh|chi ro|luu y|khang dinh|yeu cau|de nghi)\s*[,:]\s*"
)


def _assigned(clause: str, *, after_assignment: bool) -> tuple[str, str] | None:
    """(addressee, duty text) when a clause assigns a named body its duty."""
    f = fold(clause)
    lead = CONNECTOR.match(f)
    start = opening = lead.end() if lead else 0
    frame = _SPEECH_FRAME.match(f, start)
    if frame is not None and len(f[start : frame.end()].split()) <= 30:
        start = frame.end()
        found = detect_addressee(clause[start:])
        if found is not None and found.inline and f[start:].startswith(fold(found.text)):
            return found.text, clause  # the body right after the frame
    m = next((v for v in _verbs(clause) if v.start() >= start), None)
    if m is not None and _speaker_ok(f, start, m.start()):
        rest = clause[m.end() :]
        found = detect_addressee(rest)
        if found is not None and found.inline and not found.item_text.endswith(":"):
            return found.text, clause
        if found is None and not m.group(0).startswith("chi dao"):
            name = _class_of_bodies(rest, f[m.end() :]) or _unended_name(rest)
            if name:
                return name, clause
    if after_assignment or start:
        found = detect_addressee(clause[start:])
        if found is not None and found.inline:
            return found.text, clause
    if after_assignment:
        framed = _framed_body(clause, f, opening) or _unended_name(clause[opening:])
        if framed is not None:
            return framed, clause
    return None


# Duty verbs that the name rules do not cut a body's name at, read only in a sentence that follows
# an assignment in the same paragraph ("Cấp ủy cấp huyện mở rộng đối tượng học tập …").
_PROSE_VERB = re.compile(
    r"^(?:mo rong|truyen dat|pho bien|phat dong|chuan bi|hoan thien|quan ly|cu the hoa|can|phai)\b"
)
_NAME_WORDS = 8
# Heads the name rules leave out, as they mostly open a speaker's words ("Thủ tướng Chính phủ chỉ
# đạo …", "Bí thư Tỉnh ủy … nhấn mạnh"): read as the subject of a duty only in a sentence that
# follows an assignment in the same paragraph ("Cùng đó, Chính phủ có kế hoạch cụ thể …").
_PERSON_HEAD = re.compile(r"(?:chinh phu|thu tuong|bi thu|pho bi thu|nguoi dung dau)\b")


def _unended_name(clause: str) -> str | None:
    """A sentence that opens with a body's name the name rules found no end of, then a duty verb:
    that name (its first two to eight words)."""
    found = detect_addressee(" ".join(clause.split()[: _NAME_WORDS + 4]))
    if found is None and clause[:1].isupper() and _PERSON_HEAD.match(fold(clause)):
        found = Addressee(clause, False, "", False, "")  # "Chính phủ có kế hoạch cụ thể …"
    if found is None or found.inline or found.prefix or told(clause) is not None:
        return None
    words = clause.split()
    for k in range(2, min(_NAME_WORDS, len(words) - 2) + 1):
        rest = " ".join(words[k:])
        if words[k - 1].endswith((",", ";", ":", ".")) or not words[k][:1].islower():
            continue  # not after a comma, nor at a capitalised word of the name ("Kiểm tra")
        if starts_with_duty_verb(rest) or _PROSE_VERB.match(fold(rest)):
            return " ".join(words[:k])
    return None


# A clause that opens with where or on what ground the duty applies ("Ở khu vực ven biển, đồng
# bằng và đô thị, các tỉnh cần chủ động …", "Căn cứ tình hình thực tế, các địa phương …").
_FRAME = re.compile(r"(?:o|tai|can cu|tren co so|truoc tinh hinh)\s")
_FRAME_CHARS = 150


def _framed_body(clause: str, f: str, start: int) -> str | None:
    """The body named after the frame of place or ground a clause opens with (after its connector
    only, not inside a speaker's words), when it goes on with its duty: the first comma after
    which a body's name opens, within the frame's length."""
    if not _FRAME.match(f, start):
        return None
    for m in re.finditer(r",\s+", clause[: start + _FRAME_CHARS]):
        if m.start() < start:
            continue
        rest = clause[m.end() :]
        found = detect_addressee(rest)
        if found is None or not found.inline or told(rest) is not None:
            continue
        if found.prefix or not (rest[:1].isupper() or fold(rest).startswith("cac ")):
            continue
        return re.sub(r"\s+(?:cần|phải)$", "", found.text)  # "các tỉnh cần chủ động …"
    return None


def _prose(line: str) -> bool:
    if len(line) < MIN_PROSE_CHARS or table_cells(line) is not None:
        return False
    if CLOSING_NOTICE.match(fold(line)) or CAPTION_END.search(fold(line.strip(" *_"))):
        return False
    return split_marker(line).kind is None


# A topic, a colon, then a duty with no body: "Đối với khu vực miền núi, trung du: Tiếp tục …".
_TOPIC_COLON = re.compile(r"^(?:doi voi|rieng|ve)\s[^:;.]{2,80}:\s*")


def _topic_duty(clause: str) -> bool:
    """A clause that names a topic and then a duty without a body: after an assignment in the same
    paragraph, it goes on with the body named last."""
    m = _TOPIC_COLON.match(fold(clause))
    return m is not None and starts_with_duty_verb(clause[m.end() :])


def run_in_duties(line: str, *, opens_duty: bool = False) -> list[tuple[int, str, str]]:
    """(offset, addressee, duty) of each clause of a prose line that assigns a body its duty.

    ``opens_duty``: the line is known to be a duty (the labeller tagged it so), so a first clause
    that opens with a body and its duty ("Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo …") counts
    as an assignment, and the bodies named the same way after it go on with theirs."""
    if not _prose(line):
        return []
    starts = _clauses(line)
    out: list[tuple[int, str, str]] = []
    for n, at in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(line)
        clause = line[at:end].strip().rstrip(";").strip()
        if not clause:
            continue
        first = opens_duty and n == 0 and told(clause) is None
        found = _assigned(clause, after_assignment=bool(out) or first)
        if found is None and out and _topic_duty(clause):
            found = out[-1][1], clause  # "Đối với khu vực miền núi, trung du: Tiếp tục rà soát …"
        if found is not None:
            out.append((at, found[0], found[1]))
    return out


def _rename(walker: Walker, section: Section, found: str, no: int) -> None:
    """A run-in section whose name took in its speaker and verb ("Thường trực Tỉnh uỷ yêu cầu Ban
    cán sự đảng …") is named by the bodies it assigns: the name the clause reading found, or,
    when that is only a short class ("các cơ quan" of "các cơ quan tham mưu giúp việc Tỉnh ủy,
    Ban cán sự đảng …"), the words after the verb."""
    old = section.addressee or ""
    verbs = _verbs(old)
    if not verbs:
        return
    tail = old[verbs[-1].end() :].strip(" ,:")
    short_class = len(found.split()) <= 3 and fold(found).startswith("cac ")
    name = tail if not found or (short_class and len(tail) > len(found)) else found
    if not name:
        return
    walker.unmatched = [u for u in walker.unmatched if not (u.line == no and _verbs(u.text))]
    units, _, group = walker._match(no, name)
    several = len(units) > 1 or group or is_plural(name) or count_bodies(name) > 1
    for item in section.items:
        if item.lead == section.units:
            item.lead = list(units)
    section.addressee, section.units = name, units
    section.assignment_mode = "each" if several else "joint"


def _same_body_above(walker: Walker, no: int, name: str) -> _Open | None:
    """The section just above line ``no`` when it names the same body: a paragraph opening with
    it ("Phòng Lao động … phải thực hiện kiểm tra …") goes on with that body's duties."""
    above = [s for s in walker.sections if s.line < no]
    if not above:
        return None
    section = max(above, key=lambda s: s.line)
    known, new = fold(section.addressee or ""), fold(name)
    if not known or not (new in known or known in new):
        return None
    return _Open(section, None)


def _later_assignment(line: str) -> bool:
    """A news lead that dates the document and goes on to its assignment ("Ngày 29 tháng 12/2020
    Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 04-CT/TU … Theo đó …, Ban Thường vụ Tỉnh ủy yêu
    cầu các cấp ủy đảng … triển khai …"): a clause after the first one assigns bodies."""
    return any(at > 0 for at, _name, _duty in run_in_duties(line, opens_duty=True))


_RESTATE_WORDS = 10
_RESTATE_SHARE = 0.8


def shingles(text: str) -> set[tuple[str, ...]]:
    """The runs of ten words of a text (folded), to tell a duty retold from a new one."""
    words = re.findall(r"\w+", fold(text))
    n = _RESTATE_WORDS
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def restates(grams: set[tuple[str, ...]], duties: list[set[tuple[str, ...]]]) -> bool:
    """Is most of a paragraph's wording (``grams``, its runs of ten words) already in one duty?"""
    return bool(grams) and any(len(grams & seen) >= _RESTATE_SHARE * len(grams) for seen in duties)


def split_prose_duties(reading: Reading, walker: Walker) -> None:
    """A prose duty line naming several bodies in turn gives one section and duty per body."""
    items_at: dict[int, int] = {}
    for section in walker.sections:
        for item in section.items:
            items_at[item.line] = items_at.get(item.line, 0) + 1
    added = False
    for no, count in sorted(items_at.items()):
        if count != 1:
            continue
        line = reading.lines[no - 1]
        found = run_in_duties(line, opens_duty=True)
        holder = next(s for s in walker.sections for i in s.items if i.line == no)
        if holder.line == no and (not found or found[0][0] == 0):
            _rename(walker, holder, found[0][1] if found else "", no)
        known = fold(holder.addressee or "")
        # the same body named again in its own paragraph goes on with its duty
        new = [
            f
            for f in found
            if f[0] > 0 and not (known and (fold(f[1]) in known or known in fold(f[1])))
        ]
        if not new:
            continue
        lead_in = line[: new[0][0]].strip().rstrip(";").strip()
        if (
            found[0][0] > 0
            and (holder.line == no or holder.addressee is None)
            and not starts_with_duty_verb(lead_in)
        ):
            # the paragraph opens with a news lead ("Ngày …, Ban Thường vụ đã ban hành …"),
            # not a duty: its clauses that assign bodies are the duties
            holder.items = [i for i in holder.items if i.line != no]
            # the body the walker named goes on with its own clause of the paragraph
            own = [f for f in found if f[0] > 0 and f not in new]
            if not holder.items:
                walker.sections.remove(holder)
                new = sorted(new + own)
            else:
                for _at, _name, duty in own:
                    walker._add_item(_Open(holder, None), no, duty, None, inline=True)
                    added = True
        else:
            for item in holder.items:
                if item.line == no:
                    item.text = lead_in or item.text
        for _at, name, duty in new:
            opened = walker._open_section(no, Addressee(name, True, duty, False, ""), None, duty)
            walker._add_item(opened, no, duty, None, inline=True)
            added = True
    taken = {s.line for s in walker.sections} | set(items_at)
    duties = {no: shingles(reading.lines[no - 1]) for no in items_at}
    for no, line in enumerate(reading.lines, start=1):
        if no in taken or no in reading.noise or not line:
            continue
        if no in reading.meta_lines and not _later_assignment(line):
            continue  # the line that dates the document, unless a later clause assigns bodies
        found = run_in_duties(line, opens_duty=True) or _after_bold_heading(line)
        if found and restates(shingles(line), [d for n, d in duties.items() if n < no]):
            continue  # an article retelling a duty it quoted above: no new duty
        for _at, name, duty in found:
            opens = _at == 0 and fold(line).startswith(fold(name))
            above = _same_body_above(walker, no, name) if opens else None
            opened = above or walker._open_section(
                no, Addressee(name, True, duty, False, ""), None, duty
            )
            walker._add_item(opened, no, duty, None, inline=True)
            added = True
    if added:
        walker.current = None
        walker.sections.sort(key=lambda s: s.line)


# A numbered bold heading ending with a colon, its text run on after it on the same line
# ("**3.4. Độ tuổi tái cử ủy ban kiểm tra các cấp:** Bộ Chính trị giao Ủy ban Kiểm tra …").
_BOLD_COLON_HEADING = re.compile(r"^\*\*[^*]{2,160}:\s*\*\*\s*(?=\S)")


def _after_bold_heading(line: str) -> list[tuple[int, str, str]]:
    """The assignments in the text a bold heading runs on into: read as prose, where the first
    clause counts only when it assigns ("… giao …", "… yêu cầu …")."""
    m = _BOLD_COLON_HEADING.match(line)
    if m is None or split_marker(line).kind is None:
        return []
    rest = line[m.end() :]
    return [(m.end() + at, name, duty) for at, name, duty in run_in_duties(rest)]


# The readings the layout rules share (``repair._bodyless_assignment``).
prose_verbs = _verbs
speaker_ok = _speaker_ok


def first_clause_sections(reading: Reading, walker: Walker) -> None:
    """A paragraph without marker that the labeller read as one more duty of the section above
    it, but that opens with another body and its duty ("Ban Dân vận Tỉnh ủy chủ trì, phối hợp …"
    after the duties of "Đảng đoàn Ủy ban Mặt trận Tổ quốc …"; "Hàng năm, các bộ, ngành và Ủy
    ban nhân dân các tỉnh … báo cáo …" after those of "16. Các tổ chức chính trị - xã hội …"),
    is that body's own run-in section; not the only duty of its section, nor a paragraph that
    opens with a connector or tells what the body did."""
    moved = False
    for section in list(walker.sections):
        for item in list(section.items):
            no = item.line
            if no == section.line or section.addressee is None or len(section.items) < 2:
                continue
            line = reading.lines[no - 1]
            if sum(1 for s in walker.sections for i in s.items if i.line == no) != 1:
                continue
            f = fold(line)
            if CONNECTOR.match(f) or told(line) is not None:
                continue
            found = detect_addressee(line)
            if found is None or not found.inline or not _prose(line):
                continue
            known, new = fold(section.addressee), fold(found.text)
            if new in known or known in new:
                continue
            section.items.remove(item)
            opened = walker._open_section(no, found, None, item.text)
            walker._add_item(opened, no, item.text, None, inline=True)
            moved = True
    if moved:
        walker.current = None
        walker.sections.sort(key=lambda s: s.line)
