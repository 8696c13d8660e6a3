/* Small pieces the register's pages share. */

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
