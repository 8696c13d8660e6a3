/* Dates and times in the platform's time zone (Asia/Shanghai), whatever the device's clock is set
   to. One display format everywhere: 2026-12-02 and 2026-12-02 03:12. */
export const ZONE = "Asia/Shanghai";
const zoned = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parts(value) {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  const p = Object.fromEntries(zoned.formatToParts(d).map((x) => [x.type, x.value]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour === "24" ? "00" : p.hour, minute: p.minute };
}

/* Today in Asia/Shanghai, "2026-12-02". */
export function today() {
  const p = parts(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}

/* {year, month (1-12), quarter (1-4)} of today in Asia/Shanghai. */
export function now() {
  const [year, month] = today().split("-").map(Number);
  return { year, month, quarter: Math.floor((month - 1) / 3) + 1 };
}

const empty = (v) => v === null || v === undefined || v === "";

/* A date ("2026-12-02" stays as it is) or an instant, as 2026-12-02; "" when empty. */
export function formatDate(value) {
  if (empty(value)) return "";
  if (typeof value === "string" && DAY.test(value)) return value;
  const p = parts(value);
  return p ? `${p.year}-${p.month}-${p.day}` : "";
}

/* An instant as 2026-12-02 03:12 in Asia/Shanghai; "" when empty. */
export function formatDateTime(value) {
  if (empty(value)) return "";
  if (typeof value === "string" && DAY.test(value)) return value;
  const p = parts(value);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : "";
}

/* The instant of a "2026-12-02 03:12" picked in Asia/Shanghai, for the API. */
export function instant(wall) {
  if (!wall) return null;
  return wall.replace(" ", "T") + (wall.length === 16 ? ":00" : "") + "+08:00"; // no DST in China
}

/* Whole years between a birth date and today in Asia/Shanghai. */
export function age(birthDate) {
  if (!birthDate) return "";
  const [y, m, d] = birthDate.split("-").map(Number);
  const [ty, tm, td] = today().split("-").map(Number);
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/* The calendar day `n` days after "2026-12-02" ("2026-12-01" for -1): pure calendar arithmetic
   on the date's own numbers, so no time zone can shift it. */
export function addDays(day, n) {
  const [y, m, d] = day.split("-").map(Number);
  const x = new Date(Date.UTC(y, m - 1, d + n));
  const pad = (v) => String(v).padStart(2, "0");
  return `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}`;
}
