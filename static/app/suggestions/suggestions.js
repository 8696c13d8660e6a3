/* Helpers shared by the suggestion pages. */
(function () {
  "use strict";
  const TYPES = { draft: "info", submitted: "warning", returned: "danger", accepted: "warning", assigned: "primary",
    signed: "primary", replied: "success", rehandling: "danger", closed: "success", withdrawn: "info" };
  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }
  function fmt(value) {
    if (!value) return "";
    const d = new Date(value);
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  window.SG = { statusType: (s) => TYPES[s] || "info", fmt, cookie, open: (row) => { window.location.href = `/suggestions/${row.id}/`; } };
})();
