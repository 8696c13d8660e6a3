"""iCalendar (RFC 5545) written by hand: a handful of properties, escaped and folded."""

from datetime import UTC, datetime

from django.utils import timezone


def _escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a
    multi-byte character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_calendar(name: str, events: list[dict]) -> str:
    """events: dicts with uid, start, end (aware datetimes), summary, location, description."""
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//renda-portal//liaison-stations//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}@renda-portal",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(event['start'])}",
            f"DTEND:{_utc(event['end'])}",
            f"SUMMARY:{_escape(event['summary'])}",
        ]
        if event.get("location"):
            lines.append(f"LOCATION:{_escape(event['location'])}")
        if event.get("description"):
            lines.append(f"DESCRIPTION:{_escape(event['description'])}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
