/* Helpers shared by the ballots pages: times in the platform's time zone (Portal.formatDateTime),
   whatever the device's setting, and whether the screen is a phone's. */
(function () {
  const phone = window.matchMedia("(max-width: 768px)");
  window.BallotsUtil = {
    data() { return { isPhone: phone.matches }; },
    mounted() { phone.addEventListener("change", (e) => { this.isPhone = e.matches; }); },
    methods: {
      /* "2026-01-05 09:00" */
      when(t) { return Portal.formatDateTime(t) || "—"; },
      pct(v) { return v === null || v === undefined ? "—" : (Number(v) * 100).toFixed(1) + "%"; },
    },
  };
})();
