"""Personal data (deputies, citizens, users): checking resident ID numbers (GB 11643) and phone
numbers, and masking them and names wherever a full value is not needed. Nothing here logs a value."""

import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def id_birth_date(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_gender(id_number: str) -> str:
    """'M' or 'F' from the 17th digit (odd: male)."""
    return "M" if int(id_number[16]) % 2 else "F"


def id_number_errors(
    id_number: str, *, birth_date: date | None = None, gender: str | None = None
) -> dict[str, str]:
    """{field: Chinese message} for everything wrong with an ID number and its agreement with
    the birth date and gender given; empty when all is well."""
    if not ID_PATTERN.match(id_number):
        return {"id_number": _("公民身份号码应为18位，前17位为数字，最后一位为数字或X。")}
    if id_check_char(id_number[:17]) != id_number[17]:
        return {"id_number": _("公民身份号码校验码不正确，请核对。")}
    born = id_birth_date(id_number)
    if born is None or born > timezone.localdate() or born.year < 1900:
        return {"id_number": _("公民身份号码中的出生日期无效。")}
    errors = {}
    if birth_date and born != birth_date:
        errors["birth_date"] = _("出生日期与公民身份号码不一致。")
    if gender and id_gender(id_number) != gender:
        errors["gender"] = _("性别与公民身份号码不一致。")
    return errors


def phone_error(phone: str) -> str | None:
    if phone and not PHONE_PATTERN.match(phone):
        return _("手机号码应为11位大陆手机号，以1开头。")
    return None


def mask_id_number(value: str) -> str:
    """430525********1234: region kept, birth date and sequence hidden, length kept."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(name: str) -> str:
    """张** : the surname kept, the given name hidden."""
    return (name[0] + "*" * (len(name) - 1)) if name else ""


def make_id_number(region_code: str, birth: date, sequence: int, gender: str) -> str:
    """A well-formed ID number (demo data, tests, benchmark): 3-digit sequence whose last digit
    carries the gender."""
    seq = sequence % 1000
    if (seq % 2 == 1) != (gender == "M"):
        seq = (seq + 1) % 1000
    first17 = f"{region_code[:6]:0<6}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)
