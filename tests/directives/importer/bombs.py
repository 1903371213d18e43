"""A .docx zip bomb: a genuine python-docx document whose word/document.xml is one
paragraph of repeated letters, declaring hundreds of MB while the file stays small."""

import functools
import io
import zipfile

from docx import Document

CHUNK = b"a" * (1024 * 1024)


def docx_with_body(chunk: bytes, copies: int, *, opening: bytes = b"",
                   closing: bytes = b"", compresslevel: int = 6) -> bytes:
    """A genuine python-docx document whose word/document.xml body is `opening`, then
    `chunk` written `copies` times, then `closing` (deflated as Word does)."""
    template = io.BytesIO()
    Document().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as docx:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                docx.writestr(info.filename, source.read(info))
                continue
            head, body, rest = source.read(info).partition(b"<w:body>")
            with docx.open("word/document.xml", "w") as part:
                part.write(head + body + opening)
                for _ in range(copies):
                    part.write(chunk)
                part.write(closing + rest)
    return out.getvalue()


@functools.lru_cache(maxsize=2)
def docx_bomb(declared_mb: int = 300) -> bytes:
    """A docx whose document part inflates to about `declared_mb` MB (deflate, ~1000:1)."""
    return docx_with_body(CHUNK, declared_mb, opening=b"<w:p><w:r><w:t>",
                          closing=b"</w:t></w:r></w:p>")
