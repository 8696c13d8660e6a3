/* Shared pieces of the register's pages: a lazy region picker, the options the forms offer,
   and small formatters. Pages mount their own Vue app with Portal.mount(). */
(function () {
  "use strict";

  Portal.components["region-picker"] = {
    props: { modelValue: String, placeholder: String, size: String },
    emits: ["update:modelValue"],
    data() {
      return {
        cascaderProps: {
          lazy: true, checkStrictly: true, emitPath: false, value: "code", label: "name", leaf: "leaf",
          lazyLoad: (node, resolve) => this.load(node, resolve),
        },
      };
    },
    methods: {
      async load(node, resolve) {
        const url = node.level === 0 ? "/api/v1/regions/" : "/api/v1/regions/?parent=" + node.value;
        try {
          const rows = await Portal.api.get(url, { quiet: true });
          resolve(rows.map((r) => ({ code: r.code, name: r.name, leaf: !r.has_children })));
        } catch (e) { resolve([]); }
      },
      update(value) { this.$emit("update:modelValue", value || ""); },
    },
    template: `<el-cascader :model-value="modelValue" @update:model-value="update" :props="cascaderProps"
      clearable :placeholder="placeholder" :size="size" style="width: 100%"></el-cascader>`,
  };

  const Deputies = {
    options: null,
    async loadOptions() {
      if (!this.options) this.options = await Portal.api.get("/api/v1/deputies/options/");
      return this.options;
    },
    termsOf(options, congressId) {
      const c = (options.congresses || []).find((x) => x.id === congressId);
      return c ? c.terms : [];
    },
    statusType(status) {
      return { serving: "success", resigned: "info", recalled: "danger", terminated: "warning", transferred: "info" }[status] || "info";
    },
    age(birth) {
      if (!birth) return "";
      // Both as YYYY-MM-DD: today in Asia/Shanghai, the birthday as the calendar date it is.
      const [y, m, d] = Portal.formatDate(birth).split("-").map(Number);
      const [ty, tm, td] = Portal.today().split("-").map(Number);
      return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
    },
    /* A CSV (with BOM so Excel reads the Chinese) built in the browser: the initial passwords
       exist only in this page's memory and are never stored on the server. */
    downloadCsv(filename, rows) {
      const text = rows.map((r) => r.map((v) => '"' + String(v ?? "").replace(/"/g, '""') + '"').join(",")).join("\r\n");
      const blob = new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
    },
  };
  window.Deputies = Deputies;
})();
