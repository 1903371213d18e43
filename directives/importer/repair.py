"""Layout rules over the line labeller's tags, and the walk the tags drive.

The model tags each line; these rules fix what a line's neighbours make certain (a
deadline line closes the duty above it, a signature or "Nơi nhận" is never a duty, a
lead sentence naming bodies opens their section) before the walker builds sections
and items from the tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .articles import (
    ASSIGN_WORD,
    EXECUTION,
    LEAD_IN,
    ROLE_START,
    accountability_clauses,
    article_run_ins,
    clause_text,
    execution_formulas,
    power_clauses,
    scope_entries,
    scope_entry_sections,
)
from .linemodel import heading_kind, sibling_groups
from .normalize import fold, is_all_caps
from .prose import (
    CAPTION_END,
    CLOSING_NOTICE,
    CONNECTOR,
    MIN_PROSE_CHARS,
    _clauses,
    first_clause_sections,
    prose_verbs,
    restates,
    run_in_duties,
    shingles,
    speaker_ok,
    split_prose_duties,
    told,
)
from .structure import (
    _CUT_RE,
    CLOSES_ITEM,
    CUT_VERBS,
    Addressee,
    Marked,
    deeper,
    detect_addressee,
    is_boilerplate_dieu,
    part_kind,
    plain,
    split_marker,
    starts_with_duty_verb,
    table_cells,
    wrapped_addressee,
)
from .walker import _SENTENCE_END, SHORT_TEXT_LINES, Reading, Walker, midline_addressee

# Lines that are never a duty of their own: the deadline of the duty above, a closing formula,
# the recipients' list, a signature block, a photo caption.
_DEADLINE_LINE = re.compile(
    r"^(?:thoi gian|thoi han|tien do)(?: hoan thanh| thuc hien| bao cao| trinh)?\s*(?:[:\-–]|truoc|trong|nam|quy|thang|ngay)"
)
_NEVER_DUTY = re.compile(
    r"^(?:tren day la|noi nhan|kinh gui|(?:kt|tm|tl|ttl)\.\s|(?:anh|nguon)\s*:|"
    r"(?:chu tich|pho chu tich|bi thu|pho bi thu|thu tuong|pho thu tuong|bo truong|giam doc)\s*$)"
)
# A sentence that tells what happened before ("Ngày 22/12/2024, Bộ Chính trị đã ban hành …",
# "Tại công văn số 8014/VPCP-KGVX …"): the document's background, not one of its duties.
_BACKGROUND = re.compile(
    r"^(?:ngay \d{1,2}(?:/\d{1,2}/\d{4}| thang \d{1,2} nam \d{4})\s*,"
    r"|tai (?:cong van|van ban|thong bao|to trinh|cong dien|bao cao) so\s)"
)
# "…; theo đó, Ban Thường vụ yêu cầu …": the background sentence goes on with the assignment.
_ASSIGNS_LATER = re.compile(
    r"\b(?<!da )(?:theo do|yeu cau|de nghi|giao(?! (?:duc|thong|dich|luu|vien)\b)|chi dao)\b"
)
# "Do các tỉnh … phải tiến hành …, nên đến ngày … mới có …": a clause of cause opens a sentence
# that explains the situation (written "Do", not "Đó là …").
_CAUSE = re.compile(r"^Do\s")
# The signature or filing cell of a table row ("| | KT. THỦ TƯỚNG … |", "| Lưu: VT |").
_SIGNATURE_CELL = re.compile(r"^(?:(?:kt|tm|tl|ttl)\.\s|noi nhan|luu\s*:)")


_STATUS_COLUMN = re.compile(
    r"\|\s*(?:tien do|ket qua hien nay|ket qua thuc hien|tinh hinh thuc hien|muc do hoan thanh)\s*\|"
)


_CONTENTS_LEAD = re.compile(
    r"(?:bao gom|gom co|gom cac|gom)(?: cac noi dung| nhung noi dung)?(?: sau| chinh)?\s*:$"
)


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
    status_table = recipients = closing = False
    parent: tuple[int | None, str] | None = None  # the open duty: (marker depth, its last line)
    after_deadline = False  # the previous line closed a duty with its deadline
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
        closed, after_deadline = after_deadline, False
        if (
            closed
            and tag == "ITEM_CONT"
            and mk.kind != "plus"
            and (mk.kind is not None or mk.content[:1].isupper())
            and not CLOSES_ITEM.match(f)
        ):
            out[no - 1] = tag = (
                "ITEM"  # the duty above ended with its deadline: this is the next one
            )
        if recipients and mk.kind in ("dash", "plus"):
            out[no - 1] = "OTHER"  # "- Như trên;": the recipients' list
            prev_no = no
            continue
        recipients = f.startswith("noi nhan")
        if cells is None and tag != "OTHER" and CLOSING_NOTICE.match(f):
            out[no - 1] = "OTHER"  # "Trên đây là …", "Văn phòng Chính phủ thông báo để … biết"
            closing = True
            prev_no = no
            continue
        if closing and tag == "ITEM_CONT":
            out[no - 1] = "OTHER"
            prev_no = no
            continue
        closing = False
        if tag in ("ITEM", "SECTION_ITEM") and cells is None:
            if _NEVER_DUTY.match(f) or (_DEADLINE_LINE.match(f) and len(f) < 160):
                out[no - 1] = "OTHER" if tag == "ITEM" else "SECTION"
            elif (
                _BACKGROUND.match(f) or _CAUSE.match(mk.content.strip(" *_"))
            ) and not _ASSIGNS_LATER.search(f):
                out[no - 1] = "OTHER"
        elif tag in ("ITEM", "SECTION_ITEM"):
            first = next((fold(c) for c in cells if c), "")
            if _SIGNATURE_CELL.match(first) or first.startswith("luu:"):
                out[no - 1] = "OTHER"
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
        if (
            out[no - 1] in ("ITEM_CONT", "OTHER")
            and mk.kind is None
            and CLOSES_ITEM.match(f)
            and len(f) < 160
            and out[prev_no - 1] in ("ITEM", "SECTION_ITEM", "ITEM_CONT")
            and prev_no == no - 1
            and text.rstrip("*_ ")[-1:] in (".", ";", ")") + tuple("0123456789")
        ):
            after_deadline = True  # "Thời gian hoàn thành: trước ngày 30/6/2026." ends the duty
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
    _colon_addressee_paragraphs(reading, out)
    _dieu_duty_sections(reading, out)
    _task_cards(reading, out)
    _bare_heading_duty(reading, out)
    _heading_sections(reading, out)
    _lead_sections(reading, out)
    _sibling_duties(reading, out)
    _unrelated_tail(reading, out)
    _entry_into_force(reading, out)
    _cited_documents(reading, out)
    _execution_clause(reading, out)
    _generic_closing(reading, out)
    _flattened_table_rows(reading, out)
    _empty_section_list(reading, out)
    _run_in_dieu(reading, out)
    _sibling_run_ins(reading, out)
    _lead_in_run_ins(reading, out)
    _wrapped_name_run_in(reading, out)
    _assigned_entries(reading, out)
    _told_not_assigned(reading, out)
    _lower_case_runs_on(reading, out)
    _wrapped_body_heading(reading, out)
    _criteria_list(reading, out)
    _criteria_heading(reading, out)
    _topic_entry_duties(reading, out)
    _procedure_steps(reading, out)
    _topic_headings(reading, out)
    _midline_addressees(reading, out)
    _paragraph_start_assignments(reading, out, tags)
    accountability_clauses(reading, out)
    article_run_ins(reading, out)
    execution_formulas(reading, out)
    scope_entries(reading, out)
    _bodyless_assignment(reading, out)
    _meeting_background(reading, out)
    _bold_paren_entries(reading, out)
    _agreement_not_duty(reading, out)
    _past_time_background(reading, out)
    _colon_heading_run_ins(reading, out)
    _announced_entries(reading, out)
    _midline_ground_duties(reading, out)
    _difficulty_closing(reading, out)
    _bare_body_entries(reading, out, tags)
    power_clauses(reading, out)
    _news_report_background(reading, out)
    _assignment_paragraphs(reading, out)
    _trailing_sibling_duties(reading, out)
    _listed_run_ins(reading, out, tags)
    _nominal_contents(reading, out)
    _emphasis_topic_headings(reading, out)
    _article_opens_no_run_on(reading, out)
    _card_sibling_duties(reading, out)
    _bare_number_body_heading(reading, out)
    _lead_end_sections(reading, out)
    _achievements(reading, out)
    _news_page_furniture(reading, out)
    _emulation_parts(reading, out)
    _flattened_row_layout(reading, out)
    _letter_decision_layout(reading, out)
    _page_headline(reading, out)
    _bold_heading_sections(reading, out)
    _criteria_dash_headings(reading, out)
    _restated_duties(reading, out)
    _site_summary(reading, out)
    _bold_body_heading(reading, out)
    _flattened_row_cells(reading, out)
    _bold_name_run_in(reading, out)
    _roman_headings(reading, out)
    _nominal_list_below_text(reading, out)
    _same_verb_siblings(reading, out)
    _monitoring_duty(reading, out)
    _responsibility_blocks(reading, out)
    _devolved_powers(reading, out)
    _citation_line_runs_on(reading, out)
    _wrapped_entry_into_force(reading, out)
    _annex_after_signature(reading, out)
    _sole_request(reading, out)  # the fallback: last, when no rule found a duty
    return out


def _topic_headings(reading: Reading, out: list[str]) -> None:
    """A list entry on a topic ("2. Về việc xây dựng hệ thống dữ liệu … FTA:") that ends with ":"
    and stands apart (a blank line after it) above the duties it introduces is their heading,
    not a duty: the paragraph or entries below say who does what."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag != "ITEM" or not lines[no - 1]:
            continue
        mk = split_marker(plain(lines[no - 1]))
        if mk.kind is None or table_cells(lines[no - 1]) is not None:
            continue
        para, last = _wrapped_sentence(lines, no)
        if not para[-1].rstrip("*_ ").endswith(":") or (last < len(lines) and lines[last]):
            continue
        topic = bool(_TOPIC.match(fold(mk.content.strip(" *_"))))
        if not topic and starts_with_duty_verb(mk.content):
            continue  # a duty with its contents ("a) Hướng dẫn …:")
        nxt = next((k for k in range(last + 1, len(lines) + 1) if lines[k - 1]), None)
        if nxt is not None and out[nxt - 1] in ("ITEM", "SECTION_ITEM", "SECTION"):
            named = None if topic else detect_addressee(mk.content)
            # a body's name ("d) Giao Ban Quản lý …:") is the addressee of the duties below it
            out[no - 1] = "SECTION" if named is not None and not named.inline else "OTHER"


def _entry_text(reading: Reading, no: int, out: list[str]) -> tuple[str, int]:
    """A list entry's words with its hard-wrapped lines (lower-case starts), and its last line."""
    lines = reading.lines
    parts, last = [split_marker(plain(lines[no - 1])).content], no
    while (
        len(parts) < 4
        and last < len(lines)
        and lines[last]
        and split_marker(plain(lines[last])).kind is None
        and plain(lines[last])[:1].islower()
        and out[last] in ("OTHER", "ITEM_CONT")
    ):
        parts.append(plain(lines[last]))
        last += 1
    return " ".join(parts), last


_RUN_IN_LISTS = ("num", "dieu", "alpha", "dash")


def _sibling_run_ins(reading: Reading, out: list[str]) -> None:
    """Entries of one list that each open with a body and its duty ("1. Ban Tuyên giáo …
    xây dựng …", "2. Ban thường vụ cấp ủy cấp tỉnh chỉ đạo …"): when the labeller read some of them
    as run-in duties, the others are too."""
    numbered = [(no, ln) for no, ln in enumerate(reading.lines, start=1) if ln]
    for group in sibling_groups(numbered):
        entries = [numbered[i][0] for i in group]
        if split_marker(plain(reading.lines[entries[0] - 1])).kind not in _RUN_IN_LISTS:
            continue
        if not any(out[no - 1] == "SECTION_ITEM" for no in entries):
            continue
        for no in entries:
            if out[no - 1] not in ("OTHER", "SECTION"):
                continue
            text, last = _entry_text(reading, no, out)
            found = detect_addressee(text)
            if found is None or not found.inline or found.item_text.endswith(":"):
                continue
            if not starts_with_duty_verb(fold(text[len(found.text) :].strip(" ,"))):
                continue
            out[no - 1] = "SECTION_ITEM"
            for n in range(no + 1, last + 1):
                out[n - 1] = "ITEM_CONT"


# "… theo chức năng, nhiệm vụ, quyền hạn của mình giám sát …": the body's remit before its duty.
_REMIT = re.compile(
    r"^(?:theo|trong pham vi|can cu)\b[^;:.]{0,90}?\b(?:cua minh|duoc giao|quan ly)\s*,?\s*"
)


def _run_in_body(text: str) -> bool:
    """Does ``text`` open, maybe after a clause of ground or time, with a body and its duty?"""
    f = fold(text)
    starts = [0]
    if LEAD_IN.match(f):
        starts = [m.end() for m in re.finditer(r",\s+", text[:200])][:4]
    for start in starts:
        body = text[start:]
        found = detect_addressee(body)
        if found is None or not found.inline or found.item_text.endswith(":"):
            continue
        rest = fold(body[len(found.text) :].strip(" ,"))
        rest = rest[_REMIT.match(rest).end() :] if _REMIT.match(rest) else rest
        if starts_with_duty_verb(rest) or ROLE_START.match(rest):
            return not EXECUTION.search(fold(text))
    return False


def _lead_in_run_ins(reading: Reading, out: list[str]) -> None:
    """A numbered entry the labeller left as text that opens, maybe after a clause of ground or
    time ("1. Trên cơ sở nội dung Chỉ thị …, các Bộ, … tổ chức xây dựng …", "2. Ban thường vụ cấp
    ủy cấp tỉnh chỉ đạo …"), with a body and its duty is that body's run-in duty."""
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if tag not in LEAD_IN_TAGS or not line:
            continue
        mk = split_marker(plain(line))
        if mk.kind != "num":
            continue
        text, last = _entry_text(reading, no, out)
        if not _run_in_body(text.strip(" *_")):
            continue
        out[no - 1] = "SECTION_ITEM"
        for n in range(no + 1, last + 1):
            out[n - 1] = "ITEM_CONT"


def _wrapped_name_run_in(reading: Reading, out: list[str]) -> None:
    """A body's name wrapped onto a line in capitals ("3. Bộ Tư lệnh" / "Thành phố chủ trì, phối hợp
    …"), the labeller reading the first line as the addressee and the second as a duty: it is one
    run-in duty at the first line, unless its paragraph ends with ":" (a list of duties follows)."""
    lines = reading.lines
    for no, tag in enumerate(out[:-1], start=1):
        if tag != "SECTION" or not lines[no - 1] or not lines[no] or out[no] != "ITEM":
            continue
        content = split_marker(plain(lines[no - 1])).content.strip(" *_")
        nxt = plain(lines[no])
        if content.endswith((":", ".", ";")) or split_marker(nxt).kind is not None:
            continue
        if table_cells(nxt) is not None or not nxt[:1].isupper() or starts_with_duty_verb(nxt):
            continue
        found = detect_addressee(f"{content} {nxt}")
        if found is None or not found.inline or len(found.text) <= len(content):
            continue
        if len(found.text[len(content) :].split()) > 4 and not content.endswith(","):
            continue  # "Bộ Tài chính" / "Cân đối nguồn ngân sách …" is no wrapped name
        rest = fold(found.item_text[len(found.text) :].strip(" ,"))
        if not (starts_with_duty_verb(rest) or ROLE_START.match(rest)):
            continue
        paragraph = [nxt] + [plain(ln) for ln in _paragraph_rest(lines, no + 1)]
        if paragraph[-1].rstrip(" *_").endswith(":"):
            continue
        out[no - 1], out[no] = "SECTION_ITEM", "ITEM_CONT"


_ASSIGNING = ("giao", "de nghi")


def _assigned_entries(reading: Reading, out: list[str]) -> None:
    """A list entry that opens by handing a named body its duty ("4.1. Giao Đảng uỷ Chính phủ
    chỉ đạo …", "3. Đề nghị Ủy ban Mặt trận Tổ quốc … phối hợp …"), its name read across a hard
    wrap if need be, addresses that body even when the labeller read it as one more duty of the
    section above: 27 of the corpus's 31 such entries open a section of their own (the others
    are a province's own tasks "d) Giao Sở … " and an HĐND execution clause)."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag != "ITEM" or not lines[no - 1]:
            continue
        text = plain(lines[no - 1])
        mk = split_marker(text)
        if mk.kind is None or table_cells(text) is not None:
            continue
        found = detect_addressee(mk.content.strip(" *_"))
        if (found is None or not found.inline) and no < len(lines) and lines[no]:
            found = wrapped_addressee(text, plain(lines[no])) or found
        if found is None or not found.inline or fold(found.prefix) not in _ASSIGNING:
            continue
        out[no - 1] = "SECTION_ITEM"


def _paragraph_rest(lines: list[str], no: int) -> list[str]:
    """The lines after line ``no`` up to the next blank line or list entry."""
    rest = []
    for line in lines[no:]:
        if not line or split_marker(plain(line)).kind is not None:
            break
        rest.append(line)
    return rest


LEAD_IN_TAGS = ("OTHER",)


def _lower_case_runs_on(reading: Reading, out: list[str]) -> None:
    """A line without marker that starts in lower case runs on from a sentence above it (after a
    page break too): it opens no duty."""
    open_duty = False
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if not line:
            continue
        text = plain(line)
        mk = split_marker(text)
        content = mk.content.lstrip(" *_")
        if (
            tag in LOWER_TAGS
            and open_duty
            and mk.kind is None
            and table_cells(text) is None
            and content[:1].islower()
        ):
            out[no - 1] = "ITEM_CONT"
        if out[no - 1] in ("ITEM", "SECTION_ITEM", "SECTION"):
            open_duty = True
        elif mk.kind is not None or table_cells(text) is not None:
            open_duty = False


LOWER_TAGS = ("ITEM", "SECTION_ITEM")

# A body and what it did, does or will do ("Ban Thường vụ Tỉnh ủy vừa có Chỉ thị …", "Tổng cục
# Thuế đồng ý với ý kiến …", "… trong năm 2019 Bộ sẽ tổng kết …"): told, not assigned
# (`prose.told`).
_REASON = re.compile(r"^(?:can cu|do|vi|theo do|tren co so)\b")
_BODY_WORD = re.compile(
    r"\b(?:bo|so|ban|uy|ubnd|cuc|tong cuc|tinh|thanh pho|chinh phu|thu tuong)\b"
)


def _told_not_assigned(reading: Reading, out: list[str]) -> None:
    """An unmarked sentence tagged as a duty in which a body (maybe after a clause of ground)
    goes on with what it did or will do tells the background, it assigns nothing."""
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if tag not in ("ITEM", "SECTION_ITEM") or not line:
            continue
        text = plain(line)
        mk = split_marker(text)
        if mk.kind is not None or table_cells(text) is not None:
            continue
        content = mk.content.strip(" *_")
        f = fold(content)
        starts = [0]
        if _REASON.match(f):
            starts += [m.end() for m in re.finditer(r",\s+", f[:200])][:3]
        for start in starts:
            who = told(content[start:])
            if who is None or starts_with_duty_verb(who):
                continue
            if _BODY_WORD.search(who) and not ASSIGN_WORD.search(f):
                out[no - 1] = "OTHER"
                break


def _run_in_dieu(reading: Reading, out: list[str]) -> None:
    """An article that gives a named body its duty in its own sentence ("Điều 2. Sở Lao động …
    có trách nhiệm xây dựng kế hoạch …") is that body's run-in duty; not the execution clause
    ("… chịu trách nhiệm thi hành Quyết định này")."""
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if tag != "OTHER" or not line:
            continue
        mk = split_marker(plain(line))
        content = mk.content.strip(" *_")
        if mk.kind != "dieu" or is_boilerplate_dieu(content):
            continue
        found = detect_addressee(content)
        if found is None or not found.inline:
            continue
        rest = fold(content[content.find(found.text) + len(found.text) :].strip(" ,:"))
        if ROLE_START.match(rest):
            out[no - 1] = "SECTION_ITEM"


# "… theo một số nguyên tắc chính sau:", "… phải có đủ các điều kiện sau:": a list of criteria.
_CRITERIA_LEAD = re.compile(
    r"\b(?:nguyen tac|tieu chi|tieu chuan|dieu kien)\b[^.;:]{0,40}\bsau(?: day)?\s*:$"
)
_PAREN_ENTRY = re.compile(r"^\(\d{1,2}\)\s")


def _criteria_list(reading: Reading, out: list[str]) -> None:
    """The entries below a line announcing principles, criteria or conditions ("- Triển khai … theo
    một số nguyên tắc chính sau:" / "(1) Trung ương tập trung …") are that line's contents, not
    duties of their own; the list ends at the lead's next sibling or at a paragraph without marker."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if line and _CRITERIA_LEAD.search(fold(plain(line).rstrip(" *_"))):
            _contents_below(reading, out, no)


def _contents_below(reading: Reading, out: list[str], no: int) -> None:
    """The entries of the list the lead line ``no`` announces as its contents are no duties: up
    to the lead's next sibling or a paragraph without marker."""
    lines = reading.lines
    lead = split_marker(plain(lines[no - 1]))
    for n in range(no + 1, min(no + 40, len(lines)) + 1):
        text = plain(lines[n - 1]) if lines[n - 1] else ""
        if not text or n in reading.noise:
            continue
        mk = split_marker(text)
        if out[n - 1] in ("SECTION", "SECTION_ITEM") or table_cells(text) is not None:
            break
        if mk.kind is None and not _PAREN_ENTRY.match(text):
            if not lines[n - 2] or out[n - 1] not in ("ITEM_CONT", "OTHER"):
                break  # a paragraph of its own: past the list
            continue
        if mk.kind is not None and lead.kind is not None and not deeper(mk.depth, lead.depth):
            break  # the lead's sibling, or a heading above it
        if out[n - 1] == "ITEM":
            _no_duty(out, n)


# What may stand before a body's name on a heading's first line ("*2.9. Đề" / "nghị Liên đoàn …").
_NAME_PREFIXES = ("", "de", "de nghi", "giao", "yeu cau")


# An article or entry that lays down a procedure ("Điều 6. Phương thức thực hiện", "2. Trình tự giải
# quyết chế độ trợ cấp được thực hiện như sau:").
_PROCEDURE_HEAD = re.compile(
    r"^(?:trinh tu|thu tuc|quy trinh|phuong thuc thuc hien|cach thuc thuc hien)\b"
)


def _procedure_steps(reading: Reading, out: list[str]) -> None:
    """The steps of a procedure an article or entry lays down ("b) Ủy ban nhân dân cấp xã tiếp
    nhận hồ sơ, xét duyệt, …", "1. Ủy ban nhân dân cấp xã đối chiếu, lập danh sách …") say how the
    policy runs, not what a body is charged with: no duties, up to the next article or entry of the
    heading's level."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line:
            continue
        head = split_marker(plain(line))
        title = head.content.strip(" *_")
        if head.kind not in ("dieu", "num") or len(title) > 120:
            continue
        if not _PROCEDURE_HEAD.match(fold(title)):
            continue
        if head.kind == "num" and not title.endswith(":"):
            continue
        for n in range(no + 1, min(no + 60, len(lines)) + 1):
            text = plain(lines[n - 1]) if lines[n - 1] else ""
            if not text:
                continue
            mk = split_marker(text)
            if mk.kind in ("dieu", "roman") or (
                head.kind == "num" and mk.kind is not None and not deeper(mk.depth, head.depth)
            ):
                break
            if out[n - 1] in ("ITEM", "SECTION_ITEM"):
                _no_duty(out, n)


def _no_duty(out: list[str], no: int) -> None:
    """Line ``no`` opens no duty, and its wrapped lines continue none (they would otherwise join
    the duty above it)."""
    out[no - 1] = "OTHER"
    while no < len(out) and out[no] == "ITEM_CONT":
        out[no] = "OTHER"
        no += 1


def _wrapped_body_heading(reading: Reading, out: list[str]) -> None:
    """A numbered heading in emphasis that only names a body, hard-wrapped over two or three lines
    ("**2. Đề nghị Ủy ban Mặt trận Tổ" / "quốc Việt Nam tỉnh: **Vận động …", "*2.9. Đề" /
    "nghị Liên đoàn Lao động tỉnh*"): the words after the emphasis closes, or else the sentence
    on the next line, are the body's duty; when the name starts on the heading's first line, that
    line is the addressee line (when it starts on the next one, the labeller places it)."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        raw = lines[no - 1].strip()
        if tag == "ITEM" or not raw.startswith("*") or len(re.findall(r"\*+", raw)) != 1:
            continue
        mk = split_marker(plain(raw))
        if mk.kind not in ("num", "alpha") or table_cells(raw) is not None:
            continue
        parts, close, after = [raw.lstrip("*")], 0, ""
        for n in range(no + 1, min(no + 3, len(lines)) + 1):
            text = lines[n - 1].strip() if lines[n - 1] else ""
            if not text or split_marker(plain(text)).kind is not None or out[n - 1] == "ITEM":
                break
            star = re.search(r"\*+", text)
            if star is None:
                parts.append(text)
                continue
            parts.append(text[: star.start()])
            close, after = n, text[star.end() :].strip(" *_")
            break
        if not close:
            continue
        heading = split_marker(plain(" ".join(parts))).content.strip(" :")
        found = detect_addressee(heading)
        if len(heading) > 150 or found is None or found.inline or found.item_text.strip(" :"):
            continue
        first = re.sub(r"^[\d.\s]*", "", mk.content).strip(" *_:")  # "2.3." reads as "2." + "3."
        if fold(first) not in _NAME_PREFIXES:
            # the name starts on the heading's first line: the addressee line ("*2.3." / "Công an
            # tỉnh*", the name on the next line, is left to the labeller)
            for n in range(no, close + 1):
                out[n - 1] = "OTHER"
            out[no - 1] = "SECTION"
        if len(after.split()) >= 2:
            out[close - 1] = "ITEM"
            continue
        nxt = next((n for n in range(close + 1, len(lines) + 1) if lines[n - 1]), None)
        if nxt is None or out[nxt - 1] not in ("OTHER", "ITEM_CONT"):
            continue
        body = split_marker(plain(lines[nxt - 1]))
        if (
            body.kind is None
            and body.content[:1].isupper()
            and detect_addressee(body.content) is None
        ):
            out[nxt - 1] = "ITEM"


def _empty_section_list(reading: Reading, out: list[str]) -> None:
    """An addressee line left without any duty ("1. Ủy ban nhân dân các xã, phường:") followed by a
    list whose entries open with a duty verb ("- Thực hiện đầy đủ …", "- Đẩy mạnh …"): those
    entries are its duties, whatever the labeller made of them."""
    for no, tag in enumerate(out, start=1):
        if tag == "SECTION" and table_cells(plain(reading.lines[no - 1])) is None:
            _list_duties_below(reading, out, no)


def _list_duties_below(reading: Reading, out: list[str], no: int) -> list[int]:
    """The entries of the list below the addressee line ``no`` that open with a duty verb, tagged
    as its duties when at least half of the list's first-level entries do (and none of the list
    is a duty yet); the lines so tagged."""
    first = _first_level_below(reading, out, no)
    duties = [n for n, mk in first if starts_with_duty_verb(mk.content.strip(" *_"))]
    if not first or len(duties) * 2 < len(first):
        return []
    for n in duties:
        out[n - 1] = "ITEM"
    return duties


def _first_level_below(reading: Reading, out: list[str], no: int) -> list[tuple[int, Marked]]:
    """The entries of the first list level below the addressee line ``no`` (list entries, or the
    first lines of paragraphs), up to the next line tagged as an addressee or a duty, a heading of
    its level or above, or a line in capitals; none when a duty follows them."""
    lines = reading.lines
    own = split_marker(plain(lines[no - 1])).depth
    entries: list[tuple[int, Marked]] = []
    for n in range(no + 1, len(lines) + 1):
        line = lines[n - 1]
        if not line or n in reading.noise:
            continue
        if out[n - 1] in ("SECTION", "SECTION_ITEM", "ITEM"):
            break
        mk = split_marker(plain(line))
        if mk.kind in ("roman", "dieu") or (
            own is not None and mk.depth is not None and mk.depth <= own
        ):
            break
        if mk.kind is None and is_all_caps(mk.content):
            break
        if mk.kind is not None or (not lines[n - 2] and mk.content[:1].isupper()):
            entries.append((n, mk))  # a list entry, or a paragraph's first line
    else:
        n = len(lines) + 1
    if not entries or (n <= len(lines) and out[n - 1] == "ITEM"):
        return []
    level = min(mk.depth or 99 for _, mk in entries)
    return [(n, mk) for n, mk in entries if (mk.depth or 99) == level]


_ROW_NUMBER = re.compile(r"^(\d{1,3})\.?$")
_FOOTNOTE = re.compile(
    r"^(?:nghi quyet|quyet dinh|ket luan|chi thi|nghi dinh|thong tu|luat|cong van|chuong trinh)"
    r" so \S+ ngay"
)
_ROW_NUMBER_RUN_IN = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")


def _flattened_header(reading: Reading, no: int) -> bool:
    """Is line ``no`` the "TT" / "STT" cell of a task table flattened one cell per line, followed
    by a task column ("Tên nhiệm vụ", "Nội dung") and a lead column ("Cơ quan chủ trì")?"""
    if fold(plain(reading.lines[no - 1]).strip(" *_")) not in ("tt", "stt"):
        return False
    after = [fold(plain(ln)) for ln in reading.lines[no : no + 10] if ln]
    return any(re.search(r"nhiem vu|noi dung", f) for f in after[:3]) and any(
        "chu tri" in f or f.split()[-1:] == ["chu"] for f in after if f
    )  # "Cơ quan chủ" / "trì thực hiện": the lead column's name wrapped after "chủ"


def _flattened_table_rows(reading: Reading, out: list[str]) -> None:
    """A task table flattened one cell per line (Công báo PDF text): the line after a row's number
    ("2." alone, the next in sequence) or after a bare "-" sub-row is that row's duty; "7 Đề án
    về …" (the number run into the text) is one too. The table's first header cell opens its
    section when nothing else does."""
    lines = reading.lines
    start = next(
        (no for no in range(1, len(lines) + 1) if lines[no - 1] and _flattened_header(reading, no)),
        None,
    )
    if start is None:
        return
    if out[start - 1] in ("OTHER", "ITEM_CONT"):
        out[start - 1] = "SECTION"
    last = 0
    pending = False
    for no in range(start + 1, len(lines) + 1):
        line = lines[no - 1]
        if not line:
            continue
        text = plain(line).strip()
        if no in reading.noise and not (
            _ROW_NUMBER.match(text) or text == "-" or (pending and text[:1].isupper())
        ):
            continue  # row numbers, "-" sub-rows and a row's duty repeated are no page chrome
        if table_cells(text) is not None:
            return
        if pending:
            pending = False
            if text[:1].isupper() and split_marker(text).kind not in ("roman",):
                if out[no - 1] in ("OTHER", "ITEM_CONT"):
                    out[no - 1] = "ITEM"
                continue
        if _flattened_header(reading, no):
            continue
        bare = _ROW_NUMBER.match(text)
        run_in = _ROW_NUMBER_RUN_IN.match(text)
        if text in ("-", "\\-", "–"):
            pending = True
        elif bare and (int(bare.group(1)) == 1 or last < int(bare.group(1)) <= last + 3):
            last = int(bare.group(1))  # a row number (a row whose number was missed is skipped)
            pending = True
        elif run_in and _FOOTNOTE.match(fold(run_in.group(2))):
            out[no - 1] = "OTHER"  # "1 Nghị quyết số 66-NQ/TW ngày …": a footnote of the page
        elif run_in and out[no - 1] in ("OTHER", "ITEM_CONT") and run_in.group(2)[:1].isupper():
            n = int(run_in.group(1))
            if n == last + 1 or (last < n <= last + 3 and starts_with_duty_verb(run_in.group(2))):
                last = n
                out[no - 1] = "ITEM"


_ROMAN_ROW = re.compile(r"^[IVX]{1,5}\.?$")


def _flattened_row_layout(reading: Reading, out: list[str]) -> None:
    """Rows of a task table flattened one cell per line (after `_flattened_table_rows`): the line
    after a bare group number ("III") is the group's title, not a duty; a row's text that runs on
    after the table header repeated on the next page, or a cell broken at a hyphen ("09/2026/NĐ-" /
    "CP4"), opens no duty; a row whose text ends with "." and is followed at once by its "-"
    sub-rows (no lead cell in between) only introduces them: the sub-rows are the duties."""
    lines = reading.lines
    start = next(
        (no for no in range(1, len(lines) + 1) if lines[no - 1] and _flattened_header(reading, no)),
        None,
    )
    if start is None:
        return
    heading = continued = False
    row: int | None = None  # the open row's duty line while only its wrapped text followed
    prev = ""
    for no in range(start + 1, len(lines) + 1):
        line = lines[no - 1]
        if not line:
            continue
        text = plain(line).strip()
        if _flattened_header(reading, no):
            continued, row = True, None
            prev = text
            continue
        tag = out[no - 1]
        numbered = bool(_ROW_NUMBER.match(text) or _ROW_NUMBER_RUN_IN.match(text))
        if _ROMAN_ROW.match(text) or numbered or text == "-":
            continued = False
        if text == "-" and row is not None and prev.rstrip().endswith("."):
            for n in range(row, no):
                if out[n - 1] in ("ITEM", "ITEM_CONT"):
                    out[n - 1] = "OTHER"
        if tag == "ITEM" and (heading or continued or (prev != "-" and prev.endswith("-"))):
            out[no - 1] = "OTHER" if heading or not continued else "ITEM_CONT"
            tag = out[no - 1]
        heading = bool(_ROMAN_ROW.match(text))
        if tag == "ITEM":
            row = no
        elif row is not None and not text[:1].islower():
            row = None  # a lead cell ("Bộ Xây dựng") closed the row's text
        prev = text


_CITED = re.compile(
    r"^(?:cac )?(?:nghi dinh|nghi quyet|quyet dinh|chi thi|thong tu|luat|ket luan|cong van|ke hoach"
    r"|van ban|huong dan|thong bao|y kien chi dao) (?:so\b|\d|cua\b)"
)


def _cited_documents(reading: Reading, out: list[str]) -> None:
    """An entry that names a document ("- Nghị định số 214/2025/NĐ-CP …", "- Ý kiến chỉ đạo của Ban
    Thường vụ …": the grounds the text cites) is no duty, nor are its wrapped lines."""
    inside = False
    for no, line in enumerate(reading.lines, start=1):
        if not line:
            continue
        if inside and out[no - 1] == "ITEM_CONT":
            out[no - 1] = "OTHER"
            continue
        inside = False
        text = plain(line)
        if out[no - 1] == "ITEM" and table_cells(text) is None:
            if _CITED.match(fold(split_marker(text).content.strip(" *_"))):
                out[no - 1] = "OTHER"
                inside = True


def _wrapped_sentence(lines: list[str], no: int, limit: int = 6) -> tuple[list[str], int]:
    """The sentence that starts on line `no` (1-based), read across its wrapped lines: at
    most `limit`, up to a line that ends it (".", ";", ":"), a blank line or a list marker.
    Its plain lines and the number of its last line."""
    para, last = [plain(lines[no - 1])], no
    while (
        len(para) < limit
        and last < len(lines)
        and lines[last]
        and not para[-1].rstrip("*_ /").endswith((".", ";", ":"))
        and split_marker(plain(lines[last])).kind is None
    ):
        para.append(plain(lines[last]))
        last += 1
    return para, last


def _execution_clause(reading: Reading, out: list[str]) -> None:
    """ "Điều 3. Các Bộ trưởng, … chịu trách nhiệm thi hành Quyết định này": the closing list of
    those who execute the text, however it is wrapped, is nobody's duty."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag == "OTHER" or tag == "ITEM_CONT" or not lines[no - 1]:
            continue
        para, last = _wrapped_sentence(lines, no)
        if not EXECUTION.search(fold(" ".join(para))):
            continue
        for n in range(no, last + 1):
            if n == no or out[n - 1] in ("ITEM_CONT", "ITEM", "SECTION_ITEM", "SECTION"):
                out[n - 1] = "OTHER"


_GENERIC_CLOSING = re.compile(
    r"nghiem tuc (?:chi thi|ke hoach|quyet dinh|cong van|nghi quyet|cong dien|thong bao|ket luan) nay"
    r"\s*(?:[./]|$)"
)
# "Chủ tịch UBND tỉnh yêu cầu" alone on its line: the speaker of the closing below it.
_SPEAKER_LINE = re.compile(r"^[^,.;:]{0,60}\byeu cau\s*:?$")


def _generic_closing(reading: Reading, out: list[str]) -> None:
    """The closing request to carry the text out ("Yêu cầu Giám đốc các sở, …; Chủ tịch … triển
    khai thực hiện nghiêm túc Chỉ thị này./."): it names bodies but gives no duty of its own."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag in ("OTHER", "ITEM_CONT") or not lines[no - 1]:
            continue
        para, last = _wrapped_sentence(lines, no)
        joined = fold(" ".join(para))
        if _SPEAKER_LINE.match(joined) and last < len(lines):
            continue
        if not _is_closing_request(para):
            continue
        for n in range(no, last + 1):
            out[n - 1] = "OTHER"
        prev = no - 1
        while prev >= 1 and not lines[prev - 1]:
            prev -= 1
        if prev >= 1 and _SPEAKER_LINE.match(fold(plain(lines[prev - 1]))):
            out[prev - 1] = "OTHER"


_IN_FORCE = re.compile(
    r"^(?:quyet dinh|nghi quyet|chi thi|ke hoach|quy dinh|quy che|thong tu|cong van|ket luan)"
    r" nay co hieu luc"
)


def _entry_into_force(reading: Reading, out: list[str]) -> None:
    """ "Quyết định này có hiệu lực thi hành kể từ ngày …" says when the text applies: it is
    nobody's duty, nor are its wrapped lines."""
    inside = False
    for no, line in enumerate(reading.lines, start=1):
        if not line:
            continue
        if inside and out[no - 1] == "ITEM_CONT":
            out[no - 1] = "OTHER"
            continue
        inside = False
        if out[no - 1] in ("ITEM", "SECTION_ITEM"):
            if _IN_FORCE.match(fold(split_marker(plain(line)).content)):
                out[no - 1] = "OTHER"
                inside = True


def _sibling_duties(reading: Reading, out: list[str]) -> None:
    """A dash entry between two dash siblings that are both duties is a duty too.

    A bold paragraph or a sentence without a marker inside a list ("- Rà soát …",
    "**Đẩy mạnh thu …**", "- Tiếp tục …") makes the labeller lose the list; the entries of one
    list under one addressee are alike. Only entries at the same marker depth, with no section
    or numbered heading between them, are read this way.
    """
    for dashes in _dash_lists(reading, out):
        _fill_between(dashes, out, reading)


def _dash_lists(reading: Reading, out: list[str]) -> Iterator[list[tuple[int, int | None]]]:
    """The dash lists of the text, each as the (index, depth) of its dash entries, yielded when
    the list ends: at an addressee, another kind of marker or a heading in capitals (and at the
    end of the text). Read lazily: a caller may retag a list's lines before the scan goes on."""
    dashes: list[tuple[int, int | None]] = []
    for i, line in enumerate(reading.lines):
        if not line:
            continue
        mk = split_marker(plain(line))
        named = out[i] == "SECTION" or (
            out[i] == "SECTION_ITEM" and detect_addressee(mk.content) is not None
        )
        heading = mk.kind is None and is_all_caps(mk.content)  # "TIN LIÊN QUAN", "III. …"
        if named or heading or mk.kind not in (None, "dash", "plus"):
            yield dashes
            dashes = []
            continue
        if mk.kind == "dash":
            dashes.append((i, mk.depth))
    yield dashes


def _fill_between(dashes: list[tuple[int, int | None]], out: list[str], reading: Reading) -> None:
    duty = [k for k, (i, _) in enumerate(dashes) if out[i] in ("ITEM", "SECTION_ITEM")]
    for a, b in zip(duty, duty[1:], strict=False):
        for k in range(a + 1, b):
            i, depth = dashes[k]
            content = split_marker(plain(reading.lines[i])).content
            if out[i] == "OTHER" and depth == dashes[a][1] and content[:1].isupper():
                out[i] = "ITEM"


_DIEU_DUTIES = re.compile(
    r"(?:co|chiu) trach nhiem(?: thuc hien)?|co nhiem vu|co cac nhiem vu|thuc hien cac nhiem vu"
    r"|(?:nhiem vu|trach nhiem) (?:cua|cu the)"
)
# "2. Trách nhiệm của Ủy ban nhân dân các tỉnh": a heading naming whose duties its entries are.
_DUTIES_OF = re.compile(r"^(?:trach nhiem|nhiem vu|nhiem vu va quyen han)(?: cu the)? cua\s+")
_DIEU_DUTIES_END = re.compile(r"(?:\s*(?:sau|nhu sau|sau day))?\s*[:.]?$")


def _dieu_duty_sections(reading: Reading, out: list[str]) -> None:
    """An article that gives a body its duties ("Điều 7. Phòng Lao động … có nhiệm vụ:") is that
    body's section, and the entries of its first list level are its duties (an entry ending with
    ":" announces the duties nested under it)."""
    numbers = [no for no, ln in enumerate(reading.lines, start=1) if ln and no not in reading.noise]
    level: tuple[str, int | None] | None = None  # the article's first list level
    heading: int | None = None  # depth of an entry announcing nested duties
    top: int | None = None  # depth of the line that opened the section
    inside = False
    for no in numbers:
        text = plain(reading.lines[no - 1])
        mk = split_marker(text)
        f = fold(mk.content).rstrip("*_ ")
        closes = mk.kind in ("dieu", "roman") or (top is not None and not deeper(mk.depth, top))
        if mk.kind is not None and (closes or not inside):
            m = _DIEU_DUTIES.search(f) if mk.kind == "dieu" else None
            of = _DUTIES_OF.match(f)
            if (
                m is not None
                and _DIEU_DUTIES_END.fullmatch(f[m.end() :])
                and detect_addressee(mk.content) is not None
            ) or (of is not None and detect_addressee(mk.content[of.end() :]) is not None):
                out[no - 1] = "SECTION"
                inside, level, heading = True, None, None
                top = None if mk.kind == "dieu" else mk.depth
                continue
            inside, top = False, None
            continue
        if not inside or mk.kind is None or table_cells(text) is not None:
            continue
        if level is None:
            level = (mk.kind, mk.depth)
        if (mk.kind, mk.depth) == level:
            heading = mk.depth if f.endswith(":") else None
            if heading is None and out[no - 1] == "OTHER":
                out[no - 1] = "ITEM"
        elif heading is not None and deeper(mk.depth, heading) and out[no - 1] == "OTHER":
            out[no - 1] = "ITEM"


PROSE_PARAGRAPH = 120


def _drop_connector(text: str) -> str:
    """The sentence without its opening connector ("Đồng thời, …", "Bên cạnh đó, …")."""
    m = CONNECTOR.match(fold(text))
    return text[m.end() :] if m else text


def _colon_addressee_paragraphs(reading: Reading, out: list[str]) -> None:
    """An unmarked line naming bodies and ending with ":" ("Các huyện ủy, thành ủy … lãnh đạo:"),
    followed by unmarked paragraphs that open with a duty verb, is their addressee, and each of
    those paragraphs is a duty (until the next addressee, heading or paragraph that is no duty)."""
    numbers = [no for no, ln in enumerate(reading.lines, start=1) if ln and no not in reading.noise]
    opened = False
    for n, no in enumerate(numbers):
        text = plain(reading.lines[no - 1])
        mk = split_marker(text)
        if table_cells(text) is not None:
            opened = False
            continue
        content = mk.content.rstrip("*_ ")
        if mk.kind is not None and not content.endswith(":"):
            opened = False
            continue
        nxt = numbers[n + 1] if n + 1 < len(numbers) else None
        nxt_text = plain(reading.lines[nxt - 1]) if nxt else ""
        found = detect_addressee(content)
        if (
            (
                content.endswith(":")
                # or a bare name ("Đảng đoàn Ủy ban MTTQ, các đoàn thể …, Ban Thường vụ Tỉnh đoàn")
                or (
                    mk.kind is None
                    and no >= reading.start
                    and found is not None
                    and not found.inline
                    and "," in content
                    and not is_all_caps(content)
                    # a paragraph of its own, not a cell of a flattened table
                    and not reading.lines[no - 2].strip()
                    and no < len(reading.lines)
                    and not reading.lines[no].strip()
                    and content[-1:].isalpha()
                )
            )
            and out[no - 1] in ("OTHER", "SECTION")
            and found is not None
            and nxt is not None
            and split_marker(nxt_text).kind is None
            and starts_with_duty_verb(nxt_text)
        ):
            out[no - 1], opened = "SECTION", True
            continue
        if (
            out[no - 1] == "SECTION_ITEM"
            and mk.kind is None
            and len(content) >= PROSE_PARAGRAPH
            and nxt is not None
            and split_marker(nxt_text).kind is None
            and starts_with_duty_verb(_drop_connector(nxt_text))
        ):
            opened = True  # a run-in duty in prose; the paragraphs after it go on with its duties
            continue
        if not opened or out[no - 1] == "ITEM_CONT":
            continue
        if (
            out[no - 1] in ("SECTION", "SECTION_ITEM")
            or not starts_with_duty_verb(_drop_connector(content))
            or is_all_caps(content)  # a heading: "TỔ CHỨC THỰC HIỆN"
        ):
            opened = out[no - 1] == "SECTION" and content.endswith(":")
            continue
        if out[no - 1] == "OTHER":
            out[no - 1] = "ITEM"


# "- Cơ quan chủ trì: Bộ Công an." / "Đơn vị phối hợp: …": a field of a task card, naming who does
# the duty above it; "- Nội dung: rà soát …" / "a) Nhiệm vụ: Tham mưu …" is the card's duty itself.
_CARD_FIELD = re.compile(
    r"^(?:don vi|co quan)(?:, (?:don vi|co quan))?\s*(?:chu tri|thuc hien|phoi hop|thuong truc)"
    r"(?: thuc hien)?\s*:"
)
_CARD_DUTY = re.compile(r"^(?:noi dung|nhiem vu)(?: thuc hien| cong viec| cu the)?\s*:\s*\S")


def _card_lines(reading: Reading) -> list[int]:
    """The lines with text, page chrome left out, except a card field taken for chrome because
    every card repeats it ("*Đơn vị chủ trì thực hiện: *Các" above each card's wrapped bodies)."""
    return [
        no
        for no, ln in enumerate(reading.lines, start=1)
        if ln
        and (
            no not in reading.noise
            or _CARD_FIELD.match(fold(split_marker(plain(ln)).content.strip(" *_")))
        )
    ]


def task_card_duties(reading: Reading) -> dict[int, list[int]]:
    """Duties written as task cards: a duty followed by field lines ("- Cơ quan chủ trì: …",
    "- Cơ quan phối hợp: …", "- Thời gian thực hiện: …"). {duty line: [its field lines]}.

    The duty is the card's "Nhiệm vụ: …" line, or its "Nội dung: …" line when that starts with a
    duty verb, else the nearest list entry or paragraph above the fields.
    """
    numbers = _card_lines(reading)
    folded = {no: fold(split_marker(plain(reading.lines[no - 1])).content) for no in numbers}
    fields = [no for no in numbers if no >= reading.start and _CARD_FIELD.match(folded[no])]
    cards: dict[int, list[int]] = {}
    field_set = set(fields)
    for no in fields:
        idx = numbers.index(no)
        duty = None
        for j in range(idx - 1, max(idx - 16, -1), -1):
            prev = numbers[j]
            f = folded[prev]
            mk = split_marker(plain(reading.lines[prev - 1]))
            card = _CARD_DUTY.match(f)
            if card and (f.startswith("nhiem vu") or starts_with_duty_verb(f[card.end() - 1 :])):
                duty = prev  # "Nội dung: rà soát …": the duty in the card's own words
                break
            if card or prev in field_set or CLOSES_ITEM.match(f) or mk.kind == "plus":
                continue
            if mk.kind in ("roman", "dieu") or (mk.kind is None and is_all_caps(mk.content)):
                break
            if mk.kind is not None or prev == 1 or not reading.lines[prev - 2]:
                duty = prev  # the entry (or paragraph) the fields follow
                if re.fullmatch(r"[\dIVX.)\s*_]*", mk.content) and j + 1 < idx:
                    duty = numbers[j + 1]  # "**1.**" alone: the entry's words are on the next line
                break
        if duty is None:
            continue
        cards.setdefault(duty, []).append(no)
    return cards


def _bare_heading_duty(reading: Reading, out: list[str]) -> None:
    """A line taken for a run-in duty that only names a body ("1.1. Giao Sở Nông nghiệp" / "và
    Môi trường"), followed by a sentence of its own ("Khẩn trương chia sẻ …"): the line is the
    addressee and that sentence its duty."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag != "SECTION_ITEM" or table_cells(plain(lines[no - 1])) is not None:
            continue
        parts, last = [split_marker(plain(lines[no - 1])).content], no
        while (
            len(parts) < 3
            and last < len(lines)
            and lines[last]
            and split_marker(plain(lines[last])).kind is None
            and plain(lines[last])[:1].islower()
        ):
            parts.append(plain(lines[last]))
            last += 1
        content = " ".join(parts).strip(" *_")
        if len(content) > 120 or content.endswith((".", ";")):
            continue
        found = detect_addressee(content)
        if found is None or found.inline or found.item_text.strip():
            continue
        nxt = last + 1
        if nxt > len(lines) or not lines[nxt - 1] or out[nxt - 1] not in ("ITEM_CONT", "OTHER"):
            continue
        mk = split_marker(plain(lines[nxt - 1]))
        if mk.kind in ("roman", "dieu", "num") or not mk.content[:1].isupper():
            continue
        if detect_addressee(mk.content) is not None and not detect_addressee(mk.content).inline:
            continue
        out[no - 1] = "SECTION"
        for n in range(no + 1, last + 1):
            out[n - 1] = "OTHER"
        out[nxt - 1] = "ITEM"


def _task_cards(reading: Reading, out: list[str]) -> None:
    """A task card's fields are never duties; the duty they describe is one (see task_card_duties)."""
    for duty, fields in task_card_duties(reading).items():
        for no in fields:
            out[no - 1] = "OTHER"
        if out[duty - 1] in ("OTHER", "ITEM_CONT"):
            out[duty - 1] = "ITEM"
        for no in range(duty + 1, min(fields) if fields else duty):
            if out[no - 1] == "ITEM":
                out[no - 1] = "ITEM_CONT"


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
# "…, Sở Giáo dục và Đào tạo đề nghị UBND các xã, phường … thực hiện …. Cụ thể:", "… yêu cầu các
# địa phương thực hiện như sau:": a request that announces the list of the bodies it names.
_REQUEST_TAIL = re.compile(r"\b(?:yeu cau|de nghi)\s.*\b(?:thuc hien nhu sau|cu the)\s*:$")


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
        if split_marker(plain(lines[first - 1])).kind is not None:
            continue
        joined = fold(" ".join(plain(lines[n - 1]) for n in para))
        request = _REQUEST_TAIL.search(joined)
        if request is not None and not _LEAD_TAIL.search(joined):
            # the bodies are named after the request, not before it (that is the speaker)
            para = _after_request(lines, para, joined, request.start())
        elif not _LEAD_TAIL.search(joined):
            continue
        if not _LEAD_BODY.search(fold(" ".join(plain(lines[n - 1]) for n in para))):
            continue
        if any(out[n - 1] in ("SECTION", "SECTION_ITEM") for n in para):
            _lead_list(
                reading, out, no
            )  # the labeller opened the section; the list is still its duties
            continue
        following = [
            out[n - 1] for n in range(no + 1, min(no + 40, len(lines)) + 1) if lines[n - 1]
        ]
        if "ITEM" in following[:6]:
            _lead_list(reading, out, no, unread=False)  # only the rest of a list it read
        elif not _lead_list(reading, out, no):
            continue
        at = next((n for n in para if _LEAD_BODY.search(fold(plain(lines[n - 1])))), first)
        out[at - 1] = "SECTION"


def _after_request(lines: list[str], para: range, joined: str, at: int) -> range:
    """The lines of a paragraph from the one where its request ("đề nghị", "yêu cầu") is made."""
    pos = 0
    for n in para:
        pos += len(fold(plain(lines[n - 1]))) + 1
        if pos > at:
            return range(n, para.stop)
    return para


def _lead_list(reading: Reading, out: list[str], lead: int, unread: bool = True) -> bool:
    """The list a lead announces, when the labeller took (almost) none of it for duties (and
    ``unread``): its innermost entries (under topic headings, if any) are the duties, up to the
    next part. True if found. When it read a quarter of them or more, see
    `_rest_of_announced_list`."""
    # A lead inside a numbered topic ("2. Hoàn thiện thể chế" … "…các nhiệm vụ sau:") announces
    # the list of that topic only: it ends at the next entry of the topic's level.
    within: int | None = None
    for no in range(lead, 0, -1):
        line = reading.lines[no - 1]
        mk = split_marker(plain(line)) if line else None
        if mk is None or mk.kind is None or mk.kind in ("dash", "plus"):
            continue
        if mk.kind not in ("roman", "dieu"):
            within = mk.depth
        break
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
        if within is not None and mk.depth is not None and mk.depth <= within:
            break
        if mk.kind is not None:
            entries.append((no, mk))
    if len(entries) < 2:
        return False
    depths = sorted({mk.depth or 0 for _, mk in entries})
    level = depths[0]
    # Topic headings ("1. Nâng cao nhận thức …") each open a list of their own: the duties are
    # the entries one level below them; deeper entries are the contents of a duty ("- Tháo gỡ …").
    topics = [i for i, (_, mk) in enumerate(entries) if (mk.depth or 0) == level]
    if len(depths) > 1 and all(
        i + 1 < len(entries) and (entries[i + 1][1].depth or 0) > level for i in topics
    ):
        level = depths[1]
    duties = [no for no, mk in entries if (mk.depth or 0) == level]
    if len(duties) < 2:
        return False
    if 4 * sum(out[no - 1] == "ITEM" for no in duties) >= len(duties):
        _rest_of_announced_list(reading, out, duties)
        return False  # the labeller has read this list: its reading stands
    if not unread:
        return False
    for no in duties:
        if out[no - 1] in ("OTHER", "ITEM_CONT"):
            out[no - 1] = "ITEM"
    return True


def _rest_of_announced_list(reading: Reading, out: list[str], duties: list[int]) -> None:
    """The entries of a list a lead announces (``duties``, one level) that the labeller left as
    text while it read at least a quarter of their siblings as duties: those that open with a duty
    verb ("h) Theo dõi sát …", "i) Khẩn trương thực hiện …") are duties too — the lead gives the
    whole list."""
    for no in duties:
        content = split_marker(plain(reading.lines[no - 1])).content.strip(" *_")
        if out[no - 1] == "OTHER" and starts_with_duty_verb(content):
            out[no - 1] = "ITEM"


def _tagged_walk(reading: Reading, tags: list[str]) -> Walker:
    """Build the sections again, taking the line labeller's decisions on what is what."""
    walker = Walker(reading.meta, reading.matcher)
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
    walker.labelled_run_ins = {no for no, tag in enumerate(tags, start=1) if tag == "SECTION_ITEM"}
    tags = repair_tags(reading, tags)
    joined = _wrapped_bold_headings(reading, tags)
    for no, tag in enumerate(tags, start=1):
        if no in joined:
            if joined[no]:
                walker.tagged_line(no, joined[no], tag)
            continue
        line = reading.body_line(no)
        if not line and tag != "OTHER" and not (no == reading.start and reading.offset):
            line = reading.lines[no - 1]  # a duty the rules took for heading or page chrome
        elif (
            not line
            and tag == "SECTION"
            and no == reading.start
            and reading.offset
            and (_bare_duty_follows(reading, no) or _request_paragraphs_follow(reading, no))
        ):
            # the rules start the body after this lead ("Theo đó, Chủ tịch UBND … các nội dung
            # sau:") and the labeller or the lead rules read it as the addressee: the lead itself
            # names the addressee of the list below it; like duties given
            # to nobody, its list is a programme when a later part distributes the work
            walker.tagged_line(no, reading.lines[no - 1], tag)
            walker.general.add(id(walker.sections[-1]))
            continue
        if line:
            walker.tagged_line(no, line, tag)
    walker.close_tagged()
    walker.sections.sort(key=lambda s: s.line)
    scope_entry_sections(reading, walker)
    _lead_list_sections(reading, walker)
    _drop_undistributed(reading, walker)
    _card_section_heading(reading, walker)
    _topic_entry_sections(reading, walker)
    split_prose_duties(reading, walker)
    first_clause_sections(reading, walker)
    return walker


_TOPIC = re.compile(r"^ve\s")
# Where the topic ends and the body it is given to is named: "…: Bộ Xây dựng khẩn trương …",
# "…, giao Bộ Nông nghiệp và Môi trường chủ trì …".
_TOPIC_END = re.compile(r":\s*|,\s*(?=(?:giao|de nghi|yeu cau)\s)")


def _topic_entry(
    lines: list[str], no: int, content: str
) -> tuple[list[tuple[int, str]], tuple[int, Addressee] | None]:
    """A numbered topic entry at line ``no`` (its text after the marker: ``content``): its lines
    (up to 8, to a blank line or the next marker), and the body its duty goes to, named after the
    topic's end ("2. Về dự án …: Bộ Xây dựng khẩn trương …") as (line, addressee), or None."""
    entry = [(no, content)]
    for n in range(no + 1, min(no + 8, len(lines)) + 1):
        text = plain(lines[n - 1]) if lines[n - 1] else ""
        if not text or split_marker(text).kind is not None:
            break
        entry.append((n, text))
    for k, (_, text) in enumerate(entry):
        for m in _TOPIC_END.finditer(fold(text)):
            rest = " ".join([text[m.end() :]] + [t for _, t in entry[k + 1 :]]).strip()
            addr = detect_addressee(rest) or _bare_body_after_topic(rest)
            if addr is not None and addr.inline:
                return entry, (_naming_line(entry, k, text[m.end() :]), addr)
    return entry, None


# Bodies the name rules do not read, given their duty after a topic: the province or city a
# conclusion notice answers ("Tỉnh thực hiện …", the noun alone, capitalised) and the state groups
# ("giao Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam làm việc …", "đề nghị các Tập đoàn: …").
_TOPIC_BODY = re.compile(
    r"^(?:(?:Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu)\s+)?((?:Tỉnh|Thành phố)\s(?=[a-zà-ỹđ])|(?:các\s+)?Tập\s+đoàn\b)"
)


def _bare_body_after_topic(rest: str) -> Addressee | None:
    """The body named right after a topic's end (see ``_TOPIC_BODY``) and its duty, up to the
    first duty verb (or "làm việc") within 20 words; or None."""
    m = _TOPIC_BODY.match(rest)
    if m is None:
        return None
    words = rest[m.start(1) :].split()
    for k in range(1, min(len(words), 21)):
        f = fold(" ".join(words[k:]))
        if starts_with_duty_verb(f) or f.startswith("lam viec "):
            name = " ".join(words[:k]).rstrip(" ,:")
            return Addressee(name, True, rest[m.start(1) :], False, "")
    return None


_ASSIGN_ONLY = re.compile(r"^(?:giao|de nghi|yeu cau)?\s*$")


def _naming_line(entry: list[tuple[int, str]], k: int, after: str) -> int:
    """The line of a topic entry where the body after the topic's end is named: the next line
    when nothing but the colon or the assigning verb is left on line ``k`` ("…có liên quan: Giao" /
    "Bộ Giáo dục và Đào tạo, Bộ Y tế nghiên cứu …", "…sử dụng rừng:" / "giao Bộ …")."""
    if k + 1 < len(entry) and _ASSIGN_ONLY.match(fold(after.strip(" *_"))):
        return entry[k + 1][0]
    return entry[k][0]


def _topic_entry_sections(reading: Reading, walker: Walker) -> None:
    """A numbered entry on a topic whose duty goes to a body named after the topic ("2. Về dự án
    nạo vét luồng tàu …: Bộ Xây dựng khẩn trương …", the answers of a conclusion notice to a
    province's proposals): the duty is that body's, its section at the line naming it."""
    lines = reading.lines
    for section in list(walker.sections):
        for item in list(section.items):
            mk = split_marker(plain(lines[item.line - 1]))
            if mk.kind not in ("num", "alpha") or not _TOPIC.match(fold(mk.content)):
                continue
            _entry, found = _topic_entry(lines, item.line, mk.content)
            if found is None or found[1].text == section.addressee:
                continue
            no, addr = found
            section.items.remove(item)
            if not section.items and (section.line == item.line or section.addressee is None):
                walker.sections.remove(section)  # nothing left of it (a null section: its duties)
            opened = walker._open_section(no, addr, None, addr.item_text)
            if item.lead == section.units:
                item.lead = list(opened.section.units)
            opened.section.items.append(item)
    walker.current = None
    walker.sections.sort(key=lambda s: s.line)


def _bare_duty_follows(reading: Reading, no: int) -> bool:
    """Does the line after ``no`` give a duty without naming its own body ("- Chịu trách nhiệm …",
    not "1. Sở Tài chính rà soát …", which is a section of its own)?"""
    nxt = next((n for n in range(no + 1, len(reading.lines) + 1) if reading.lines[n - 1]), None)
    if nxt is None:
        return False
    mk = split_marker(plain(reading.lines[nxt - 1]))
    paren = _BOLD_PAREN_ENTRY.match(reading.lines[nxt - 1].strip())
    if paren is not None:  # "**(1) Hoàn thiện …**": a bold entry numbered in parentheses
        return starts_with_duty_verb(plain(paren.group(2)).strip(" *_"))
    return mk.kind is not None and detect_addressee(mk.content) is None


def _card_section_heading(reading: Reading, walker: Walker) -> None:
    """Task cards given to nobody in the text before them form one section at their part's
    heading ("II. NỘI DUNG"), as a task table does at its header."""
    cards = set(task_card_duties(reading))
    taken = {s.line for s in walker.sections}
    for section in walker.sections:
        if (
            id(section) not in walker.general
            or not section.items
            or section.items[0].line not in cards
        ):
            continue
        for no in range(section.items[0].line - 1, 0, -1):
            if no in taken and no != section.line:
                break
            line = reading.lines[no - 1]
            if not line or no in reading.noise:
                continue
            mk = split_marker(plain(line))
            if mk.kind in ("roman", "dieu") or (mk.kind is None and is_all_caps(mk.content)):
                while (
                    no > 1 and reading.lines[no - 2] and is_all_caps(plain(reading.lines[no - 2]))
                ):
                    no -= 1  # a heading wrapped over two lines ("**II. NỘI" / "DUNG**")
                section.line = no
                break
    walker.sections.sort(key=lambda s: s.line)


def _assign_heading(line: str, following: str = "") -> bool:
    """A part heading that distributes the work to bodies ("III. TỔ CHỨC THỰC HIỆN").

    Below the part and article level (roman, Điều) and outside capitals, a heading is a line of
    its own: not a sentence wrapped onto ``following`` (the next line, starting in lower case, or
    this one ending with a comma or a linking word: "c) Xây dựng kế hoạch cụ thể, phân công rõ
    nhiệm vụ, …"), and not a body's duty ("4. Cơ quan phối hợp có trách nhiệm trả lời …").
    """
    text = plain(line)
    if table_cells(text) is not None:
        return False
    mk = split_marker(text)
    content = mk.content.strip(" :*")
    if not content or len(content) > 90:
        return False
    heading = mk.kind in ("roman", "dieu", "num", "alpha") or is_all_caps(content)
    if not heading or part_kind(content) != "assign" or content.endswith("."):
        return False
    if detect_addressee(content) is not None:  # last: the costliest reading (every line asks)
        return False
    if mk.kind in ("roman", "dieu") or is_all_caps(content):
        return True
    f = fold(content)
    nxt = split_marker(following)
    wrapped = (nxt.kind is None and following[:1].islower()) or bool(_WRAPS.search(f))
    return not wrapped and not _DUTY_OF_BODY.search(f)


_WRAPS = re.compile(r"(?:,|\b(?:cua|va|voi|cac|cho|ve|trong|tai|de|theo|la|nhung|do))$")
_DUTY_OF_BODY = re.compile(r"\b(?:co|chiu) trach nhiem\b")


def _next_text(reading: Reading, no: int) -> str:
    """The next line with text after ``no``, page chrome skipped."""
    for n in range(no + 1, len(reading.lines) + 1):
        if reading.lines[n - 1] and n not in reading.noise:
            return plain(reading.lines[n - 1])
    return ""


def _is_assign_part(reading: Reading, no: int) -> bool:
    """Does line ``no`` head the part that distributes the work, possibly wrapped in capitals over
    two lines ("**VI. TỔ CHỨC" / "THỰC HIỆN**")?"""
    line, nxt = plain(reading.lines[no - 1]), _next_text(reading, no)
    if _assign_heading(line, nxt):
        return True
    head = line.strip(" *_")
    rest = plain(reading.lines[no]).strip(" *_") if no < len(reading.lines) else ""
    if not (head and rest and is_all_caps(head) and is_all_caps(rest) and len(rest) <= 60):
        return False
    if split_marker(rest).kind is not None:
        return False
    return _assign_heading(f"{head} {rest}", _next_text(reading, no + 1))


def _lead_paragraph_end(reading: Reading, no: int) -> int | None:
    """The last line of the lead paragraph naming bodies ("…, các bộ, … cần … các nhiệm vụ sau
    đây:") that line ``no`` belongs to; None when it is no such lead."""
    lines = reading.lines
    for end in range(no, min(no + 6, len(lines)) + 1):
        line = lines[end - 1]
        if not line or (end > no and split_marker(plain(line)).kind is not None):
            return None
        if plain(line).rstrip("*_ ").endswith(":"):
            joined = fold(" ".join(plain(lines[n - 1]) for n in range(no, end + 1)))
            if _LEAD_TAIL.search(joined) and _LEAD_BODY.search(joined):
                return end
            return None
        if plain(line).rstrip("*_ ").endswith((".", ";")):
            return None
    return None


def _lead_list_sections(reading: Reading, walker: Walker) -> None:
    """Duties the walk gave to nobody inside the list a lead paragraph announces for the bodies it
    names are that lead's duties (not a programme to drop): they join the lead's section."""
    parts = {no for no, _ in _roman_parts(reading)}
    lead = None
    stop = 0
    for section in list(walker.sections):
        end = _lead_paragraph_end(reading, section.line) if section.addressee else None
        if end is not None:
            lead = section
            stop = next((p for p in sorted(parts) if p > end), len(reading.lines) + 1)
            continue
        if lead is None or section.line >= stop:
            lead = None
            continue
        if id(section) in walker.general:
            lead.items.extend(section.items)
            lead.items.sort(key=lambda i: i.line)
            walker.sections.remove(section)


def _drop_undistributed(reading: Reading, walker: Walker) -> None:
    """General duties given to nobody, before a part that distributes the work to named bodies,
    are that part's programme, not assignments (the bodies' sections carry the duties)."""
    heads = [
        no for no, ln in enumerate(reading.lines, start=1) if ln and _is_assign_part(reading, no)
    ]
    if not heads:
        return
    named = [s.line for s in walker.sections if s.addressee is not None and s.items]
    cut = next((h for h in heads if any(line > h for line in named)), None)
    if cut is None:
        return
    # duties written as task cards name their bodies in their fields: they are assignments
    cards = set(task_card_duties(reading))
    walker.sections = [
        s
        for s in walker.sections
        if not (
            id(s) in walker.general and s.line < cut and not any(i.line in cards for i in s.items)
        )
    ]


def labelled_walk(reading: Reading, tags: list[str]) -> Walker:
    """The walk by the labeller's tags; for a very short text where they give no duty, the rules' walk.

    A few lines are outside what the model was trained on (whole documents); on a long text the
    rules' duties are not better than none (measured with ``evaluate --cv``).
    """
    tagged = _tagged_walk(reading, tags)
    short = sum(1 for ln in reading.lines if ln) < SHORT_TEXT_LINES
    if short and not any(s.items for s in tagged.sections):
        return _rules_walk_repaired(reading)
    return tagged


def _rules_walk_repaired(reading: Reading) -> Walker:
    """The rules' walk of a short text read again through the layout rules, as if the labeller had
    tagged its sections and duties: a photo caption or a meeting's account that the rules took for
    a duty is dropped ("*Đại hội … (Ảnh minh họa)*", "Các đại biểu dự hội nghị đã được quán
    triệt …"); the rules' walk itself when that leaves no duty."""
    tags = ["OTHER"] * len(reading.lines)
    for section in reading.walker.sections:
        for item in section.items:
            tags[item.line - 1] = "ITEM"
    for section in reading.walker.sections:
        tags[section.line - 1] = "SECTION_ITEM" if tags[section.line - 1] == "ITEM" else "SECTION"
    again = _tagged_walk(reading, tags)
    return again if any(s.items for s in again.sections) else reading.walker


def _midline_addressees(reading: Reading, out: list[str]) -> None:
    """A wrapped line of an open duty in which a sentence ends and the next sentence opens with a
    body and its duty ("… độ. Các tỉnh uỷ, thành uỷ phối hợp Bộ Y tế … khẩn trương sắp xếp …")
    starts that body's section and duty; not when the body tells what it did or will do."""
    in_duty = False  # the line continues a duty (not a line another rule made no duty)
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if not line:
            continue
        text = plain(line)
        mk = split_marker(text)
        if (
            tag == "ITEM_CONT"
            and in_duty
            and mk.kind is None
            and mk.content[:1].islower()  # as the walk reads it (Walker.tagged_line)
            and table_cells(text) is None
        ):
            if midline_addressee(text) is not None:
                out[no - 1] = tag = "SECTION_ITEM"
        if tag in ("ITEM", "SECTION_ITEM"):
            in_duty = True
        elif tag != "ITEM_CONT":
            in_duty = False


def _paragraph_start_assignments(
    reading: Reading, out: list[str], tags: list[str] | None = None
) -> None:
    """A line without marker that opens a sentence after one ended on the line above (or after a
    heading) and assigns to a named body ("… chính quyền địa phương 2 cấp." / "Yêu cầu các đồng chí
    bí thư tỉnh …") starts that body's section and duty; only its section when the sentence leads
    a list ("Đề nghị Thường trực Tỉnh ủy … một số nội dung trọng tâm sau:"), not the closing
    request ("Đề nghị các cơ quan, đơn vị … thực hiện./.")."""
    prev_text = ""
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if not line:
            continue
        text = plain(line)
        mk = split_marker(text)
        overruled = tags is not None and tag == "OTHER" and tags[no - 1] != "OTHER"
        if (
            tag in ("ITEM_CONT", "OTHER")
            and not overruled  # a line an earlier rule made no duty stays so
            and mk.kind is None
            and table_cells(text) is None
            and (prev_text.rstrip("*_ ").endswith(".") or is_all_caps(prev_text.strip("*_ ")))
            and ASSIGN_WORD.match(fold(mk.content))
        ):
            found = detect_addressee(mk.content) or _lower_case_body(mk.content)
            para, last = _wrapped_sentence(reading.lines, no)
            # "Đề nghị các cơ quan, đơn vị khẩn trương triển khai, thực hiện./.": the closing
            closing = para[-1].rstrip("*_ ").endswith("./.") or _is_closing_request(para, found)
            if found is not None and found.prefix and not closing:
                # "Đề nghị Thường trực Tỉnh ủy … một số nội dung trọng tâm sau:" leads the list below
                lead = para[-1].rstrip("*_ ").endswith(":")
                out[no - 1] = tag = "SECTION" if lead else "SECTION_ITEM"
                if lead:
                    for n in range(no + 1, last + 1):
                        out[n - 1] = "OTHER"  # the lead's wrapped lines name nobody of their own
        prev_text = text


# The duty of a closing request: to carry the text out, nothing more ("… nghiêm túc triển khai,
# thực hiện.", "… tổ chức thực hiện Kế hoạch này.").
_CLOSING_DUTY = re.compile(
    r"(?:(?:nghiem tuc|khan truong|kip thoi) )?(?:trien khai,? )?(?:to chuc )?"
    r"(?:thuc hien|trien khai)(?: nghiem tuc)?"
    r"(?: (?:chi thi|ke hoach|quyet dinh|cong van|nghi quyet|cong dien|thong bao|ket luan|van ban)"
    r" nay)?\s*[./]*$"
)


def _is_closing_request(para: list[str], found: Addressee | None = None) -> bool:
    """The one reading of a closing request, whose duty is only to carry the text out: its first
    sentence ends "… nghiêm túc Chỉ thị này./." (``_GENERIC_CLOSING``), or, naming a body
    (``found``, read from the sentence when not given), it says nothing beyond that body before
    "… nghiêm túc triển khai, thực hiện." (``_closing_request``)."""
    joined = " ".join(para)
    first_sentence = re.split(r"\.\s+(?=[A-Z0-9])", joined, maxsplit=1)[0]
    if _GENERIC_CLOSING.search(fold(first_sentence)):
        return True
    if found is None:
        found = detect_addressee(split_marker(joined).content)
    return found is not None and _closing_request(joined, found)


def _closing_request(sentence: str, found) -> bool:
    """A request whose duty is only to carry the text out ("Đề nghị các cơ quan, đơn vị nghiêm túc
    triển khai, thực hiện."): no words beyond the body's name before that duty."""
    folded = fold(sentence.strip(" *_"))
    m = _CLOSING_DUTY.search(folded)
    if m is None:
        return False
    named = len(fold(f"{found.prefix} {found.text}").split())
    return len(folded[: m.start()].split()) <= named


# A numbered heading of its own that names criteria or principles ("**2. Tiêu chí thi đua**",
# "**3.1. Tiêu chuẩn cấp ủy viên**"): no colon, a few words.
_CRITERIA_HEADING = re.compile(r"^(?:tieu chi|tieu chuan|nguyen tac|dieu kien)\b[^.;:,]{0,40}$")


def _criteria_heading(reading: Reading, out: list[str]) -> None:
    """The entries under a heading that names criteria or principles ("2. Tiêu chí thi đua" / "a)
    Đối với các sở, ban, ngành, …" / "- Hoàn thành vượt mức các chỉ tiêu …") are what a body must
    meet, not duties given to it, up to the heading's next sibling."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line:
            continue
        head = split_marker(plain(line))
        if (
            head.kind is None
            or head.kind in ("dash", "plus")
            or not _CRITERIA_HEADING.match(fold(head.content.strip(" *_")))
        ):
            continue
        _no_duties_under(reading, out, no)


def _no_duties_under(reading: Reading, out: list[str], no: int) -> None:
    """No line under the heading ``no`` opens a duty or a section, up to its next sibling or a
    part above it (at most 80 lines)."""
    lines = reading.lines
    head = split_marker(plain(lines[no - 1]))
    for n in range(no + 1, min(no + 80, len(lines)) + 1):
        text = plain(lines[n - 1]) if lines[n - 1] else ""
        if not text or n in reading.noise:
            continue
        mk = split_marker(text)
        if (
            mk.kind is not None
            and mk.kind not in ("dash", "plus")
            and not deeper(mk.depth, head.depth)
        ):
            break  # the heading's sibling, or a part above it
        if table_cells(text) is not None:
            break
        if out[n - 1] in ("ITEM", "SECTION_ITEM", "SECTION"):
            _no_duty(out, n)


def _topic_entry_duties(reading: Reading, out: list[str]) -> None:
    """A numbered entry on a topic whose duty goes to a body named after the topic ("3. Về mở rộng
    dự án …: giao Tập đoàn … làm việc …", "1. Đối với các chi phí …, giao Bảo hiểm xã hội Việt Nam
    …") is one duty, read as such whatever its lines were tagged; the walk gives it to that body
    at the line naming it (``_topic_entry_sections``)."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line:
            continue
        mk = split_marker(plain(line))
        if mk.kind not in ("num", "alpha") or not _TOPIC.match(fold(mk.content.strip(" *_"))):
            continue
        entry, found = _topic_entry(lines, no, mk.content)
        if found is None:
            continue
        out[no - 1] = "ITEM"
        for n, _ in entry[1:]:
            out[n - 1] = "ITEM_CONT"


def _read_lines(reading: Reading, out: list[str]):
    """(line number, tag, line, the previous such line's number or 0) of each non-blank line
    that is not page chrome."""
    prev = 0
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if not line or no in reading.noise:
            continue
        yield no, tag, line, prev
        prev = no


def _bodyless_assignment(reading: Reading, out: list[str]) -> None:
    """A paragraph the labeller left as text, right after a paragraph that gives a body its duty,
    in which the speaker assigns again without naming a new body ("Nhiệm vụ thứ hai được Ban Bí
    thư yêu cầu là tập trung …", "Đồng thời, giao đồng chí được … phân công … chủ trì …") is one
    more duty of the section above."""
    lines = reading.lines
    for no, tag, line, above in _read_lines(reading, out):
        if tag != "OTHER" or above == 0 or above != no - 2 or lines[no - 2]:
            continue  # a paragraph of its own, after one blank line
        prose = run_in_duties(plain(lines[above - 1])) if out[above - 1] == "OTHER" else []
        if out[above - 1] not in ("ITEM", "SECTION_ITEM") and not (
            len(prose) == 1 and prose[0][0] == 0
        ):
            continue  # the paragraph above gives no duty (nor do the prose rules read one in it)
        text = plain(line)
        if (
            split_marker(text).kind is not None
            or table_cells(text) is not None
            or not text[:1].isupper()  # "(trong đó, lưu ý …)"
            or _CAUSE.match(text)  # "Do thời gian gấp, trân trọng đề nghị Đồng chí …"
        ):
            continue
        clause = re.split(r"[.;]\s", text, maxsplit=1)[0]
        f = fold(clause)
        lead = CONNECTOR.match(f)
        start = lead.end() if lead else 0
        verb = next((v for v in prose_verbs(clause) if v.start() >= start), None)
        if verb is None or not speaker_ok(f, start, verb.start()):
            continue
        if re.search(r"\bneu\b", f[start : verb.start()]):
            continue  # "Trong quá trình thực hiện nếu có khó khăn, …, đề nghị phản ánh về Bộ"
        found = detect_addressee(clause[verb.end() :])
        if found is not None and found.inline:
            continue  # a new body: the prose rules give it its own section
        out[no - 1] = "ITEM"
        if prose:
            out[above - 1] = "SECTION_ITEM"  # the prose duty above opens the section it goes on


# The background of a meeting report: those present were briefed ("Các đại biểu dự hội nghị đã
# được quán triệt …", read by `prose.told`). (The meeting agreeing with a report is `_AGREEMENT`'s.)
_MEETING_PEOPLE = re.compile(r"^(?:cac |nhung )?(?:dai bieu|dong chi|can bo|thanh vien)\b")


def _meeting_background(reading: Reading, out: list[str]) -> None:
    """An unmarked sentence tagged as a duty that tells what a meeting did (its delegates were
    briefed) assigns nothing, unless it goes on to request or assign."""
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if tag not in ("ITEM", "SECTION_ITEM") or not line:
            continue
        text = plain(line)
        if split_marker(text).kind is not None or table_cells(text) is not None:
            continue
        f = fold(text.strip(" *_"))
        who = told(text.strip(" *_"))
        if (
            who is None
            or not _MEETING_PEOPLE.match(who)
            or not re.match(r"(?:da|vua)\s", f[len(who) + 1 :])
        ):
            continue
        if ASSIGN_WORD.search(f):
            continue
        _no_duty(out, no)


# A bold entry numbered in parentheses ("**(1) Ngân hàng Nhà nước Việt Nam chủ trì, …:**",
# "**(2) Thanh tra Chính phủ **khẩn trương …"): the emphasis, its number and its words.
_BOLD_PAREN_ENTRY = re.compile(r"^(\*\*|__)\s*\(\d{1,2}\)\s+(.*)$")


def _bold_paren_entries(reading: Reading, out: list[str]) -> None:
    """Bold entries numbered "(1)", "(2)" (no list marker to the rules, so the labeller leaves them
    as text) are the entries of a list: one whose emphasis holds a body's name is that body's
    run-in duty ("**(2) Thanh tra Chính phủ **khẩn trương …") or, ending with ":", its addressee
    ("**(1) Ngân hàng Nhà nước Việt Nam chủ trì, phối hợp với các cơ quan liên quan:**"); one
    opening with a duty verb right below a lead the labeller read as the addressee ("… đề nghị các
    cơ quan … khẩn trương hoàn thành các nội dung sau:" / "**(1) Hoàn thiện vị trí việc làm …**")
    is that lead's duty (``_bare_duty_follows`` lets such a lead open its section)."""
    for no, tag, line, above in _read_lines(reading, out):
        m = _BOLD_PAREN_ENTRY.match(line.strip())
        if tag != "OTHER" or m is None:
            continue
        mark, words = m.group(1), m.group(2)
        bold, _, after = words.partition(mark)
        content = plain(words).strip(" *_")
        found = detect_addressee(bold.strip())
        if found is not None:
            if not found.inline and not after.strip() and content.endswith(":"):
                out[no - 1] = "SECTION"  # the body's name and ":": its duties follow
            elif found.inline or starts_with_duty_verb(after.strip(" *_")):
                out[no - 1] = "SECTION_ITEM"
        elif _bold_name_then_duty(bold, after):
            out[no - 1] = "SECTION_ITEM"  # "**(3) Các Tập đoàn kinh tế, …** phát huy vai trò …"
        elif above and out[above - 1] == "SECTION" and starts_with_duty_verb(content):
            out[no - 1] = "ITEM"


# The issuer agreeing with a report or a submission ("1. Bộ Chính trị, Ban Bí thư cơ bản nhất trí
# với Tờ trình …", "1. Cơ bản thống nhất với Báo cáo …", "Kết luận nêu, tại phiên họp ngày 3/10,
# Bộ Chính trị, Ban Bí thư thống nhất với nội dung báo cáo …"): an assessment, not an assignment.
_AGREEMENT = re.compile(
    r"\bco ban (?:nhat tri|thong nhat|dong y)\b"
    r"|^(?:nhat tri|thong nhat|dong y|tan thanh) voi\b"
    r"|^(?:[^;:.]{0,120},\s)?[^,;:.]{2,60}?\s(?:thong nhat|nhat tri|dong y) voi\b"
)
_WITH = re.compile(r"(?:\s+voi)?\s*")


_AGREEING = re.compile(r"\b(?:thong nhat|nhat tri|dong y|tan thanh)\b")
_DUTY_VERB = re.compile(r"\b(?:" + "|".join(map(re.escape, CUT_VERBS)) + r")\b")


def _duty_verb_before_agreement(text: str, f: str, agreement: re.Match[str]) -> bool:
    """Whether a duty verb, written in lower case, comes before the agreeing verb of
    `agreement` (a match in `f`, the folded `text`): a body carrying out a duty that includes
    agreeing with others ("Sở Nội vụ chủ trì và thống nhất với …"), not the issuer agreeing."""
    verb = _AGREEING.search(f, agreement.start())
    end = verb.start() if verb else agreement.start()
    return any(text[m.start()].islower() for m in _DUTY_VERB.finditer(f, 0, end))


def _agrees_with_a_body_on_a_duty(text: str, f: str, end: int) -> bool:
    """After the agreement words (ending at ``end`` of ``f``, the folded ``text``), a body and
    its duty ("Sở Kế hoạch và Đầu tư thống nhất với Sở Tài chính tham mưu …"): the two bodies
    are to work it out together, a duty."""
    found = detect_addressee(text[_WITH.match(f, end).end() :])
    return found is not None and found.inline


def _agreement_not_duty(reading: Reading, out: list[str]) -> None:
    """A sentence in which the issuer agrees with what it was given ("Bộ Chính trị, Ban Bí thư cơ
    bản nhất trí với Tờ trình …", "Cơ bản thống nhất với Báo cáo …") opens no duty and no
    section, nor do its wrapped lines, unless it goes on to assign ("…, giao …") or what it
    agrees with is a body and its duty ("… thống nhất với Sở Tài chính tham mưu …")."""
    lines = reading.lines
    prev = ""
    for no, line in enumerate(lines, start=1):
        if not line:
            prev = ""
            continue
        text = plain(line)
        mk = split_marker(text)
        starts = (
            mk.kind is not None
            or not prev
            or prev.rstrip("*_ ").endswith((".", ":", ";"))
            or out[no - 1] in ("ITEM", "SECTION_ITEM")  # the labeller opened a duty there
        )
        prev = text
        if not starts or table_cells(text) is not None:
            continue
        para, last = [mk.content], no
        while last < len(lines) and len(para) < 4 and lines[last]:
            nxt = plain(lines[last])
            if split_marker(nxt).kind is not None or re.search(
                r"[.;:]\s*$", para[-1].rstrip("*_ ")
            ):
                break
            para.append(nxt)
            last += 1
        joined = " ".join(para).strip(" *_")
        first = re.split(r"[.;:]\s", fold(joined), maxsplit=1)[0]
        agreement = _AGREEMENT.search(first[:200])
        if agreement is None or ASSIGN_WORD.search(first):
            continue
        if _agrees_with_a_body_on_a_duty(joined, first, agreement.end()):
            continue
        if _duty_verb_before_agreement(joined, first, agreement):
            continue  # "Sở Nội vụ chủ trì và thống nhất với các cơ quan … về …": a duty
        for n in range(no, last):
            out[n - 1] = "OTHER"
        _no_duty(out, last)  # its last line, and the lines the labeller ran on from it


# "Trong thời gian qua, nước ta đã tiến hành …", "Thời gian qua, …", "Trong những năm qua, …",
# "Theo đó, thời gian qua, …": what was done before.
_PAST_TIME = re.compile(
    r"^(?:(?:theo do|ben canh do|dong thoi)\s*,\s*)?(?:trong )?"
    r"(?:thoi gian(?: vua)? qua|nhung nam qua|thoi gian gan day)\s*,"
)
_LEADERSHIP = re.compile(r"\blanh dao,? chi dao\b")


def _past_time_background(reading: Reading, out: list[str]) -> None:
    """An entry or paragraph opening with "(Trong) thời gian qua," ("Trong những năm qua,", "Theo
    đó, thời gian qua,") tells what was done before: no duty (nor its wrapped lines), unless its
    first sentence goes on to assign ("…, yêu cầu …") or a later sentence of it gives a named body
    its duty ("…. Để khắc phục tình trạng này, Sở Tài nguyên và Môi trường chủ trì …")."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in ("ITEM", "SECTION_ITEM") or not lines[no - 1]:
            continue
        text = split_marker(plain(lines[no - 1])).content.strip(" *_")
        past = _PAST_TIME.match(fold(text))
        if past is None:
            continue
        para, _last = _wrapped_sentence(lines, no)
        joined = " ".join([text] + para[1:])[past.end() :]
        starts = _clauses(joined)  # the prose reading's clauses: its first ends the first sentence
        first_sentence = joined[: starts[1]] if len(starts) > 1 else joined
        # "… quan tâm lãnh đạo, chỉ đạo, đạt nhiều kết quả": the pair names leadership, not a duty
        if _ASSIGNS_LATER.search(_LEADERSHIP.sub("", fold(first_sentence))):
            continue
        k = no + 1  # the entry: its line and the lines the labeller ran on from it
        while k <= len(out) and out[k - 1] == "ITEM_CONT":
            k += 1
        entry = " ".join([text] + [plain(lines[n - 1]) for n in range(no + 1, k)])
        if _later_clause_assigns(entry):
            continue
        _no_duty(out, no)


# What may stand before the body of a later clause: "Tuy nhiên, …", "Vì vậy, …".
_TURN = re.compile(r"^(?:tuy nhien|vi vay|vi the|do vay)\s*,\s*")


def _later_clause_assigns(text: str) -> bool:
    """Does a clause of ``text`` after its first open with a named body and its duty, maybe after a
    connector or a clause of ground or purpose ("Để khắc phục tình trạng này, Sở … chủ trì …",
    "tuy nhiên, Ủy ban nhân dân các huyện cần …")? Not a body telling what it did, or what it was
    given ("Bộ Nội vụ được giao xây dựng …")."""
    for at in _clauses(text)[1:]:
        clause = text[at:]
        f = fold(clause)
        lead = CONNECTOR.match(f) or _TURN.match(f)
        start = lead.end() if lead else 0
        named = clause[start:]
        named = named[_ground_clause(named) :]
        found = detect_addressee(named)
        if found is None or not found.inline or found.prefix or told(named) is not None:
            continue
        if not fold(named[len(found.text) :]).lstrip().startswith("duoc "):
            return True
    return False


# The parts of a class of bodies written without "các" ("bộ, ngành, địa phương").
_CLASS_PART = frozenset(
    ("bo", "nganh", "dia phuong", "co quan", "don vi", "so", "ban", "tinh", "thanh pho")
)


def _class_named(rest: str) -> bool:
    """``rest`` opens with a class of bodies written as comma parts ("bộ, ngành, địa phương
    khẩn trương …") before its duty verb."""
    cut = _CUT_RE.search(fold(rest), 2)
    if cut is None:
        return False
    parts = [p.strip() for p in fold(rest[: cut.start()]).split(",")]
    return len(parts) >= 2 and all(p in _CLASS_PART for p in parts)


def _prose_paragraphs(reading: Reading) -> list[list[int]]:
    """The unmarked prose paragraphs of the body, as their line numbers: a paragraph ends at a
    blank line, a table row, a list entry, or a line ending a sentence before one in capitals."""
    out: list[list[int]] = []
    para: list[int] = []
    for no in range(reading.start, len(reading.lines) + 1):
        line = reading.body_line(no)
        text = plain(line) if line else ""
        if not text or table_cells(text) is not None or split_marker(text).kind is not None:
            if para:
                out.append(para)
            para = []
            continue
        if para and plain(reading.lines[para[-1] - 1]).rstrip("*_ ").endswith((".", ";", ":")):
            if text[:1].isupper():
                out.append(para)
                para = []
        para.append(no)
    if para:
        out.append(para)
    return out


# A speaker telling what was or will be asked, in any case ("Vừa qua, Bộ Y tế có Công văn số …
# đề nghị …", "Bộ … đã có Văn bản … đề nghị …"): no request of this letter.
_REPORTED = re.compile(
    r"(?:^|\s)(?:đã|vừa|sẽ|có (?:công văn|văn bản|công điện|thông báo|tờ trình))\s", re.IGNORECASE
)


def _request_line(reading: Reading, para: list[int]) -> int | None:
    """The line of a paragraph where it asks a named body its duty: after "[speaker] đề nghị /
    yêu cầu / giao" (the speaker short, not telling what it did: "… đã có Văn bản … đề nghị …"),
    the body's name or a class of bodies ("bộ, ngành, địa phương"); or its first line when the
    paragraph opens with a body and its duty right below a line ending with ":"."""
    lines = [plain(reading.lines[no - 1]) for no in para]
    joined = " ".join(lines)
    ends = [sum(len(x) + 1 for x in lines[: k + 1]) for k in range(len(lines))]
    if CLOSING_NOTICE.match(fold(joined)) or _is_closing_request([joined]):
        return None
    above = plain(reading.lines[para[0] - 2]) if para[0] > 1 else ""
    found = detect_addressee(joined)
    if (
        above.rstrip("*_ ").endswith(":")
        and found is not None
        and found.inline
        and found.lead_verb
        and told(joined) is None
    ):
        return para[0]
    for at in _clauses(joined):
        clause = joined[at:]
        f = fold(clause)
        for verb in prose_verbs(clause):
            head = clause[: verb.start()]
            if not speaker_ok(f, 0, verb.start()) or _REPORTED.search(head):
                break
            rest = clause[verb.end() :]
            named = detect_addressee(rest)
            if named is not None or _class_named(rest):  # a lead ending "… như sau:" too
                body_at = at + verb.end()
                return para[next(k for k, end in enumerate(ends) if body_at < end)]
            break
    return None


def _sole_request(reading: Reading, out: list[str]) -> None:
    """A letter in which the labeller found no duty at all still asks something: the first
    paragraph that asks a named body ("… hoang mang. Bộ Nội vụ trân trọng đề nghị Ban Tuyên" /
    "giáo …, Bộ Văn hóa, … chỉ đạo …", "…, đề nghị bộ, ngành, địa phương khẩn" / "trương tổng
    hợp …", "… có ý kiến chỉ đạo như sau:" / "Bộ Nông nghiệp và Môi" / "trường chủ trì, …") gives
    its one duty, a run-in at the line naming the body; not a closing request or notice."""
    if any(tag in ("ITEM", "SECTION_ITEM") for tag in out):
        return
    for para in _prose_paragraphs(reading):
        if any(fold(plain(reading.lines[no - 1])).startswith("noi nhan") for no in para):
            return
        if _BACKGROUND.match(fold(plain(reading.lines[para[0] - 1]).strip(" *_"))):
            continue  # "Ngày 22/12/2024, Bộ Chính trị giao …": what was asked before
        at = _request_line(reading, para)
        if at is None:
            continue
        out[at - 1] = "SECTION_ITEM"
        for no in para:
            if no > at:
                out[no - 1] = "ITEM_CONT"
        return


# A list marker alone on its line, its heading wrapped onto the next ("*3.1." / "Báo cáo …:*").
_BARE_MARKER = re.compile(r"(?:\d{1,2}\.)*\d{1,2}\.?|[IVX]{1,4}\.|[a-zđ][.)]")


def _colon_heading_run_ins(reading: Reading, out: list[str]) -> None:
    """A paragraph left as text right below a heading or topic entry that ends with ":" ("3. Về
    kiến nghị liên quan đến tổ chức bộ máy …:" / "Bộ Nội vụ theo chức năng … khẩn trương …",
    "*3.1. Báo cáo định kỳ hàng tháng:*" / "Yêu cầu UBND các xã, phường, … báo cáo …") that opens
    with a body and its duty, or with "Giao / Yêu cầu / Đề nghị" and a body, is that body's run-in
    duty; its wrapped lines run on from it. Not a closing request, nor a lead ending with ":"."""
    lines = reading.lines
    prev = 0  # the previous non-blank line
    for no, tag in enumerate(out, start=1):
        if not lines[no - 1]:
            continue
        above, prev = prev, no
        if tag != "OTHER" or not above or out[above - 1] in ("ITEM", "SECTION_ITEM", "ITEM_CONT"):
            continue
        text = plain(lines[no - 1])
        if (
            split_marker(text).kind is not None
            or table_cells(text) is not None
            or not text[:1].isupper()
            or not plain(lines[above - 1]).rstrip("*_ ").endswith(":")
        ):
            continue
        start = above  # the heading's first line, above its wrapped lines
        while (
            start > 1
            and lines[start - 2]
            and split_marker(plain(lines[start - 1])).kind is None
            and (
                not plain(lines[start - 2]).rstrip("*_ ").endswith((".", ";", ":"))
                or _BARE_MARKER.fullmatch(plain(lines[start - 2]).strip(" *_"))  # "*3.1."
            )
            and above - start < 8
        ):
            start -= 1
        head = plain(lines[start - 1])
        if split_marker(head).kind is None and not head.startswith(("*", "_")):
            continue
        heading = " ".join(plain(lines[n - 1]) for n in range(start, above + 1))
        if heading_kind(fold(heading)) == "assess":
            continue  # "1. Kết quả đạt được:" / "Sở Y tế tổ chức kiểm tra 120 cơ sở, …": reported
        para, last = _wrapped_sentence(lines, no)
        joined = " ".join(para)
        end = para[-1].rstrip("*_ ")
        if end.endswith("./.") or told(joined) is not None:
            continue
        if end.endswith(":") and not _CONTENTS_LEAD.search(fold(end)):
            continue  # a lead: the entries below are the duties ("…, bao gồm:" lists contents)
        found = detect_addressee(joined)
        if found is None or _is_closing_request(para, found):
            continue
        if not (
            found.prefix
            or ASSIGN_WORD.match(fold(text))
            or fold(joined).startswith(fold(found.text))
        ):
            continue
        out[no - 1] = "SECTION_ITEM"
        for n in range(no + 1, last + 1):
            if out[n - 1] == "OTHER":
                out[n - 1] = "ITEM_CONT"


# "… báo cáo Ủy ban nhân dân tỉnh (qua Sở Y tế) các nội dung sau:" / "a) Số lượng cơ sở …;": what
# the report is to hold, not duties of their own.
_REPORT_LEAD = re.compile(
    r"\b(?:bao cao|cung cap)\b(?:(?!thuc hien|trien khai).)*"
    r"\b(?:noi dung|thong tin|so lieu)(?: sau| sau day| nhu sau)?\s*:$"
)


def _announced_entries(reading: Reading, out: list[str]) -> None:
    """An addressee line whose sentence ends with ":" and announces what the body is to do ("2. Ủy
    ban nhân dân các tỉnh … chỉ đạo Sở … thực hiện các nội dung sau:", "**(2) Các Bộ, cơ quan,
    địa phương theo chức năng, nhiệm vụ được giao:**"), left without duties: the marked entries of
    the first list level below it are its duties, however they open ("2.1. Tiến hành xem xét …",
    "2.2. Sau khi kiểm tra, …"); at least two of them, none read as a duty. Not the contents of a
    report it asks for, none opening with a duty verb ("… báo cáo … các nội dung sau:" / "a) Số
    lượng cơ sở …;"): the line is then the one duty, the entries its contents."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag != "SECTION" or table_cells(plain(lines[no - 1])) is not None:
            continue
        para, _last = _wrapped_sentence(lines, no)
        if not para[-1].rstrip("*_ ").endswith(":") or _CONTENTS_LEAD.search(fold(para[-1])):
            continue
        below = [(n, mk) for n, mk in _first_level_below(reading, out, no) if mk.kind is not None]
        if len(below) < 2:
            continue
        if _REPORT_LEAD.search(fold(" ".join(para).rstrip("*_ "))) and not any(
            starts_with_duty_verb(mk.content.strip(" *_")) for _, mk in below
        ):
            out[no - 1] = "SECTION_ITEM"  # the report is the duty; its entries are its contents
            for n in range(no + 1, below[-1][0] + 1):
                if lines[n - 1] and out[n - 1] == "OTHER":
                    out[n - 1] = "ITEM_CONT"
            continue
        for n, _ in below:
            out[n - 1] = "ITEM"


# A clause of ground or purpose before the body a new sentence gives its duty to: "Trên cơ sở
# đó, Bộ Tư pháp tổng hợp …", "Để xác định vị trí cụ thể của dự án, Ủy ban nhân dân tỉnh …".
_GROUND_CLAUSE = re.compile(r"^(?:tren co so do|de\s[^,.;:]{5,90}),\s+")


def _ground_clause(text: str) -> int:
    """Where the body may start in ``text`` after a clause of ground or purpose it opens with (0
    when none): "Để …," only, not "Đề nghị Ban …, Sở …", which folds the same."""
    ground = _GROUND_CLAUSE.match(fold(text))
    if ground is None or text[:2].lower() == "đề":
        return 0
    return ground.end()


def _midline_ground_duties(reading: Reading, out: list[str]) -> None:
    """A wrapped line of an open duty in which a sentence ends and the next one opens with a clause
    of ground or purpose, then a body ("… báo cáo Bộ Tư pháp trước ngày 05/12/2025. Trên cơ sở đó,
    Bộ Tư pháp tổng hợp, báo …", "… nội dung liên quan. Để xác định vị trí cụ thể của dự án, Ủy
    ban nhân dân tỉnh Thanh" / "Hóa phối hợp …"): that sentence is a new duty, at that line."""
    lines = reading.lines
    in_duty = False
    for no, tag in enumerate(out, start=1):
        if not lines[no - 1]:
            continue
        text = plain(lines[no - 1])
        if tag == "ITEM_CONT" and in_duty and text[:1].islower() and table_cells(text) is None:
            for m in _SENTENCE_END.finditer(text):  # the walker's midline sentence end
                rest = text[m.end() :]
                ground = _ground_clause(rest)
                if not ground:
                    continue
                named = rest[ground:]
                nxt = plain(lines[no]) if no < len(lines) and lines[no] else ""
                found = detect_addressee(f"{named} {nxt}".strip())
                if found is not None and found.inline and not found.prefix and told(named) is None:
                    out[no - 1] = tag = "ITEM"
                    break
        if tag in ("ITEM", "SECTION_ITEM"):
            in_duty = True
        elif tag != "ITEM_CONT":
            in_duty = False


def _bare_body_entries(reading: Reading, out: list[str], tags: list[str]) -> None:
    """A numbered or lettered entry that only names a body, maybe hard-wrapped over up to three
    lines ("d) Sở Văn hóa, Thể thao" / "và Du lịch", "1. Ủy ban nhân dân các xã," / "phường, đặc khu
    Cồn Cỏ:"), is the addressee of what follows it (from its first line; where a name that starts
    on the wrapped line opens is the labeller's call): of the duty below it, when the labeller took
    the entry for a duty or for text; of the list below it whose entries open with duty verbs
    ("- Thực hiện đầy đủ …", "- Đẩy mạnh …"), when the labeller left the entry and that list as
    text (``tags``; not entries a rule took for criteria)."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in ("OTHER", "ITEM", "SECTION_ITEM") or not lines[no - 1]:
            continue
        if table_cells(plain(lines[no - 1])) is not None:
            continue
        mk = split_marker(plain(lines[no - 1]))
        if mk.kind not in ("num", "alpha"):
            continue
        if fold(re.sub(r"^[\d.\s]*", "", mk.content).strip(" *_:")) in _NAME_PREFIXES:
            continue  # the name starts on the next line: the labeller places the section
        text, last = clause_text(lines, no, limit=3)
        name = text.strip(" *_:")
        if not name or len(name) > 150:
            continue
        if any(out[n - 1] not in ("OTHER", "ITEM_CONT") for n in range(no + 1, last + 1)):
            continue
        found = detect_addressee(name)
        if found is None or found.inline or found.item_text.strip(" :*_"):
            continue
        nxt = next((n for n in range(last + 1, len(lines) + 1) if lines[n - 1]), None)
        if nxt is None:
            continue
        before = list(out)
        out[no - 1] = "SECTION"
        for n in range(no + 1, last + 1):
            out[n - 1] = "OTHER"
        if out[nxt - 1] == "ITEM":
            continue
        duties = [] if tag != "OTHER" else _list_duties_below(reading, out, no)
        if not duties or any(tags[n - 1] != "OTHER" for n in duties):
            out[:] = before


# A news report's own lines around the directive it summarises: a photo caption ("… - Ảnh minh
# họa", "(Ảnh: An Đăng/TTXVN)", "(Hình từ Internet)"), who chaired or attended ("Các đồng chí
# Thường trực Đảng uỷ xã chủ trì hội nghị.", "Chủ trì buổi làm việc có đồng chí …"), and what
# the meeting heard or did ("Tại Hội nghị, các đại biểu đã nghe báo cáo …", "Tại buổi làm việc,
# Ủy ban MTTQ … đã báo cáo …").
_MEETING = r"(?:hoi nghi|buoi lam viec|phien hop|cuoc hop|buoi tiep|le ky)"
_ATTENDANCE = re.compile(
    rf"^(?:(?:du va )?chu tri {_MEETING}\b.{{0,40}}\bco\b|(?:tham )?du {_MEETING}\b.{{0,40}}\bco\b)"
    rf"|\bchu tri {_MEETING}\s*\.?$"
)
# The page's own links: "Xem chi tiết tại đây.", "Xem thêm: …", ">> Tải về …", "Link bài viết gốc: …".
_PAGE_LINK = re.compile(r"^(?:>+\s*)?(?:xem (?:chi tiet|them|toan van|tiep)|tai ve|link bai)\b")
_AT_MEETING = re.compile(rf"^(?:tai|trong|qua) {_MEETING}\s*,\s*")


def _news_report_background(reading: Reading, out: list[str]) -> None:
    """An unmarked line tagged as a duty that is the report's own caption, page link ("Xem chi
    tiết tại đây."), attendance or account of what the meeting heard assigns nothing, unless it
    goes on to request or assign."""
    for no, tag, line, _above in _read_lines(reading, out):
        if tag not in ("ITEM", "SECTION_ITEM"):
            continue
        text = plain(line)
        if split_marker(text).kind is not None or table_cells(text) is not None:
            continue
        content = text.strip(" *_")
        f = fold(content)
        if ASSIGN_WORD.search(f):
            continue
        chrome = len(f) < 300 and (CAPTION_END.search(f) or _PAGE_LINK.match(f))
        if chrome or _ATTENDANCE.search(f):
            _no_duty(out, no)
            continue
        at = _AT_MEETING.match(f)
        if at is not None and told(content[at.end() :]) is not None:
            _no_duty(out, no)


def _request_lead(text: str) -> bool:
    """A sentence ending with ":" in which a short speaker requests or assigns named bodies the
    duties that follow ("Nội dung công điện đề nghị các tỉnh, thành phố và các Bộ chỉ đạo triển
    khai thực hiện các nội dung sau:")."""
    if not text.endswith(":"):
        return False
    f = fold(text)
    lead = CONNECTOR.match(f)
    start = lead.end() if lead else 0
    verb = next((v for v in prose_verbs(text) if v.start() >= start), None)
    if verb is None or not speaker_ok(f, start, verb.start()):
        return False
    return detect_addressee(text[verb.end() :]) is not None


def _request_paragraphs_follow(reading: Reading, no: int) -> bool:
    """Is line ``no`` a request for "the following" (``_request_lead``) whose next line is an
    unmarked paragraph that can be one of the duties requested?"""
    if not _request_lead(plain(reading.lines[no - 1]).strip(" *_")):
        return False
    nxt = next((n for n in range(no + 1, len(reading.lines) + 1) if reading.lines[n - 1]), None)
    if nxt is None:
        return False
    text = plain(reading.lines[nxt - 1])
    if split_marker(text).kind is not None or table_cells(text) is not None:
        return False
    content = text.strip(" *_")
    return starts_with_duty_verb(content) or _requested_duty(content)


def _requested_duty(content: str) -> bool:
    """A paragraph below a request that can be one of the duties requested: a sentence in capitals
    that is no heading and names no body at its start ("Kiểm đếm tàu thuyền …")."""
    if not content[:1].isupper() or len(content) < 40 or content.endswith(":"):
        return False
    found = detect_addressee(content)
    return found is None or not found.inline


def _assignment_paragraphs(reading: Reading, out: list[str]) -> None:
    """Unmarked paragraphs left as text that open with a duty verb, right after a paragraph that
    gives named bodies their duty (the prose reading finds the assignment at its start: "Bộ Chính
    trị giao Ban Thường vụ các tỉnh ủy, thành ủy chủ động …" / "Bảo đảm kiện toàn …" / "Đưa vào
    hoạt động …") or that requests the duties below it ("… đề nghị các tỉnh, thành phố và các Bộ
    chỉ đạo … các nội dung sau:" / "Kiểm đếm tàu thuyền …"), are more duties of those bodies, up to
    the first paragraph that is not."""
    opened = 0  # the line that gives the duties, while its paragraphs go on
    for no, tag, line, _above in _read_lines(reading, out):
        text = plain(line)
        content = text.strip(" *_")
        if (
            split_marker(text).kind is not None
            or table_cells(text) is not None
            or is_all_caps(content)  # a heading ("TỔ CHỨC THỰC HIỆN") ends the paragraphs
        ):
            opened = 0
            continue
        if tag in ("OTHER", "SECTION") and _request_paragraphs_follow(reading, no):
            opened = no
            out[no - 1] = "SECTION"
            continue
        if tag == "OTHER" and not opened:
            if _BACKGROUND.match(fold(content)):
                continue  # "Ngày 22/12/2024, Bộ Chính trị đã ban hành …": what happened before
            found = run_in_duties(content)
            if len(found) == 1 and found[0][0] == 0:
                opened = -no  # a prose duty: it opens its section only if a paragraph follows
            continue
        if not opened:
            continue
        if tag not in ("OTHER", "ITEM") or not (
            starts_with_duty_verb(_drop_connector(content))
            # below a request for "the following": any sentence that names no body of its own
            or (opened > 0 and _requested_duty(content))
        ):
            opened = 0
            continue
        if opened < 0:
            out[-opened - 1] = "SECTION_ITEM"
            opened = -opened
        out[no - 1] = "ITEM"


def _trailing_sibling_duties(reading: Reading, out: list[str]) -> None:
    """The dash entries after the last duty of a dash list, at its depth, left as text by the
    labeller (a bold paragraph inside the list lost it: "- Rà soát …" / "**Đẩy mạnh thu …**" /
    "- Tiếp tục …" / "- Tham mưu …"), are duties too when most of them open with a duty verb. The
    list ends at an addressee, another kind of marker or a heading in capitals (`_dash_lists`)."""
    for dashes in _dash_lists(reading, out):
        _fill_after(dashes, out, reading)


def _fill_after(dashes: list[tuple[int, int | None]], out: list[str], reading: Reading) -> None:
    duty = [k for k, (i, _) in enumerate(dashes) if out[i] in ("ITEM", "SECTION_ITEM")]
    if not duty:
        return
    depth = dashes[duty[-1]][1]
    tail = [
        (i, split_marker(plain(reading.lines[i])).content.strip(" *_"))
        for i, d in dashes[duty[-1] + 1 :]
        if d == depth and out[i] == "OTHER"
    ]
    if not tail or sum(starts_with_duty_verb(c) for _, c in tail) * 2 < len(tail):
        return
    for i, content in tail:
        if content[:1].isupper():
            out[i] = "ITEM"


# Plan rules (session 13): list entries of a plan's content and steps parts.
_LISTED_RUN_IN_KINDS = ("dash", "plus", "alpha")


# Parts whose entries say what the plan aims at or whom it concerns, not who does what.
_AIM_PART = re.compile(
    r"muc dich|yeu cau|quan diem|muc tieu|doi tuong|tieu chi|tieu chuan|tinh hinh"
)


def _roman_parts(reading: Reading) -> list[tuple[int, str]]:
    """The roman-numbered part headings: (line, folded title), a title wrapped in capitals onto
    the next line joined ("**V. TỔ" / "CHỨC THỰC HIỆN**")."""
    lines = reading.lines
    parts = []
    for no, line in enumerate(lines, start=1):
        if not line or split_marker(plain(line)).kind != "roman":
            continue
        title = split_marker(plain(line)).content.strip(" *_")
        nxt = plain(lines[no]).strip(" *_") if no < len(lines) and lines[no] else ""
        if nxt and is_all_caps(nxt) and split_marker(nxt).kind is None:
            title = f"{title} {nxt}"
        parts.append((no, fold(title)))
    return parts


def _part_before_assignment(parts: list[tuple[int, str]], no: int) -> bool:
    """Does line ``no`` sit in a part of tasks, contents or steps (not purposes, criteria or whom
    the plan concerns) that a later part distributing the work to bodies follows?"""
    head = next((title for n, title in reversed(parts) if n < no), None)
    if head is None or _AIM_PART.search(head) or part_kind(head) == "assign":
        return False
    return any(n > no and part_kind(title) == "assign" for n, title in parts)


def _list_parent(reading: Reading, no: int, kind: str | None) -> str:
    """The nearest line above entry ``no`` with a list marker of another kind (its parent entry),
    or ""."""
    for n in range(no - 1, 0, -1):
        line = reading.lines[n - 1]
        if not line:
            continue
        mk = split_marker(plain(line))
        if mk.kind is not None and mk.kind != kind:
            return plain(line)
    return ""


def _listed_run_ins(reading: Reading, out: list[str], tags: list[str]) -> None:
    """A dash, "+" or lettered entry the labeller left as text, in a part of tasks or contents that
    a part distributing the work follows, that opens with a body and its duty, the name maybe
    wrapped onto the next line ("- Trung tâm Kiểm soát bệnh" / "tật tỉnh chủ trì …", "+ Sở Nông
    nghiệp và Môi trường" / "tổng hợp chung …"), is that body's run-in duty (the corpus README: a
    run-in line naming a body and its duty is an item, also among general tasks); not a line an
    earlier rule made no duty, nor an entry leading a list ("…, đạt các tiêu chuẩn sau:")."""
    lines = reading.lines
    parts = _roman_parts(reading)
    for no, tag in enumerate(out, start=1):
        line = lines[no - 1]
        if tag != "OTHER" or tags[no - 1] != "OTHER" or not line or no in reading.noise:
            continue
        text = plain(line)
        mk = split_marker(text)
        if mk.kind not in _LISTED_RUN_IN_KINDS or table_cells(text) is not None:
            continue
        entry, last = _entry_text(reading, no, out)
        entry = entry.strip(" *_")
        found = detect_addressee(entry)
        if found is None or not found.inline or found.prefix:
            continue
        rest = entry[len(found.text) :].strip(" ,")
        if len(rest.split()) < 4 or not starts_with_duty_verb(fold(rest)):
            continue
        para, _ = _wrapped_sentence(lines, no)
        if para[-1].rstrip(" *_").endswith(":") or not _part_before_assignment(parts, no):
            continue
        parent = _list_parent(reading, no, mk.kind)
        if parent and _DEADLINE_LINE.match(fold(split_marker(parent).content.strip(" *_"))):
            continue  # "- Thời gian thực hiện:" / "+ Các bộ … gửi kết quả … trước ngày …": a card's field
        out[no - 1] = "SECTION_ITEM"
        for n in range(no + 1, last + 1):
            out[n - 1] = "ITEM_CONT"


# An entry opening with a clause of scope, ground or time, whose duty follows after a comma.
_CLAUSE_START = re.compile(r"^(?:doi voi|truong hop|trong truong hop)\b|" + LEAD_IN.pattern[1:])


def _nominal_contents(reading: Reading, out: list[str]) -> None:
    """The entries right below a duty whose sentence ends with ":" ("a) Tham mưu Ủy ban nhân dân
    tỉnh" / "trình Hội đồng nhân dân cấp tỉnh quyết định:") that all name things, not duties (none
    opens with a duty verb or a body: "- Phương án phân bổ vốn …", "- Mức vốn đối ứng …") are what
    that duty covers, its contents, not duties of their own."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in ("ITEM", "SECTION_ITEM") or not lines[no - 1]:
            continue
        head = split_marker(plain(lines[no - 1]))
        para, last = _wrapped_sentence(lines, no)
        if not para[-1].rstrip(" *_").endswith(":"):
            continue
        children = _nominal_entries_below(
            reading, out, last,
            lambda mk, head=head: not deeper(mk.depth, head.depth) or mk.kind == head.kind)
        for n in children:
            out[n - 1] = "ITEM_CONT"


def _nominal_entries_below(reading: Reading, out: list[str], last: int, ends) -> list[int]:
    """The entries below a sentence ending with ":" on line `last` (up to the first entry for
    which `ends(marker)` holds, or the next section or duty outside an entry) when there are at
    least two, each tagged a duty, and all name things: none opens with a duty verb, a body or
    a clause of scope or ground ("- Đối với các dự án …, …", which leads a duty). Otherwise []."""
    lines = reading.lines
    children: list[int] = []
    for n in range(last + 1, min(last + 60, len(lines)) + 1):
        text = plain(lines[n - 1]) if lines[n - 1] else ""
        if not text or n in reading.noise:
            continue
        mk = split_marker(text)
        if mk.kind is None:
            if out[n - 1] in ("ITEM", "SECTION_ITEM", "SECTION"):
                break
            continue  # a wrapped line of an entry
        if ends(mk):
            break
        children.append(n)
    if len(children) < 2 or not all(out[n - 1] == "ITEM" for n in children):
        return []
    contents = [split_marker(plain(lines[n - 1])).content.strip(" *_") for n in children]
    if any(
        starts_with_duty_verb(c) or detect_addressee(c) is not None or _CLAUSE_START.match(fold(c))
        for c in contents
    ):
        return []
    return children


# "Trong quá trình (tổ chức, triển khai) thực hiện, nếu có khó khăn, vướng mắc …": how to report
# difficulties, a closing formula.
_DIFFICULTY_CLOSING = re.compile(
    r"^trong qua trinh (?:(?:to chuc|trien khai)\s)*thuc hien\b[^.;:]{0,40}?,?\s(?:neu|truong hop)\b"
)


def _difficulty_closing(reading: Reading, out: list[str]) -> None:
    """The sentence telling how to report difficulties ("3. Trong quá trình thực hiện, nếu có khó
    khăn, vướng mắc, các cơ quan … báo cáo …", "Trong quá trình triển khai thực" / "hiện nếu …") closes
    a plan or letter: it gives no duty and opens no section, even when it names bodies."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in ("ITEM", "SECTION_ITEM", "SECTION") or not lines[no - 1]:
            continue
        para, _last = _wrapped_sentence(lines, no)
        joined = " ".join(para)
        if _DIFFICULTY_CLOSING.match(fold(split_marker(plain(joined)).content.strip(" *_"))):
            _no_duty(out, no)


def _emphasis_topic_headings(reading: Reading, out: list[str]) -> None:
    """A numbered or lettered entry wholly in emphasis, maybe wrapped onto a second line, that
    names a topic ("**2.1." / "Trách nhiệm chung**", "**2. Hình thức và tiêu chuẩn khen" /
    "thưởng**"): no duty verb, no body, is a heading over the text below, not a duty."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        raw = lines[no - 1].strip() if lines[no - 1] else ""
        if tag != "ITEM" or not raw.startswith("*"):
            continue
        mk = split_marker(plain(raw))
        if mk.kind not in ("num", "alpha"):
            continue
        para = [raw]
        if not raw.rstrip(":").endswith("*") and no < len(lines) and lines[no]:
            para.append(lines[no].strip())
        whole = " ".join(para)
        if not whole.rstrip(":").endswith("*") or whole.count("*") > 4:
            continue  # the emphasis closes before the entry ends: a heading with its duty after
        title = split_marker(plain(whole)).content.strip(" *_:")
        if not title or len(title.split()) > 12 or title.endswith((".", ";")):
            continue
        if starts_with_duty_verb(title) or detect_addressee(title) is not None:
            continue
        _no_duty(out, no)
        if len(para) > 1 and out[no] == "ITEM":
            out[no] = "OTHER"


def _article_opens_no_run_on(reading: Reading, out: list[str]) -> None:
    """An article ("Điều 3. Phân công Phó Thủ tướng …") never runs on from the duty above it: a
    line the labeller ran on is read again as an article left as text (`article_run_ins`)."""
    changed = False
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if tag == "ITEM_CONT" and line and split_marker(plain(line)).kind == "dieu":
            out[no - 1] = "OTHER"
            changed = True
    if changed:
        article_run_ins(reading, out)


def _card_sibling_duties(reading: Reading, out: list[str]) -> None:
    """A task card may list several duties before its fields ("- Triển khai rà soát, …" / "- Phối
    hợp triển khai số hóa …" / "- Tiếp tục rà soát …" / "- Đơn vị chủ trì: …"): the dash entries
    above the one the fields follow, back to the card's heading, that open with a duty verb are
    duties of the card too."""
    lines = reading.lines
    cards = task_card_duties(reading)
    fields = {no for found in cards.values() for no in found}
    for duty in cards:
        kind = split_marker(plain(lines[duty - 1])).kind
        if kind != "dash":
            continue
        for no in range(duty - 1, max(duty - 40, 0), -1):
            line = lines[no - 1]
            if not line or no in reading.noise:
                continue
            text = plain(line)
            mk = split_marker(text)
            if mk.kind is None:
                continue  # a wrapped line of the entry above
            if mk.kind != kind or no in fields or no in cards:
                break
            content = fold(mk.content.strip(" *_"))
            if _CARD_FIELD.match(content) or _CARD_DUTY.match(content):
                break
            if starts_with_duty_verb(content) and out[no - 1] in ("OTHER", "ITEM_CONT"):
                out[no - 1] = "ITEM"


_BARE_NUMBER = re.compile(r"^(?:\d+\.)+$")


def _bare_number_body_heading(reading: Reading, out: list[str]) -> None:
    """A heading whose number stands alone on its line and whose next line only names a body
    ("**2." / "Sở Nông nghiệp và Môi trường**", "**5." / "Các đoàn thể, tổ chức xã hội:**") opens
    that body's section at the name; the entries below it that open with a duty verb are its
    duties (as `_empty_section_list` reads them)."""
    lines = reading.lines
    opened = False
    for no in range(1, len(lines)):
        if not lines[no - 1] or not lines[no] or out[no] != "OTHER":
            continue
        if not _BARE_NUMBER.match(plain(lines[no - 1]).strip(" *_")):
            continue
        name = plain(lines[no]).strip(" *_").rstrip(":").strip(" *_")
        found = detect_addressee(name)
        if found is None or found.inline:
            continue
        out[no] = "SECTION"
        opened = True
    if opened:
        _empty_section_list(reading, out)


# "… Báo cáo, Văn" / "phòng Trung ương Đảng và các văn phòng tỉnh uỷ, thành uỷ … sau:", "…, thành
# phố Đà Nẵng cần tập trung …": where a body's name (or a place: "thành phố Đà Nẵng", "tỉnh Điện
# Biên") starts after a clause break inside a lead paragraph.
_CLAUSE_BREAK = re.compile(r"(?:^|[,;]\s+|[.:]\s+(?=[A-ZÀ-ỸĐ]))")
_PLACE = re.compile(r"^(?:[Tt]ỉnh|[Tt]hành phố) [A-ZÀ-ỸĐ]")


def _named_at(text: str) -> int | None:
    """Where the last sentence of ``text`` first names a body after a clause break, or None."""
    sentence = re.split(r"(?<=[a-zà-ỹđ0-9)])\.\s+(?=[A-ZÀ-ỸĐ])", text)[-1]
    offset = len(text) - len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        tail = sentence[m.end() :]
        if not tail:
            continue
        found = detect_addressee(tail[0].upper() + tail[1:])
        if (found is not None and found.inline) or _PLACE.match(tail):
            return offset + m.end()
    return None


def _lead_end_sections(reading: Reading, out: list[str]) -> None:
    """The labeller opened a section at the last line of a wrapped lead paragraph ("… thực hiện,
    trong đó, cần tập trung một số nhiệm vụ trọng tâm sau:") that names no body, while the body
    is named on an earlier line of its last sentence ("…, căn cứ vào …, Văn" / "phòng Trung ương
    Đảng và …"): the section sits at the line where that name starts."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        text = plain(lines[no - 1])
        if tag != "SECTION" or not text.rstrip("*_ ").endswith(":"):
            continue
        if split_marker(text).kind is not None or detect_addressee(text) is not None:
            continue
        first = no
        while (
            first > 1
            and lines[first - 2]
            and split_marker(plain(lines[first - 1])).kind is None
            and not plain(lines[first - 2]).rstrip("*_ ").endswith((".", ";", ":"))
            and not is_all_caps(plain(lines[first - 2]))
            and out[first - 2] == "OTHER"
        ):
            first -= 1
        if first == no or split_marker(plain(lines[first - 1])).kind is not None:
            continue
        texts = [plain(lines[n - 1]) for n in range(first, no)]
        at = _named_at(" ".join(texts))
        if at is None:
            continue
        pos = 0
        for n, t in zip(range(first, no), texts, strict=True):
            pos += len(t) + 1
            if pos > at:
                out[n - 1] = "SECTION"
                out[no - 1] = "OTHER"
                break


# "…, đạt nhiều kết quả quan trọng.", "… đạt" / "được một số kết quả nổi bật như sau:": the results
# achieved (an assessment), not "để đạt được kết quả …" (a purpose).
_ACHIEVED = re.compile(
    r"(?<!de )(?<!nham )(?<!phan dau )\bdat (?:duoc )?(?:nhieu |mot so |nhung |cac )?ket qua"
    r"(?: (?:quan trong|tich cuc|noi bat|nhat dinh|dang ke|kha quan|to lon)\b)"
)
_ACHIEVED_LEAD = re.compile(
    r"\b(?:dat|duoc) (?:duoc )?(?:nhieu |mot so |nhung |cac )?ket qua[^.;:]{0,30}\bsau(?: day)?\s*:$"
)


def _achievements(reading: Reading, out: list[str]) -> None:
    """What was achieved is an assessment, not a duty: a paragraph tagged as a duty whose first
    sentence reports results achieved ("Trong những năm qua, quán triệt …, công tác … đã được các
    cấp ủy … quan tâm lãnh đạo, chỉ đạo, đạt nhiều kết quả quan trọng.") unless it assigns ("giao",
    "yêu cầu", "đề nghị"), and the entries of the list a lead announces as results ("… đạt" / "được
    một số kết quả nổi bật như sau:" / "(1) Công tác tham mưu …" / "(2) Duy trì nền nếp, …")."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if not lines[no - 1]:
            continue
        if _ACHIEVED_LEAD.search(fold(plain(lines[no - 1]).rstrip(" *_"))):
            _contents_below(reading, out, no)
            continue
        if tag not in ("ITEM", "SECTION_ITEM"):
            continue
        text = split_marker(plain(lines[no - 1])).content.strip(" *_")
        para, _last = _wrapped_sentence(lines, no)
        joined = " ".join([text] + para[1:])
        starts = _clauses(joined)  # the prose reading's clauses: its first ends the first sentence
        first_sentence = fold(joined[: starts[1]] if len(starts) > 1 else joined)
        if _ACHIEVED.search(first_sentence) and not ASSIGN_WORD.search(first_sentence):
            _no_duty(out, no)


# A news page's own furniture, never a duty: its timestamp ("17:28, Thứ Hai, 30/09/2019 (GMT+7)"),
# a photo caption without credit ("Quang cảnh hội nghị.", "Bí thư … khai mạc hội nghị"), its
# dated lead after the paper's tag ("(QBĐT) - Ngày 30-9, Huyện ủy … tổ chức hội nghị …") and the
# byline closing the page ("Hà Lê", "Nguyên Lộc - Văn phòng Tỉnh ủy", "B.B.T").
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:,|-)?\s*(?:thu|chu nhat|ngay|\d)")
_SCENE_CAPTION = re.compile(
    rf"^(?:quang canh|toan canh|mot goc) {_MEETING}\b.{{0,60}}$"
    rf"|\b(?:khai mac|be mac|phat bieu(?: chi dao| ket luan| khai mac| be mac)?(?: tai)?) {_MEETING}\s*\.?$"
)
_TAGGED_LEAD = re.compile(
    r"^(?:\([^()]{2,12}\)|[a-z.]{2,12}\.(?:vn|com))\s*[-–]\s*ngay \d{1,2}[-/.]\d{1,2}\s*,"
)
_INITIALS = re.compile(r"(?:[A-ZĐ]\.)+[A-ZĐ]?\.?")
_SOURCE_TAIL = re.compile(r"^(?:source|nguon|link bai|gio dang|ngay dang)\b")


def _byline(reading: Reading, no: int) -> bool:
    """Is line ``no`` the page's closing byline: the last line before any source note, two to
    four capitalised words without a sentence's punctuation (a unit after a dash may follow)?"""
    after = [ln for ln in reading.lines[no:] if ln and ln.strip()]
    if any(not _SOURCE_TAIL.match(fold(plain(ln).strip(" *_"))) for ln in after):
        return False
    text = plain(reading.lines[no - 1]).strip(" *_")
    name = re.split(r"\s+[-–]\s+", text, maxsplit=1)[0]
    if len(text) > 60:
        return False
    if _INITIALS.fullmatch(name):
        return True
    words = name.split()
    return (
        not text.endswith((".", ";", ":", ","))
        and 2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
    )


def _news_page_furniture(reading: Reading, out: list[str]) -> None:
    """An unmarked line tagged as a duty that is the news page's timestamp, an uncredited caption
    of the meeting, its dated lead after the paper's tag, or its closing byline assigns nothing."""
    for no, tag, line, _above in _read_lines(reading, out):
        if tag not in ("ITEM", "SECTION_ITEM"):
            continue
        text = plain(line)
        if split_marker(text).kind is not None or table_cells(text) is not None:
            continue
        f = fold(text.strip(" *_"))
        if ASSIGN_WORD.search(f):
            continue
        if (
            _TIMESTAMP.match(f)
            or (len(f) < 160 and _SCENE_CAPTION.search(f))
            or _TAGGED_LEAD.match(f)
            or _byline(reading, no)
        ):
            _no_duty(out, no)


# The heading of an emulation plan's contents, theme, criteria, forms of award or award rules, the
# whole title ("II. NỘI DUNG ĐỢT THI ĐUA", "1. Chủ đề thi đua", "2. Tiêu chí thi đua", "a) Hình thức
# khen thưởng", "IV. KHEN THƯỞNG"); not the standards of award ("b) Tiêu chuẩn khen thưởng"), under
# which the plan may ask bodies to propose awards, nor a title naming more ("III. NỘI DUNG THI ĐUA,
# PHƯƠNG ÁN …").
_EMULATION_PART = re.compile(
    r"^(?:noi dung(?: dot| phong trao)? thi dua|chu de(?: dot)? thi dua|tieu chi thi dua"
    r"|hinh thuc khen thuong|khen thuong)$"
)


def _emulation_parts(reading: Reading, out: list[str]) -> None:
    """What an emulation plan's participants compete in and are judged by is no duty: under a
    heading naming the emulation's contents, theme, criteria or forms of award, the themes ("1.
    Thi đua thực hiện thắng lợi …"), the lead that announces them for the bodies taking part (",
    các sở, ban, ngành, … tập trung thi đua thực hiện các nội dung chủ yếu sau:") and the criteria
    per class of participant ("b) Đối với Ủy ban Mặt trận …" / "- Tổ chức sâu rộng …") and the award
    rules ("a) Chủ tịch Ủy ban nhân dân thành phố tặng Bằng khen …") open no duty and no section, whatever rule read them before; the duties are in the part on carrying out the
    plan. Runs late, so the readings of a lead's list and of bare bodies cannot undo it."""
    for no, line in enumerate(reading.lines, start=1):
        if not line:
            continue
        head = split_marker(plain(line))
        if head.kind is None or head.kind in ("dash", "plus"):
            continue
        if _EMULATION_PART.match(fold(head.content.strip(" *_").rstrip(" .:*_"))):
            _no_duties_under(reading, out, no)


# --------------------------------------------------------------------------- letters, decisions
# (branch fix/imp-letters: shapes of công văn, thông báo kết luận and quyết định)


def _letter_decision_layout(reading: Reading, out: list[str]) -> None:
    """Layout rules of letters and decisions, after the others (see each function)."""
    _draft_comment_parts(reading, out)
    _colon_body_bullets(reading, out)
    _note_run_ins(reading, out)
    _unassigned_task_part(reading, out)
    _generic_compliance(reading, out)
    _wrapped_lead_sections(reading, out)
    _standing_powers(reading, out)


_PAREN_ENUM = re.compile(r"^\((?:[ivx]{1,4}|\d{1,2}|[a-zđ])\)\s+", re.IGNORECASE)
_HASHES = re.compile(r"^(#+)\s")


def _draft_comment_parts(reading: Reading, out: list[str]) -> None:
    """Comments on a draft are no duties: under a heading that announces them ("Phụ lục 3: GÓP Ý
    DỰ THẢO BÁO CÁO …", "B. GÓP Ý KIẾN ĐỐI VỚI DỰ THẢO …"), the entries "Đề nghị bổ sung … của dự
    thảo báo cáo như sau: …", "Về nội dung “…” đề nghị bổ sung “…”", "Đề nghị bỏ đoạn “…”" ask the
    drafter to change the text, not a body to act; up to the next heading of the same level."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        raw = line.strip()
        if not raw:
            continue
        hashes = _HASHES.match(raw)
        head = plain(raw).lstrip("# ").strip(" *_")
        f = fold(head)
        if not ("gop y" in f and "du thao" in f) or len(head) > 200:
            continue
        if not (hashes or is_all_caps(split_marker(head).content)):
            continue
        level = len(hashes.group(1)) if hashes else None
        for n in range(no + 1, len(lines) + 1):
            nxt = lines[n - 1].strip()
            other = _HASHES.match(nxt)
            if other and (level is None or len(other.group(1)) <= level):
                break
            if level is None and nxt and is_all_caps(plain(nxt).strip(" *_#")) and len(nxt) > 3:
                break
            if out[n - 1] != "OTHER":
                out[n - 1] = "OTHER"


def _colon_body_bullets(reading: Reading, out: list[str]) -> None:
    """A line that opens with a body and ends with ":" ("Văn phòng Trung ương Đảng chủ trì, phối
    hợp với Bộ Khoa học và Công nghệ:") right above bullets that each open with a duty verb, maybe
    after an enumerator ("• (i) Nghiên cứu, thống nhất …", "• (ii) Rà soát …"), is their addressee
    and each bullet a duty, when the labeller took none of them."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line or out[no - 1] not in ("OTHER", "SECTION") or no in reading.noise:
            continue
        text = plain(line)
        mk = split_marker(text)
        content = mk.content.rstrip("*_ ")
        if mk.kind in ("dash", "plus") or not content.endswith(":"):
            continue
        found = detect_addressee(content)
        if found is None or found.inline:
            continue
        bullets = []
        n = no + 1
        while n <= len(lines) and lines[n - 1]:
            b = split_marker(plain(lines[n - 1]))
            if b.kind not in ("dash", "plus"):
                break
            bullets.append((n, b.content))
            n += 1
        if not bullets or any(out[b - 1] != "OTHER" for b, _ in bullets):
            continue
        if not all(starts_with_duty_verb(_PAREN_ENUM.sub("", c)) for _, c in bullets):
            continue
        out[no - 1] = "SECTION"
        for b, _ in bullets:
            out[b - 1] = "ITEM"


_NOTE = re.compile(r"^(?:ghi chu|luu y)\s*:\s*")
_NOTE_DUTY = re.compile(r"\b(?:phai|co trach nhiem|chiu trach nhiem|khan truong|can)\b")


def _note_run_ins(reading: Reading, out: list[str]) -> None:
    """A note below a table or an article that names bodies and what they must do ("Ghi chú: Các
    cơ quan, đơn vị, địa phương được giao nhiệm vụ … phải trình hồ sơ … trong tháng 3 năm 2023")
    is their run-in duty."""
    for no, line in enumerate(reading.lines, start=1):
        if not line or out[no - 1] != "OTHER" or no < reading.start:
            continue
        text = plain(line).strip(" *_")
        m = _NOTE.match(fold(text))
        if not m or split_marker(text).kind is not None:
            continue
        rest = text[m.end() :]
        found = detect_addressee(rest)
        if found is None or not rest.startswith(found.text):
            continue
        if _NOTE_DUTY.search(fold(rest[len(found.text) :])):
            out[no - 1] = "SECTION_ITEM"


_TASK_TITLE = re.compile(r"\b(?:nhiem vu|giai phap)\b")
_RECIPIENTS_LINE = re.compile(r"^[|*_\s]*noi nhan\b")


def _unassigned_task_part(reading: Reading, out: list[str]) -> None:
    """A part of tasks ("II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI") in a text with no part
    distributing the work, where no paragraph names a body: its numbered entries are duties given
    to nobody (the corpus README: items of a null section when the text never says who does them),
    whatever the labeller made of them, when at least half open with a duty verb; an entry ending
    with ":" above a list ("8. Về chính quyền địa phương 02 cấp:") is a topic, its entries the
    duties. A conclusion notice gives the province it visited its tasks this way."""
    lines = reading.lines
    parts = _roman_parts(reading)
    if any(part_kind(title) == "assign" for _, title in parts):
        return
    if any(ln and _is_assign_part(reading, no) for no, ln in enumerate(lines, start=1)):
        return
    # the text after the recipients is an attachment (a draft report's own plans), not the letter
    recipients = next(
        (
            no
            for no, ln in enumerate(lines, start=1)
            if ln and _RECIPIENTS_LINE.match(fold(plain(ln)))
        ),
        len(lines) + 1,
    )
    for k, (head, title) in enumerate(parts):
        if heading_kind(title) != "tasks" or not _TASK_TITLE.search(title) or head > recipients:
            continue
        end = parts[k + 1][0] if k + 1 < len(parts) else len(lines) + 1
        entries: list[tuple[int, Marked]] = []
        named = False
        for n in range(head + 1, end):
            line = lines[n - 1]
            if not line or n in reading.noise or table_cells(plain(line)) is not None:
                continue
            mk = split_marker(plain(line))
            if mk.kind is None and lines[n - 2] and n > head + 1:
                continue  # a wrapped line
            if mk.kind is None and is_all_caps(mk.content):
                continue  # the title wrapped onto a second line
            if detect_addressee(mk.content) is not None:
                named = True
                break
            if mk.kind is not None:
                entries.append((n, mk))
        if named or not entries:
            continue
        top = min(mk.depth or 99 for _, mk in entries)
        duties: list[int] = []
        topics: list[int] = []
        for i, (n, mk) in enumerate(entries):
            if (mk.depth or 99) != top:
                continue
            below = []
            for m, sub in entries[i + 1 :]:
                if (sub.depth or 99) == top:
                    break
                below.append((m, sub))
            if mk.content.rstrip("*_ ").endswith(":") and below:
                level = min(sub.depth or 99 for _, sub in below)
                topics.append(n)
                duties.extend(m for m, sub in below if (sub.depth or 99) == level)
            else:
                duties.append(n)
        if len(duties) < 3:
            continue
        verbs = sum(
            1
            for n in duties
            if starts_with_duty_verb(
                _PAREN_ENUM.sub("", split_marker(plain(lines[n - 1])).content.strip(" *_"))
            )
        )
        if verbs * 2 < len(duties):
            continue
        if out[head - 1] == "OTHER":
            out[head - 1] = "SECTION"  # the duties' section (given to nobody) sits at the heading
        for n in topics:
            out[n - 1] = "OTHER"
        for n in duties:
            out[n - 1] = "ITEM"
            m = n + 1
            while m < end and lines[m - 1] and split_marker(plain(lines[m - 1])).kind is None:
                out[m - 1] = "ITEM_CONT"
                m += 1


# "Thực hiện nghiêm túc các nội dung tại Quyết định này và các quy định pháp luật khác có liên
# quan …", "Chấp hành nghiêm các quy định của Quyết định này.": to comply with the text itself.
_COMPLIANCE = re.compile(
    r"^(?:thuc hien|chap hanh)(?: nghiem(?: tuc)?)?(?: (?:day du|dung))?"
    r" (?:cac |nhung )?(?:noi dung|quy dinh)(?: (?:tai|cua|trong))?"
    r" (?:quyet dinh|chi thi|ke hoach|quy dinh|quy che|nghi quyet|thong bao|cong van) nay"
    r"(?:,? va (?:cac |nhung )?quy dinh(?: (?:cua )?phap luat)?(?: khac)?(?: co lien quan)?[^.;]{0,80})?"
    r"\s*[./]*$"
)


def _generic_compliance(reading: Reading, out: list[str]) -> None:
    """A duty that is only to comply with the text itself ("Thực hiện nghiêm túc các nội dung tại
    Quyết định này và các quy định pháp luật khác có liên quan …") is no duty of its own, like the
    generic closing (corpus README); the body named above it then has none."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag != "ITEM" or not lines[no - 1]:
            continue
        para, last = _wrapped_sentence(lines, no)
        content = split_marker(plain(" ".join(para))).content.strip(" *_")
        if not _COMPLIANCE.match(fold(content)):
            continue
        for n in range(no, last + 1):
            if out[n - 1] in ("ITEM", "ITEM_CONT"):
                out[n - 1] = "OTHER"


def _wrapped_lead_sections(reading: Reading, out: list[str]) -> None:
    """A lead paragraph that opens with bodies and announces the duties below it, wrapped over a
    few lines ("1. Các đồng chí Bộ trưởng," / "Thủ trưởng cơ quan ngang Bộ, … theo chức năng, …
    đề cao trách nhiệm, …; trong đó lưu ý chú trọng thực hiện tốt một số nội dung trọng tâm" /
    "sau:"), right above dash duties the labeller took, is their addressee when the labeller read
    no addressee in it."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        line = lines[no - 1]
        if tag != "OTHER" or not line or no in reading.noise or no < reading.start:
            continue
        if no > 1 and lines[no - 2] and split_marker(plain(line)).kind is None:
            continue  # not the first line of its paragraph
        para, last = _wrapped_sentence(lines, no, limit=8)
        if len(para) < 2 or not para[-1].rstrip("*_ ").endswith(":"):
            continue
        if any(out[n - 1] != "OTHER" for n in range(no, last + 1)):
            continue
        nxt = last + 1
        while nxt <= len(lines) and not lines[nxt - 1]:
            nxt += 1
        if nxt > len(lines) or out[nxt - 1] != "ITEM":
            continue
        if split_marker(plain(lines[nxt - 1])).kind not in ("dash", "plus"):
            continue
        joined = split_marker(" ".join(para)).content.strip(" *_")
        if not _LEAD_TAIL.search(fold(joined)):
            continue
        found = detect_addressee(joined)
        if found is None or not joined.startswith(found.text[:10]):
            continue
        out[no - 1] = "SECTION"


# "… thực hiện nhiệm vụ, quyền hạn theo quy định của pháp luật hiện hành.": a body's standing
# competence restated, nothing to carry out or report on.
_STANDING_POWERS = re.compile(
    r"^(?:thuc hien|co) (?:cac )?(?:chuc nang,? )?nhiem vu,? (?:va )?quyen han(?: cua minh)?"
    r" theo (?:quy dinh|dung quy dinh)(?: cua phap luat)?(?: hien hanh)?\s*[.;]*$"
)


def _standing_powers(reading: Reading, out: list[str]) -> None:
    """A clause that only says a body performs its tasks and powers as the law provides ("1. Ban
    Quản lý thực hiện nhiệm vụ, quyền hạn theo" / "quy định của pháp luật hiện hành.") is a
    statement of competence in a decision, no duty."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in ("ITEM", "SECTION_ITEM") or not lines[no - 1]:
            continue
        para, last = _wrapped_sentence(lines, no)
        content = split_marker(" ".join(para)).content.strip(" *_")
        found = detect_addressee(content)
        rest = content[len(found.text) :] if found and content.startswith(found.text) else content
        if not _STANDING_POWERS.match(fold(rest.strip(" ,"))):
            continue
        for n in range(no, last + 1):
            if out[n - 1] in ("ITEM", "ITEM_CONT", "SECTION_ITEM"):
                out[n - 1] = "OTHER"


# The address of a stored web page on its "Source:" line, and the words of its last path segment
# (the article's slug: "huyen-uy-bo-trach-quan-triet-chi-thi-so-35-cttw-…-2170746.html").
_SOURCE_URL = re.compile(r"^source:\s*(?:\S+\s+)*?(https?://\S+)")
_SLUG_WORDS = 5
_HEADLINE_LINES = 10


def _slug_words(reading: Reading) -> list[str]:
    """The words of the page's slug when the text opens with the address of a web page."""
    first = next((ln for ln in reading.lines if ln and ln.strip()), "")
    m = _SOURCE_URL.match(fold(first.strip()))
    if m is None:
        return []
    tail = m.group(1).split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
    tail = re.sub(r"\.(?:html?|aspx?|php|vnp)$", "", tail)
    return [w for w in re.split(r"[-_+]+", tail) if w]


def _page_headline(reading: Reading, out: list[str]) -> None:
    """A news page's headline ("Huyện ủy Bố Trạch: Quán triệt Chỉ thị số 35-CT/TW …") is the
    title of the article, not a duty nor the body it names: among the first lines, a line whose
    opening words are those of the page's address (its slug) assigns nothing."""
    slug = " ".join(_slug_words(reading))
    if not slug:
        return
    seen = 0
    for no, line in enumerate(reading.lines[: len(out)], start=1):
        if not line or not line.strip() or no == 1:
            continue
        seen += 1
        if seen > _HEADLINE_LINES:
            return
        words = re.findall(r"[a-z0-9]+", fold(plain(line)).replace("đ", "d"))
        if len(words) < _SLUG_WORDS or out[no - 1] == "OTHER":
            continue
        if " ".join(words[: 2 * _SLUG_WORDS]) in slug:
            out[no - 1] = "OTHER"


def _restated_duties(reading: Reading, out: list[str]) -> None:
    """A news article that quotes a duty and then retells it in its own words ("e) Tăng cường …
    Đảm bảo 100% nhà để ở …" / "Theo đó, Chủ tịch … yêu cầu Công an Thành phố đảm bảo 100% nhà
    để ở …"): a prose paragraph without marker, tagged as a duty, most of whose wording (runs of
    ten words) is already in a duty above it, gives no new duty nor section."""
    duties: list[set[tuple[str, ...]]] = []
    open_duty: set[tuple[str, ...]] | None = None
    for no, tag in enumerate(out, start=1):
        line = reading.lines[no - 1]
        if not line or not line.strip():
            continue
        text = plain(line)
        grams = shingles(text)
        if tag == "ITEM_CONT" and open_duty is not None:
            open_duty |= grams
            continue
        if tag not in ("ITEM", "SECTION_ITEM"):
            open_duty = None
            continue
        if (
            grams
            and len(text) >= MIN_PROSE_CHARS
            and split_marker(text).kind is None
            and table_cells(text) is None
            and restates(grams, duties)
        ):
            out[no - 1] = "OTHER"  # nor a section: the body is the quoted duty's
            open_duty = None
            continue
        open_duty = set(grams)
        duties.append(open_duty)


def _bold_name_then_duty(bold: str, after: str) -> bool:
    """A bold "(n)" entry whose emphasis holds a name the body rules do not know ("Các Tập đoàn
    kinh tế, Tổng công ty nhà nước") and whose text after the emphasis opens with a duty verb:
    the name of the body that duty is given to."""
    name = plain(bold).strip(" *_")
    rest = after.strip(" *_")
    return (
        bool(name[:1].isupper())
        and 1 < len(name.split()) <= 15
        and not name.endswith((".", ":", ";"))
        and not starts_with_duty_verb(name)
        and starts_with_duty_verb(rest)
    )


_ASSIGN_PREFIX = re.compile(r"^(?:giao|yeu cau|de nghi)\s+")


def _lower_case_body(content: str) -> Addressee | None:
    """The body named in lower case right after the word that assigns ("Đề nghị thường trực các
    tỉnh" / "uỷ, thành uỷ tiếp tục …"): read as if its name were capitalised."""
    m = _ASSIGN_PREFIX.match(fold(content))
    if m is None or not content[m.end() : m.end() + 1].islower():
        return None
    found = detect_addressee(content[: m.end()] + content[m.end()].upper() + content[m.end() + 1 :])
    return found if found is not None and found.prefix else None


_CRITERIA_WORDS = 4


def _criteria_dash_headings(reading: Reading, out: list[str]) -> None:
    """A dash entry that only names principles or criteria ("- Nguyên tắc", "- Tiêu chí") titles
    the entries below it; it is no duty, even where a lead above made its list duties."""
    for no, line in enumerate(reading.lines[: len(out)], start=1):
        if not line or out[no - 1] not in ("ITEM", "SECTION_ITEM"):
            continue
        head = split_marker(plain(line))
        content = head.content.strip(" *_").rstrip(" :")
        if (
            head.kind == "dash"
            and len(content.split()) <= _CRITERIA_WORDS
            and _CRITERIA_HEADING.match(fold(content))
        ):
            out[no - 1] = "OTHER"


def _bold_heading_sections(reading: Reading, out: list[str]) -> None:
    """A numbered entry written wholly in bold that asks bodies ("**2. Yêu cầu các cấp uỷ, tổ chức
    đảng … cần hết sức khẩn trương, …**") above its own numbered sub-entries of duties ("2.1.
    Tập trung …") is their heading: it names their addressee, the sub-entries are the duties."""
    numbered = [(no, ln) for no, ln in enumerate(reading.lines[: len(out)], start=1) if ln]
    for k, (no, raw) in enumerate(numbered[:-1]):
        if out[no - 1] != "SECTION_ITEM":
            continue
        raw = raw.strip()
        mk = split_marker(plain(raw))
        if mk.kind != "num" or not (raw.startswith("**") and raw.endswith("**")):
            continue
        below_no, below = numbered[k + 1]
        below_mk = split_marker(plain(below))
        if (
            out[below_no - 1] == "ITEM"
            and below_mk.kind == "num"
            and deeper(below_mk.depth, mk.depth)
        ):
            out[no - 1] = "SECTION"


# A web page's own summary of the document it publishes: a "## <title>" heading, a few lines that
# retell the document's points ("Theo đó, … yêu cầu …: - Khẩn trương …") and "Xem chi tiết (tại) …"
# pointing to the full text that follows on the page.
_SUMMARY_END = re.compile(r"^xem chi tiet\b")


def _site_summary(reading: Reading, out: list[str]) -> None:
    """The lines of a page's summary block ("## …" up to "Xem chi tiết …", within 40 lines) retell
    the document's duties before its full text: none of them is a duty or an addressee of its own,
    when the page goes on with more text after the block (the document itself)."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line.lstrip().startswith("## "):
            continue
        if split_marker(plain(line).lstrip("# ")).kind is not None:
            continue  # a numbered part of the document ("## II. NHIỆM VỤ …"), not a page's title
        end = None
        for n in range(no + 1, min(no + 40, len(lines)) + 1):
            text = lines[n - 1].strip()
            if text.startswith("#"):
                break
            if _SUMMARY_END.match(fold(text.strip(" *_("))):
                end = n
                break
        if end is None or sum(1 for ln in lines[end:] if ln.strip()) < 2 * (end - no):
            continue
        for n in range(no, end + 1):
            out[n - 1] = "OTHER"


_LIST_KINDS = ("dash", "plus", "alpha", "num")


def _bold_body_heading(reading: Reading, out: list[str]) -> None:
    """A numbered heading wholly in emphasis that names a body, possibly hard-wrapped ("**2. Các
    Sở, ngành chủ trì, quản" / "lý, tham gia thực hiện các dự án …**"), is that body's addressee
    line: the emphasis closes before any duty, so the heading carries none itself (its duties are
    the entries or the paragraph below it). One that reads as a body and its duty ("**2. Các Sở,
    ngành chủ trì, quản lý …**", "**11. Các đơn vị … có trách nhiệm**") is so only when a list of
    entries follows it."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        raw = line.strip()
        if not raw.startswith("**") or (no > 1 and lines[no - 2].strip()):
            continue
        para = [no]
        while para[-1] < len(lines) and lines[para[-1]].strip() and len(para) < 4:
            para.append(para[-1] + 1)
        joined = " ".join(lines[n - 1].strip() for n in para)
        if not joined.endswith("**") or len(re.findall(r"\*\*", joined)) != 2:
            continue
        if table_cells(raw) is not None:
            continue
        mk = split_marker(plain(joined))
        if mk.kind not in ("num", "alpha", "roman") or len(mk.content) > 200:
            continue
        found = detect_addressee(mk.content.strip(" *_:"))
        if found is None:
            continue
        nxt = next((n for n in range(para[-1] + 1, len(lines) + 1) if lines[n - 1].strip()), 0)
        listed = nxt and split_marker(plain(lines[nxt - 1])).kind in _LIST_KINDS
        if found.inline and not listed:
            continue  # "**7. Giao Ủy ban Kiểm tra … hướng dẫn …**": a whole duty in emphasis
        named = next((n for n in para if out[n - 1] in ("SECTION", "SECTION_ITEM")), None)
        if named is None:
            continue  # read as no addressee at all: left to the other rules
        for n in para:
            # the line the labeller read as the addressee ("**1." / "Sở Y tế:**": the name's line)
            # stays so, without a duty; no other line of the heading is one
            out[n - 1] = "SECTION" if n == named else "OTHER"


def _flattened_row_cells(reading: Reading, out: list[str]) -> None:
    """In a task table flattened one cell per line (after `_flattened_table_rows`), a row's bare
    number ("1") is no duty (its text on the next line is), and after the row's duty a line that
    only names a body ("Bộ Giáo dục và Đào tạo", "Các cơ sở nghiên cứu -") is its lead or
    cooperating cell, no duty of its own."""
    lines = reading.lines
    start = next(
        (no for no in range(1, len(lines) + 1) if lines[no - 1] and _flattened_header(reading, no)),
        None,
    )
    if start is None:
        return
    row = False  # a row's duty was read and its cells may follow
    for no in range(start + 1, len(lines) + 1):
        line = lines[no - 1]
        if not line:
            continue
        text = plain(line).strip()
        if table_cells(text) is not None:
            return
        if _flattened_header(reading, no) or text in ("-", "\\-", "–"):
            row = False
            continue
        if _ROW_NUMBER.match(text):
            row = False
            if out[no - 1] in ("ITEM", "SECTION_ITEM"):
                out[no - 1] = "OTHER"
                nxt = next((n for n in range(no + 1, len(lines) + 1) if lines[n - 1]), None)
                if nxt is not None and out[nxt - 1] in ("OTHER", "ITEM_CONT"):
                    out[nxt - 1] = "ITEM"
            continue
        if out[no - 1] not in ("ITEM", "SECTION_ITEM"):
            continue
        if not row:
            row = True
            continue
        found = detect_addressee(text.strip(" -–*_"))
        if found is not None and not found.inline and not found.item_text.strip(" -–:"):
            out[no - 1] = "OTHER"


# "**6. Sở Nội vụ: **Tham mưu UBND …": a numbered entry whose emphasis holds only a body's name and
# closes after its colon, the body's duty following on the same line.
_BOLD_NAME_COLON = re.compile(r"^\*{1,2}([^*:]{3,140}?):\s*\*{1,2}\s*(\S.*)$")


def _bold_name_run_in(reading: Reading, out: list[str]) -> None:
    """A numbered entry opening with a body's name in emphasis up to its colon and a duty after it
    on the same line is that body's run-in duty, however the labeller read it."""
    for no, line in enumerate(reading.lines, start=1):
        if not line or out[no - 1] == "SECTION_ITEM":
            continue
        m = _BOLD_NAME_COLON.match(line.strip())
        if m is None or table_cells(line) is not None:
            continue
        mk = split_marker(m.group(1))
        if mk.kind not in ("num", "alpha"):
            continue
        found = detect_addressee(mk.content.strip())
        duty = fold(m.group(2).strip(" *_"))
        if found is None or found.inline or not starts_with_duty_verb(duty):
            continue
        out[no - 1] = "SECTION_ITEM"


def _roman_headings(reading: Reading, out: list[str]) -> None:
    """A line numbered in roman figures ("IV. Tăng cường, nâng cao năng lực …") heads a part or a
    group of rows: what it announces is done by the duties below it, so it is no duty itself (none
    of the 157 such lines of the labelled corpus is one)."""
    for no, line in enumerate(reading.lines, start=1):
        if line and out[no - 1] == "ITEM" and split_marker(plain(line)).kind == "roman":
            out[no - 1] = "OTHER"


def _nominal_list_below_text(reading: Reading, out: list[str]) -> None:
    """The entries below a sentence that is no duty and ends with ":" ("a) Rà soát …, trong đó chú
    trọng ưu tiên nguồn lực vào các dự án đầu tư công trọng điểm:") that all name things ("- Dự án
    bố trí, sắp xếp dân cư …", "- Dự án phòng, chống ngập lụt …") list what the sentence covers:
    as with a duty's contents (`_nominal_contents`), none of them is a duty."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in ("OTHER", "ITEM_CONT") or not lines[no - 1]:
            continue
        head = split_marker(plain(lines[no - 1]))
        if head.kind is None and no > 1 and lines[no - 2]:
            continue  # the sentence must open an entry or a paragraph
        para, last = _wrapped_sentence(lines, no)
        if not para[-1].rstrip(" *_").endswith(":") or table_cells(para[0]) is not None:
            continue
        children = _nominal_entries_below(
            reading, out, last,
            lambda mk, head=head: (mk.kind not in ("dash", "plus")
                                   or (head.kind is not None and mk.kind == head.kind)))
        for n in children:
            out[n - 1] = "OTHER"


def _same_verb_siblings(reading: Reading, out: list[str]) -> None:
    """The dash entries after a list's duties, at their depth, left as text by the labeller (an
    unmarked sentence inside the list lost it: "- Đánh giá sự phù hợp …" / "Khi đánh giá …" / "-
    Đánh giá nhu cầu …" / "- Đánh giá về …") are duties too when each opens with the same two
    words as one of the list's duties: the entries of one body's list are alike."""
    for dashes in _dash_lists(reading, out):
        duty = [k for k, (i, _) in enumerate(dashes) if out[i] in ("ITEM", "SECTION_ITEM")]
        if not duty:
            continue
        depth = dashes[duty[-1]][1]
        openings = {_opening_words(reading, dashes[k][0]) for k in duty if dashes[k][1] == depth}
        openings.discard("")  # a lower-case or short entry opens with nothing to compare
        tail = [i for i, d in dashes[duty[-1] + 1 :] if d == depth and out[i] == "OTHER"]
        if tail and all(_opening_words(reading, i) in openings for i in tail):
            for i in tail:
                out[i] = "ITEM"


def _opening_words(reading: Reading, i: int) -> str:
    content = split_marker(plain(reading.lines[i])).content.strip(" *_")
    if not content[:1].isupper():
        return ""
    words = fold(content).split()
    return " ".join(words[:2]) if len(words) >= 3 else ""


# The signature under "Nơi nhận": "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "T/M BAN BÍ THƯ", or a
# bare title ("PHÓ CHỦ TỊCH", "THỦ TƯỚNG", "GIÁM ĐỐC").
_SIGNATURE_LINE = re.compile(
    r"^(?:(?:kt|tm|tl|ttl|t/m|k/t)\.?\s|(?:pho )?(?:chu tich|giam doc|thu tuong|bo truong|"
    r"chanh van phong|truong ban|bi thu|chu nhiem|thu truong)\s*[.,]?\s*$)"
)
# An annex that hands out work ("KẾ HOẠCH …", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "DANH MỤC NHIỆM VỤ", "QUY
# CHẾ …", "ĐỀ ÁN …"): its entries are duties like the body's.
_WORK_ANNEX = re.compile(
    r"\b(?:ke hoach|chuong trinh|nhiem vu|de an|quy che|quy dinh|phan cong|giai phap|hanh dong|"
    r"trien khai|bao cao|cong viec|phuong an|du an)\b"
)
_SIGNATURE_REACH = 30  # lines from "Nơi nhận" to the end of the signature block
_RECIPIENTS = re.compile(r"^noi nhan\s*:?\s*$|^noi nhan\s*:")  # not "Nơi nhận hồ sơ …"


def _gives_a_duty(line: str) -> bool:
    """A numbered or lettered entry, or a table row's cell, that names a body and gives it a duty
    on the same line ("2. Sở Tư pháp chủ trì soạn thảo …"), or a table's "chủ trì" / "cơ quan
    thực hiện" header. Not a dash entry (the recipients' list: "- Hội Khuyến học (để phối hợp);")
    nor a running sentence of the annex's text."""
    if not line:
        return False
    cells = table_cells(plain(line))
    if cells is None:
        mk = split_marker(plain(line))
        if mk.kind in (None, "dash", "plus"):
            return False
    texts = cells if cells is not None else [mk.content.strip(" *_")]
    for text in texts:
        folded = fold(text.strip(" *_"))
        if folded.startswith(("chu tri", "co quan chu tri", "co quan thuc hien", "don vi chu tri")):
            return True
        found = detect_addressee(text.strip(" *_"))
        if found is not None and found.inline:
            return True
    return False


def _annex_after_signature(reading: Reading, out: list[str]) -> None:
    """What follows the "Nơi nhận" list and the signature is an annex (a criteria table, "HƯỚNG
    DẪN ĐÁNH GIÁ", a form, a list of units or fees): its numbered entries are no duties unless the
    annex hands out work (a plan, a programme, a list of tasks), which its capitalised titles
    say."""
    lines = reading.lines
    start = next(
        (
            no
            for no, ln in enumerate(lines, start=1)
            if ln and _RECIPIENTS.match(fold(split_marker(plain(ln)).content.strip(" *_")))
        ),
        None,
    )
    if start is None:
        return
    signed = [
        no
        for no in range(start + 1, min(len(lines), start + _SIGNATURE_REACH) + 1)
        if lines[no - 1] and _SIGNATURE_LINE.match(fold(plain(lines[no - 1]).strip(" *_")))
    ]
    if not signed:
        return
    end = signed[-1]
    titles = [
        fold(plain(ln).strip(" *_"))
        for ln in lines[end:]
        if ln and table_cells(plain(ln)) is None and is_all_caps(plain(ln).strip(" *_"))
    ]
    if not titles or any(_WORK_ANNEX.search(t) for t in titles):
        return
    if any(_gives_a_duty(lines[no - 1]) for no in range(end + 1, len(lines) + 1)):
        return  # whatever its title, an annex whose entries give bodies duties hands out work
    for no in range(end + 1, len(lines) + 1):
        if out[no - 1] != "OTHER":
            out[no - 1] = "OTHER"


# "Điều 3. Phân cấp thẩm quyền xác lập …": an article that hands powers down, not tasks (not one
# on duties as well: "Phân cấp quản lý và trách nhiệm của …"; "Ủy quyền cho Bộ … ký Hiệp định" is
# a task).
_DEVOLUTION_ARTICLE = re.compile(
    r"^(?:phan cap|phan quyen)\b(?![^.:;]{0,60}\b(?:nhiem vu|trach nhiem)\b)"
)


# What an article on devolved powers may still give as a task: a duty, not a power to decide.
_DEVOLVED_DUTY = re.compile(
    r"\b(?:co trach nhiem|chiu trach nhiem|chu tri|phoi hop|huong dan|kiem tra|theo doi|"
    r"bao cao|to chuc thuc hien|giao)\b"
)


def _devolved_powers(reading: Reading, out: list[str]) -> None:
    """The clauses of an article that devolves powers ("Điều 4. Phân cấp thẩm quyền quyết định phê
    duyệt phương án …" / "c) Sở Tài chính quyết định phê duyệt …") say which body may decide
    what: no duty and no addressee, up to the next article."""
    lines = reading.lines
    devolving = False
    title_end = 0
    for no, line in enumerate(lines, start=1):
        if not line or table_cells(plain(line)) is not None:
            continue
        mk = split_marker(plain(line))
        if mk.kind in ("dieu", "roman"):
            title, title_end = clause_text(lines, no, limit=3)
            devolving = mk.kind == "dieu" and bool(_DEVOLUTION_ARTICLE.match(fold(title)))
            continue
        if devolving and no > title_end and out[no - 1] != "OTHER":
            if _DEVOLVED_DUTY.search(fold(plain(line))):
                continue  # a task given inside the article ("Sở … có trách nhiệm hướng dẫn …")
            out[no - 1] = "OTHER"


_RESPONSIBILITY_OF = re.compile(r"^trach nhiem cua\s")


def _responsibility_blocks(reading: Reading, out: list[str]) -> None:
    """A block "1. Trách nhiệm của Sở Nông nghiệp và / Môi trường" above lettered duties that name
    no body ("a) Tổ chức triển khai …") is their addressee, not a duty; and the article's title naming
    the bodies of two or more such blocks ("Điều 2. Trách nhiệm của Sở …; Uỷ ban nhân dân các xã")
    is no addressee of its own."""
    lines = reading.lines
    blocks: list[tuple[int, int]] = []  # (article line, block line)
    article = 0
    for no, line in enumerate(lines, start=1):
        if not line or table_cells(plain(line)) is not None:
            continue
        mk = split_marker(plain(line))
        if mk.kind in ("dieu", "roman"):
            article = no
            continue
        if mk.kind not in ("num", "alpha"):
            continue
        text, last = clause_text(lines, no, limit=3)
        f = fold(text)
        if not _RESPONSIBILITY_OF.match(f) or text.rstrip(" *_").endswith((".", ";")):
            continue
        if detect_addressee(text[len("Trách nhiệm của ") :]) is None:
            continue
        nxt = next((k for k in range(last + 1, len(lines) + 1) if lines[k - 1]), None)
        if nxt is None or out[nxt - 1] != "ITEM":
            continue  # its entries name bodies of their own ("a) Bộ Xây dựng …")
        if split_marker(plain(lines[nxt - 1])).kind in (None, mk.kind):
            continue
        out[no - 1] = "SECTION"
        for k in range(no + 1, last + 1):
            out[k - 1] = "OTHER"
        blocks.append((article, no))
    for article in {a for a, _ in blocks if a}:
        if sum(a == article for a, _ in blocks) >= 2 and out[article - 1] != "OTHER":
            title, last = clause_text(lines, article, limit=3)
            if _RESPONSIBILITY_OF.match(fold(title)) or out[article - 1] == "SECTION":
                for k in range(article, last + 1):
                    out[k - 1] = "OTHER"


# "Số 202/TTr-BVHTTDL ngày 11 tháng 5 năm 2026, …": a document's number opening a line.
_CITED_NUMBER = re.compile(r"^so \d+/[a-z0-9]")


def _citation_line_runs_on(reading: Reading, out: list[str]) -> None:
    """A line that opens with a document's number ("Số 202/TTr-BVHTTDL ngày …", a citation cut by
    a page break or a hard wrap) continues the sentence above: it opens no duty nor section."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line or out[no - 1] not in ("ITEM", "SECTION_ITEM", "SECTION"):
            continue
        mk = split_marker(plain(line))
        if mk.kind is not None or not _CITED_NUMBER.match(fold(mk.content.strip(" *_"))):
            continue
        prev = next((k for k in range(no - 1, 0, -1) if lines[k - 1]), None)
        joined = prev == no - 1 and out[prev - 1] in ("ITEM", "SECTION_ITEM", "ITEM_CONT")
        out[no - 1] = "ITEM_CONT" if joined else "OTHER"


def _wrapped_entry_into_force(reading: Reading, out: list[str]) -> None:
    """ "1. Quyết định này có hiệu / lực kể từ ngày …": the entry-into-force clause cut by a hard
    wrap inside its words is nobody's duty either, nor are its wrapped lines."""
    lines = reading.lines
    for no, line in enumerate(lines, start=1):
        if not line or out[no - 1] not in ("ITEM", "SECTION_ITEM"):
            continue
        text, last = clause_text(lines, no, limit=3)
        if _IN_FORCE.match(fold(text)):
            out[no - 1] = "OTHER"
            for k in range(no + 1, last + 1):
                if out[k - 1] == "ITEM_CONT":
                    out[k - 1] = "OTHER"
def _wrapped_bold_headings(reading: Reading, tags: list[str]) -> dict[int, str]:
    """A bold heading that names a body and wraps onto the next line ("**5. Sở" / "Khoa học và
    Công nghệ:**", "**4. Đề nghị Ủy ban Mặt trận" / "Tổ quốc Việt Nam thành phố**"): the body's
    name runs over both lines, so the section is opened on the joined heading, and the line that
    closes the bold is no text of its own. All 56 labelled sections on such a heading in the
    corpus name the body over both lines (none on the first line only).

    Returns {line of the heading: the joined heading, line that closes it: ""}."""
    lines = reading.lines
    joined: dict[int, str] = {}
    for no, tag in enumerate(tags, start=1):
        if tag not in ("SECTION", "SECTION_ITEM") or no >= len(lines) or no in joined:
            continue
        head, nxt = (lines[no - 1] or "").strip(), (lines[no] or "").strip()
        if not (head.startswith("**") and head.count("**") % 2 == 1):
            continue  # the heading opens bold and does not close it
        if not (nxt.endswith("**") and nxt.count("**") % 2 == 1) or nxt.startswith("**"):
            continue  # the next line closes it, and nothing else
        if tags[no] not in ("OTHER", "ITEM_CONT") or split_marker(plain(nxt)).kind is not None:
            continue
        joined[no] = head + " " + nxt
        joined[no + 1] = ""
    _wrapped_run_in_names(reading, tags, joined)
    return joined


def _wrapped_run_in_names(reading: Reading, tags: list[str], joined: dict[int, str]) -> None:
    """A section line whose body's name wraps onto the next line ("*4.1. *Giao Đảng" / "uỷ Chính
    phủ: *(i) *Chỉ đạo …", "*4.6. *Văn phòng" / "Trung ương Đảng phối hợp …"): the section is
    opened on both lines joined, as for a wrapped bold heading, so the name is read whole."""
    lines = reading.lines
    for no, tag in enumerate(tags, start=1):
        if tag not in ("SECTION", "SECTION_ITEM") or no >= len(lines) or no in joined:
            continue
        # the name's second line read as the duty ("4.6. Văn phòng" / "Trung ương Đảng phối hợp …"),
        # unless a colon ends the name there and the duty follows it (a wrapped bold heading)
        below = ("OTHER", "ITEM_CONT", "ITEM") if tag == "SECTION" else ("OTHER", "ITEM_CONT")
        if no + 1 in joined or tags[no] not in below or not lines[no]:
            continue
        if lines[no - 1].lstrip().startswith("**") or (tags[no] == "ITEM" and ":" in lines[no]):
            continue  # bold headings are joined by the rule above and the rules on them
        text = plain(lines[no - 1])
        if wrapped_addressee(text, plain(lines[no])) is None:
            continue
        # the entry's marker, then its name without the emphasis left after the marker
        content = split_marker(text).content
        head = text[: len(text) - len(content)] + content.lstrip("*_ ")
        joined[no] = head.rstrip() + " " + plain(lines[no]).strip()
        joined[no + 1] = ""


# "… theo dõi, đôn đốc …", "… theo dõi, kiểm tra, đôn đốc …", "… đôn đốc, theo dõi …" right after
# the body's name.
_MONITORS = re.compile(r"^(?:theo doi,(?: kiem tra,)? don doc|don doc,(?: kiem tra,)? theo doi)\b")


def _monitoring_duty(reading: Reading, out: list[str]) -> None:
    """A sentence that opens with a body's name and "theo dõi, đôn đốc" ("Văn phòng Chính phủ theo
    dõi, đôn đốc các Bộ, địa phương thực hiện nghiêm túc Công điện này …"), numbered or not, is the
    monitoring duty that closes a directive: that body's duty (the 4 such sentences of the
    labelled corpus all are), also when it stands unnumbered after the numbered list."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in ("OTHER", "ITEM_CONT") or not lines[no - 1] or no in reading.noise:
            continue
        text = plain(lines[no - 1])
        if table_cells(text) is not None:
            continue
        mk = split_marker(text)
        content = mk.content.strip(" *_")
        if not content[:1].isupper():
            continue
        prev = plain(lines[no - 2]).rstrip(" *_") if no > 1 and lines[no - 2] else ""
        if mk.kind is None and prev and not prev.endswith((".", ";", ":")):
            continue  # a wrapped line of the sentence above
        addr = detect_addressee(content)
        if addr is None or not addr.inline or addr.prefix or not content.startswith(addr.text):
            continue
        if _MONITORS.match(fold(content[len(addr.text) :].strip(" ,"))):
            out[no - 1] = "SECTION_ITEM"
