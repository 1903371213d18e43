"""The directive parser: text in, :class:`ImportResult` out.

Steps: clean lines -> mark page chrome -> find where the body starts (the
"... yêu cầu:" preamble, "QUYẾT ĐỊNH:", the first part or addressee) ->
metadata from the head -> walk the body line by line, opening a section at
each addressee and adding duties to it -> decide what is left over (context
or, when the text names no addressee at all, one general section).
"""

from __future__ import annotations

from .metadata import find_references
from .model import (
    ImportInputError,
    ImportResult,
    Registry,
    gettext_noop,
)
from .repair import labelled_walk
from .walker import read_text

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
