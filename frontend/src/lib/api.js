/* Talks to /api/v1/ with the session cookie and the CSRF header, and turns the server's one error
   shape {code, message, fields} into an ApiError with .status, .fields and .message. */
import { ElMessage } from "element-plus";
import "element-plus/es/components/message/style/css";
import { reactive, watch } from "vue";
import { t } from "./i18n";

function cookie(name) {
  const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
  return m ? decodeURIComponent(m[1]) : "";
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || t("请求失败，请稍后重试。"));
    this.status = status;
    this.code = body && body.code;
    this.fields = (body && body.fields) || {};
  }
}

function toLogin() {
  window.location.href = "/login/?next=" + encodeURIComponent(window.location.pathname + window.location.search);
}

export async function request(method, url, body, options = {}) {
  const headers = { Accept: "application/json", "X-CSRFToken": cookie("csrftoken") };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    const error = new ApiError(0, { message: t("网络连接失败，请检查网络后重试。") });
    if (!options.quiet) ElMessage.error(error.message);
    throw error;
  }
  if (response.status === 401 || (response.status === 403 && response.headers.get("X-Login-Required"))) {
    toLogin();
    throw new ApiError(401, { message: t("登录已过期，请重新登录。") });
  }
  if (options.raw) return response;
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (!options.quiet) ElMessage.error(error.message);
    throw error;
  }
  return data;
}

export const api = {
  get: (url, o) => request("GET", url, undefined, o),
  post: (url, body, o) => request("POST", url, body === undefined ? {} : body, o),
  put: (url, body, o) => request("PUT", url, body, o),
  patch: (url, body, o) => request("PATCH", url, body, o),
  delete: (url, o) => request("DELETE", url, undefined, o),
  download,
};

/* Save a response as a file, keeping the server's file name. */
export async function saveResponse(response, fallback = "export.xlsx") {
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = disposition.match(/filename\*=UTF-8''([^;]+)/i) || disposition.match(/filename="?([^";]+)"?/);
  const name = match ? decodeURIComponent(match[1]) : fallback;
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/* Download a file (an .xlsx export) through the session. */
export async function download(url) {
  const response = await request("GET", url, undefined, { raw: true });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    const error = new ApiError(response.status, body);
    ElMessage.error(error.message);
    throw error;
  }
  await saveResponse(response);
}

/* "?a=1&b=2" of the non-empty values (arrays repeat the key). */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.append(k, v);
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

/* Field errors of a failed request as a reactive {field: "message"} for el-form-item :error.
   Given the form's model, a field's message goes away as soon as that field changes, so an error
   never stays next to a value that was fixed. */
export function fieldErrors(error, model) {
  const out = reactive({});
  if (error && error.fields) {
    for (const [key, messages] of Object.entries(error.fields)) out[key] = [].concat(messages).join(" ");
  }
  if (model && typeof model === "object") {
    for (const key of Object.keys(out)) {
      if (!(key in model)) continue;
      const stop = watch(() => model[key], () => { delete out[key]; stop(); }, { deep: true });
    }
  }
  return out;
}
