"""A .docx zip bomb: a genuine python-docx document whose word/document.xml is one
paragraph of repeated letters, declaring hundreds of MB while the file stays small."""

import functools
import io
import zipfile

from docx import Document

CHUNK = b"a" * (1024 * 1024)


@functools.lru_cache(maxsize=2)
def docx_bomb(declared_mb: int = 300) -> bytes:
    """A docx whose document part inflates to about `declared_mb` MB (deflate, ~1000:1)."""
    template = io.BytesIO()
    Document().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info.filename, source.read(info))
                continue
            head, body, rest = source.read(info).partition(b"<w:body>")
            with bomb.open("word/document.xml", "w") as part:
                part.write(head + body + b"<w:p><w:r><w:t>")
                for _ in range(declared_mb):
                    part.write(CHUNK)
                part.write(b"</w:t></w:r></w:p>" + rest)
    return out.getvalue()
