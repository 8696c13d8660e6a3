/* Helpers shared by the suggestion pages. */
(function () {
  "use strict";
  const TYPES = { draft: "info", submitted: "warning", returned: "danger", accepted: "warning", assigned: "primary",
    signed: "primary", replied: "success", rehandling: "danger", closed: "success", withdrawn: "info" };
  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }
  const t = window.gettext || ((s) => s);
  /* Publishing a reply on the suggestion page (staff): the dialog shows the preview of exactly
     the public text in an editable textarea; 确认公开 sends what is in it, which the server
     stores and the public page shows. Regenerating from the raw reply is explicit. */
  const publishing = {
    data() {
      return { pub: { open: false, loading: false, reply: null, title: "", text: "", names: [], known: [], source: "", errors: {} } };
    },
    methods: {
      async openPublish(reply) {
        Object.assign(this.pub, { open: true, reply: reply ? reply.id : null, title: "", text: "", names: [], known: [], source: "", errors: {} });
        await this.loadPublicText(false);
      },
      async loadPublicText(regenerate) {
        this.pub.loading = true;
        try {
          const q = Portal.query({ reply: this.pub.reply, regenerate: regenerate ? 1 : "", names: this.pub.names.join("、") });
          const d = await Portal.api.get(`/api/v1/suggestions/${this.id}/public-text/${q}`);
          Object.assign(this.pub, { reply: d.reply, title: d.title, text: d.text, known: d.names, source: d.source, errors: {} });
        } finally { this.pub.loading = false; }
      },
      async confirmPublish() {
        this.busy = true;
        try {
          await Portal.api.post(`/api/v1/suggestions/${this.id}/publish/`, { reply: this.pub.reply, title: this.pub.title, text: this.pub.text });
          this.pub.open = false;
          ElementPlus.ElMessage.success(t("已公开"));
          await this.load();
        } catch (e) { this.pub.errors = Portal.fieldErrors(e, this.pub); } finally { this.busy = false; }
      },
      async unpublish(reply) {
        const r = await ElementPlus.ElMessageBox.prompt(t("撤回理由（可不填）"), t("撤回公开"), { inputValue: "" }).catch(() => null);
        if (r) await this.run("unpublish", { reply: reply.id, reason: r.value || "" }).catch(() => null);
      },
    },
  };
  window.SG = { statusType: (s) => TYPES[s] || "info", fmt: Portal.formatDateTime, cookie, publishing, open: (row) => { window.location.href = `/suggestions/${row.id}/`; } };
})();
