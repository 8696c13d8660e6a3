/* What the contacts pages share: the colours of an issue's statuses, the actions' labels, the
   phone test, the year list. */
import { onBeforeUnmount, ref } from "vue";
import { today } from "@/lib/dates";
import { t } from "@/lib/i18n";

// an issue: waiting / passed on / has a result / told back / nothing to do
export const ISSUE_TONES = { open: "warning", converted: "primary", answered: "success", fed_back: "success", closed: "info" };

export function issueActions() {
  return {
    to_opinion: { label: t("转为社情民意"), text: false },
    to_suggestion: { label: t("转为代表建议"), text: false },
    to_task: { label: t("转为工作任务"), text: false },
    answer: { label: t("登记办理结果"), text: true, prompt: t("办理结果") },
    feed_back: { label: t("反馈提出人"), text: true, prompt: t("向提出人反馈的情况") },
    close: { label: t("无需办理"), text: true, prompt: t("无需办理的原因") },
  };
}

export const ACTION_PATHS = {
  to_opinion: "to-opinion", to_suggestion: "to-suggestion", to_task: "to-task",
  answer: "answer", feed_back: "feed-back", close: "close",
};

export function thisYear() {
  return Number(today().slice(0, 4));
}

export function years(count = 3) {
  const y = thisYear();
  return Array.from({ length: count }, (_, i) => y - i);
}

export function usePhone() {
  const query = window.matchMedia("(max-width: 768px)");
  const isPhone = ref(query.matches);
  const changed = (e) => { isPhone.value = e.matches; };
  query.addEventListener("change", changed);
  onBeforeUnmount(() => query.removeEventListener("change", changed));
  return isPhone;
}
