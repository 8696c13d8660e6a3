/* What the work-task pages share: the colours of their statuses and results, the accepted
   evidence files, the phone test, the years of the filters. */
import { onBeforeUnmount, ref } from "vue";
import { today } from "@/lib/dates";

export const LIST_TONES = { draft: "info", issued: "primary", closed: "success" };
export const TASK_TONES = { draft: "info", issued: "primary", in_progress: "primary", reported: "warning", returned: "danger", closed: "success" };
export const RESULT_TONES = { on_time: "success", late: "warning", not_done: "danger" };
export const RATING_TONES = { good: "success", normal: "primary", behind: "danger" };

export const EVIDENCE_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.txt";
export const EVIDENCE_MAX_MB = 10;

export function usePhone() {
  const query = window.matchMedia("(max-width: 768px)");
  const isPhone = ref(query.matches);
  const changed = (e) => { isPhone.value = e.matches; };
  query.addEventListener("change", changed);
  onBeforeUnmount(() => query.removeEventListener("change", changed));
  return isPhone;
}

export function years(back = 4) {
  const year = Number(today().slice(0, 4));
  return Array.from({ length: back + 2 }, (_, i) => String(year + 1 - i));
}

export function taskLink(task) {
  return `/worktasks/tasks/${task.id}/`;
}
