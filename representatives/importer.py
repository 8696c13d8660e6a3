"""Import of the register from the .xlsx template: every row is checked first, every bad row is
reported (row number, column, Chinese message), and nothing is written unless the whole file
is valid. A person is matched by ID number, so importing the same file again changes nothing.
Built for tens of thousands of rows: one pass over the sheet, lookups in bulk, bulk writes."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError
from congress.models import AuditLog, Congress, Region, Term, User
from congress.personal import (
    id_birth_date,
    id_gender,
    id_number_errors,
    normalize_id_number,
    phone_error,
)
from congress.scope import region_in_scope, region_prefix
from representatives.excel import COLUMNS
from representatives.models import (
    ETHNIC_GROUPS,
    Affiliation,
    Deputy,
    DeputyGroup,
    Education,
    Gender,
    Mandate,
    Occupation,
)
from representatives.services import congress_in_reach, name_initials
from representatives.xlsx_reader import XlsxError, read_rows

MAX_ROWS = 20000
HEADERS = {header: key for key, header, _w, _r in COLUMNS}
LABELS = {key: header for key, header, _w, _r in COLUMNS}
REQUIRED = [key for key, _h, _w, required in COLUMNS if required]
ALIASES = {
    "affiliation": {
        "中国共产党党员": Affiliation.CPC,
        "党员": Affiliation.CPC,
        "中共": Affiliation.CPC,
        "预备党员": Affiliation.CPC_PROBATIONARY,
        "无党派": Affiliation.NON_PARTY,
        "民革": Affiliation.RCCK,
        "民盟": Affiliation.CDL,
        "民建": Affiliation.CDNCA,
        "民进": Affiliation.CAPD,
        "农工党": Affiliation.CPWDP,
        "致公党": Affiliation.CZGP,
        "九三学社": Affiliation.JS,
        "台盟": Affiliation.TDSGL,
    },
    "education": {
        "博士研究生": Education.POSTGRADUATE,
        "硕士研究生": Education.POSTGRADUATE,
        "博士": Education.POSTGRADUATE,
        "硕士": Education.POSTGRADUATE,
        "本科": Education.BACHELOR,
        "大学": Education.BACHELOR,
        "大专": Education.COLLEGE,
        "专科": Education.COLLEGE,
        "高中": Education.SECONDARY,
        "中专": Education.SECONDARY,
        "初中": Education.JUNIOR,
        "小学": Education.JUNIOR,
    },
}
PERSON_UPDATE_FIELDS = [
    "name",
    "name_initials",
    "gender",
    "ethnicity",
    "birth_date",
    "affiliation",
    "education",
    "occupation",
    "workplace",
    "post",
    "phone",
    "region_id",
]


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportInvalid(ApplicationError):
    """The file was refused; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError], message: str | None = None):
        bad_rows = len({e.row for e in errors if e.row})
        super().__init__(
            message or _("导入文件有%(n)d行存在错误，未导入任何数据。") % {"n": bad_rows},
            code="import_invalid",
            fields={"file": [message or _("请修正标出的行后重新导入。")]},
        )
        self.errors = errors


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    mandates_created: int = 0
    mandates_updated: int = 0
    groups_created: int = 0
    errors: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "errors"}


def _choice_map(choices, aliases: dict | None = None) -> dict[str, str]:
    mapping = {str(label): value for value, label in choices}
    mapping.update(aliases or {})
    return mapping


def _choices() -> dict[str, dict[str, str]]:
    return {
        "gender": _choice_map(Gender.choices, {"男性": Gender.MALE, "女性": Gender.FEMALE}),
        "affiliation": _choice_map(Affiliation.choices, ALIASES["affiliation"]),
        "education": _choice_map(Education.choices, ALIASES["education"]),
        "occupation": _choice_map(Occupation.choices),
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-")
    text = text.rstrip("日")
    if text.isdigit() and len(text) == 8:
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return date(y, m, d)
    except ValueError:
        raise ValueError(text) from None


class RegionResolver:
    """Region names or codes in the viewer's subtree; a name shared by two places must be
    given as a code."""

    def __init__(self, viewer: User):
        prefix = region_prefix(viewer) or ""
        self.codes: set[str] = set()
        self.names: dict[str, list[str]] = {}
        for code, name in Region.objects.filter(code__startswith=prefix).values_list(
            "code", "name"
        ):
            self.codes.add(code)
            self.names.setdefault(name, []).append(code)

    def resolve(self, text: str) -> tuple[str | None, str | None]:
        if text in self.codes:
            return text, None
        found = self.names.get(text, [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, _("区划名称“%(name)s”不唯一，请填写区划代码。") % {"name": text}
        return None, _("区划“%(name)s”不存在或不在您的管辖范围内。") % {"name": text}


def _read_rows(file) -> tuple[list[str | None], list[tuple[int, tuple]]]:
    """The header's column keys and the data rows (row number, values) of the first sheet."""
    rows = read_rows(file)
    try:
        _number, header = next(rows, (0, ()))
        keys = [HEADERS.get(_text(h).rstrip("*").strip()) for h in header]
        body = []
        for number, values in rows:
            body.append((number, values))
            if len(body) > MAX_ROWS:
                raise ImportInvalid([], _("单次最多导入%(n)d行。") % {"n": MAX_ROWS})
    except XlsxError:
        raise ImportInvalid([], _("无法读取该文件，请上传由模板填写的 .xlsx 文件。")) from None
    return keys, body


def _parse_row(number: int, raw: dict, ctx: dict) -> tuple[dict, list[RowError]]:  # noqa: C901
    errors: list[RowError] = []

    def fail(key: str, message: str) -> None:
        errors.append(RowError(number, LABELS[key], message))

    row = {key: _text(raw.get(key)) for key in LABELS}
    for key in REQUIRED:
        if not row[key]:
            fail(key, _("不能为空。"))
    for key in ("name", "workplace", "post", "electoral_unit", "group"):
        limit = {"name": 50, "group": 80}.get(key, 100)
        if len(row[key]) > limit:
            fail(key, _("不能超过%(n)d个字。") % {"n": limit})
    for key, mapping in ctx["choices"].items():
        if row[key]:
            if row[key] in mapping:
                row[key] = mapping[row[key]]
            else:
                fail(key, _("“%(v)s”不是有效的选项。") % {"v": row[key]})
                row[key] = ""
    if row["ethnicity"] and row["ethnicity"] not in ETHNIC_GROUPS:
        if row["ethnicity"] + "族" in ETHNIC_GROUPS:
            row["ethnicity"] += "族"
        else:
            fail("ethnicity", _("“%(v)s”不是有效的民族名称。") % {"v": row["ethnicity"]})
    for key in ("birth_date", "start_date"):
        value = raw.get(key)
        row[key] = None
        if value not in (None, ""):
            try:
                row[key] = _date(value)
            except ValueError:
                fail(key, _("日期格式不正确，应如 1975-03-08。"))
    row["id_number"] = normalize_id_number(row["id_number"])
    if row["id_number"]:
        id_errors = id_number_errors(
            row["id_number"], birth_date=row["birth_date"], gender=row["gender"] or None
        )
        for key, message in id_errors.items():
            fail(key, message)
        if not id_errors:
            row["birth_date"] = row["birth_date"] or id_birth_date(row["id_number"])
            row["gender"] = row["gender"] or id_gender(row["id_number"])
            if row["id_number"] in ctx["seen"]:
                fail(
                    "id_number",
                    _("与第%(n)d行的公民身份号码重复。") % {"n": ctx["seen"][row["id_number"]]},
                )
            ctx["seen"].setdefault(row["id_number"], number)
    if message := phone_error(row["phone"]):
        fail("phone", message)
    if row["region"]:
        code, message = ctx["regions"].resolve(row["region"])
        if message:
            fail("region", message)
        row["region"] = code
    else:
        row["region"] = ctx["default_region"]
        if row["region"] is None:
            fail("region", _("请填写所属区划。"))
    start = row["start_date"] or ctx["term"].start_date
    if start and not (ctx["term"].start_date <= start <= ctx["term"].end_date):
        fail("start_date", _("当选日期应在所选届次的起止日期之内。"))
    row["start_date"] = start
    return row, errors


@transaction.atomic
def deputies_import(*, viewer: User, file, congress: Congress, term: Term) -> ImportResult:
    """Import a register file into one congress's term. All or nothing."""
    if term.congress_id != congress.pk:
        raise ApplicationError(
            _("届次不属于该人民代表大会。"), fields={"term": [_("届次不属于该人民代表大会。")]}
        )
    if not congress_in_reach(viewer, congress):
        raise ApplicationError(
            _("该人民代表大会不在您的管辖范围内。"),
            fields={"congress": [_("该人民代表大会不在您的管辖范围内。")]},
        )
    keys, body = _read_rows(file)
    missing = [LABELS[k] for k in REQUIRED if k not in keys]
    if missing:
        raise ImportInvalid(
            [], _("缺少必填列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)}
        )
    if not body:
        raise ImportInvalid([], _("文件中没有数据行。"))

    ctx = {
        "choices": _choices(),
        "seen": {},
        "regions": RegionResolver(viewer),
        "term": term,
        "default_region": congress.region_id
        if region_in_scope(viewer, congress.region_id)
        else None,
    }
    parsed, errors = [], []
    for number, values in body:
        raw = {key: value for key, value in zip(keys, values, strict=False) if key}
        row, row_errors = _parse_row(number, raw, ctx)
        errors += row_errors
        parsed.append((number, row))

    existing = _existing_people([row["id_number"] for _n, row in parsed if row["id_number"]])
    mandates = _existing_mandates(congress, [d.pk for d in existing.values()])
    for number, row in parsed:
        person = existing.get(row["id_number"])
        if person is None:
            continue
        if not region_in_scope(viewer, person.region_id):
            errors.append(
                RowError(
                    number, LABELS["id_number"], _("该代表已由其他地区登记，请联系上级人大机关。")
                )
            )
            continue
        for mandate in mandates.get(person.pk, []):
            if mandate.term_id != term.pk and mandate.is_serving:
                errors.append(
                    RowError(
                        number,
                        LABELS["id_number"],
                        _("该代表在%(c)s有其他届次的在任资格，请先终止。") % {"c": congress.name},
                    )
                )
    if errors:
        errors.sort(key=lambda e: e.row)
        raise ImportInvalid(errors)
    result = _write(parsed, existing, mandates, congress=congress, term=term)
    audit.record(
        AuditLog.Action.IMPORT,
        model="representatives.Deputy",
        object_repr=_("导入%(c)s%(t)s代表名册 %(n)d行")
        % {"c": congress.name, "t": term.label, "n": result.rows},
        after=result.as_dict(),
    )
    # The seats and groups are written in bulk too: one row each for their model's trail.
    for model, label, counts in (
        ("representatives.Mandate", _("代表资格"),
         {"created": result.mandates_created, "updated": result.mandates_updated}),
        ("representatives.DeputyGroup", _("代表小组"), {"created": result.groups_created}),
    ):  # fmt: skip
        if any(counts.values()):
            audit.record(
                AuditLog.Action.IMPORT,
                model=model,
                object_repr=_("导入%(c)s%(t)s代表名册：%(what)s")
                % {"c": congress.name, "t": term.label, "what": label},
                after=counts,
            )
    return result


def _existing_people(id_numbers: list[str]) -> dict[str, Deputy]:
    found = {}
    for start in range(0, len(id_numbers), 2000):
        chunk = id_numbers[start : start + 2000]
        for deputy in Deputy.objects.filter(id_number__in=chunk).only(
            "id", "id_number", *PERSON_UPDATE_FIELDS
        ):
            found[deputy.id_number] = deputy
    return found


def _existing_mandates(congress: Congress, deputy_ids: list[int]) -> dict[int, list[Mandate]]:
    found: dict[int, list[Mandate]] = {}
    for start in range(0, len(deputy_ids), 2000):
        chunk = deputy_ids[start : start + 2000]
        for mandate in Mandate.objects.filter(congress=congress, deputy_id__in=chunk):
            found.setdefault(mandate.deputy_id, []).append(mandate)
    return found


def _groups(congress: Congress, names: set[str], result: ImportResult) -> dict[str, DeputyGroup]:
    groups = {g.name: g for g in DeputyGroup.objects.filter(congress=congress, name__in=names)}
    new = [
        DeputyGroup(congress=congress, name=n, region_id=congress.region_id)
        for n in sorted(names - set(groups))
    ]
    if new:
        for group in DeputyGroup.objects.bulk_create(new):
            groups[group.name] = group
        result.groups_created = len(new)
    return groups


def _write(parsed, existing, mandates, *, congress: Congress, term: Term) -> ImportResult:
    result = ImportResult(rows=len(parsed))
    groups = _groups(congress, {row["group"] for _n, row in parsed if row["group"]}, result)
    now = timezone.now()
    new_people, changed_people = [], []
    for _number, row in parsed:
        person = existing.get(row["id_number"])
        same_name = person is not None and person.name == row["name"]
        values = {
            "name": row["name"],
            "name_initials": person.name_initials if same_name else name_initials(row["name"]),
            "gender": row["gender"],
            "ethnicity": row["ethnicity"],
            "birth_date": row["birth_date"],
            "affiliation": row["affiliation"],
            "education": row["education"],
            "occupation": row["occupation"],
            "workplace": row["workplace"],
            "post": row["post"],
            "phone": row["phone"],
            "region_id": row["region"],
        }
        if person is None:
            person = Deputy(id_number=row["id_number"], **values)
            new_people.append(person)
            existing[row["id_number"]] = person
        elif any(getattr(person, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(person, key, value)
            person.updated_at = now
            changed_people.append(person)
        else:
            result.unchanged += 1
    Deputy.objects.bulk_create(new_people, batch_size=1000)
    Deputy.objects.bulk_update(
        changed_people, [*PERSON_UPDATE_FIELDS, "updated_at"], batch_size=500
    )
    result.created, result.updated = len(new_people), len(changed_people)

    new_mandates, changed_mandates = [], []
    for _number, row in parsed:
        person = existing[row["id_number"]]
        group = groups.get(row["group"]) if row["group"] else None
        current = next((m for m in mandates.get(person.pk, []) if m.term_id == term.pk), None)
        if current is None:
            new_mandates.append(
                Mandate(
                    deputy=person,
                    congress=congress,
                    term=term,
                    electoral_unit=row["electoral_unit"],
                    group=group,
                    start_date=row["start_date"],
                )
            )
        elif (current.electoral_unit, current.group_id, current.start_date) != (
            row["electoral_unit"],
            group.pk if group else None,
            row["start_date"],
        ):
            current.electoral_unit, current.group, current.start_date = (
                row["electoral_unit"],
                group,
                row["start_date"],
            )
            changed_mandates.append(current)
    Mandate.objects.bulk_create(new_mandates, batch_size=1000)
    Mandate.objects.bulk_update(
        changed_mandates, ["electoral_unit", "group", "start_date"], batch_size=500
    )
    result.mandates_created, result.mandates_updated = len(new_mandates), len(changed_mandates)
    return result
