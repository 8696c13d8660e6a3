/* One translation mechanism for server and client: Django's gettext catalogues. The djangojs
   catalogue (locale/<lang>/LC_MESSAGES/djangojs.po, extracted from frontend/src by
   `manage.py makemessages -d djangojs`, which knows the keyword t) is served by Django's
   JavaScriptCatalog at /jsi18n/, loaded before the bundle. Source strings are Chinese. */

function catalogue() {
  return typeof window !== "undefined" && window.django ? window.django : null;
}

/* t("代表名册") → the active language's text. */
export function t(text) {
  const c = catalogue();
  return c && c.gettext ? c.gettext(text) : text;
}

/* Plural: tn("%(n)s 人", "%(n)s 人", n, {n}). */
export function tn(singular, plural, count, values) {
  const c = catalogue();
  const text = c && c.ngettext ? c.ngettext(singular, plural, count) : count === 1 ? singular : plural;
  return values ? format(text, values) : text;
}

/* format("共 %(n)s 条", {n: 5}): named placeholders, as in the server's catalogue. */
export function format(text, values) {
  return String(text).replace(/%\((\w+)\)s/g, (_, key) => (values[key] === undefined ? "" : String(values[key])));
}

/* tf("共 %(n)s 条", {n: 5}) = format(t(...), ...). */
export function tf(text, values) {
  return format(t(text), values);
}

export function language() {
  return (typeof document !== "undefined" && document.documentElement.lang) || "zh-hans";
}

export function isEnglish() {
  return language().startsWith("en");
}
