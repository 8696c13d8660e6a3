/* What the meetings pages share: the colours of their statuses, the kinds as the server names
   them (translated there), a phone screen test, the pickers' wall time and a few formatters. */
import { onBeforeUnmount, ref } from "vue";
import { api } from "@/lib/api";
import { formatDateTime } from "@/lib/dates";
import { t } from "@/lib/i18n";

// not started yet / in progress (signing in) / over / called off
export const EVENT_TONES = { planned: "info", open: "primary", closed: "info", cancelled: "info" };
// waiting on the invitee / coming / not coming
export const ANSWER_TONES = { pending: "warning", attend: "success", leave: "warning" };
// waiting on staff / granted / refused
export const LEAVE_TONES = { pending: "warning", approved: "success", refused: "danger" };
// came / came late / excused / did not come / not yet known
export const ATTENDANCE_TONES = { present: "success", late: "warning", leave: "info", absent: "danger", "": "info" };

export const ATTENDANCE_FILTERS = [
  { value: "present", label: t("出席") },
  { value: "late", label: t("迟到") },
  { value: "leave", label: t("请假") },
  { value: "absent", label: t("缺席") },
  { value: "none", label: t("未签到") },
];

let optionsPromise = null;
/* /api/v1/meetings/options/ once per page: kinds, statuses, roles, attendance, sessions. */
export function meetingOptions() {
  if (!optionsPromise) optionsPromise = api.get("/api/v1/meetings/options/").catch((e) => { optionsPromise = null; throw e; });
  return optionsPromise;
}

export function usePhone() {
  const query = window.matchMedia("(max-width: 768px)");
  const isPhone = ref(query.matches);
  const changed = (e) => { isPhone.value = e.matches; };
  query.addEventListener("change", changed);
  onBeforeUnmount(() => query.removeEventListener("change", changed));
  return isPhone;
}

/* "2026-12-02 09:00 – 12:00" (the end's date only when it is another day). */
export function when(event) {
  if (!event) return "";
  const start = formatDateTime(event.starts_at);
  const end = formatDateTime(event.ends_at);
  if (!end) return start;
  return start + " – " + (end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end);
}

export function where(event) {
  if (!event) return "";
  if (event.online) return event.place ? `${t("线上")} · ${event.place}` : t("线上");
  return event.place || "—";
}

export function rate(value) {
  return value === null || value === undefined ? "—" : `${value}%`;
}

export function size(bytes) {
  if (!bytes && bytes !== 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/* Calls fn every `ms` while the page is visible; stop() ends it. */
export function poll(fn, ms) {
  let timer = null;
  const tick = async () => {
    if (document.visibilityState === "visible") {
      try { await fn(); } catch { /* the next tick tries again */ }
    }
    timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  return () => clearTimeout(timer);
}
