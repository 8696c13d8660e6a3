/* Small pieces the register's pages share. */
import { onBeforeUnmount, ref } from "vue";
import { api, query } from "@/lib/api";

// A serving mandate is in order; one that ended by resignation or transfer is closed; a recall
// is the bad ending and a termination (资格终止) one to look at.
export const STATUS_TONES = { serving: "success", resigned: "info", recalled: "danger", terminated: "warning", transferred: "info" };

let options = null;

/* What the register's forms and filters offer (congresses with their terms, dictionaries), once
   per page. */
export async function loadOptions() {
  if (!options) options = api.get("/api/v1/deputies/options/");
  return options;
}

export function termsOf(opts, congressId) {
  const c = ((opts && opts.congresses) || []).find((x) => x.id === Number(congressId));
  return c ? c.terms : [];
}

/* The deputy groups of a congress (for a select). */
export async function groupsOf(congressId) {
  if (!congressId) return [];
  return (await api.get("/api/v1/deputy-groups/" + query({ congress: congressId, page_size: 200 }))).results;
}

export function usePhone() {
  const media = window.matchMedia("(max-width: 768px)");
  const isPhone = ref(media.matches);
  const changed = (e) => { isPhone.value = e.matches; };
  media.addEventListener("change", changed);
  onBeforeUnmount(() => media.removeEventListener("change", changed));
  return isPhone;
}

/* A CSV (with a BOM so Excel reads the Chinese) built in the browser: the initial passwords exist
   only in this page's memory and are never stored on the server. */
export function downloadCsv(filename, rows) {
  const text = rows.map((r) => r.map((v) => '"' + String(v ?? "").replace(/"/g, '""') + '"').join(",")).join("\r\n");
  const blob = new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
