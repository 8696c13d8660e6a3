"""The archive workbook: a region's archive entries for a year, streamed (congress/xlsx_stream,
docs/exports.md) into a file in constant memory, headed in the request's (or the job's)
language. A province's year is millions of entries: the page's 导出 is the `archive_export`
job, and a direct download above EXPORT_SYNC_MAX_ROWS rows is refused."""

from django.utils.translation import gettext as _

from congress.exports import streamed_export
from evaluation.models import ArchiveEntry

CHUNK = 5000
WIDTHS = [10, 14, 12, 14, 40, 6, 12, 24, 40]


def headers() -> list[str]:
    return [_("代表"), _("所属区划"), _("日期"), _("类别"), _("事项"), _("数量"), _("来源"),
            _("佐证材料"), _("详细情况")]  # fmt: skip


def archive_rows(entries):
    kinds = {k: str(v) for k, v in ArchiveEntry._meta.get_field("kind").flatchoices}
    sources = {k: str(v) for k, v in ArchiveEntry.Source.choices}
    rows = entries.values_list(
        "deputy__name", "deputy__region__name", "occurred_on", "kind", "title", "quantity",
        "source", "evidence", "detail",
    )  # fmt: skip
    for name, region_name, day, kind, title, quantity, source, evidence, detail in rows.iterator(
        chunk_size=CHUNK
    ):
        yield [name, region_name, day, kinds.get(kind, kind), title, quantity,
               sources.get(source, source), evidence, detail]  # fmt: skip


def archive_workbook(*, handle, region, year: int, entries, tick=None, direct=False) -> None:
    """The entries written into `handle`; `tick(rows written, total)` follows a job's progress,
    `direct` refuses more rows than a direct download holds (the `archive_export` job instead)."""
    title = _("%(region)s%(year)s年履职档案") % {"region": region.name, "year": year}
    streamed_export(handle, archive_rows(entries), sheet=title, widths=WIDTHS, header=headers(),
                    kind="archive_export", count=entries.count, tick=tick,
                    direct=direct)  # fmt: skip
