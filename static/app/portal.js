/* The portal's front-end core: one Vue app per page, mounted inside the shared shell.
   Portal.api talks to /api/v1/ (session cookie + CSRF header) and turns the server's one
   error shape {code, message, fields} into an Error with .status, .fields and .message. */
(function () {
  "use strict";
  const t = window.gettext || ((s) => s);

  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || t("请求失败，请稍后重试。"));
      this.status = status;
      this.code = body && body.code;
      this.fields = (body && body.fields) || {};
    }
  }

  async function request(method, url, body, options = {}) {
    const headers = { Accept: "application/json", "X-CSRFToken": cookie("csrftoken") };
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    if (response.status === 401 || response.status === 403 && response.headers.get("X-Login-Required")) {
      window.location.href = "/login/?next=" + encodeURIComponent(window.location.pathname);
      throw new ApiError(401, { message: t("登录已过期，请重新登录。") });
    }
    if (options.raw) return response;
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : null;
    if (!response.ok) {
      const error = new ApiError(response.status, data);
      if (!options.quiet) ElementPlus.ElMessage.error(error.message);
      throw error;
    }
    return data;
  }

  const api = {
    get: (url, o) => request("GET", url, undefined, o),
    post: (url, body, o) => request("POST", url, body === undefined ? {} : body, o),
    put: (url, body, o) => request("PUT", url, body, o),
    patch: (url, body, o) => request("PATCH", url, body, o),
    delete: (url, o) => request("DELETE", url, undefined, o),
    /* Download a file (xlsx export) through the session, keeping the server's file name. */
    async download(url) {
      const response = await request("GET", url, undefined, { raw: true });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        const error = new ApiError(response.status, body);
        ElementPlus.ElMessage.error(error.message);
        throw error;
      }
      const disposition = response.headers.get("Content-Disposition") || "";
      const match = disposition.match(/filename\*=UTF-8''([^;]+)/) || disposition.match(/filename="?([^";]+)"?/);
      const name = match ? decodeURIComponent(match[1]) : "export.xlsx";
      const blob = await response.blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
    },
  };

  /* Field errors of a failed request, as {field: "message"} for el-form-item :error. Given the
     form's model (the reactive object the form edits, e.g. this.form, or the component itself
     when its fields are top-level data), a field's message goes away as soon as the user
     changes that field, so an error never stays next to a value that was fixed. Every form
     passes its model. */
  function fieldErrors(error, model) {
    const out = Vue.reactive({});
    if (error && error.fields) {
      for (const [key, messages] of Object.entries(error.fields)) out[key] = [].concat(messages).join(" ");
    }
    if (model && typeof model === "object") clearWhenEdited(out, model);
    return out;
  }

  function clearWhenEdited(errors, model) {
    for (const key of Object.keys(errors)) {
      if (!(key in model)) continue;  // e.g. a message for the whole form
      const stop = Vue.watch(() => model[key], () => { delete errors[key]; stop(); }, { deep: true });
    }
  }

  /* Dates and times in the platform's time zone (Asia/Shanghai), whatever the device's clock
     is set to: a form opened at 07:30 in Beijing defaults to that day, not to yesterday's UTC
     date. One display format everywhere: 2026-12-02 and 2026-12-02 03:12. */
  const ZONE = "Asia/Shanghai";
  const zoned = new Intl.DateTimeFormat("en-CA", {
    timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  const DAY = /^\d{4}-\d{2}-\d{2}$/;

  function zonedParts(value) {
    const d = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(d.getTime())) return null;
    const p = Object.fromEntries(zoned.formatToParts(d).map((x) => [x.type, x.value]));
    return { year: p.year, month: p.month, day: p.day, hour: p.hour === "24" ? "00" : p.hour, minute: p.minute };
  }

  /* "2026-12-02": today in Asia/Shanghai. */
  function today() {
    const p = zonedParts(new Date());
    return `${p.year}-${p.month}-${p.day}`;
  }

  /* {year, month (1-12), quarter (1-4)} of today in Asia/Shanghai. */
  function now() {
    const [year, month] = today().split("-").map(Number);
    return { year, month, quarter: Math.floor((month - 1) / 3) + 1 };
  }

  /* A date ("2026-12-02" stays as it is) or an instant, as 2026-12-02; "" when empty. */
  function formatDate(value) {
    if (value === null || value === undefined || value === "") return "";
    if (typeof value === "string" && DAY.test(value)) return value;
    const p = zonedParts(value);
    return p ? `${p.year}-${p.month}-${p.day}` : "";
  }

  /* An instant as 2026-12-02 03:12 in Asia/Shanghai; "" when empty. */
  function formatDateTime(value) {
    if (value === null || value === undefined || value === "") return "";
    if (typeof value === "string" && DAY.test(value)) return value;
    const p = zonedParts(value);
    return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : "";
  }

  /* The instant of a "2026-12-02 03:12" typed or picked in Asia/Shanghai (a date-time picker
     with value-format "YYYY-MM-DD HH:mm", filled with formatDateTime), for the API. */
  function instant(wall) {
    if (!wall) return null;
    return wall.replace(" ", "T") + (wall.length === 16 ? ":00" : "") + "+08:00";  // no DST in China
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === null || v === undefined || v === "") continue;
      q.append(k, v);
    }
    const s = q.toString();
    return s ? "?" + s : "";
  }

  /* Draw (or redraw) an ECharts chart into a DOM element; charts follow the window's size. */
  const charts = new Map();
  function chart(el, option) {
    if (!el) return null;
    let instance = charts.get(el);
    if (!instance) {
      instance = echarts.init(el);
      charts.set(el, instance);
      window.addEventListener("resize", () => instance.resize());
    }
    instance.setOption(option, true);
    return instance;
  }

  function jsonData(id, fallback) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : fallback;
  }

  function shellData() {
    return jsonData("shell-data", { menu: [], user: {} });
  }

  function activeMenuKey(menu) {
    const path = window.location.pathname;
    let best = null;
    for (const item of menu) {
      if ((item.url === "/" ? path === "/" : path.startsWith(item.url)) && (!best || item.url.length > best.url.length)) best = item;
    }
    return best ? best.key : "";
  }

  function mount(page) {
    const shell = shellData();
    const pageData = page.data || (() => ({}));
    const app = Vue.createApp({
      ...page,
      data() {
        // pageTitle: the record's name in the header (templates' page_data block, as JSON).
        return Object.assign({ shell, pageTitle: jsonData("page-title", ""), drawer: false, unread: 0,
          activeMenu: activeMenuKey(shell.menu || []) }, pageData.call(this));
      },
      async mounted() {
        if (shell.user && shell.user.name) {
          api.get("/api/v1/notifications/?unread=1&page_size=1", { quiet: true }).then((d) => { this.unread = d.count; }).catch(() => {});
        }
        if (page.mounted) await page.mounted.call(this);
      },
      methods: Object.assign({
        go(url) { window.location.href = url; },
        logout() { document.getElementById("logout-form").submit(); },
        switchLanguage(code) {
          const form = document.getElementById("language-form");
          form.elements.language.value = code;
          form.submit();
        },
        t,
        formatDate,
        formatDateTime,
      }, page.methods || {}),
    });
    app.config.compilerOptions.delimiters = ["[[", "]]"];
    const locale = document.documentElement.lang === "en" ? window.ElementPlusLocaleEn : window.ElementPlusLocaleZhCn;
    app.use(ElementPlus, { locale });
    for (const [name, component] of Object.entries(ElementPlusIconsVue)) app.component(name, component);
    for (const [name, component] of Object.entries(Portal.components)) app.component(name, component);
    window.__app = app.mount("#app");
    return window.__app;
  }

  window.Portal = {
    api, mount, fieldErrors, query, chart, components: {}, ApiError, t, json: jsonData,
    today, now, formatDate, formatDateTime, instant, ZONE,
  };
})();
