"""Plain dataclasses for the importer's input (registry) and output (preview).

Nothing here imports Django: the Django service builds a :class:`Registry`
from the database and maps an :class:`ImportResult` onto models.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

# Document kinds (DESIGN §2), as snake_case values.
KINDS = ("chi_thi", "nghi_quyet", "ket_luan", "ke_hoach", "quyet_dinh", "thong_tri", "cong_van")
DEADLINE_MODES = ("fixed", "periodic", "continuous")
CADENCES = ("monthly", "quarterly", "semi_annual", "annual", "one_off")


def gettext_noop(message: str) -> str:
    """Marks a message for the project's catalogue (makemessages reads the name); this
    package has no Django, so the pages and the API translate `ImportInputError.template`."""
    return message


class ImportInputError(ValueError):
    """Bad import input: carries the form/API field, a Vietnamese message and an English code.

    `template` is the catalogue's msgid and `params` its %-placeholders; `message` is the
    Vietnamese text. The API layer turns it into ``400 {field: [message]}`` in the reader's
    language (`directives.importing.input_error_message`).
    """

    def __init__(self, field: str, message: str, code: str = "invalid",
                 params: dict[str, Any] | None = None) -> None:
        self.field = field
        self.template = message
        self.params = dict(params or {})
        self.message = message % self.params if self.params else message
        self.code = code
        super().__init__(f"{field}: {self.message} [{code}]")

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message, "code": self.code}


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class RegistryUnit:
    """A unit as the importer needs it; built by the caller from its own storage."""

    code: str
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] | list[str] = ()
    dissolved_on: date | None = None
    successor_code: str | None = None
    kind: str = ""
    parent_code: str | None = None


@dataclass(frozen=True)
class RegistryGroup:
    """A named set of units ("các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy")."""

    code: str
    name: str
    aliases: tuple[str, ...] | list[str] = ()
    member_codes: tuple[str, ...] | list[str] = ()


@dataclass
class Registry:
    """Units and groups to match addressees against."""

    units: list[RegistryUnit] = field(default_factory=list)
    groups: list[RegistryGroup] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_code = {u.code: u for u in self.units}

    def unit(self, code: str) -> RegistryUnit | None:
        return self._by_code.get(code)

    def resolve(self, code: str, on: date | None) -> str:
        """Follow successors of units dissolved on or before ``on`` (the directive date)."""
        seen: set[str] = set()
        while on is not None and code not in seen:
            seen.add(code)
            unit = self._by_code.get(code)
            if unit is None or unit.dissolved_on is None or unit.successor_code is None:
                break
            if on < unit.dissolved_on:
                break
            code = unit.successor_code
        return code


    def gone(self, code: str, on: date | None) -> bool:
        """True when the unit was dissolved on or before ``on`` and nothing succeeds it."""
        unit = self._by_code.get(code)
        return bool(on is not None and unit is not None and unit.dissolved_on is not None
                    and unit.successor_code is None and on >= unit.dissolved_on)


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def registry_from_dict(data: dict[str, Any]) -> Registry:
    """Build a :class:`Registry` from ``{"units": [...], "groups": [...]}`` plain data."""
    units = [
        RegistryUnit(
            code=u["code"],
            name=u["name"],
            short_name=u.get("short_name") or "",
            aliases=tuple(u.get("aliases") or ()),
            dissolved_on=_parse_date(u.get("dissolved_on")),
            successor_code=u.get("successor_code"),
            kind=u.get("kind") or "",
            parent_code=u.get("parent_code"),
        )
        for u in data.get("units", [])
    ]
    groups = [
        RegistryGroup(
            code=g["code"],
            name=g["name"],
            aliases=tuple(g.get("aliases") or ()),
            member_codes=tuple(g.get("member_codes") or ()),
        )
        for g in data.get("groups", [])
    ]
    return Registry(units=units, groups=groups)


def load_registry_json(path: str | Path) -> Registry:
    """Load a registry JSON file (see tests/directives/importer/data/kontum-2021-registry.json)."""
    with open(path, encoding="utf-8") as fh:
        return registry_from_dict(json.load(fh))


# --------------------------------------------------------------------------- output


@dataclass
class Item:
    """A responsibility item (nhiệm vụ)."""

    line: int
    text: str
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    deadline: date | None = None
    deadline_mode: str | None = None
    cadence: str | None = None
    confidence: float = 0.5

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "text": self.text,
            "lead": list(self.lead),
            "cooperating": list(self.cooperating),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_mode": self.deadline_mode,
            "cadence": self.cadence,
            "confidence": round(self.confidence, 2),
        }


@dataclass
class Section:
    """An addressee block. ``addressee`` is None for a task table without a heading body."""

    line: int
    addressee: str | None
    units: list[str] = field(default_factory=list)
    assignment_mode: str = "joint"
    items: list[Item] = field(default_factory=list)
    confidence: float = 0.5

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "addressee": self.addressee,
            "units": list(self.units),
            "assignment_mode": self.assignment_mode,
            "confidence": round(self.confidence, 2),
            "items": [i.as_dict() for i in self.items],
        }


@dataclass
class Context:
    """A paragraph that is not a duty: assessment of the situation or preamble."""

    line: int
    kind: str  # "assessment" | "preamble"
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind, "text": self.text}


@dataclass
class Reference:
    """Another document the text cites ("Chỉ thị số 16/CT-TTg ngày 16/5/2016 của ...")."""

    line: int
    text: str
    kind: str | None
    number: str
    issued_on: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "text": self.text,
            "kind": self.kind,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
        }


@dataclass
class Unmatched:
    """A name the registry could not resolve; shown to the user, never dropped."""

    line: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text}


@dataclass
class DirectiveMeta:
    """Metadata of the imported document."""

    number: str | None = None
    kind: str | None = None
    issued_on: date | None = None
    issuer: str | None = None
    title: str | None = None
    supervisor: str | None = None
    supervisor_units: list[str] = field(default_factory=list)
    line: int | None = None  # line where the number (or first metadata) was found
    confidence: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issuer": self.issuer,
            "title": self.title,
            "supervisor": self.supervisor,
            "supervisor_units": list(self.supervisor_units),
            "line": self.line,
            "confidence": round(self.confidence, 2),
        }


@dataclass
class ImportResult:
    """Everything the import preview shows (DESIGN §5)."""

    directive: DirectiveMeta
    sections: list[Section] = field(default_factory=list)
    context: list[Context] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    def as_dict(self) -> dict[str, Any]:
        return {
            "directive": self.directive.as_dict(),
            "sections": [s.as_dict() for s in self.sections],
            "context": [c.as_dict() for c in self.context],
            "references": [r.as_dict() for r in self.references],
            "unmatched": [u.as_dict() for u in self.unmatched],
        }
