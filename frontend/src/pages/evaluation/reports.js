/* A report to voters as the API takes it: JSON, or multipart when a file (the report or the
   scanned tally sheet) is attached. */
export function reportBody(report) {
  if (!report.file && !report.tally_sheet) {
    const { file: _file, tally_sheet: _sheet, ...rest } = report;
    return rest;
  }
  const body = new FormData();
  for (const [key, value] of Object.entries(report)) {
    if (value !== null && value !== undefined) body.append(key, value);
  }
  return body;
}
