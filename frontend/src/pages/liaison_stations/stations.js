/* Small pieces the station pages share: the colours of their statuses, and how a duty time, a
   weekday and a ratio read. */
import { t } from "@/lib/i18n";

// A station's rating: "未达标" is below standard, red wherever it shows.
export const RATING_TONES = { exemplary: "success", standard: "success", substandard: "danger", unrated: "info" };

// An opinion: waiting on someone (staff, a deputy, a unit), followed as a suggestion, or done.
export const OPINION_TONES = { received: "warning", with_deputy: "warning", forwarded: "warning", suggestion: "info", answered: "success" };

// A visit a deputy logged is waiting for staff to confirm it.
export const VISIT_TONES = { true: "success", false: "warning" };

/* "09:00:00" → "09:00"; a shift's "09:00-12:00". */
export function clock(value) {
  return (value || "").slice(0, 5);
}

export function hours(row) {
  return `${clock(row.start_time)}-${clock(row.end_time)}`;
}

/* The weekday of a "2026-12-02" date (a calendar date: no time zone involved). */
export function weekday(day) {
  const names = [t("周日"), t("周一"), t("周二"), t("周三"), t("周四"), t("周五"), t("周六")];
  const [y, m, d] = day.split("-").map(Number);
  return names[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}

/* 0.4567 → "45.7%"; null → "—". */
export function pct(value) {
  return value === null || value === undefined ? "—" : (value * 100).toFixed(1) + "%";
}
