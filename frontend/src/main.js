/* The one entry: mounts the page component the Django template names in data-page (a file under
   src/pages/, loaded as its own chunk) with the props it passes as JSON (#page-props). */
import { createApp } from "vue";
import "element-plus/theme-chalk/base.css";
import "./styles/app.css";
import App from "./App.vue";
import { json } from "./lib/page";

const pages = import.meta.glob("./pages/**/*.vue");

async function start() {
  const el = document.getElementById("app");
  if (!el) return;
  const name = el.dataset.page;
  const load = pages[`./pages/${name}.vue`] || pages["./pages/core/NotFound.vue"];
  const page = (await load()).default;
  const app = createApp(App, { page, pageProps: json("page-props", {}), bare: el.dataset.shell === "none" });
  app.config.errorHandler = (error) => {
    // An unexpected error is logged, never left as an unhandled rejection that blanks the page.
    console.error(error);
  };
  app.mount(el);
  window.__portalMounted = true;
}

window.addEventListener("unhandledrejection", (event) => {
  // Cancelled confirm boxes answer false (lib/page.confirm); anything else is logged once.
  if (event.reason === "cancel" || event.reason === "close") event.preventDefault();
});

start();
