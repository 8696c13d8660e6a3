"""The one way a stored file leaves the portal: through a scoped view, never from /media/.

Every file here is somebody's record (attachments, photos, exports), so no shared cache may keep
it: `private` always, and `no-store` unless the caller names how long the viewer's own browser may
keep an image it shows inline (a deputy's photo in a list, say)."""

import os

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def cache_control(max_age: int = 0) -> str:
    return f"private, max-age={max_age}" if max_age > 0 else "private, no-store"


def file_response(
    field,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    inline: bool = False,
    max_age: int = 0,
) -> FileResponse:
    """The stored file of `field` (a FieldFile) as a response; the caller has already checked the
    viewer's scope. A missing file is a 404 with a message, never a 500."""
    if not field:
        raise Http404(_("未找到该记录，或您无权查看。"))
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("附件文件已丢失。")) from exc
    if content_type is None and not inline:
        # a download is a download: the browser saves it and never renders or sniffs it, and the
        # answer has the one media type the API documents for attachments
        content_type = "application/octet-stream"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename or os.path.basename(field.name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control(max_age)
    return response
