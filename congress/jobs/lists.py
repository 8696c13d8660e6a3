"""A job that exports a filtered list (docs/exports.md): the list's own filter function checks
the parameters when the job starts (a bad one is a 400, another county's region a 404) and again
as the owner when it runs, then the rows stream into a temporary file with progress."""

from collections.abc import Callable

from congress.exports import export_file, rows_progress
from congress.jobs.registry import Outcome


class AsRequest:
    """The job's owner and parameters where a list's filters read a request."""

    def __init__(self, user, values: dict):
        self.user, self.query_params = user, values


def _text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def kept(values: dict) -> dict:
    """The list's parameters as its query string holds them (text), without the page."""
    return {k: _text(v) for k, v in values.items() if v != "" and k not in ("page", "page_size")}


def filtered_export(filters: Callable, rows: Callable, write: Callable, *, querying: Callable,
                    unit: Callable) -> tuple[Callable, Callable]:  # fmt: skip
    """(prepare, run) of an export of a filtered list: `filters(request)` checks the list's
    parameters as the list does, `rows(viewer, filters)` selects, `write(rows, source, handle,
    tick)` streams them and returns the file name; `querying()` and `unit()` are the progress
    texts (called in the job, in its owner's language)."""

    def prepare(request, values: dict, upload) -> dict:
        values = kept(values)
        filters(AsRequest(request.user, values))
        return values

    def run(job, progress) -> Outcome:
        checked = filters(AsRequest(job.owner, job.params))
        progress(2, querying())
        handle = export_file()
        tick = rows_progress(progress, unit=unit())
        filename = write(rows=rows(viewer=job.owner, filters=checked), source=job.params,
                         handle=handle, tick=tick)  # fmt: skip
        return Outcome(result={"filters": job.params}, file=handle, filename=filename)

    return prepare, run
