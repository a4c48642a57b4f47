// Every visible string comes from a message catalogue (`/static/i18n/<locale>.json`): a flat object of keys to
// texts with `{name}` placeholders, or, for texts that depend on a count, an object of plural categories
// (`{"one": "{count} reply", "other": "{count} replies"}`) chosen with `Intl.PluralRules`. The locale is the
// user's `locale`, else the browser's, else English; a key missing from a catalogue falls back to English.

export const locales = [
  {code: "en", name: "English"},
  {code: "es", name: "Español"},
  {code: "fr", name: "Français"},
  {code: "it", name: "Italiano"},
  {code: "nl", name: "Nederlands"},
  {code: "pl", name: "Polski"},
  {code: "pt-br", name: "Português (Brasil)"},
  {code: "tr", name: "Türkçe"},
  {code: "ru", name: "Русский"},
  {code: "ko", name: "한국어"},
  {code: "zh-CN", name: "中文 (简体)"},
  {code: "zh-TW", name: "中文 (繁體)"},
  {code: "ja", name: "日本語"},
];

let current = "en";
let catalogue = {};
let english = {};
let plurals = new Intl.PluralRules("en");
const listeners = new Set();

/** The supported locale closest to `wanted` ("es-ES" → "es", "zh-Hant" → "zh-TW", "pt" → "pt-br"). */
export function closest(wanted) {
  if (!wanted) return null;
  const lower = wanted.toLowerCase();
  const exact = locales.find((l) => l.code.toLowerCase() === lower);
  if (exact) return exact.code;
  if (lower.startsWith("zh")) return /hant|tw|hk|mo/.test(lower) ? "zh-TW" : "zh-CN";
  if (lower.startsWith("pt")) return "pt-br";
  const language = lower.split("-")[0];
  const match = locales.find((l) => l.code.toLowerCase() === language);
  return match ? match.code : null;
}

/** The locale to start with: the user's, else the first of the browser's that is supported, else English. */
export function preferred(userLocale) {
  return closest(userLocale) || (navigator.languages || [navigator.language]).map(closest).find(Boolean) || "en";
}

async function load(code) {
  const response = await fetch(`/static/i18n/${code}.json`, {credentials: "same-origin"});
  if (!response.ok) throw new Error(`catalogue ${code}: HTTP ${response.status}`);
  return response.json();
}

/** Switches to `code` (loading its catalogue) and tells every listener, so views re-render their labels. */
export async function use(code) {
  const target = closest(code) || "en";
  if (!Object.keys(english).length) english = await load("en");
  catalogue = target === "en" ? english : await load(target);
  current = target;
  plurals = new Intl.PluralRules(target);
  document.documentElement.lang = target;
  for (const listener of listeners) listener(target);
}

export const locale = () => current;

/** Calls `fn(locale)` after every switch; returns the function that stops it. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The text of `key` with `{name}` placeholders filled from `values`; `values.count` picks a plural form. */
export function t(key, values = {}) {
  let text = catalogue[key] ?? english[key];
  if (text === undefined) return key;
  if (typeof text === "object") {
    const count = Number(values.count ?? 0);
    text = text[plurals.select(count)] ?? text.other ?? "";
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A date as the locale writes it ("Today", "Yesterday" or the long date), for day separators. */
export function day(ms) {
  const date = new Date(ms);
  const today = new Date();
  const start = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((start(today) - start(date)) / 86400000);
  if (days === 0) return t("day.today");
  if (days === 1) return t("day.yesterday");
  return date.toLocaleDateString(current, {weekday: "long", year: "numeric", month: "long", day: "numeric"});
}

/** A time of day as the locale writes it. */
export function time(ms) {
  return new Date(ms).toLocaleTimeString(current, {hour: "2-digit", minute: "2-digit"});
}
