"""A filing's files, checked by what they contain (meetings/files.py's rule: PDF, Office,
image or text, with a size limit); the filer uploads while the filing is theirs to change, staff
add what arrived on paper."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from congress.services import model_create
from filings.models import Document, Filing
from filings.services.common import history, locked_and_checked
from filings.workflow import STAFF, roles
from meetings.files import document_type


@transaction.atomic
def document_add(*, actor: User, filing: Filing, kind: str, file) -> Document:
    action = "attach" if STAFF in roles(filing, actor) else "upload"
    filing = locked_and_checked(filing, action, actor)
    if kind not in Document.Kind.values:
        raise invalid("kind", _("请选择材料类别。"))
    content_type = document_type(file)
    name = (getattr(file, "name", "") or "file")[-200:]
    document = model_create(Document(
        filing=filing, kind=kind, file=file, file_name=name, content_type=content_type,
        size=file.size, uploaded_by=actor,
    ))  # fmt: skip
    history(filing, action, actor, note=f"{Document.Kind(kind).label}：{name}")
    return document
