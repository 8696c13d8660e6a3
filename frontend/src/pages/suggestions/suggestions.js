/* What the suggestion pages share: the colour of each status by its meaning, the list's
   columns, and small formatters. */
import { t } from "@/lib/i18n";
import { go } from "@/lib/page";

// Waiting on someone's step = warning; being handled = primary; answered or finished =
// success; not started or withdrawn = info. Overdue is a separate red tag.
export const STATUS_TONES = {
  draft: "info", submitted: "warning", returned: "warning", accepted: "warning",
  assigned: "primary", signed: "primary", rehandling: "warning", replied: "success",
  closed: "success", withdrawn: "info",
};

export const ATTACHMENT_TYPES = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.txt";

export function unitRole(role) {
  return role === "lead" ? t("主办") : t("协办");
}

export function unitsText(units) {
  return (units || []).map((u) => `${u.name}（${unitRole(u.role)}）`).join("、");
}

export function sizeText(bytes) {
  return `${Math.max(1, Math.round((bytes || 0) / 1024))} KB`;
}

export function detailUrl(row) {
  return `/suggestions/${row.id}/`;
}

export function openSuggestion(row) {
  go(detailUrl(row));
}

// The board's and the inbox's table (the title cell links, the row opens the same page once).
export function listColumns() {
  return [
    { key: "title", prop: "title", label: t("标题"), minWidth: 260, always: true },
    { prop: "number", label: t("编号"), width: 130, optional: true },
    { prop: "lead_deputy", label: t("领衔代表"), width: 100 },
    { prop: "category", label: t("类别"), width: 100 },
    { prop: "region", label: t("区划"), width: 100, optional: true },
    { key: "units", label: t("承办单位"), minWidth: 180, format: (r) => unitsText(r.units) },
    { key: "status", label: t("状态"), width: 100 },
    { prop: "reply_due", label: t("答复期限"), width: 110 },
  ];
}

export const narrowScreen = () => typeof window !== "undefined" && window.innerWidth <= 768;

// 承诺解决台账: a commitment's state by its meaning (overdue red, waiting for a check amber).
export const COMMITMENT_TONES = {
  pending: "primary", overdue: "danger", reported: "warning", checked: "success", superseded: "info",
};

export function commitmentStates() {
  return [
    { key: "", label: t("全部") },
    { key: "pending", label: t("待完成") },
    { key: "overdue", label: t("已逾期") },
    { key: "reported", label: t("单位已报完成") },
    { key: "checked", label: t("已回头督") },
    { key: "superseded", label: t("已失效") },
  ];
}
