// Builds frontend/src into ../static/dist: one entry (src/main.js) that mounts the page component
// a Django template names (<div id="app" data-page="representatives/DeputyList">), each page a
// lazily loaded chunk, Element Plus components imported where used (so a deputy's phone page
// does not carry the table or the charts). The output is committed; `make frontend` rebuilds it
// and CI fails when the committed bundle differs from what the sources build.
import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import Components from "unplugin-vue-components/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/static/dist/",
  // licenses/THIRD-PARTY-LICENSES.txt (scripts/licenses.mjs) is copied into the build as is.
  publicDir: "licenses",
  plugins: [
    vue(),
    Components({ dts: false, dirs: [], resolvers: [ElementPlusResolver({ importStyle: "css" })] }),
  ],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    // PORTAL_DIST: an engineer's own build (see FRONTEND_DIST in congress/settings/base.py).
    outDir: process.env.PORTAL_DIST || "../static/dist",
    emptyOutDir: true,
    manifest: "manifest.json",
    sourcemap: false,
    target: "es2020",
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: { main: fileURLToPath(new URL("./src/main.js", import.meta.url)) },
      output: {
        // Stable names for the shared libraries so a page's chunk changes without busting them.
        manualChunks(id) {
          if (id.includes("node_modules/echarts") || id.includes("node_modules/zrender")) return "echarts";
          if (id.includes("node_modules/@vue/") || id.includes("node_modules/vue/")) return "vue";
          return undefined;
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["tests/**/*.test.js"],
    // Element Plus's per-component style imports go through Vite, not Node's loader.
    server: { deps: { inline: ["element-plus"] } },
  },
});
