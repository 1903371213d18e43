"""Layout rules over the labeller's tags for decisions and resolutions written in articles
("Điều N.") and their numbered clauses, applied at the end of :func:`.repair.repair_tags`.

Each rule reads a clause over its hard-wrapped lines (Công báo text and web pages wrap an
article's first words away from the rest: "**Điều 4. **Bộ Ngoại giao hoàn" / "tất các thủ tục …").
"""

from __future__ import annotations

import re

from .normalize import fold
from .structure import (
    Addressee,
    detect_addressee,
    plain,
    split_marker,
    starts_with_duty_verb,
    table_cells,
)

DUTY_TAGS = ("ITEM", "SECTION_ITEM")


def clause_text(lines: list[str], no: int, limit: int = 8) -> tuple[str, int]:
    """The clause that opens on line ``no`` (1-based; marker removed) with its wrapped lines — up
    to a blank line, a list marker or a table row, at most ``limit`` lines — and its last line."""
    parts = [split_marker(plain(lines[no - 1])).content.strip(" *_")]
    last = no
    while (
        last - no + 1 < limit
        and last < len(lines)
        and lines[last]
        and split_marker(plain(lines[last])).kind is None
        and table_cells(plain(lines[last])) is None
    ):
        parts.append(plain(lines[last]).strip(" *_"))
        last += 1
    return " ".join(p for p in parts if p), last


def _quiet(out: list[str], no: int, last: int) -> None:
    """Lines ``no`` .. ``last`` open no duty and continue none."""
    for n in range(no, last + 1):
        if n == no or out[n - 1] in ("ITEM_CONT", "ITEM", "SECTION_ITEM"):
            out[n - 1] = "OTHER"


# "… chịu trách nhiệm (toàn diện) về nội dung …", "… về tính chính xác của …", "… về số liệu …":
# the body answers for what it submitted; it is told no task it could report on.
_ACCOUNTABLE = re.compile(
    r"^chiu trach nhiem (?:toan dien )?ve (?:noi dung|tinh (?:chinh xac|trung thuc|hop phap)"
    r"|(?:viec )?(?:tong hop )?so lieu)\b"
)


def _accountability_sentence(sentence: str) -> bool:
    """Does ``sentence`` only make a body answer for what it submitted? Not when a clause after
    ";" goes on with a task ("Chịu trách nhiệm về tính chính xác của số liệu; tổng hợp, báo cáo
    …")."""
    if any(starts_with_duty_verb(part.strip(" *_")) for part in re.split(r";\s*", sentence)[1:]):
        return False
    f = fold(sentence.strip(" *_"))
    if not _ACCOUNTABLE.match(f):
        found = detect_addressee(sentence.strip(" *_"))
        if found is None or not found.inline:
            return False
        f = fold(sentence.strip(" *_")[len(found.text) :].strip(" ,"))
    return bool(_ACCOUNTABLE.match(f))


def accountability_clauses(reading, out: list[str]) -> None:
    """A clause in which every sentence only makes a body answer for the content or accuracy of
    what it submits ("b) Chịu trách nhiệm về nội dung hồ sơ, báo cáo …", "5. Bộ Y tế chịu trách
    nhiệm về việc tổng hợp số liệu. Bộ Tài chính, … chịu trách nhiệm về số liệu đã rà soát …") is
    no duty, nor are its wrapped lines."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag not in DUTY_TAGS or not lines[no - 1] or table_cells(plain(lines[no - 1])):
            continue
        text, last = clause_text(lines, no)
        sentences = [s for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐ])", text) if s.strip(" ./")]
        if sentences and all(_accountability_sentence(s) for s in sentences):
            _quiet(out, no, last)


# "Điều 2. Ủy quyền cho Lãnh đạo Bộ …", "Điều 3. Phân công Phó Thủ tướng … chỉ đạo …", "Điều 2.
# Giao Sở …": the article opens by assigning; whom it names is the body.
_ASSIGNING = re.compile(r"^(?:uy quyen cho|phan cong|giao(?: cho)?)\s+(?=\S)")
# "… có trách nhiệm …", "… chủ trì …": the body's role, which opens its duty (the one reading,
# `repair` uses it too).
ROLE_START = re.compile(r"(?:co|chiu) trach nhiem\b|co nhiem vu\b|chu tri\b")
# Verbs the name rules do not cut a body's name at ("Bộ Ngoại giao hoàn tất các thủ tục …").
_MORE_VERBS = re.compile(r"^(?:hoan tat|can cu\b[^.;]{0,80}?\bde)\s")
# What a body set up by the text is, and how it works ("Ban Chỉ đạo làm việc theo nguyên tắc tập
# trung dân chủ", "Ban Quản lý có tư cách pháp nhân", "… là cơ quan hành chính thuộc …"): its
# status, not a task.
_STATUS = re.compile(
    r"\b(?:lam viec theo (?:nguyen tac|che do|quy che)|hoat dong theo (?:nguyen tac|che do|quy che)"
    r"|la co quan (?:hanh chinh|su nghiep|chuyen mon|truc thuoc|thuoc)|co tu cach phap nhan"
    r"|thuc hien (?:cac )?(?:chuc nang, )?nhiem vu,? quyen han theo quy dinh)"
)
# The execution clause ("Các Bộ trưởng, … chịu trách nhiệm thi hành Quyết định này", "… có trách
# nhiệm thi hành Nghị quyết này"), the one reading (`repair` uses it too); not a body told to
# guide or oversee it ("Sở Tư pháp hướng dẫn, kiểm tra việc thi hành Chỉ thị này; …"), a duty.
EXECUTION = re.compile(
    r"(?:(?:chiu|co) trach nhiem )?(?<!viec )(?<!huong dan )(?<!kiem tra )(?<!giam sat )"
    r"(?<!theo doi )(?<!don doc )thi hanh"
    r" (?:(?:quyet dinh|nghi quyet|chi thi|ke hoach|thong tu|quy dinh|quy che) )?nay"
)


def _body_then_duty(text: str) -> bool:
    """Does ``text`` open with a body and go on with its duty?"""
    status = _STATUS.search(fold(text))
    if status is not None and status.start() < 80:
        return False
    found = detect_addressee(text)
    if found is not None and found.inline:
        rest = fold(text[text.find(found.text) + len(found.text) :].strip(" ,"))
        return bool(
            starts_with_duty_verb(rest) or ROLE_START.match(rest) or _MORE_VERBS.match(rest)
        )
    words = text.split()
    if found is None or len(words) < 3:
        return False
    for k in range(2, min(7, len(words))):  # the name rules found no end of the name
        rest = fold(" ".join(words[k:]))
        if _MORE_VERBS.match(rest):
            return True
    return False


def _duty_follows(lines: list[str], out: list[str], last: int) -> bool:
    """Is the first line after line ``last`` that is not blank tagged as a duty?"""
    n = last + 1
    while n <= len(lines) and not lines[n - 1]:
        n += 1
    return n <= len(lines) and out[n - 1] in DUTY_TAGS


def article_run_ins(reading, out: list[str]) -> None:
    """An article the labeller left as text whose sentence, read over its wrapped lines, assigns
    ("**Điều 2. **Ủy quyền cho Lãnh đạo" / "Bộ Xây dựng thay mặt Chính phủ … ký …") or opens with
    a body and its duty ("**Điều 2.** Ủy ban nhân dân các" / "tỉnh, thành phố nêu tại Điều 1 căn cứ
    … để quyết định …"; "**Điều 4. **Bộ Ngoại giao hoàn" / "tất các thủ tục …") is that body's
    run-in duty; not the execution clause, nor a body answering for content."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        line = lines[no - 1]
        if tag not in ("OTHER", "SECTION") or not line:
            continue
        if split_marker(plain(line)).kind != "dieu":
            continue
        text, last = clause_text(lines, no)
        f = fold(text)
        if tag == "SECTION" and (text.endswith(":") or _duty_follows(lines, out, last)):
            continue  # the article names the body of the duties below it
        if EXECUTION.search(f) or _accountability_sentence(text):
            continue
        assigning = _ASSIGNING.match(f)
        if assigning:
            ok = text[assigning.end() :][:1].isupper()
        else:
            ok = _body_then_duty(text)
        if not ok:
            continue
        out[no - 1] = "SECTION_ITEM"
        for n in range(no + 1, last + 1):
            out[n - 1] = "ITEM_CONT"


# "Trên cơ sở nội dung Chỉ thị …, ", "Căn cứ Kế hoạch này, ", "Trong năm 2014, ": a clause of
# ground or time before the body that carries the duty (the one reading, `repair` uses it too).
LEAD_IN = re.compile(
    r"^(?:tren co so|can cu|trong (?:nam|qua trinh|thoi gian)|ket thuc|sau khi|dinh ky|hang nam)\b"
)


def lead_in_addressee(content: str) -> Addressee | None:
    """The body named after a clause of ground or time that opens a run-in duty ("1. Trên cơ sở
    nội dung Chỉ thị …, các Bộ, … tổ chức xây dựng …", "2. Trong năm 2014, các địa phương tiếp
    tục …"), or None; its ``item_text`` is the whole sentence."""
    f = fold(content)
    if not LEAD_IN.match(f):
        return None
    for m in list(re.finditer(r",\s+", content[:200]))[:4]:
        found = detect_addressee(content[m.end() :])
        if found is None or not found.inline or found.item_text.endswith(":"):
            continue
        rest = fold(content[m.end() + len(found.text) :].strip(" ,"))
        if starts_with_duty_verb(rest) or ROLE_START.match(rest):
            return Addressee(found.text, True, content, found.lead_verb, found.prefix)
    return None


# The council's forms of the execution clause: "Giao Ủy ban nhân dân Thành phố tổ chức thực hiện
# Nghị quyết.", "Giao Thường trực Hội đồng nhân dân …, các Ban … giám sát việc tổ chức thực hiện
# Nghị quyết.", "Đề nghị Ủy ban Mặt trận Tổ quốc … phối hợp tuyên truyền, tham gia giám sát thực
# hiện Nghị quyết." (what the body does is only to carry out or oversee the text as a whole).
_COUNCIL_FORMULA = re.compile(
    r"^(?:theo chuc nang, nhiem vu, quyen han(?: cua minh)?,? )?(?:phoi hop tuyen truyen, )?"
    r"(?:tham gia )?(?:to chuc thuc hien|giam sat (?:viec )?(?:to chuc )?thuc hien)"
    r" nghi quyet(?: nay)?\s*[./]*$"
)


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.;])\s+(?=[A-ZĐ*])", text, maxsplit=1)[0]


def execution_formulas(reading, out: list[str]) -> None:
    """The execution clause read over its whole article, through a colon ("**Điều 5. **Bộ trưởng
    các Bộ:" / "Xây dựng, Ngoại giao, … chịu trách nhiệm thi hành Nghị quyết" / "này./"), and the
    council's execution and oversight formulas (see ``_COUNCIL_FORMULA``) name no addressee and
    give no duty."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag in ("OTHER", "ITEM_CONT") or not lines[no - 1]:
            continue
        text, last = clause_text(lines, no)
        sentence = _first_sentence(text)
        if EXECUTION.search(fold(sentence)):
            _quiet(out, no, last)
            continue
        found = detect_addressee(sentence)
        if found is None or not found.inline:
            continue
        rest = fold(sentence[sentence.find(found.text) + len(found.text) :].strip(" ,"))
        if _COUNCIL_FORMULA.match(rest):
            _quiet(out, no, last)


# "1. Đối với các chi phí … giai đoạn năm 2018-2022, giao Bảo hiểm xã hội Việt Nam tổ chức …": a
# clause of scope, then (after a comma) the body and its duty, often on the wrapped line.
_SCOPE = re.compile(r"^doi voi\s")
# "Giao …", "Yêu cầu …", "Đề nghị …": the words that assign (the one reading, `repair` uses it
# too): ``.match`` for a sentence that opens with them, ``.search`` for one that assigns anywhere;
# not a name or a noun ("Bộ Giao thông vận tải", "giáo dục", "giao dịch", "giao lưu").
ASSIGN_WORD = re.compile(r"\b(?:giao|yeu cau|de nghi)\s+(?!(?:thong|duc|dich|luu|vien)\b)")


def _scope_body(text: str):
    """The body that carries the duty after the scope clause opening ``text``, and where its name
    starts in ``text``; or None."""
    sentence = re.split(r"(?<=\.)\s+(?=[A-ZĐ])", text, maxsplit=1)[0]
    for m in list(re.finditer(r",\s+", sentence[:400]))[:6]:
        tail = sentence[m.end() :]
        f = fold(tail)
        assigning = ASSIGN_WORD.match(f)
        start = m.end() + (assigning.end() if assigning else 0)
        name_part = sentence[start:]
        found = detect_addressee(name_part)
        if found is not None and found.inline:
            rest = fold(name_part[len(found.text) :].strip(" ,"))
            if starts_with_duty_verb(rest) or ROLE_START.match(rest):
                return Addressee(found.text, True, sentence, found.lead_verb, ""), start
        if assigning and name_part[:1].isupper():
            words = name_part.split()
            for k in range(2, min(9, len(words))):  # "giao Bảo hiểm xã hội Việt Nam tổ chức …"
                if starts_with_duty_verb(" ".join(words[k:])):
                    name = " ".join(words[:k]).rstrip(" ,")
                    return Addressee(name, True, sentence, False, ""), start
    return None


def _scope_entry(lines: list[str], no: int):
    """For a clause opening on line ``no`` with a scope ("Đối với …") whose duty goes to a body
    named after a comma: (the line naming the body, the body, the clause's last line); else None."""
    line = lines[no - 1]
    if not line:
        return None
    mk = split_marker(plain(line))
    content = mk.content.strip(" *_")
    if mk.kind not in (None, "num", "alpha") or not content[:1].isupper():
        return None
    if not _SCOPE.match(fold(content)):
        return None
    text, last = clause_text(lines, no, limit=5)
    found = _scope_body(text)
    if found is None:
        return None
    addr, start = found
    # the line on which the body's name starts
    offset, at = 0, no
    for n in range(no, last + 1):
        part = (
            split_marker(plain(lines[n - 1])).content.strip(" *_")
            if n == no
            else plain(lines[n - 1]).strip(" *_")
        )
        if offset + len(part) >= start:
            at = n
            break
        offset += len(part) + 1
    return at, addr, last


def scope_entries(reading, out: list[str]) -> None:
    """An entry opening with a clause of scope whose duty goes to a body named after it ("1. Đối
    với các chi phí … vượt dự toán" / "được Thủ tướng Chính phủ giao …, giao Bảo hiểm xã hội Việt Nam
    tổ chức thực hiện thanh toán …") is one duty at its first line; `scope_entry_sections` gives it
    the section of that body, at the line naming it."""
    lines = reading.lines
    for no, tag in enumerate(out, start=1):
        if tag == "ITEM_CONT" or not lines[no - 1]:
            continue
        found = _scope_entry(lines, no)
        if found is None:
            continue
        _at, _addr, last = found
        out[no - 1] = "ITEM"
        for n in range(no + 1, last + 1):
            out[n - 1] = "ITEM_CONT"


def scope_entry_sections(reading, walker) -> None:
    """The duty of a scope entry (see `scope_entries`) goes to the body named after the scope, its
    section at the line naming it."""
    lines = reading.lines
    for section in list(walker.sections):
        for item in list(section.items):
            found = _scope_entry(lines, item.line)
            if found is None:
                continue
            at, addr, _last = found
            if section.line == at:
                continue
            section.items.remove(item)
            if not section.items and (section.line == item.line or section.addressee is None):
                walker.sections.remove(section)  # a section opened for this duty alone
            opened = walker._open_section(at, addr, None, addr.item_text)
            opened.section.items.append(item)
    walker.current = None
    walker.sections.sort(key=lambda s: s.line)


# "a) Sở Khoa học và Công nghệ" / "quyết định đối với các cơ quan …", "đ) Ủy ban nhân dân cấp tỉnh ra
# quyết định hưởng chế độ …": the body decides; the text grants it the power (or says who takes the
# decision in a procedure), it does not charge it with a task. Not "… Quyết định này/số …" (cited),
# nor a decision it is charged to take ("Chủ tịch UBND các huyện quyết định thành lập Ban Chỉ đạo
# cấp huyện và tổ chức triển khai …", "Sở … quyết định phân bổ kinh phí …, chịu trách nhiệm …").
_POWER_VERB = re.compile(
    r"\s(?:(?:ra|co tham quyen|duoc) quyet dinh\s+(?!(?:so|nay)\b)"
    r"|quyet dinh\s+(?:doi voi|theo tham quyen)\b)"
)
# "Điều 3. Thẩm quyền quyết định bổ sung tiêu chuẩn …", "Điều 3. Quyền hạn của Ban Chỉ đạo": an
# article that says who may decide what. Not one on duties as well ("Điều 3. Quyền hạn và trách
# nhiệm của các thành viên", "Quyền hạn, nhiệm vụ của Tổ công tác").
_POWER_ARTICLE = re.compile(
    r"^(?:tham quyen|quyen han)\b(?![^.:;]{0,30}\b(?:nhiem vu|trach nhiem)\b)"
)


def _grants_power(text: str) -> bool:
    """Does the clause ``text`` (marker removed) open with a body whose verb is "quyết định"?"""
    f = fold(text)
    m = _POWER_VERB.search(f[:200])
    if m is None:
        return False
    body = text[: m.start()].strip(" ,*_")
    found = detect_addressee(body)
    return found is not None and not found.inline and fold(found.text) == fold(body)


def power_clauses(reading, out: list[str]) -> None:
    """A clause that opens with a body whose verb is "quyết định" ("a) Sở Tài chính quyết định đối
    với …", "đ) Ủy ban nhân dân cấp tỉnh ra quyết định hưởng chế độ …") grants a power or names who
    decides in a procedure: no duty and no addressee; nor is anything in an article on who may decide
    what ("**Điều 4.** / Thẩm quyền quyết định điều chỉnh mức giá …", "Điều 3. Quyền hạn của Ban
    Chỉ đạo"), up to the next article."""
    lines = reading.lines
    power_article = False
    for no, line in enumerate(lines, start=1):
        if not line or table_cells(plain(line)) is not None:
            continue
        mk = split_marker(plain(line))
        if mk.kind in ("dieu", "roman"):
            title, _last = clause_text(lines, no, limit=3)
            power_article = mk.kind == "dieu" and bool(_POWER_ARTICLE.match(fold(title)))
        if out[no - 1] not in ("ITEM", "SECTION_ITEM", "SECTION"):
            continue
        text, last = clause_text(lines, no, limit=4)
        if power_article or _grants_power(text):
            _quiet(out, no, last)
