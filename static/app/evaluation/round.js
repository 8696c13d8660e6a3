/* One evaluation round: the ranking (table + ECharts bar chart) and indicator-by-indicator scoring. */
(function () {
  "use strict";
  const roundId = JSON.parse(document.getElementById("round-id").textContent);
  const base = `/api/v1/evaluation/rounds/${roundId}/`;

  Portal.mount({
    data() {
      return { data: null, loading: true, targetId: null, dialog: false, saving: false,
        form: { indicator: null, stage: "review", value: "", reason: "", evidence: "" }, errors: {},
        canManage: window.EVAL_CAN_MANAGE, evaluatorDialog: false, eligible: [], evaluatorIds: [] };
    },
    computed: {
      closed() { return this.data && this.data.round.status === "closed"; },
      current() { return this.data ? this.data.targets.find((t) => t.id === this.targetId) : null; },
      byName() { return this.data ? [...this.data.targets].sort((a, b) => a.region.localeCompare(b.region)) : []; },
      scoreIndex() {
        const index = {};
        if (this.data) for (const s of this.data.scores) index[`${s.target}:${s.indicator}:${s.stage}`] = s;
        return index;
      },
    },
    async mounted() { await this.load(); },
    methods: {
      async load() {
        this.loading = true;
        this.data = await Portal.api.get(base);
        if (!this.targetId && this.data.targets.length) this.targetId = this.byName[0].id;
        this.loading = false;
        this.$nextTick(this.draw);
      },
      scoreOf(ind, stage) { return this.current ? this.scoreIndex[`${this.current.id}:${ind.id}:${stage}`] : null; },
      show(ind, stage) { const s = this.scoreOf(ind, stage); return s ? Number(s.value) : "—"; },
      pick(row) { this.targetId = row.id; },
      rowClass({ row }) { return row.id === this.targetId ? "current-target" : ""; },
      draw() {
        const rows = [...this.data.targets].sort((a, b) => (a.rank || 999) - (b.rank || 999));
        Portal.chart(this.$refs.chart, {
          grid: { left: 80, right: 24, top: 10, bottom: 24 },
          tooltip: { trigger: "axis" },
          xAxis: { type: "value", max: Number(this.data.system.max_total) + Number(this.data.system.bonus_cap) },
          yAxis: { type: "category", inverse: true, data: rows.map((r) => `${r.rank}. ${r.name}`), axisLabel: { fontSize: 11 } },
          series: [{ type: "bar", data: rows.map((r) => ({ value: Number(r.final_total), itemStyle: { color: r.id === this.targetId ? "#b71c1c" : "#e08788" } })), label: { show: true, position: "right", fontSize: 11 } }],
          dataZoom: rows.length > 15 ? [{ type: "inside", yAxisIndex: 0, startValue: 0, endValue: 14 }, { type: "slider", yAxisIndex: 0, width: 12, right: 4 }] : [],
        });
      },
      openScore(ind) {
        const stage = this.data.is_evaluator ? "review" : "self";
        const existing = this.scoreOf(ind, stage);
        this.form = { indicator: ind, stage, value: existing ? String(Number(existing.value)) : "", reason: existing ? existing.reason : "", evidence: existing ? existing.evidence : "" };
        this.errors = {};
        if (this.$refs.file) this.$refs.file.value = "";
        this.dialog = true;
      },
      async saveScore() {
        this.saving = true; this.errors = {};
        const body = new FormData();
        body.append("target", this.targetId);
        body.append("indicator", this.form.indicator.id);
        body.append("stage", this.form.stage);
        body.append("value", this.form.value);
        body.append("reason", this.form.reason);
        body.append("evidence", this.form.evidence);
        const file = this.$refs.file && this.$refs.file.files[0];
        if (file) body.append("evidence_file", file);
        try {
          await Portal.api.post(base + "scores/", body);
          ElementPlus.ElMessage.success(Portal.t("已保存，排名已更新"));
          this.dialog = false;
          await this.load();
        } catch (err) {
          this.errors = Portal.fieldErrors(err, this.form);
        } finally { this.saving = false; }
      },
      async compute() {
        const d = await Portal.api.post(base + "compute/");
        ElementPlus.ElMessage.success(Portal.t("已按平台数据计算") + `（${d.changed}）`);
        await this.load();
      },
      async closeRound() {
        await ElementPlus.ElMessageBox.confirm(Portal.t("结束后评价结果将锁定，不能再修改。确定结束本轮评价？"), Portal.t("结束评价"), { type: "warning" });
        await Portal.api.post(base + "close/");
        await this.load();
      },
      async openEvaluators() {
        this.eligible = await Portal.api.get(base + "evaluators/");
        this.evaluatorIds = this.data.evaluators.map((e) => e.id);
        this.evaluatorDialog = true;
      },
      async saveEvaluators() {
        await Portal.api.put(base + "evaluators/", { evaluator_ids: this.evaluatorIds });
        this.evaluatorDialog = false;
        await this.load();
      },
      exportXlsx() { Portal.api.download(base + "export/"); },
    },
  });
})();
