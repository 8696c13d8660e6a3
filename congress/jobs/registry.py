"""What a kind of job is, and the kinds the apps contribute (KINDS in `<app>/jobs.py`)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from congress.registry import app_modules


class JobFailed(Exception):
    """The work was refused for a reason the user can act on: `message` is the job's error,
    `result` (e.g. the bad rows of an import) is kept with it."""

    def __init__(self, message: str, *, result: dict | None = None):
        super().__init__(message)
        self.message = message
        self.result = result


@dataclass
class Outcome:
    """What `run` returns: a result for the JSON, and/or a file to download: `content` (bytes,
    for a small file) or `file` (an open binary file, e.g. the temporary file a large export
    streamed into: it is copied to storage in chunks and closed, never read into memory)."""

    result: dict | None = None
    content: bytes | None = None
    filename: str = ""
    file: object = None


# run(job, progress): `progress(percent, message="")` records how far it got (0..99; the job
# reaches 100 when it is done).
Progress = Callable[..., None]


@dataclass(frozen=True)
class Kind:
    """One kind of job.

    prepare(request, params, upload) -> params to store: checks the request synchronously and
    raises what a view would (ApplicationError per parameter, Http404); `params` holds strings
    or JSON values, read through congress.params. run(job, progress) -> Outcome, as job.owner."""

    name: str
    label: object  # a lazy Chinese label
    permission: str
    prepare: Callable
    run: Callable
    upload: bool = False  # takes a file (multipart `file`)


@cache
def kinds() -> dict[str, Kind]:
    found: dict[str, Kind] = {}
    for module in app_modules("jobs"):
        for kind in getattr(module, "KINDS", []):
            found[kind.name] = kind
    return found


def get_kind(name: str) -> Kind | None:
    return kinds().get(name)
