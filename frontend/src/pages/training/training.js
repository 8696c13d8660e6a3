/* What the training pages share: the colours of their statuses, the accepted files, the phone
   test, sizes and durations, the month helpers. */
import { onBeforeUnmount, ref } from "vue";
import { today } from "@/lib/dates";
import { t, tf } from "@/lib/i18n";

// a course under way / called off
export const COURSE_TONES = { open: "primary", cancelled: "info" };
// a plan: not yet sent to the deputies / sent
export const PLAN_TONES = { draft: "info", published: "success" };
// a deputy's item or month: done / under way / not started
export const STUDY_TONES = { finished: "success", studying: "primary", todo: "warning" };

export const MATERIAL_ACCEPT = ".pdf,.docx,.pptx,.xlsx,.mp4,.webm";
export const MATERIAL_MAX_MB = 500;

export function usePhone() {
  const query = window.matchMedia("(max-width: 768px)");
  const isPhone = ref(query.matches);
  const changed = (e) => { isPhone.value = e.matches; };
  query.addEventListener("change", changed);
  onBeforeUnmount(() => query.removeEventListener("change", changed));
  return isPhone;
}

export function size(bytes) {
  if (!bytes && bytes !== 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function minutes(seconds) {
  const m = Math.floor((seconds || 0) / 60);
  const s = (seconds || 0) % 60;
  return m ? tf("%(m)s 分 %(s)s 秒", { m, s }) : tf("%(s)s 秒", { s });
}

export function rate(value) {
  return value === null || value === undefined ? "—" : `${value}%`;
}

/* "2026-03" of today in Asia/Shanghai. */
export function thisMonth() {
  return today().slice(0, 7);
}

export function monthLabel(month) {
  if (!month) return "";
  const [y, m] = month.split("-").map(Number);
  return tf("%(y)s年%(m)s月", { y, m });
}

export function years(back = 5) {
  const year = Number(today().slice(0, 4));
  return Array.from({ length: back + 1 }, (_, i) => String(year + 1 - i));
}

export function label(options, value) {
  const found = (options || []).find((o) => o.value === value);
  return found ? found.label : value;
}

export const SOURCE_LABELS = () => ({ session: t("线下培训"), study: t("线上学习"), archive: t("其他登记") });
