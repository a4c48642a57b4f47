// The catalogue loader: locale matching, placeholders, plurals through Intl.PluralRules, English fallback.
import {test} from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import "./dom-shim.mjs";

const folder = new URL("../../../Sources/Server/Web/static/i18n/", import.meta.url);
globalThis.fetch = async (url) => {
  const name = String(url).split("/").pop();
  const path = new URL(name, folder);
  if (!fs.existsSync(path)) return {ok: false, status: 404, json: async () => ({})};
  return {ok: true, status: 200, json: async () => JSON.parse(fs.readFileSync(path, "utf8"))};
};
globalThis.navigator = {languages: ["de-DE", "es-ES"], language: "de-DE"};

const i18n = await import("../../../Sources/Server/Web/static/js/i18n.js");

test("locales match the closest supported one", () => {
  assert.equal(i18n.closest("es-MX"), "es");
  assert.equal(i18n.closest("pt"), "pt-br");
  assert.equal(i18n.closest("zh-Hant-TW"), "zh-TW");
  assert.equal(i18n.closest("zh"), "zh-CN");
  assert.equal(i18n.closest("ZH-cn"), "zh-CN");
  assert.equal(i18n.closest("de"), null);
  assert.equal(i18n.preferred("fr"), "fr", "the user's locale first");
  assert.equal(i18n.preferred(""), "es", "then the first supported browser language");
  assert.equal(i18n.locales.length, 13);
});

test("placeholders and plurals, in English and Polish", async () => {
  await i18n.use("en");
  assert.equal(i18n.t("post.replies", {count: 1}), "1 reply");
  assert.equal(i18n.t("post.replies", {count: 3}), "3 replies");
  assert.equal(i18n.t("channel.added", {name: "ana"}), "Added ana");
  assert.equal(i18n.t("no.such.key"), "no.such.key");
  await i18n.use("pl");
  const few = i18n.t("post.replies", {count: 3});
  const many = i18n.t("post.replies", {count: 5});
  assert.notEqual(few, many, "Polish has distinct few and many forms");
  assert.ok(few.startsWith("3") && many.startsWith("5"));
  assert.equal(document.documentElement.lang, "pl");
});

test("switching tells listeners; Spanish labels come from the Spanish catalogue", async () => {
  const seen = [];
  const stop = i18n.onChange((code) => seen.push(code));
  await i18n.use("es");
  stop();
  await i18n.use("en");
  assert.deepEqual(seen, ["es"]);
  await i18n.use("es");
  assert.notEqual(i18n.t("login.submit"), "Log in");
  await i18n.use("en");
});

test("every key the code uses exists in the English catalogue", () => {
  const en = JSON.parse(fs.readFileSync(new URL("en.json", folder), "utf8"));
  const root = new URL("../../../Sources/Server/Web/static/js/", import.meta.url);
  const missing = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
      const path = new URL(entry.name + (entry.isDirectory() ? "/" : ""), dir);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".js")) {
        for (const m of fs.readFileSync(path, "utf8").matchAll(/\bt\("([a-zA-Z.]+)"/g)) if (!(m[1] in en)) missing.push(`${entry.name}: ${m[1]}`);
      }
    }
  };
  walk(root);
  assert.deepEqual(missing, []);
});
