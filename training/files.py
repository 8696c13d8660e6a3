"""Learning materials are checked by content, never by name: a document must be a PDF or an
Office Open XML file (docx, pptx, xlsx), a video an MP4 or a WebM, and its name's extension
must agree with what the bytes are. Videos are served with HTTP range requests, so a phone can
seek in a lecture without fetching all of it."""

import os
import re
import zipfile

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from congress.downloads import cache_control, file_response
from congress.env import envint
from congress.errors import invalid

DOCUMENT_MAX_BYTES = envint("TRAINING_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
VIDEO_MAX_BYTES = envint("TRAINING_VIDEO_MAX_BYTES", 500 * 1024 * 1024)

# extension → (kind, content type)
FORMATS = {
    ".pdf": ("document", "application/pdf"),
    ".docx": (
        "document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".pptx": (
        "document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ".xlsx": ("document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".mp4": ("video", "video/mp4"),
    ".webm": ("video", "video/webm"),
}
OOXML_PART = {".docx": "word/", ".pptx": "ppt/", ".xlsx": "xl/"}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}  # fmt: skip


def _sniff(upload, extension: str) -> bool:
    """Whether the bytes are what the extension says."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in OOXML_PART:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            upload.seek(0)
        part = OOXML_PART[extension]
        return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)
    if extension == ".mp4":
        return head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS
    if extension == ".webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    return False


def material_check(upload, *, field: str = "file") -> tuple[str, str]:
    """(kind, content type) of an uploaded material; a 400 on `field` for anything else."""
    if upload is None:
        raise invalid(field, _("请选择要上传的文件。"))
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in FORMATS:
        raise invalid(field, _("只能上传 PDF、Word、PPT、Excel 文档或 MP4、WebM 视频。"))
    kind, content_type = FORMATS[extension]
    limit = VIDEO_MAX_BYTES if kind == "video" else DOCUMENT_MAX_BYTES
    if not upload.size:
        raise invalid(field, _("上传的文件是空的。"))
    if upload.size > limit:
        raise invalid(field, _("该类文件不能超过 %(mb)d MB。") % {"mb": limit // (1024 * 1024)})
    if not _sniff(upload, extension):
        raise invalid(field, _("文件内容与其类型不符，或文件已损坏。"))
    return kind, content_type


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 1024 * 1024


def ranged_response(request, field, *, content_type: str, filename: str):
    """A stored file inline, honouring one `Range: bytes=a-b` (206, or 416 when it lies outside
    the file); without a Range header the whole file, through congress.downloads."""
    header = request.headers.get("Range", "")
    match = RANGE.match(header.strip())
    if not match or not (match.group(1) or match.group(2)):
        response = file_response(field, filename=filename, content_type=content_type, inline=True)
        response["Accept-Ranges"] = "bytes"
        return response
    try:
        size = field.size
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("附件文件已丢失。")) from exc
    first, last = match.group(1), match.group(2)
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with field.open("rb") as handle:
        handle.seek(start)
        # at most CHUNK bytes per answer: the player asks for the next part as it plays
        end = min(end, start + CHUNK - 1)
        body = handle.read(end - start + 1)
    response = HttpResponse(body, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control()
    return response
