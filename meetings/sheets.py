"""The sign-in sheet as a spreadsheet: the export (one row per invitee, printable, with a column
to sign by hand) and the import of the filled-in paper sheet. The import checks the whole sheet
first, as the register import does: any bad row and nothing is stored, every row's problem is
named. The headers and labels are written in the request's language; the import reads a
sheet in Chinese or in that language."""

import datetime as dt
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress.errors import invalid
from congress.exports import xlsx_append, xlsx_put
from meetings.models import Event, Invitation
from representatives.xlsx_reader import XlsxError, read_rows

A = Invitation.Attendance
HEADERS = [gettext_noop("编号"), gettext_noop("姓名"), gettext_noop("单位"), gettext_noop("身份"),
           gettext_noop("答复"), gettext_noop("签到时间"), gettext_noop("出勤"),
           gettext_noop("本人签名")]  # fmt: skip
ATTENDANCE_BY_LABEL = {"出席": A.PRESENT, "迟到": A.LATE, "请假": A.LEAVE, "缺席": A.ABSENT}
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


def sheet_workbook(event: Event, invitations) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("签到表")
    start = timezone.localtime(event.starts_at)
    xlsx_put(ws, "A1", _("%(title)s 签到表") % {"title": event.title})
    ws["A1"].font = Font(bold=True, size=14)
    place = _("线上") if event.online else event.place
    xlsx_put(ws, "A2", f"{start:%Y-%m-%d %H:%M}  {place}")
    ws.append([])
    xlsx_append(ws, [_(h) for h in HEADERS])
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for invitation in invitations:
        sign_in = getattr(invitation, "sign_in", None)
        at = timezone.localtime(sign_in.signed_in_at).strftime("%H:%M") if sign_in else ""
        xlsx_append(ws, [invitation.pk, invitation.name, invitation.organisation,
                         invitation.get_role_display(), invitation.get_answer_display(), at,
                         invitation.get_attendance_display() if invitation.attendance else "", ""])  # fmt: skip
    for column, width in zip("ABCDEFGH", (8, 12, 28, 14, 8, 10, 8, 16), strict=True):
        ws.column_dimensions[column].width = width
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _time(value, day: dt.date) -> dt.datetime | None | str:
    """A sign-in time as written on the sheet: 08:45, a time or a full date and time."""
    tz = timezone.get_current_timezone()
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    if isinstance(value, float | int) and 0 <= value < 1:  # Excel time as a fraction of a day
        seconds = round(value * 86400)
        return dt.datetime.combine(day, dt.time(seconds // 3600, seconds % 3600 // 60), tzinfo=tz)
    text = str(value).strip()
    for pattern in ("%H:%M", "%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            parsed = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        if pattern.startswith("%H"):
            return dt.datetime.combine(day, parsed.time(), tzinfo=tz)
        return parsed.replace(tzinfo=tz)
    return "bad"


def sheet_parse(event: Event, upload) -> list[dict]:
    """The rows of a filled-in sheet as {invitation, attendance, at}; a 400 naming every bad
    row (by its row number) when any row is wrong, so nothing is stored."""
    if upload is None:
        raise invalid("file", _("请选择签到表文件。"))
    if upload.size > MAX_BYTES:
        raise invalid("file", _("签到表不能超过 10 MB。"))
    names = dict(event.invitations.values_list("pk", "name"))
    day = timezone.localdate(event.starts_at)
    rows, problems, header, seen = [], [], None, set()
    try:
        for number, values in read_rows(upload, max_columns=len(HEADERS)):
            cells = [str(v).strip() if v is not None else "" for v in values]
            if header is None:
                header = _header(cells)
                continue
            if len(rows) + len(problems) >= MAX_ROWS:
                raise invalid("file", _("签到表最多 %(n)s 行。") % {"n": MAX_ROWS})
            row = _row(number, values, cells, header, names, day, seen, problems)
            if row is not None:
                rows.append(row)
    except XlsxError as exc:
        raise invalid("file", _("文件不是有效的 .xlsx 表格。")) from exc
    if header is None:
        raise invalid("file", _("未找到表头（编号、姓名……），请使用导出的签到表。"))
    if problems:
        raise invalid({"file": problems}, summary=_("签到表有误，未导入任何内容："))
    if not rows:
        raise invalid("file", _("签到表中没有填写出勤的行。"))
    return rows


def _header(cells: list[str]) -> dict[str, int] | None:
    """The columns of the header row (by their Chinese names), in Chinese or translated."""
    names = {h: h for h in HEADERS} | {_(h): h for h in HEADERS}
    if [names.get(c) for c in cells[:2]] != HEADERS[:2]:
        return None
    return {names[c]: i for i, c in enumerate(cells) if c in names}


def _attendance(label: str) -> str | None:
    """出席/迟到/请假/缺席 as written, in Chinese or in the request's language."""
    translated = {str(text): value for value, text in A.choices if value}
    return ATTENDANCE_BY_LABEL.get(label) or translated.get(label)


def _row(number, values, cells, header, names, day, seen, problems) -> dict | None:
    def cell(name):
        i = header.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def raw(name):
        i = header.get(name)
        return values[i] if i is not None and i < len(values) else None

    label = cell("出勤")
    if not label:
        return None  # a row nobody filled in
    where = _("第 %(n)s 行：") % {"n": number}
    code = cell("编号")
    pk = int(code) if code.isdigit() and len(code) < 19 else None
    if pk is None or pk not in names:
        problems.append(where + _("编号不是本次会议活动的邀请人员。"))
        return None
    if cell("姓名") != names[pk]:
        problems.append(where + _("姓名与编号不符（应为 %(name)s）。") % {"name": names[pk]})
        return None
    if pk in seen:
        problems.append(where + _("同一人员出现了两次。"))
        return None
    seen.add(pk)
    attendance = _attendance(label)
    if attendance is None:
        problems.append(where + _("出勤应为 出席、迟到、请假 或 缺席。"))
        return None
    at = _time(raw("签到时间"), day)
    if at == "bad":
        problems.append(where + _("签到时间应写作 08:45 这样的时间。"))
        return None
    return {"invitation": pk, "attendance": attendance, "at": at}
