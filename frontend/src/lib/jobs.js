/* Long work (exports, recomputations, imports) runs as a job on the server (POST /api/v1/jobs/):
   the shell shows its progress in one dialog and offers the file when it is ready. runJob
   resolves with the finished job (its `result`), or throws its error. In the embedded demo the
   job has finished by the time the POST answers; the same dialog shows it done. */
import { reactive } from "vue";
import { ApiError, api, download } from "./api";
import { t } from "./i18n";

export const jobState = reactive({ open: false, job: null, error: "", autoDownload: true });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runJob(kind, params = {}, options = {}) {
  let body;
  if (params instanceof FormData) {
    body = params;
    body.set("kind", kind);
  } else {
    body = { kind, params };
  }
  const job = await api.post("/api/v1/jobs/", body, { quiet: options.quiet });
  jobState.job = job;
  jobState.error = "";
  jobState.autoDownload = options.download !== false;
  jobState.open = true;
  let current = job;
  let wait = 400;
  while (current.status === "queued" || current.status === "running") {
    await sleep(wait);
    wait = Math.min(wait * 1.5, 2000);
    current = await api.get(`/api/v1/jobs/${current.id}/`, { quiet: true });
    jobState.job = current;
  }
  if (current.status === "failed") {
    jobState.error = current.error || t("处理失败，请稍后重试。");
    throw new ApiError(500, { message: jobState.error });
  }
  if (current.download_url && jobState.autoDownload) await download(current.download_url);
  if (!current.download_url) jobState.open = false;
  return current;
}

export function closeJob() {
  jobState.open = false;
}
