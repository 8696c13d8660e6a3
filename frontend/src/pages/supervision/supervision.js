/* What the supervision pages share: the colours of the stages and of 整改, the accepted files,
   the years offered. */
import { today } from "@/lib/dates";

// a project's stage: planned / under way / waiting on the body / waiting on the committee / done
export const STAGE_TONES = {
  planned: "info", research: "primary", hearing: "primary", rectifying: "warning",
  received: "warning", rated: "success", closed: "success",
};
// a 整改: waiting on the body / on the committee / sent back / accepted
export const RECT_TONES = { due: "warning", submitted: "primary", returned: "danger", accepted: "success" };
export const RATING_TONES = { satisfied: "success", basic: "primary", dissatisfied: "danger" };
export const COMMITMENT_TONES = { open: "warning", reported: "primary", done: "success" };

export const FILE_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png,.txt";
export const FILE_MAX_MB = 20;

export function years(back = 3) {
  const year = Number(today().slice(0, 4));
  return Array.from({ length: back + 2 }, (_, i) => String(year + 1 - i));
}

export function thisYear() {
  return Number(today().slice(0, 4));
}

/* FormData of a plain object (a file field as it is, empty values left out). */
export function formData(values) {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "") continue;
    form.append(k, v);
  }
  return form;
}
