"""Query parameters, parsed once: every API view and page reads `?name=` through these helpers.

A value of the wrong type or out of range is a 400 on that parameter, in the one error shape
(congress.errors), never a silently dropped filter (`?congress=null` used to list everything)
nor a server error (`?year=27630` reached `date(27630, 1, 1)`, `?group=99999999999999999999`
overflowed the database's integer). An absent or empty parameter gives the default.

Each helper takes the request (DRF's `query_params` or Django's `GET`) or a QueryDict."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from rest_framework.fields import IntegerField

from congress.errors import ApplicationError

# Ids are PostgreSQL bigint primary keys (settings.DEFAULT_AUTO_FIELD); a bigger number is no
# record, and the database would refuse it rather than find nothing.
ID_MAX = 2**63 - 1
INT_MAX = 2**31 - 1  # a PostgreSQL integer column
YEAR_MIN, YEAR_MAX = 1949, 2100


class InvalidParameter(ApplicationError, BadRequest):
    """A 400 on one query parameter: DRF's exception handler answers it in the JSON shape, and a
    page view gets Django's 400 page (BadRequest)."""

    def __init__(self, name: str, message: str):
        super().__init__(
            _("参数 %(name)s 有误：%(message)s") % {"name": name, "message": message},
            fields={name: [message]},
        )


def _raw(source, name: str) -> str:
    params = getattr(source, "query_params", None)
    if params is None:
        params = getattr(source, "GET", source)
    return str(params.get(name, "")).strip()


def query_int(
    source, name: str, *, min: int, max: int, default: int | None = None, message: str = ""
) -> int | None:
    """A whole number between min and max ("12", not "12.0", "1e3", "true" or "null").
    `message`, when given, is the one message for every way the value can be wrong."""
    raw = _raw(source, name)
    if raw == "":
        return default
    digits = raw[1:] if raw[:1] in "+-" else raw
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidParameter(name, message or _("请填写整数。"))
    value = int(raw[:22])  # past 20 digits it is out of any range anyway
    if value < min:
        raise InvalidParameter(name, message or _("不能小于 %(min)s。") % {"min": min})
    if value > max:
        raise InvalidParameter(name, message or _("不能大于 %(max)s。") % {"max": max})
    return value


def query_id(source, name: str, *, default: int | None = None) -> int | None:
    """The id of a record (a positive bigint)."""
    raw = _raw(source, name)
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or not 1 <= int(raw) <= ID_MAX:
        raise InvalidParameter(name, _("应为记录的编号（正整数）。"))
    return int(raw)


def query_year(source, name: str = "year", *, default: int | None = None) -> int | None:
    return query_int(source, name, min=YEAR_MIN, max=YEAR_MAX, default=default)


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def query_bool(source, name: str, *, default: bool | None = None) -> bool | None:
    """true/false (also 1/0)."""
    raw = _raw(source, name).lower()
    if raw == "":
        return default
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise InvalidParameter(name, _("应为 true 或 false。"))


def query_choice(source, name: str, choices: Iterable, *, default: str = "") -> str:
    """One of the allowed values (a model field's choices, or a list of names)."""
    raw = _raw(source, name)
    if raw == "":
        return default
    allowed = {str(c[0] if isinstance(c, tuple | list) else c) for c in choices}
    if raw not in allowed:
        raise InvalidParameter(name, _("请从列表中选择。"))
    return raw


def query_ordering(source, allowed: Iterable[str], *, name: str = "ordering", default: str = ""):
    """A sort key from the view's whitelist (an unknown key is refused, not ignored)."""
    allowed = list(allowed)
    raw = _raw(source, name)
    if raw == "":
        return default
    if raw not in allowed:
        raise InvalidParameter(
            name, _("可选的排序：%(allowed)s。") % {"allowed": "、".join(allowed)}
        )
    return raw


def query_date(source, name: str, *, default: date | None = None) -> date | None:
    """A calendar day, 2026-12-02."""
    raw = _raw(source, name)
    if raw == "":
        return default
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None or len(raw) != 10:
        raise InvalidParameter(name, _("请填写日期，格式如 2026-12-02。"))
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise InvalidParameter(
            name, _("年份应在 %(min)s 到 %(max)s 之间。") % {"min": YEAR_MIN, "max": YEAR_MAX}
        )
    return value


def query_text(source, name: str, *, max_length: int = 100, default: str = "") -> str:
    """Free text such as a search term (NUL bytes never get this far: congress.middleware)."""
    raw = _raw(source, name)
    if raw == "":
        return default
    if len(raw) > max_length:
        raise InvalidParameter(name, _("最多 %(n)s 个字。") % {"n": max_length})
    return raw


def query_code(source, name: str, *, max_length: int = 12, default: str = "") -> str:
    """A code made of digits: a region's division code (43, 4305, 430525, ...)."""
    raw = _raw(source, name)
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > max_length:
        raise InvalidParameter(name, _("应为区划代码（数字）。"))
    return raw


# --- Body fields ------------------------------------------------------------------------------

INT_MIN_BODY = -(2**63)


def install_integer_bounds() -> None:
    """Every DRF IntegerField without bounds of its own accepts only what a bigint column holds
    (called once, from CongressConfig.ready). Unbounded, `{"deputy_ids": [10**30]}` passed
    validation and overflowed the database driver (OverflowError on SQLite, the demo's
    database); bounded, it is a 400 on that field like any number out of range."""
    original = IntegerField.__init__
    if getattr(original, "bounded", False):
        return

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("min_value", INT_MIN_BODY)
        original(self, **kwargs)

    __init__.bounded = True
    IntegerField.__init__ = __init__
