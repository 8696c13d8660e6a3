"""Uploaded files stream through scoped API views, never from /media/."""

import os

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def file_response(field) -> FileResponse:
    """The stored file as a download (the caller has already checked the viewer's scope)."""
    if not field:
        raise Http404(_("未找到该记录，或您无权查看。"))
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("附件文件已丢失。")) from exc
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(field.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
