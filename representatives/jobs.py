"""The register's long work as jobs (congress/jobs): the import of a register file and the
masked export, streamed into a temporary file (docs/exports.md: the province's 200,000
deputies in well under a minute, in constant memory).

deputy_import: the file and its congress and term are checked when the job is started (a file
that is not an .xlsx, too large, or a congress or term outside the viewer's reach is a 400 then).
The whole-sheet check runs in the job: a sheet with bad rows imports nothing, and the job ends
`failed`, its `error` saying how many rows are bad and `result.errors` listing each one
({row, column, message}, as the synchronous import answers); a good sheet ends `done` with the
counts in `result`."""

import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.errors import invalid
from congress.exports import export_file, rows_progress
from congress.jobs import JobFailed, Kind, Outcome
from congress.models import Congress, Term
from representatives.accounts import accounts_open, with_serving
from representatives.api.imports import (
    DeputyImportApi,
    check_import_upload,
    deputy_export,
)
from representatives.importer import ImportInvalid, deputies_import
from representatives.selectors.register import DeputyFilters, deputy_list
from representatives.services import congress_in_reach

FILTERS = {"level", "region", "congress", "term", "status", "category", "group", "gender",
           "has_account", "q", "ordering"}  # fmt: skip


def _import_targets(request, values: dict, upload=None) -> tuple[Congress, Term]:
    body = {"congress": values.get("congress"), "term": values.get("term")}
    if upload is not None:
        body["file"] = upload
    data = DeputyImportApi.Input(data=body, context={"request": request}, partial=upload is None)
    data.is_valid(raise_exception=True)
    congress, term = data.validated_data["congress"], data.validated_data["term"]
    if term.congress_id != congress.pk:
        raise invalid("term", _("届次不属于该人民代表大会。"))
    if not congress_in_reach(request.user, congress):
        raise invalid("congress", _("该人民代表大会不在您的管辖范围内。"))
    return congress, term


def _import_prepare(request, values: dict, upload) -> dict:
    congress, term = _import_targets(request, values, upload)
    check_import_upload(upload)
    upload.seek(0)
    if not zipfile.is_zipfile(upload):  # by its content, not only its name
        raise invalid("file", _("无法读取该文件，请上传由模板填写的 .xlsx 文件。"))
    upload.seek(0)
    return {"congress": congress.pk, "term": term.pk, "filename": upload.name[:200]}


class _AsRequest:
    """The owner where the import's serializer fields want a request (their reach)."""

    def __init__(self, user):
        self.user = user


def _import_run(job, progress) -> Outcome:
    congress, term = _import_targets(_AsRequest(job.owner), {**job.params})
    progress(10, _("正在校验全部行"))
    try:
        with job.upload.open("rb") as handle:
            result = deputies_import(viewer=job.owner, file=handle, congress=congress, term=term)
    except ImportInvalid as exc:
        raise JobFailed(exc.message, result={"errors": [e.as_dict() for e in exc.errors]}) from None
    return Outcome(result=result.as_dict())


def _export_filters(values: dict) -> tuple[DeputyFilters, dict]:
    kept = {key: value for key, value in values.items() if key in FILTERS and value != ""}
    return DeputyFilters.from_params(kept), kept


def _export_prepare(request, values: dict, upload) -> dict:
    filters, kept = _export_filters(values)
    deputy_list(viewer=request.user, filters=filters)  # a foreign region is a 404 now
    return kept


def _export_run(job, progress) -> Outcome:
    filters, kept = _export_filters(job.params)
    progress(2, _("正在查询代表名册"))
    handle = export_file()
    tick = rows_progress(progress, start=5, span=90, unit=_("人"))
    filename = deputy_export(viewer=job.owner, filters=filters, source=kept, handle=handle,
                             tick=tick)  # fmt: skip
    return Outcome(result={"filters": kept}, file=handle, filename=filename)


def _accounts_prepare(request, values: dict, upload) -> dict:
    filters, kept = _export_filters(values)
    deputy_list(viewer=request.user, filters=filters)  # a foreign region is a 404 now
    return kept


def _accounts_run(job, progress) -> Outcome:
    """Accounts for every deputy of a filter (a county: about 2,000), in one transaction."""
    filters, kept = _export_filters(job.params)
    progress(2, _("正在查询代表名册"))
    deputies = list(with_serving(deputy_list(viewer=job.owner, filters=filters)))

    def tick(done: int, total: int) -> None:
        progress(5 + 90 * done / total, _("正在开通账号（%(done)d / %(total)d 人）")
                 % {"done": done, "total": total})  # fmt: skip

    opened = accounts_open(viewer=job.owner, deputies=deputies, tick=tick)
    result = {"filters": kept, "created": len(opened.created), "skipped": opened.skipped,
              "refused": opened.refused[:500], "refused_total": len(opened.refused)}  # fmt: skip
    return Outcome(result=result)


KINDS = [
    Kind(
        name="deputy_import",
        label=gettext_lazy("导入代表名册"),
        permission="deputy.import",
        prepare=_import_prepare,
        run=_import_run,
        upload=True,
    ),
    Kind(
        name="deputy_export",
        label=gettext_lazy("导出代表名册"),
        permission="deputy.export",
        prepare=_export_prepare,
        run=_export_run,
    ),
    Kind(
        name="deputy_accounts",
        label=gettext_lazy("为代表开通账号"),
        permission="deputy.accounts",
        prepare=_accounts_prepare,
        run=_accounts_run,
    ),
]
