/* Helpers shared by the ballots pages: times in the platform's time zone (Asia/Shanghai, the
   server's), whatever the device's setting, and whether the screen is a phone's. */
(function () {
  const fmt = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hour12: false,
  });
  const phone = window.matchMedia("(max-width: 768px)");
  window.BallotsUtil = {
    data() { return { isPhone: phone.matches }; },
    mounted() { phone.addEventListener("change", (e) => { this.isPhone = e.matches; }); },
    methods: {
      /* "2026-01-05 09:00" */
      when(t) {
        if (!t) return "—";
        const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
        return `${p.year}-${p.month}-${p.day} ${p.hour === "24" ? "00" : p.hour}:${p.minute}`;
      },
      pct(v) { return v === null || v === undefined ? "—" : (Number(v) * 100).toFixed(1) + "%"; },
    },
  };
})();
