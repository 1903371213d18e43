"""A learned line labeller: a linear-chain CRF (python-crfsuite) over a document's lines.

Each non-blank line gets one tag of :data:`.corpus.TAGS` (``SECTION``,
``SECTION_ITEM``, ``ITEM``, ``ITEM_CONT``, ``OTHER``). The features are the
rules' own readings of the line (list marker and depth, addressee detection,
page chrome, deadline phrases, headings, what the rules' walk made of it),
the part of the document it sits in, its position, and the same readings of
the neighbouring lines. The parser (:func:`.parser.parse_directive`) builds
sections and items from these tags and keeps the rules for names, units and
deadlines.

The committed model ``line_model.crfsuite`` is trained by
``python -m directives.importer.train``; without it (or without
python-crfsuite) the parser falls back to the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .chrome import is_noise_line
from .deadlines import parse_deadline
from .normalize import fold, is_all_caps
from .structure import (
    CLOSES_ITEM,
    closing_kind,
    detect_addressee,
    find_trigger,
    is_boilerplate_dieu,
    is_subheading,
    plain,
    split_marker,
    starts_with_duty_verb,
    table_cells,
    table_header,
    wrapped_addressee,
)

if TYPE_CHECKING:
    from .walker import Reading

MODEL_PATH = Path(__file__).with_name("line_model.crfsuite")

# Trainer settings: fixed, so that training is reproducible. c2 (L2) = 1.0, not 0.01: with the
# weak penalty the 250 iterations stop far from an optimum and a few added documents swung
# untouched ones by 0.2-0.7 F1 held out (16 of 122 moved by 0.1 or more; with 1.0, 4).
TRAIN_PARAMS = {
    "c1": 0.1,
    "c2": 1.0,
    "max_iterations": 250,
    "feature.possible_transitions": True,
}

_WINDOW_KEYS = (
    "mk",
    "addr",
    "inl",
    "rule",
    "end",
    "low",
    "tbl",
    "caps",
    "subh",
    "duty",
    "bold",
    "len",
    "closes",
    "noise",
    "w0",
    "maddr",
    "plead",
)
_HEADING_KINDS = (
    (
        "assign",
        re.compile(r"to chuc thuc hien|phan cong|trach nhiem|giao nhiem vu|thuc hien ke hoach"),
    ),
    (
        "purpose",
        re.compile(r"muc dich|yeu cau|muc tieu|quan diem|chi tieu|nguyen tac|pham vi|doi tuong"),
    ),
    ("assess", re.compile(r"tinh hinh|ket qua|danh gia|thuc trang|han che|nguyen nhan|boi canh")),
    ("funds", re.compile(r"kinh phi|nguon von|che do bao cao")),
    ("tasks", re.compile(r"nhiem vu|giai phap|noi dung|hoat dong|chuong trinh|cong viec")),
)


def heading_kind(f: str) -> str:
    """What a heading announces: assign, purpose, assess, funds, tasks or other (folded text)."""
    return next((kind for kind, rx in _HEADING_KINDS if rx.search(f)), "other")


def _end(content: str) -> str:
    last = content.rstrip("*_ ")[-1:] if content.rstrip("*_ ") else ""
    if last in ":.;,)":
        return last
    return "w" if last.isalnum() else "o"


def _len(content: str) -> str:
    n = len(content)
    return "xs" if n <= 20 else "s" if n <= 60 else "m" if n <= 130 else "l" if n <= 260 else "xl"


_MID = re.compile(r"(?:[:;]\s+|\.\s+|\b(?:giao|de nghi|yeu cau|doi voi|dong thoi)\s+)")


def _mid_addressee(content: str, f: str) -> str | None:
    """Is a body named inside the line (after a colon, a full stop, 'giao', 'đề nghị')? How."""
    for n, m in enumerate(_MID.finditer(f)):
        if n >= 6:
            break
        found = detect_addressee(content[m.end() :])
        if found is not None:
            return "verb" if m.group(0)[:1].isalpha() else "punct"
    return None


_KEYWORDS = re.compile(
    r"\b(khan truong|chu tri|bao cao|truoc ngay|huong dan|trien khai|kiem tra|tham muu|de xuat|"
    r"trinh|ban hanh|to chuc|chi dao|phoi hop|theo doi|tong hop|xay dung|hoan thanh|bo tri|"
    r"tuyen truyen|quan triet|giam sat|ra soat|chiu trach nhiem|co trach nhiem)\b"
)


_BODY_ANYWHERE = re.compile(
    r"\b(cac bo|bo [a-z]+|co quan ngang bo|uy ban nhan dan|ubnd|cac so|so [a-z]+|cac cap uy|"
    r"cac co quan|cac dia phuong|cac tinh|cac nganh|ban thuong vu|dang uy|mat tran)\b"
)
_LEAD_END = re.compile(r"(sau day|nhu sau|cac nhiem vu sau|nhiem vu chu yeu sau|sau)\s*:?$")


def _paragraphs(readings: list[dict[str, str]], texts: list[str]) -> None:
    """Paragraph readings on every line of a hard-wrapped paragraph (joined lines)."""
    start = 0
    for idx in range(len(readings) + 1):
        new = (
            idx == len(readings)
            or idx == 0
            or readings[idx].get("gap")
            or readings[idx]["mk"] != "none"
            or "tbl" in readings[idx]
            or readings[idx - 1]["end"] in (".", ";", ":")
        )
        if not new:
            continue
        if idx > start:
            joined = fold(" ".join(texts[start:idx]))
            last = readings[idx - 1]["end"]
            body = bool(_BODY_ANYWHERE.search(joined))
            lead = last == ":" and body and bool(_LEAD_END.search(joined.rstrip(" :*_") + ":"))
            n = idx - start
            for j in range(start, idx):
                r = readings[j]
                if "tbl" in r:
                    continue
                r["pfirst"] = "1" if j == start else "0"
                r["pend"] = last
                r["plen"] = "1" if n == 1 else "2" if n == 2 else "3+"
                if body:
                    r["pbody"] = "1"
                if lead:
                    r["plead"] = "1"
        start = idx


def _siblings(readings: list[dict[str, str]]) -> None:
    """For a list line, what its previous and next siblings (same marker kind) read."""
    last: dict[str, int] = {}
    for idx, r in enumerate(readings):
        if r["mk"] in ("roman", "dieu") or (r.get("caps") and r["mk"] == "none"):
            last.clear()
        key = r["mk"] + r.get("mkl", "")
        if r["mk"] in ("none", "roman", "dieu") or "tbl" in r:
            continue
        j = last.get(key)
        if j is None:
            r["sib"] = "first"
        else:
            o = readings[j]
            r["sib"] = "more"
            for k in ("duty", "addr"):
                r[f"sib_{k}"] = o.get(k, "0")
                o[f"sibn_{k}"] = r.get(k, "0")
        last[key] = idx


# Cues of one folded line (``line_readings``), compiled once: a 30 KB text reads ~1,000 lines.
_CUES = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("chutri", r"\bchu tri\b"),
        ("phoihop", r"\bphoi hop\b"),
        ("buoc", r"^buoc \d"),
        ("purpose", r"^(muc dich|yeu cau|muc tieu|quan diem|chi tieu|tieu chi|tieu chuan)\b"),
        ("noinhan", r"^noi nhan"),
        ("trenday", r"^tren day\b"),
        ("kinhgui", r"^kinh gui"),
        ("denghi", r"^(de nghi|giao|yeu cau)\b"),
        ("baogom", r"(bao gom|gom|sau day|nhu sau)\s*:?$"),
        ("tcth", r"to chuc thuc hien"),
        ("cite", r"^(can cu|theo|thuc hien (chi thi|nghi quyet|ket luan|quyet dinh|ke hoach))\b"),
    )
)
_PAREN_NUMBER = re.compile(r"^\(\d{1,2}\)\s")
_ITALIC_START = re.compile(r"^\*[^*\s]")
_DEADLINE_CUE = re.compile(r"\d|hang|thuong xuyen|lien tuc|dinh ky")


def line_readings(raw: str, line: str) -> dict[str, str]:
    """What the rules read in one line (``line`` has its markdown emphasis removed)."""
    out: dict[str, str] = {}
    cells = table_cells(line)
    if cells is not None:
        out["tbl"] = "hdr" if table_header(cells) is not None else "row"
        out["cells"] = str(min(len([c for c in cells if c.strip()]), 6))
        line = " ".join(c for c in cells if c.strip())
    mk = split_marker(line)
    content = mk.content
    f = fold(content)
    out["mk"] = mk.kind or "none"
    if mk.kind == "num":
        out["mkl"] = f"num{mk.label.count('.')}"
    if _PAREN_NUMBER.match(line):
        out["mk"] = "paren"
    if "**" in raw:
        out["bold"] = "1"
    if _ITALIC_START.match(raw):
        out["ital"] = "1"
    addr = detect_addressee(content)
    if addr is not None:
        out["addr"] = "1"
        out["inl"] = "1" if addr.inline else "0"
        if addr.lead_verb:
            out["leadv"] = "1"
        if addr.prefix:
            out["pre"] = fold(addr.prefix).split()[0]
    mid = _mid_addressee(content, f)
    if mid:
        out["maddr"] = mid
    words = f.split()
    out["w0"] = words[0] if words else ""
    if len(words) > 1:
        out["w01"] = " ".join(words[:2])
    kws = sorted(set(_KEYWORDS.findall(f)))
    for kw in kws[:6]:
        out[f"kw_{kw.replace(' ', '_')}"] = "1"
    out["nkw"] = str(min(len(kws), 3))
    out["end"] = _end(content)
    out["len"] = _len(content)
    if content[:1].islower():
        out["low"] = "1"
    if is_all_caps(content):
        out["caps"] = "1"
    if is_subheading(content):
        out["subh"] = "1"
    if starts_with_duty_verb(content):
        out["duty"] = "1"
    kind = closing_kind(content)
    if kind:
        out["closing"] = kind
    if find_trigger(line) is not None:
        out["trig"] = "1"
    if is_boilerplate_dieu(content):
        out["boiler"] = "1"
    if CLOSES_ITEM.match(f):
        out["closes"] = "1"
    if is_noise_line(raw):
        out["chrome"] = "1"
    dl = (
        parse_deadline(content, None)
        if _DEADLINE_CUE.search(f)
        else None
    )
    if dl is not None and dl.mode:
        out["dl"] = dl.mode
    for key, pattern in _CUES:
        if pattern.search(f):
            out[key] = "1"
    return out


def _rule_tags(reading: Reading) -> dict[int, str]:
    tags: dict[int, str] = {}
    for sec in reading.walker.sections:
        tags[sec.line] = "S"
        for item in sec.items:
            tags[item.line] = "SI" if item.line == sec.line else "I"
    for ctx in reading.context + reading.walker.context:
        tags.setdefault(ctx.line, "ctx")
    return tags


def document_features(reading: Reading) -> tuple[list[int], list[dict[str, float]]]:
    """(line numbers, one feature dict per non-blank line) for a read text."""
    numbers, features = iter_document_features(reading)
    return numbers, list(features)


def iter_document_features(reading: Reading) -> tuple[list[int], Iterator[dict[str, float]]]:
    """(line numbers, the feature dicts one line at a time): the tagger reads them one by
    one into its own sequence, so a long text never holds every line's dict at once (a
    2 MB text has some 40,000 lines of ~60 features)."""
    lines = reading.lines
    rules = _rule_tags(reading)
    numbers = [no for no, ln in enumerate(lines, start=1) if ln]
    total = max(len(lines), 1)
    readings: list[dict[str, str]] = []
    texts: list[str] = []
    part = sub = "none"
    assign_heads: list[int] = []
    seen_recipients = seen_tcth = False
    addr_depth: int | None = None
    for idx, no in enumerate(numbers):
        raw = lines[no - 1]
        line = plain(raw)
        r = line_readings(raw, line)
        mk = split_marker(line)
        if r.get("inl") != "1" and idx + 1 < len(numbers) and numbers[idx + 1] == no + 1:
            wrapped = wrapped_addressee(line, plain(lines[no]))
            if wrapped is not None:
                r["addr"] = r["wrapaddr"] = "1"
                r["inl"] = "1" if wrapped.inline else "0"
                if wrapped.prefix:
                    r["pre"] = fold(wrapped.prefix).split()[0]
        texts.append(mk.content)
        f = fold(mk.content)
        top = mk.kind in ("roman", "dieu") and len(f) <= 120 or (r.get("caps") and len(f) < 100)
        if top and not r.get("addr"):
            part, sub = heading_kind(f), "none"
        elif (
            mk.kind in ("num", "alpha", None)
            and not r.get("addr")
            and (r.get("subh") or (len(f) <= 90 and r["end"] in ("w", ":")))
            and heading_kind(f) != "other"
        ):
            sub = heading_kind(f)
        if "to chuc thuc hien" in f and len(f) <= 90:
            seen_tcth = True
        r["subpart"] = sub
        if (top or r.get("subh")) and not r.get("addr") and heading_kind(f) == "assign":
            assign_heads.append(idx)
        r["part"] = part
        if seen_tcth:
            r["aftcth"] = "1"
        if seen_recipients:
            r["aftnn"] = "1"
        if r.get("noinhan"):
            seen_recipients = True
        r["rule"] = rules.get(no, "none")
        if no in reading.noise:
            r["noise"] = "1"
        r["zone"] = "head" if no < reading.start else "start" if no == reading.start else "body"
        if no in reading.meta_lines:
            r["meta"] = "1"
        r["pos"] = str(min(int(10 * no / total), 9))
        if r.get("addr") or r["rule"] in ("S", "SI"):
            if addr_depth is None or mk.depth is None:
                r["rel"] = "new"
            addr_depth = split_marker(line).depth
        elif addr_depth is not None and mk.depth is not None:
            r["rel"] = (
                "deeper" if mk.depth > addr_depth else "same" if mk.depth == addr_depth else "up"
            )
        if idx > 0 and numbers[idx - 1] != no - 1:
            r["gap"] = "1"
        if idx + 1 < len(numbers) and numbers[idx + 1] != no + 1:
            r["gapnext"] = "1"
        readings.append(r)
    _paragraphs(readings, texts)
    lead = False
    for idx, r in enumerate(readings):
        later = any(a > idx for a in assign_heads)
        r["later"] = "1" if later else "0"
        if r["mk"] in ("roman", "dieu") or (r.get("caps") and r["mk"] == "none"):
            lead = False
        if lead:
            r["ulead"] = "1"
        if (
            r.get("plead")
            and r["pend"] == ":"
            and (idx + 1 == len(readings) or readings[idx + 1].get("pfirst") != "0")
        ):
            lead = True
    long_lines = [r for r in readings if r["len"] in ("m", "l", "xl") and not r.get("noise")]
    wrapped = sum(1 for r in long_lines if r["end"] in ("w", ",", "o")) / max(len(long_lines), 1)
    doc_wrap = "hi" if wrapped > 0.5 else "mid" if wrapped > 0.2 else "lo"
    _siblings(readings)
    return numbers, _line_features(readings, doc_wrap)


def _line_features(readings: list[dict[str, str]], doc_wrap: str) -> Iterator[dict[str, float]]:
    for idx, r in enumerate(readings):
        prev = readings[idx - 1] if idx else None
        d: dict[str, float] = {"bias": 1.0, f"wrap={doc_wrap}": 1.0}
        d[f"wrap|mk|gap={doc_wrap}|{r['mk']}|{r.get('gap', '0')}"] = 1.0
        d[f"rule|gap|duty={r['rule']}|{r.get('gap', '0')}|{r.get('duty', '0')}"] = 1.0
        d[f"addr|maddr|inl={r.get('addr', '0')}|{r.get('maddr', '0')}|{r.get('inl', '-')}"] = 1.0
        if prev is not None:
            sentence = prev["end"] in (".", ";", ":") and not r.get("low")
            d[f"newsent|wrap|mk={sentence}|{doc_wrap}|{r['mk']}"] = 1.0
        for k, v in r.items():
            d[f"{k}={v}"] = 1.0
        d[f"mk|rule={r['mk']}|{r['rule']}"] = 1.0
        d[f"mk|addr|end={r['mk']}|{r.get('addr', '0')}|{r.get('inl', '-')}|{r['end']}"] = 1.0
        d[f"part|rule={r['part']}|{r['rule']}"] = 1.0
        d[f"part|later|mk={r['part']}|{r['subpart']}|{r['later']}|{r['mk']}"] = 1.0
        d[f"part|sub|mk={r['part']}|{r['subpart']}|{r['mk']}"] = 1.0
        if r.get("ulead"):
            d[f"ulead|mk={r['mk']}"] = 1.0
        if "pfirst" in r:
            d[f"pfirst|pbody|plead={r['pfirst']}|{r.get('pbody', '0')}|{r.get('plead', '0')}"] = 1.0
        for off in (-2, -1, 1, 2):
            j = idx + off
            if 0 <= j < len(readings):
                o = readings[j]
                for k in _WINDOW_KEYS:
                    if k in o:
                        d[f"{off}:{k}={o[k]}"] = 1.0
                if off == -1:
                    d[f"-1mk|mk={o['mk']}|{r['mk']}"] = 1.0
                    d[f"-1end|low={o['end']}|{r.get('low', '0')}|{r.get('gap', '0')}"] = 1.0
                    d[f"-1rule|rule={o['rule']}|{r['rule']}"] = 1.0
            else:
                d[f"{off}:edge"] = 1.0
        yield d


SIBLING_VOTE = True


def sibling_groups(numbered: list[tuple[int, str]]) -> list[list[int]]:
    """Indexes of the entries of each list: same marker kind and level, under the same parent entry.

    ``numbered``: (line number, text) of the non-blank lines. A heading or a new unmarked
    paragraph (after a blank line or a finished sentence) ends every open list.
    """
    return list_families(numbered)[0]


def list_families(numbered: list[tuple[int, str]]) -> tuple[list[list[int]], list[list[int]]]:
    """(sibling groups as :func:`sibling_groups`, families of groups).

    A family gathers the lists of one marker kind and level whose parent entries are siblings
    ("a) … b) …" under "1." and "a) … b) …" under "2."): lists that play the same role.
    """
    groups: list[list[int]] = []
    parents: list[int | None] = []  # the group holding each group's parent entry
    open_: dict[str, tuple[int | None, int]] = {}  # key -> (depth, group index)
    prev_no, prev_end = 0, "."
    for idx, (no, raw) in enumerate(numbered):
        line = plain(raw)
        gap, before = no != prev_no + 1, prev_end
        prev_no, prev_end = no, line.rstrip("*_ ")[-1:]
        if table_cells(line) is not None:
            open_.clear()
            continue
        mk = split_marker(line)
        if (
            mk.kind in ("roman", "dieu")
            or _PAREN_NUMBER.match(line)
            or (mk.kind is None and (is_all_caps(mk.content) or gap or before in ".;:"))
        ):
            open_.clear()
        if mk.kind in (None, "roman", "dieu"):
            continue
        key = mk.kind + (str(mk.label.count(".")) if mk.kind == "num" else "")
        # A shallower entry closes the lists nested under the previous one.
        deeper_keys = [
            k
            for k, (d, _) in open_.items()
            if k != key and mk.depth is not None and d is not None and d > mk.depth
        ]
        for k in deeper_keys:
            del open_[k]
        if key not in open_:
            shallower = [
                (d, g)
                for k, (d, g) in open_.items()
                if k != key and d is not None and mk.depth is not None and d < mk.depth
            ]
            parents.append(max(shallower)[1] if shallower else None)
            open_[key] = (mk.depth, len(groups))
            groups.append([])
        groups[open_[key][1]].append(idx)
    families: dict[tuple[str, int], list[int]] = {}
    for g, parent in enumerate(parents):
        if parent is not None and groups[g]:
            mk = split_marker(plain(numbered[groups[g][0]][1]))
            key = mk.kind + (str(mk.label.count(".")) if mk.kind == "num" else "")
            families.setdefault((key, parent), []).append(g)
    return groups, [
        [i for g in fam for i in groups[g]] for fam in families.values() if len(fam) > 1
    ]


FAMILY_VOTE = True


class Labeller:
    """Tags the lines of a read text with a trained CRF model."""

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))

    def tag(self, reading: Reading) -> list[str]:
        import pycrfsuite

        numbers, features = iter_document_features(reading)
        tags = ["OTHER"] * len(reading.lines)
        if numbers:
            found = self.tagger.tag(pycrfsuite.ItemSequence(features))
            if SIBLING_VOTE:
                found = self._vote(reading, numbers, found)
            for no, tag in zip(numbers, found, strict=True):
                tags[no - 1] = tag
        return tags

    def _vote(self, reading: Reading, numbers: list[int], found: list[str]) -> list[str]:
        """Sibling entries of one list are duties or not together: the list's mean probability decides."""
        out = list(found)
        groups, families = list_families([(no, reading.lines[no - 1]) for no in numbers])
        lines = reading.lines

        def plain_duty(i: int) -> bool:
            """A run-in duty naming no body ("2. Đẩy mạnh tuyên truyền …") votes as a duty."""
            if out[i] != "SECTION_ITEM":
                return False
            content = split_marker(plain(lines[numbers[i] - 1])).content
            return starts_with_duty_verb(content) and detect_addressee(content) is None

        for group in groups + (families if FAMILY_VOTE else []):
            members = [i for i in group if out[i] in ("ITEM", "OTHER") or plain_duty(i)]
            if len(members) < 2 or len({out[i] for i in members}) < 2:
                continue
            p = sum(
                self.tagger.marginal("ITEM", i) + self.tagger.marginal("SECTION_ITEM", i)
                for i in members
            ) / len(members)
            for i in members:
                out[i] = "ITEM" if p >= 0.5 else "OTHER"
        return out


@lru_cache(maxsize=1)
def default_labeller() -> Labeller | None:
    """The committed model, or None (rules only) when it or python-crfsuite is missing."""
    if not MODEL_PATH.is_file():
        return None
    try:
        return Labeller(MODEL_PATH)
    except (ImportError, OSError):
        return None


def train_model(
    sequences: list[tuple[list[dict[str, float]], list[str]]], path: str | Path
) -> None:
    """Train a CRF on (features, tags) sequences with the fixed settings; write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(TRAIN_PARAMS)
    for feats, tags in sequences:
        if feats:
            trainer.append(feats, tags)
    trainer.train(str(path))
