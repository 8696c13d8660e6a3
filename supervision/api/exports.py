"""The plan as a spreadsheet: exactly the projects the list shows, with the same filters."""

from io import BytesIO

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from openpyxl import Workbook

from congress import audit
from congress.api import DomainAPIView
from congress.exports import xlsx_append, xlsx_response
from congress.models import AuditLog
from congress.schema import XLSX_DOWNLOAD, download, errors
from supervision import selectors
from supervision.api.projects import FILTERS, list_filters

LIMIT = 10_000


class ProjectExportApi(DomainAPIView):
    perms = {"GET": "supervision.view"}

    @extend_schema(parameters=FILTERS, responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
                   summary="导出监督项目（与列表相同的筛选）")  # fmt: skip
    def get(self, request):
        qs = selectors.project_list(viewer=request.user, **list_filters(request))[:LIMIT]
        wb = Workbook()
        ws = wb.active
        ws.title = _("监督项目")
        xlsx_append(ws, [_("年度"), _("监督议题"), _("组织区划"), _("监督方式"), _("被监督单位"),
                         _("牵头委员会"), _("阶段"), _("县乡同步"), _("所属县级议题")])  # fmt: skip
        count = 0
        for p in qs:
            xlsx_append(ws, [p.year, p.title, p.region.name, "、".join(p.forms_display()),
                             p.unit.name if p.unit else "", p.get_committee_display(),
                             p.get_status_display(), _("是") if p.joint else "",
                             p.parent.title if p.parent else ""])  # fmt: skip
            count += 1
        buffer = BytesIO()
        wb.save(buffer)
        audit.record(AuditLog.Action.EXPORT, model="supervision.Project",
                     object_repr=f"{count} projects")  # fmt: skip
        return xlsx_response(buffer.getvalue(), _("监督项目.xlsx"))
