/* The leaders' dashboard: figures, region split, trends, class ring; drill-down by region
   (reloads this page for the region) and by figure (the records page with the same filters). */
(function () {
  "use strict";
  const scope = JSON.parse(document.getElementById("dashboard-scope").textContent);
  const SECTIONS = [
    { key: "suggestions", label: "代表建议办理" },
    { key: "stations", label: "联络站与进站履职" },
    { key: "opinions", label: "群众意见" },
    { key: "deputies", label: "代表队伍" },
    { key: "performance", label: "履职积分" },
  ];
  const RED = ["#8f1d22", "#d4a017", "#3b6fb6", "#5c8a3a", "#9b59b6", "#e67e22", "#16a085", "#7f8c8d"];

  // The current period in Asia/Shanghai, as the server counts it (congress/dashboards/periods.py).
  function defaults(kind) {
    const now = Portal.now();
    if (kind === "month") return Portal.today().slice(0, 7);
    if (kind === "quarter") return `${now.year}-Q${now.quarter}`;
    if (kind === "year") return String(now.year);
    return "";
  }

  Portal.mount({
    data() {
      const q = new URLSearchParams(window.location.search);
      const kind = q.get("period") || "quarter";
      const quarters = [];
      const year = Portal.now().year;
      for (let y = year; y >= year - 5; y--) for (let n = 4; n >= 1; n--) quarters.push(`${y}-Q${n}`);
      return {
        region: q.get("region") || "", kind, value: q.get("value") || defaults(kind),
        data: null, loading: false, exporting: false, chartFigure: "", sections: SECTIONS, quarters,
      };
    },
    mounted() { this.load(); },
    computed: {
      freshness() {
        if (!this.data || !this.data.freshness.length) return "";
        const oldest = this.data.freshness.map((f) => f.refreshed_at).sort()[0];
        return Portal.formatDateTime(oldest);
      },
    },
    methods: {
      params() { return { region: this.region, period: this.kind, value: this.value }; },
      canOpen(code) { return scope.prefix !== null && code.startsWith(scope.prefix || ""); },
      async load() {
        this.loading = true;
        try {
          this.data = await Portal.api.get("/api/v1/dashboard/" + Portal.query(this.params()));
          if (!this.region) this.region = this.data.region.code;
          this.value = this.data.period.value || this.value;
          history.replaceState(null, "", "?" + new URLSearchParams(this.params()).toString());
          const cols = this.data.breakdown_columns.map((c) => c.key);
          if (!cols.includes(this.chartFigure)) this.chartFigure = cols.includes("reply_on_time_rate") ? "reply_on_time_rate" : cols[0];
          await this.$nextTick();
          this.drawCharts();
        } finally {
          this.loading = false;
        }
      },
      kindChanged() { this.value = defaults(this.kind); this.load(); },
      openRegion(code) { this.region = code; this.load(); window.scrollTo(0, 0); },
      figuresOf(section) { return this.data ? this.data.figures.filter((f) => f.section === section) : []; },
      figureLink(key) { const f = this.data.figures.find((x) => x.key === key); return f && f.link; },
      linkUrl(link, region) {
        if (!link) return null;
        const p = Object.assign({}, link);
        if (region) p.region = region;
        return "/dashboard/records/" + Portal.query(p);
      },
      recordsUrl(key, region) { return this.linkUrl(this.figureLink(key), region); },
      fmt(v, unit) {
        if (v === null || v === undefined) return "—";
        return unit === "%" ? `${v}%` : Number(v).toLocaleString("zh-CN");
      },
      async exportXlsx() {
        this.exporting = true;
        try { await Portal.api.download("/api/v1/dashboard/export.xlsx" + Portal.query(this.params())); } finally { this.exporting = false; }
      },
      printable() { window.open("/dashboard/print/" + Portal.query(this.params()), "_blank"); },
      drawCharts() {
        const d = this.data;
        const col = d.breakdown_columns.find((c) => c.key === this.chartFigure) || d.breakdown_columns[0];
        if (col) {
          const rows = d.breakdown;
          const chart = Portal.chart(this.$refs.regionChart, {
            color: RED, tooltip: { trigger: "axis" }, grid: { left: 50, right: 16, bottom: 70, top: 20 },
            xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 40, interval: 0, fontSize: 11 } },
            yAxis: { type: "value", name: col.unit },
            series: [{ type: "bar", name: col.label, data: rows.map((r) => r.values[col.key]) }],
          });
          chart.off("click");
          chart.on("click", (e) => { const row = rows[e.dataIndex]; if (row && row.drill) this.openRegion(row.code); });
        }
        const p = d.panels;
        const months = (p.visit_trend || p.suggestion_trend || []).map((m) => m.month);
        Portal.chart(this.$refs.trendChart, {
          color: RED, tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 50, right: 50, bottom: 50, top: 20 },
          xAxis: { type: "category", data: months },
          yAxis: [{ type: "value", name: "进站" }, { type: "value", name: "建议/意见" }],
          series: [
            { type: "bar", name: "进站履职", data: (p.visit_trend || []).map((m) => m.value) },
            { type: "line", name: "进站（上年同月）", data: (p.visit_trend || []).map((m) => m.last), lineStyle: { type: "dashed" } },
            { type: "line", name: "代表建议", yAxisIndex: 1, data: (p.suggestion_trend || []).map((m) => m.value) },
            { type: "line", name: "群众意见", yAxisIndex: 1, data: (p.opinion_trend || []).map((m) => m.value) },
          ],
        });
        const statuses = p.suggestion_statuses || [];
        const statusChart = Portal.chart(this.$refs.statusChart, {
          color: RED, tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 50, right: 16, bottom: 60, top: 20 },
          xAxis: { type: "category", data: statuses.map((s) => s.label), axisLabel: { rotate: 30, interval: 0 } },
          yAxis: { type: "value" },
          series: [
            { type: "bar", name: d.period.label, data: statuses.map((s) => s.value) },
            { type: "bar", name: "上年同期", data: statuses.map((s) => s.last) },
          ],
        });
        statusChart.off("click");
        statusChart.on("click", (e) => { const s = statuses[e.dataIndex]; if (s) window.location.href = this.linkUrl(s.link); });
        const classes = p.reply_classes || [];
        const ring = Portal.chart(this.$refs.classChart, {
          color: RED, tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" }, legend: { bottom: 0, type: "scroll" },
          series: [{ type: "pie", radius: ["45%", "70%"], data: classes.map((c) => ({ name: c.label, value: c.value })) }],
        });
        ring.off("click");
        ring.on("click", (e) => { const c = classes[e.dataIndex]; if (c) window.location.href = this.linkUrl(c.link); });
        const ratings = p.station_ratings || [];
        Portal.chart(this.$refs.stationChart, {
          color: RED, tooltip: { trigger: "item" }, legend: { bottom: 0 },
          series: [{ type: "pie", radius: ["40%", "65%"], data: ratings.map((r) => ({ name: r.label, value: r.value })) }],
        });
      },
    },
  });
})();
