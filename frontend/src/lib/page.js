/* What the Django template hands the page: JSON blocks (json_script) outside the mounted element,
   never user text inside it. */
import { reactive } from "vue";
import { ElMessageBox } from "element-plus";
import "element-plus/es/components/message-box/style/css";
import { t } from "./i18n";

export function json(id, fallback) {
  const node = typeof document !== "undefined" ? document.getElementById(id) : null;
  return node ? JSON.parse(node.textContent) : fallback;
}

/* The shell's data (menu groups, user, page title) and the page's title shown in the header and
   the breadcrumbs: a detail page sets pageMeta.title to its record's name once loaded. */
export const shell = reactive(json("shell-data", { groups: [], menu: [], user: {} }));
export const pageMeta = reactive({ title: json("page-title", ""), crumbs: [] });

export function setTitle(title, crumbs) {
  pageMeta.title = title || "";
  if (crumbs) pageMeta.crumbs = crumbs;
  if (title) document.title = `${title} · ${t("人大工作管理平台")}`;
}

/* A confirm box that answers true or false (cancelling is an answer, not an error). */
export async function confirm(message, title, options = {}) {
  try {
    await ElMessageBox.confirm(message, title || t("请确认"), {
      confirmButtonText: options.confirmText || t("确定"),
      cancelButtonText: t("取消"),
      type: options.type || "warning",
      ...options.box,
    });
    return true;
  } catch {
    return false;
  }
}

/* A prompt for one line of text (a reason): the text, or null when cancelled. */
export async function promptText(message, title, options = {}) {
  try {
    const { value } = await ElMessageBox.prompt(message, title || t("请输入"), {
      confirmButtonText: t("确定"),
      cancelButtonText: t("取消"),
      inputType: options.multiline ? "textarea" : "text",
      inputValidator: options.required ? (v) => Boolean(v && v.trim()) || t("请填写") : undefined,
      ...options.box,
    });
    return value;
  } catch {
    return null;
  }
}

export function go(url) {
  window.location.href = url;
}
