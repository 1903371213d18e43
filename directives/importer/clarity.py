"""The "5 rõ" check of a preview item: who, what, when, responsibility, product.

The Party asks that every assigned task be clear on "rõ người, rõ việc, rõ thời gian,
rõ trách nhiệm, rõ sản phẩm". What this module can judge from a preview item, and how:

* ``who`` (rõ người): the item has a lead unit.
* ``what`` (rõ việc): the text is a duty, not a fragment: at least five words, and it
  does not end with ":" (an introduction whose sub-points were lost).
* ``when`` (rõ thời gian): a fixed deadline with its date, a periodic duty with its
  cadence, or a duty the text (or the board) calls continuous ("thường xuyên").
* ``responsibility`` (rõ trách nhiệm): when partner units are named, one of them leads
  (units that "phối hợp" without anyone "chủ trì" leave the responsibility open).
* ``product`` (rõ sản phẩm): the item names its output (``expected_output``), which the
  importer suggests from the text: an output noun ("báo cáo", "kế hoạch", "đề án",
  "dự thảo" …) after a verb that produces it ("xây dựng", "ban hành", "trình" …), or a
  report the duty must send ("báo cáo kết quả …", "sơ kết", "tổng kết").

Pure Python; works on the preview's plain dicts so that it can run again after the
board's corrections.
"""

from __future__ import annotations

import re
from typing import Any

from .metadata import strip_references
from .normalize import fold

CHECKS = ("who", "what", "when", "responsibility", "product")

_OUTPUT = (
    r"bao cao(?: so ket| tong ket| ket qua| danh gia| chuyen de)?|ke hoach(?: hanh dong)?"
    r"|de an|chuong trinh(?: hanh dong)?|du thao|to trinh|quy che|quy dinh|huong dan"
    r"|phuong an|danh muc|danh sach|co so du lieu|de cuong|van ban|quyet dinh|nghi quyet"
    r"|chi thi|ket luan|bo tieu chi|tai lieu|so tay|ho so|du an|de tai"
)
_MAKES = (
    r"xay dung|ban hanh|trinh|lap|soan thao|hoan thien|tham muu|de xuat|tong hop|sua doi"
    r"|bo sung|bien soan|chuan bi|gui|phe duyet|cu the hoa|thong nhat|hoan chinh|phat hanh"
)
# "xây dựng và ban hành kế hoạch", "tham mưu Tỉnh ủy ban hành chỉ thị": verb, a few words, noun.
_MADE = re.compile(rf"\b(?:{_MAKES})\b[^.;:!?]{{0,60}}?\b({_OUTPUT})\b")
# A duty that reports: "báo cáo kết quả về Ban Thường vụ", "định kỳ báo cáo", "sơ kết".
_REPORTS = re.compile(r"\b(bao cao(?: so ket| tong ket| ket qua)?|so ket|tong ket)\b")


def suggest_product(text: str) -> str:
    """The output the duty names, as written ("kế hoạch", "báo cáo kết quả"), or ""."""
    clean = strip_references(text or "")
    folded = fold(clean)
    m = _MADE.search(folded)
    if m is not None:
        return clean[m.start(1) : m.end(1)].strip()
    m = _REPORTS.search(folded)
    if m is not None:
        return clean[m.start(1) : m.end(1)].strip()
    return ""


def item_clarity(item: dict[str, Any]) -> dict[str, Any]:
    """``{check: bool, ..., "missing": [checks not met]}`` for one preview item."""
    text = (item.get("text") or "").strip()
    lead = list(item.get("lead") or [])
    cooperating = list(item.get("cooperating") or [])
    mode = item.get("deadline_mode")
    result = {
        "who": bool(lead),
        "what": len(text.split()) >= 5 and not text.endswith(":"),
        "when": (
            (mode == "fixed" and bool(item.get("deadline")))
            or (mode == "periodic" and bool(item.get("cadence")))
            or mode == "continuous"
        ),
        "responsibility": bool(lead) or not cooperating,
        "product": bool((item.get("expected_output") or "").strip()),
    }
    result["missing"] = [c for c in CHECKS if not result[c]]
    return result


def preview_clarity(preview: dict[str, Any]) -> dict[str, Any]:
    """Flag every item of ``preview`` in place (``item["clarity"]``) and return the counts:
    ``{"items": n, "complete": k, "missing": {check: count}}``."""
    counts = dict.fromkeys(CHECKS, 0)
    total = complete = 0
    for section in preview.get("sections") or []:
        for item in section.get("items") or []:
            if "expected_output" not in item or item["expected_output"] is None:
                item["expected_output"] = suggest_product(item.get("text") or "")
            flags = item_clarity(item)
            item["clarity"] = flags
            total += 1
            complete += not flags["missing"]
            for check in flags["missing"]:
                counts[check] += 1
    summary = {"items": total, "complete": complete, "missing": counts}
    preview["clarity"] = summary
    return summary
