"""Meeting documents are checked by what they contain, not by their name: the first bytes must
be those of a PDF, an Office file (OOXML zip with its content types, or the old OLE format), an
image Pillow can open, or UTF-8 text; and they have a size limit."""

import zipfile

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from congress.env import envint
from congress.errors import invalid

DOCUMENT_MAX_BYTES = envint("MEETING_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
IMAGES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def document_type(upload, *, field: str = "file") -> str:
    """The content type of an acceptable document, or a 400 on `field`."""
    if upload is None:
        raise invalid(field, _("请选择文件。"))
    if upload.size == 0:
        raise invalid(field, _("文件是空的。"))
    if upload.size > DOCUMENT_MAX_BYTES:
        raise invalid(field, _("文件不能超过 %(mb)d MB。") % {"mb": DOCUMENT_MAX_BYTES // 2**20})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "application/pdf"
    elif head == OLE:
        kind = "application/msword"
    elif head.startswith(b"PK\x03\x04"):
        kind = _ooxml(upload)
    else:
        kind = _image(upload) or _text(upload)
    upload.seek(0)
    if kind is None:
        raise invalid(field, _("不支持的文件内容，请上传 PDF、Word、Excel、PPT、图片或文本文件。"))
    return kind


def _ooxml(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in OOXML.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def _image(upload) -> str | None:
    try:
        with Image.open(upload) as probe:
            probe.verify()
            return IMAGES.get(probe.format)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None


def _text(upload) -> str | None:
    upload.seek(0)
    data = upload.read(DOCUMENT_MAX_BYTES)
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"
