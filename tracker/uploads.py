"""What an uploaded file really is: its content checked against its extension.

One owner for the rule "the bytes must be what the name says", used by evidence uploads
(reports) and by the directive importer's .docx upload. Pure Python (no Django), so the
importer stays framework-free:

    verified = verify_upload(fileobj, filename="bien-ban.pdf", allowed={".pdf": PDF, ...})
    verified.extension, verified.content_type     # the type the content proved

- magic bytes are read with the `filetype` library (images, PDF, executables, archives);
- a PDF must start with ``%PDF-`` and carry no HTML markers in its first KBs (a PDF/HTML
  polyglot would be rendered as a page by a browser that sniffs);
- Office Open XML (docx, xlsx) must be a zip whose ``[Content_Types].xml`` declares the
  matching main part, and that part must be present; ODF (odt, ods) must carry the
  matching ``mimetype`` member; old Office (doc, xls) must carry the OLE2 magic;
- every zip is judged from its central directory alone, before any member is inflated:
  member count, total declared uncompressed size and compression ratio are bounded (a zip
  bomb is refused without being read; zipfile never inflates past a member's declared size);
- plain text must not be binary nor a known binary format.

Refusals are :class:`UploadRejected` with an English ``code``, a Vietnamese ``message``
(marked for translation, translated by the caller) and its ``params``.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree import ElementTree

import filetype


def gettext_noop(message: str) -> str:
    """Mark a message for translation (makemessages picks the name up); the caller translates."""
    return message


SNIFF_BYTES = 8192
# HTML that a browser would render if it sniffed the file: looked for in a PDF's head.
HTML_SCAN_BYTES = 4096
HTML_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<body", b"<head", b"<iframe",
                b"<svg", b"<meta", b"<img", b"<object", b"<embed", b"<a href", b"<form")

PDF = "application/pdf"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
JPEG = "image/jpeg"
PNG = "image/png"
TEXT = "text/plain"

# The main part [Content_Types].xml must declare, per OOXML type (macro-enabled refused).
OOXML_MAIN = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_EXTENSIONS = {JPEG: "jpg", PNG: "png"}


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on a zip judged from its central directory (declared sizes)."""

    max_members: int = 1000
    max_total_bytes: int = 200 * 1024 * 1024
    # Ratio of declared uncompressed to compressed size, for the whole archive and for any
    # member over `ratio_floor_bytes` (small members may compress well without harm).
    max_ratio: int = 200
    ratio_floor_bytes: int = 1024 * 1024
    # [Content_Types].xml and mimetype are read, so they are bounded on their own.
    max_manifest_bytes: int = 256 * 1024


DEFAULT_ZIP_LIMITS = ZipLimits()


class UploadRejected(ValueError):
    """The content does not match the extension, or the file is unsafe to open."""

    def __init__(self, code: str, message: str, **params) -> None:
        super().__init__(f"{code}: {message % params if params else message}")
        self.code = code
        self.message = message
        self.params = params


@dataclass(frozen=True)
class VerifiedUpload:
    extension: str
    content_type: str


def _mismatch(extension: str) -> UploadRejected:
    return UploadRejected(
        "content_mismatch",
        gettext_noop("Nội dung tệp không đúng định dạng %(ext)s (tệp có thể đã bị đổi đuôi)."),
        ext=extension)


def _head(fileobj: BinaryIO, size: int) -> bytes:
    fileobj.seek(0)
    data = fileobj.read(size)
    fileobj.seek(0)
    return data


def _check_pdf(head: bytes, extension: str) -> None:
    if not head.startswith(b"%PDF-"):
        raise _mismatch(extension)
    lowered = head[:HTML_SCAN_BYTES].lower()
    if any(marker in lowered for marker in HTML_MARKERS):
        raise UploadRejected("html_content",
                             gettext_noop("Tệp chứa mã HTML, không nhận làm %(ext)s."),
                             ext=extension)


def _check_image(head: bytes, extension: str, content_type: str) -> None:
    kind = filetype.guess(head)
    if kind is None or kind.mime != content_type:
        raise _mismatch(extension)


def _check_ole(head: bytes, extension: str, content_type: str) -> None:
    if not head.startswith(OLE_MAGIC):
        raise _mismatch(extension)
    kind = filetype.guess(head)
    if kind is not None and kind.mime != content_type:  # e.g. a .ppt named .doc
        raise _mismatch(extension)


def _check_text(head: bytes, extension: str) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: NULs are expected
        return
    if b"\x00" in head or filetype.guess(head) is not None:
        raise _mismatch(extension)


def inspect_zip(fileobj: BinaryIO, *, extension: str,
                limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> zipfile.ZipFile:
    """Open a zip and judge it from its central directory; no member is inflated here.

    Refuses a broken zip, too many members, or declared sizes over the limits.
    """
    fileobj.seek(0, os.SEEK_END)
    archive_size = max(fileobj.tell(), 1)
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadRejected("invalid_zip",
                             gettext_noop("Tệp %(ext)s bị hỏng (không đọc được cấu trúc nén)."),
                             ext=extension) from exc
    if len(members) > limits.max_members:
        raise UploadRejected("too_many_members",
                             gettext_noop("Tệp %(ext)s có quá nhiều thành phần (tối đa %(n)s)."),
                             ext=extension, n=limits.max_members)
    total = sum(m.file_size for m in members)
    too_dense = any(m.file_size > limits.ratio_floor_bytes
                    and m.file_size > limits.max_ratio * max(m.compress_size, 1)
                    for m in members)
    if (total > limits.max_total_bytes or too_dense
            or (total > limits.ratio_floor_bytes and total > limits.max_ratio * archive_size)):
        raise UploadRejected(
            "zip_bomb",
            gettext_noop("Tệp %(ext)s khi giải nén quá lớn (khai báo %(mb)s MB); "
                         "tệp có thể là bom nén."),
            ext=extension, mb=max(1, total // (1024 * 1024)))
    return archive


def _read_small(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limits.max_manifest_bytes:
        return None
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return None


def _check_ooxml(fileobj: BinaryIO, extension: str, content_type: str,
                 limits: ZipLimits) -> None:
    archive = inspect_zip(fileobj, extension=extension, limits=limits)
    manifest = _read_small(archive, "[Content_Types].xml", limits)
    if manifest is None or b"<!DOCTYPE" in manifest.upper():
        raise _mismatch(extension)
    try:
        # No DOCTYPE (refused above) means no entities to expand or fetch.
        root = ElementTree.fromstring(manifest)  # noqa: S314
    except ElementTree.ParseError as exc:
        raise _mismatch(extension) from exc
    wanted = OOXML_MAIN[content_type]
    names = set(archive.namelist())
    for override in root.iter():
        if (override.tag.rsplit("}", 1)[-1] == "Override"
                and override.get("ContentType") == wanted
                and (override.get("PartName") or "").lstrip("/") in names):
            return
    raise _mismatch(extension)


def _check_odf(fileobj: BinaryIO, extension: str, content_type: str,
               limits: ZipLimits) -> None:
    archive = inspect_zip(fileobj, extension=extension, limits=limits)
    if (_read_small(archive, "mimetype", limits) or b"").strip() != content_type.encode():
        raise _mismatch(extension)


def verify_upload(fileobj: BinaryIO, *, filename: str, allowed: dict[str, str],
                  zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> VerifiedUpload:
    """Check that `fileobj` (seekable, left at offset 0) is what `filename`'s extension says.

    `allowed` maps the accepted extensions to their content types. Returns the verified
    extension and content type; raises :class:`UploadRejected`.
    """
    extension = os.path.splitext(os.path.basename(filename or ""))[1].lower()
    if extension not in allowed:
        raise UploadRejected(
            "type_not_allowed",
            gettext_noop("Loại tệp không được phép (%(ext)s). Cho phép: %(allowed)s."),
            ext=extension or "?", allowed=", ".join(allowed))
    content_type = allowed[extension]
    head = _head(fileobj, SNIFF_BYTES)
    if content_type == PDF:
        _check_pdf(head, extension)
    elif content_type in IMAGE_EXTENSIONS:
        _check_image(head, extension, content_type)
    elif content_type in (DOC, XLS):
        _check_ole(head, extension, content_type)
    elif content_type in OOXML_MAIN:
        _check_ooxml(fileobj, extension, content_type, zip_limits)
    elif content_type in (ODT, ODS):
        _check_odf(fileobj, extension, content_type, zip_limits)
    elif content_type == TEXT:
        _check_text(head, extension)
    else:  # a type without a rule is never accepted on trust
        raise _mismatch(extension)
    fileobj.seek(0)
    return VerifiedUpload(extension=extension, content_type=content_type)
