/* A report to voters as the API takes it: JSON, or multipart when a file is attached. */
export function reportBody(report) {
  if (!report.file) {
    const { file: _file, ...rest } = report;
    return rest;
  }
  const body = new FormData();
  for (const [key, value] of Object.entries(report)) {
    if (value !== null && value !== undefined) body.append(key, value);
  }
  return body;
}
