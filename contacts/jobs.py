"""The relations list's export as a job (congress/jobs, docs/exports.md): a province's 双联 is
one relation per deputy, so the page's 导出 starts it and the file streams in the background."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.jobs import Kind
from congress.jobs.lists import filtered_export
from contacts import exports, selectors
from contacts.api.relations import list_filters


def _relations(*, viewer, filters: dict):
    return selectors.relation_list(viewer=viewer, **filters)


_prepare, _run = filtered_export(
    list_filters, _relations, exports.relations_xlsx,
    querying=lambda: _("正在查询联系关系"), unit=lambda: _("个联系关系"),
)  # fmt: skip

KINDS = [
    Kind(
        name="contact_export",
        label=gettext_lazy("导出联系工作"),
        permission="contact.view",
        prepare=_prepare,
        run=_run,
    ),
]
