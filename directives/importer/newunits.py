"""Bodies the registry does not know, offered to the board as new units.

An addressee the matcher leaves over ("Sở Xây dựng", "Công an huyện Đắk Hà", "UBND
tỉnh Gia Lai") becomes a suggestion ``{"key": "new-1", "name", "kind", "parent",
"line", "create"}``: its kind guessed from its head word, its parent from the registry
(the provincial body of the same name for a district one, else the province's People's
Committee or Party committee by kind; none for another province's body). Sections and
items that name it and have no unit yet get its key as their unit, and ``create`` is
true when some item uses it. A plural or a list ("UBND các xã", "UBND quận, huyện") is
a level of government, not one body: it stays in ``unmatched``.

Pure Python over the preview's plain dicts.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Registry
from .normalize import canon
from .units import PROVINCES, home_provinces, province_at

NEW_PREFIX = "new-"

# Head words (canon form) -> unit kind, longest first where they overlap.
_KINDS: list[tuple[str, str]] = [
    ("dang doan", "party_delegation"),
    ("ban can su dang", "party_delegation"),
    ("uy ban mat tran to quoc", "front"),
    ("mat tran to quoc", "front"),
    ("uy ban kiem tra", "advisory_board"),
    ("ban tuyen giao", "advisory_board"),
    ("ban to chuc", "advisory_board"),
    ("ban dan van", "advisory_board"),
    ("ban noi chinh", "advisory_board"),
    ("van phong huyen uy", "advisory_board"),
    ("van phong tinh uy", "advisory_board"),
    ("van phong thanh uy", "advisory_board"),
    ("huyen uy", "party_committee"),
    ("thanh uy", "party_committee"),
    ("thi uy", "party_committee"),
    ("quan uy", "party_committee"),
    ("tinh uy", "party_committee"),
    ("dang uy", "party_committee"),
    ("chi bo", "party_committee"),
    ("dang bo", "party_committee"),
    ("uy ban nhan dan", "government"),
    ("hoi dong nhan dan", "government"),
    ("so", "government"),
    ("cong an", "government"),
    ("phong", "government"),
    ("chi cuc", "government"),
    ("cuc", "government"),
    ("bo", "government"),
    ("tong cuc", "government"),
    ("trung tam", "government"),
    ("kho bac", "government"),
    ("toa an", "government"),
    ("vien kiem sat", "government"),
    ("bao hiem xa hoi", "government"),
    ("bo chi huy", "government"),
    ("ban chi huy", "government"),
    ("ban quan ly", "government"),
    ("van phong", "government"),
    ("thanh doan", "mass_organisation"),
    ("huyen doan", "mass_organisation"),
    ("tinh doan", "mass_organisation"),
    ("doan thanh nien", "mass_organisation"),
    ("lien doan lao dong", "mass_organisation"),
    ("cong doan", "mass_organisation"),
    ("hoi", "mass_organisation"),
    ("ban", "other"),
    ("truong", "other"),
    ("bao", "other"),
    ("dai", "other"),
    ("ngan hang", "other"),
    ("cong ty", "other"),
]
_KINDS.sort(key=lambda hk: -len(hk[0]))
_LEVEL = re.compile(r"\b(huyen|quan|thi xa|thanh pho|xa|phuong|thi tran)\b")
# Roots a new unit of each kind hangs under when nothing closer is known.
_ROOT_KIND = {
    "government": "government",
    "party_committee": "party",
    "party_delegation": "party",
    "advisory_board": "party",
}
# Kinds a root is looked for among: a province's Party committee may be filed as its
# leadership body ("Tỉnh ủy" of kind leadership).
_ROOT_AMONG = {"government": ("government",), "party": ("party_committee", "leadership")}


def guess_kind(name: str) -> str | None:
    """The unit kind a name's head word gives, or None when it does not name a body."""
    key = canon(name)
    for head, kind in _KINDS:
        if key == head or key.startswith(head + " "):
            return kind
    return None


def is_single_body(name: str) -> bool:
    """A body's name, not a level or a list ("UBND các xã", "UBND quận, huyện")."""
    key = canon(name)
    if re.search(r"[,/;]", name) or re.search(r"\b(cac|nhung|moi)\b", key):
        return False
    if re.search(r"\bcap (huyen|xa|tinh|co so)\b", key):
        return False
    return len(key.split()) >= 2 and guess_kind(name) is not None


def _roots(registry: Registry) -> dict[str, str]:
    """"government"/"party" -> code of the registry's highest active unit of those kinds
    (fewest parents; the first in the registry's order on a tie): the province's People's
    Committee, its Party committee."""
    def depth(code: str | None) -> int:
        seen: set[str] = set()
        while code is not None and code not in seen:
            seen.add(code)
            unit = registry.unit(code)
            code = unit.parent_code if unit is not None else None
        return len(seen)
    out: dict[str, tuple[int, str]] = {}
    for root, kinds in _ROOT_AMONG.items():
        for u in registry.units:
            if u.dissolved_on is None and u.kind in kinds:
                rank = depth(u.code)
                if root not in out or rank < out[root][0]:
                    out[root] = (rank, u.code)
    return {root: code for root, (_, code) in out.items()}


def guess_parent(name: str, kind: str | None, registry: Registry, home: set[str]) -> str | None:
    """A registry code to file the new unit under, or None (another province, unknown)."""
    words = canon(name).split()
    for k in range(len(words)):
        if words[k] in ("tinh", "pho"):
            found = province_at(words, k + 1)
            if found is not None and found not in home:
                return None
    for size in (2, 1):
        tail = " ".join(words[-size:])
        if tail in PROVINCES and tail not in home and size <= len(words) - 1:
            return None
    key = canon(name)
    level = _LEVEL.search(key)
    if level is not None and level.start() > 0:
        head = key[: level.start()].strip()
        for u in registry.units:
            if u.dissolved_on is None and any(
                canon(n) in (f"{head} tinh", head) for n in (u.name, u.short_name, *u.aliases) if n
            ):
                return u.code
    root_kind = _ROOT_KIND.get(kind or "")
    return _roots(registry).get(root_kind) if root_kind else None


def suggest_new_units(preview: dict[str, Any], registry: Registry) -> list[dict[str, Any]]:
    """Offer each unmatched single body as a new unit; fills ``preview["new_units"]`` and
    gives the key to the sections and items that name it and have no unit."""
    home = home_provinces(registry)
    offered: dict[str, dict[str, Any]] = {}
    for entry in preview.get("unmatched") or []:
        name = " ".join((entry.get("text") or "").split()).strip(" .:;,-")
        if not is_single_body(name):
            continue
        key = canon(name)
        unit = offered.get(key)
        if unit is None:
            kind = guess_kind(name) or "other"
            unit = {"key": f"{NEW_PREFIX}{len(offered) + 1}", "name": name, "kind": kind,
                    "parent": guess_parent(name, kind, registry, home),
                    "line": entry.get("line"), "lines": [], "create": False,
                    "read_as": name}
            offered[key] = unit
        unit["lines"].append(entry.get("line"))
    by_line: dict[Any, list[dict[str, Any]]] = {}
    for unit in offered.values():
        for line in unit["lines"]:
            by_line.setdefault(line, []).append(unit)
    for section in preview.get("sections") or []:
        named = by_line.get(section.get("line"), [])
        if named and not section.get("units"):
            section["units"] = [u["key"] for u in named]
        for item in section.get("items") or []:
            here = by_line.get(item.get("line"), []) or (named if not section.get("units")
                                                          or section["units"] == [
                                                              u["key"] for u in named] else [])
            if here and not item.get("lead"):
                item["lead"] = [here[0]["key"]]
                item["cooperating"] = list(dict.fromkeys(
                    [*(item.get("cooperating") or []), *(u["key"] for u in here[1:])]))
                for u in here:
                    u["create"] = True
    result = list(offered.values())
    preview["new_units"] = result
    return result
