/* What the 备案审查 pages share: the colours of statuses and results, the accepted files. */
import { t } from "@/lib/i18n";

export const STATUS_TONES = {
  intervention: "primary",
  pre_reviewed: "info",
  published: "warning",
  filed: "warning",
  registered: "primary",
  under_review: "primary",
  correction_due: "danger",
  corrected: "warning",
  closed: "success",
};
export const RESULT_TONES = { no_problem: "success", suggest: "warning", required: "danger" };
export const DOCUMENT_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.txt,.jpg,.jpeg,.png";
export const DOCUMENT_MAX_MB = 20;

export function years() {
  const y = new Date().getFullYear();
  return [y, y - 1, y - 2, y - 3].map(String);
}

export function timeliness(row) {
  if (!row.filed_on) return row.overdue ? t("逾期未报备") : "";
  return row.late ? t("逾期报备") : t("按期报备");
}
