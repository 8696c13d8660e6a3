/* What the ballots pages share: the kinds and statuses with their labels and colours, whether
   the screen is a phone's, and a rate as a percentage. */
import { onBeforeUnmount, ref } from "vue";
import { t } from "@/lib/i18n";

export const KINDS = [
  { value: "unit_rating", label: t("部门满意度测评") },
  { value: "official_rating", label: t("任后监督测评") },
  { value: "project_vote", label: t("民生实事项目票决") },
  { value: "project_rating", label: t("民生实事项目满意度测评") },
  { value: "key_review", label: t("重点建议集中评议") },
];

export const STATUSES = [
  { value: "draft", label: t("草稿") },
  { value: "open", label: t("投票中") },
  { value: "closed", label: t("已结束") },
];

// a draft waits for staff to publish it, an open ballot is in progress, a closed one is over
export const BALLOT_TONES = { draft: "warning", open: "primary", closed: "info" };

// candidates wait for screening, shortlisted ones for the vote; chosen ones are under way
export const PROJECT_TONES = {
  candidate: "warning", shortlisted: "warning", rejected: "info", elected: "primary", not_elected: "info", completed: "success",
};

export function pct(value) {
  return value === null || value === undefined ? "—" : (Number(value) * 100).toFixed(1) + "%";
}

export function usePhone() {
  const query = window.matchMedia("(max-width: 768px)");
  const isPhone = ref(query.matches);
  const changed = (e) => { isPhone.value = e.matches; };
  query.addEventListener("change", changed);
  onBeforeUnmount(() => query.removeEventListener("change", changed));
  return isPhone;
}
