"""Long work with a progress bar: exports, imports and recomputations that take more than a
second run as jobs (the `Job` row), in a Celery worker, or inline in the embedded demo where
Celery is eager: the API is the same either way (congress/job_api.py).

Each app lists its kinds in `<app>/jobs.py` as KINDS = [Kind(...)] (gathered like permissions).
A kind checks the request synchronously (permission by name, then its `prepare`: bad parameters
are a 400 per parameter, a record out of the viewer's scope a 404), so nothing is queued that
would fail for those reasons; its `run` then does the work as the job's owner, reports
progress, and returns an `Outcome` (a result and/or a file).

A failure is the job's `error` in Chinese (`JobFailed` carries a `result` too: an import that
fails its whole-sheet check is `failed` with `error` saying how many rows are bad and
`result.errors` listing them, nothing imported)."""

from congress.jobs.registry import JobFailed, Kind, Outcome, Progress, get_kind, kinds

__all__ = ["JobFailed", "Kind", "Outcome", "Progress", "get_kind", "kinds"]
