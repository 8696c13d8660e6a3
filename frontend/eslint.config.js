// ESLint over the project's own JavaScript: static/app/**/*.js and the inline <script> blocks of
// templates/**/*.html. Vendored libraries (static/vendor) are not ours and are not linted.
// Run from the repository root (`make lint`, pre-commit): ESLint's base path is then the root.
import js from "@eslint/js";
import globals from "globals";
import pluginVue from "eslint-plugin-vue";

// Names the pages share across <script> tags: defined by static/app/*.js (window.X = ...), by the
// vendored libraries, by Django's JavaScript catalogue (/jsi18n/), or by one template's inline
// script for another (window.EVAL_CAN_MANAGE, BallotForm in ballots/_ballot_form_js.html).
const pageGlobals = {
  Vue: "readonly",
  ElementPlus: "readonly",
  ElementPlusIconsVue: "readonly",
  ElementPlusLocaleZhCn: "readonly",
  ElementPlusLocaleEn: "readonly",
  echarts: "readonly",
  gettext: "readonly",
  ngettext: "readonly",
  interpolate: "readonly",
  Portal: "readonly",
  SG: "readonly",
  BallotsUtil: "readonly",
  Deputies: "readonly",
  BallotForm: "readonly",
  BALLOT_KINDS: "readonly",
};

// A template's inline scripts as one JavaScript text of the same shape: everything outside an
// inline <script> (one without src) becomes spaces, newlines kept, so ESLint's line and column
// are the template's. The blocks of one page share one global scope in the browser, and so here.
// Django's tags inside a script: {{ value }} becomes 0 (a value, also fine inside a string),
// {% if %}...{% else %}...{% endif %} keeps its first branch, {% comment %} and {# #} vanish,
// any other {% tag %} (translate, url) becomes 0 as well.
const blank = (s) => s.replace(/[^\n]/g, " ");
const value = (s) => "0" + blank(s.slice(1));

function neutralizeDjango(code) {
  let out = "";
  let skipping = 0; // depth of {% if %} branches being dropped
  const stack = []; // per open {% if %}: has a branch already been kept?
  const tag = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;
  let last = 0;
  let comment = false;
  for (const match of code.matchAll(tag)) {
    const text = match[0];
    const between = code.slice(last, match.index);
    out += skipping || comment ? blank(between) : between;
    last = match.index + text.length;
    const name = text.startsWith("{%") ? text.slice(2, -2).trim().split(/\s+/)[0] : "";
    if (comment) {
      if (name === "endcomment") comment = false;
      out += blank(text);
      continue;
    }
    if (name === "comment" || text.startsWith("{#")) {
      comment = name === "comment";
      out += blank(text);
    } else if (name === "if") {
      stack.push(skipping > 0);
      if (skipping) skipping += 1;
      out += blank(text);
    } else if (name === "elif" || name === "else") {
      if (!stack.at(-1)) skipping = 1; // the first branch was kept: drop the others
      out += blank(text);
    } else if (name === "endif") {
      const outerSkipping = stack.pop();
      skipping = outerSkipping ? skipping - 1 : 0;
      out += blank(text);
    } else {
      out += skipping ? blank(text) : value(text);
    }
  }
  const rest = code.slice(last);
  return out + (skipping || comment ? blank(rest) : rest);
}

function inlineScripts(text) {
  let out = "";
  let last = 0;
  const script = /(<script\b(?![^>]*\bsrc=)[^>]*>)([\s\S]*?)<\/script>/gi;
  for (const match of text.matchAll(script)) {
    const [, open, body] = match;
    const bodyStart = match.index + open.length;
    // A ";" where the tag ends, so two blocks never run together.
    out += blank(text.slice(last, bodyStart - 1)) + ";";
    out += neutralizeDjango(body);
    last = bodyStart + body.length;
  }
  return out + blank(text.slice(last));
}

const djangoTemplateScripts = {
  meta: { name: "django-template-scripts" },
  preprocess: (text) => [{ text: inlineScripts(text), filename: "inline.js" }],
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false,
};

const browserScript = {
  ecmaVersion: 2022,
  sourceType: "script",
  globals: { ...globals.browser, ...pageGlobals },
};

export default [
  { ignores: ["static/vendor/**", "static/dist/**", "staticfiles/**", "**/node_modules/**"] },
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
    languageOptions: browserScript,
  },
  { files: ["templates/**/*.html"], processor: djangoTemplateScripts },
  {
    files: ["templates/**/*.html/*.js"],
    ...js.configs.recommended,
    languageOptions: browserScript,
  },
  {
    files: ["static/app/**/*.js", "templates/**/*.html/*.js"],
    rules: {
      // Rules set to what the code meets (issue 16 item 6), each for a reason:
      // - vars "local": a page script's top-level names are globals another script uses;
      // - args "none": a Vue method's signature mirrors how its template calls it (blank(kind));
      // - "_" names and rest siblings: `const { lead: _key, ...form }` drops one field on purpose;
      // - caughtErrors "none" and empty catch: `try { m = JSON.parse(...) } catch (e) {}` keeps
      //   the default message when the error body is not JSON.
      "no-unused-vars": [
        "error",
        {
          vars: "local",
          args: "none",
          caughtErrors: "none",
          varsIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    // The partial that defines the ballot form for the pages including it.
    files: ["templates/ballots/_ballot_form_js.html/*.js"],
    languageOptions: { globals: { BallotForm: "off", BALLOT_KINDS: "off" } },
  },
];
