"""Uploaded photos are checked by content (Pillow), never by name, and re-encoded on the server:
a smaller JPEG without EXIF (which holds the phone's GPS position)."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from congress.errors import ApplicationError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 6
MAX_PIXELS = 50_000_000
MAX_SIDE = 1600
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO", "HEIF"}


def _reject(message: str, field: str):
    raise ApplicationError(message, fields={field: [message]})


def photo_prepare(upload, *, field: str = "photos") -> ContentFile:
    """A checked, resized JPEG ready to save; ApplicationError (400) for anything else."""
    if upload.size > MAX_PHOTO_BYTES:
        _reject(_("照片不能超过 10 MB。"), field)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ALLOWED_FORMATS:
                _reject(_("只能上传 JPEG、PNG 或 WEBP 格式的照片。"), field)
            if probe.width * probe.height > MAX_PIXELS:
                _reject(_("照片像素过大。"), field)
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if image.mode != "RGB":
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        _reject(_("文件不是有效的图片。"), field)
    return ContentFile(out.getvalue(), name="photo.jpg")


def photos_prepare(uploads: list, *, field: str = "photos") -> list[ContentFile]:
    if len(uploads) > MAX_PHOTOS:
        _reject(_("最多上传 %(n)d 张照片。") % {"n": MAX_PHOTOS}, field)
    return [photo_prepare(upload, field=field) for upload in uploads]
