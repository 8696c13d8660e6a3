"""The relations list as an .xlsx of any size (docs/exports.md): streamed rows from a server-side
cursor, labels from a dict built once, written by congress.xlsx_stream into a temporary file. A
province's 双联 alone is one relation per deputy (about 200,000), so the page starts a job
(contacts/jobs.py); a direct download above EXPORT_SYNC_MAX_ROWS rows is refused with a 400."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.exports import export_audited, streamed_export
from contacts.models import ContactRelation, Kind

CHUNK = 2000
WIDTHS = [16, 14, 14, 24, 14, 10, 10, 10]


def headers() -> list[str]:
    return [_("联系类别"), _("所属区划"), _("联系人"), _("所在机关"), _("联系对象"),
            _("年度目标"), _("已联系"), _("是否达标")]  # fmt: skip


def relation_rows(rows: QuerySet[ContactRelation]):
    kinds = {value: str(label) for value, label in Kind.choices}
    reached, behind = _("达标"), _("未达标")
    for r in rows.select_related("contactor__handling_unit").iterator(chunk_size=CHUNK):
        unit = (
            r.contactor.handling_unit.name if r.contactor and r.contactor.handling_unit_id else ""
        )
        yield [kinds.get(r.kind, r.kind), r.region.name, r.contactor_name, unit, r.contacted_name,
               r.yearly_target, r.done, reached if r.done >= r.yearly_target else behind]  # fmt: skip


def relations_xlsx(*, rows: QuerySet[ContactRelation], source, handle, tick=None,
                   direct=False) -> str:  # fmt: skip
    """The relations (selectors.relation_list) written into `handle`, and the file's name;
    `direct` refuses more rows than a direct download holds, `tick(rows, total)` follows a
    job's progress; the filters (`source`) are audited with the export."""
    streamed_export(handle, relation_rows(rows), sheet=_("联系工作"), widths=WIDTHS,
                    header=headers(), kind="contact_export", count=rows.count, tick=tick,
                    direct=direct)  # fmt: skip
    export_audited("contacts.ContactRelation", _("导出联系工作"), source)
    year = source.get("year") or timezone.localdate().year
    return _("%(y)s年联系工作.xlsx") % {"y": year}
