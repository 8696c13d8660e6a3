// ESLint over the project's own JavaScript: the compiled front end's sources (frontend/src: .vue
// single-file components with eslint-plugin-vue, and .js modules), its tests and tools, and the
// plain scripts of static/app. Templates hold no script (the CSP refuses inline scripts).
// Run from the repository root (`make lint`, pre-commit): ESLint's base path is then the root.
import js from "@eslint/js";
import globals from "globals";
import pluginVue from "eslint-plugin-vue";

export default [
  { ignores: ["static/dist/**", "staticfiles/**", "**/node_modules/**", "frontend/.check-dist/**"] },
  {
    files: ["frontend/*.js", "frontend/scripts/*.mjs"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
  },
  // The compiled front end: single-file components and their modules (frontend/src), and the
  // component tests (frontend/tests, Vitest).
  ...pluginVue.configs["flat/recommended"].map((c) => ({ ...c, files: ["frontend/src/**/*.vue"] })),
  {
    files: ["frontend/src/**/*.{js,vue}", "frontend/tests/**/*.js"],
    plugins: { vue: pluginVue },
    rules: {
      ...js.configs.recommended.rules,
      "no-empty": ["error", { allowEmptyCatch: true }],
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none", varsIgnorePattern: "^_" }],
      // Templates are laid out for reading, not by the formatter's attribute rules.
      "vue/max-attributes-per-line": "off",
      "vue/singleline-html-element-content-newline": "off",
      "vue/multiline-html-element-content-newline": "off",
      "vue/html-self-closing": "off",
      "vue/html-closing-bracket-newline": "off",
      "vue/html-indent": "off",
      "vue/first-attribute-linebreak": "off",
      "vue/attributes-order": "off",
      "vue/v-on-event-hyphenation": "off",
      "vue/attribute-hyphenation": "off",
      "vue/require-default-prop": "off",
      "vue/multi-word-component-names": "off",
      "vue/no-v-html": "error",
    },
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["static/app/**/*.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: globals.browser },
  },
];
