// The Markdown subset renders to nodes; user text never becomes elements, and only allow-listed links are links.
import {test} from "node:test";
import assert from "node:assert/strict";
import {container} from "./dom-shim.mjs";

const {render, safeURL, wordPattern} = await import("../../../Sources/Server/Web/static/js/markdown.js");
const html = (message, options) => container(render(message, options));

test("HTML, scripts and event handlers stay text (RELIABILITY A17)", () => {
  for (const message of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>bold?</b>", "&lt;x&gt; <svg/onload=1>"]) {
    const root = html(message);
    assert.deepEqual(root.descendants().map((e) => e.tagName), ["P"], message);
    assert.equal(root.textContent, message);
  }
});

test("only http, https and mailto links become links", () => {
  for (const bad of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x", "vbscript:x", "file:///etc/passwd"]) {
    const root = html(`[click](${bad})`);
    assert.equal(root.byTag("a").length, 0, bad);
    assert.equal(safeURL(bad), null, bad);
  }
  const good = html("[site](https://example.com/a?b=1) and mailto:me@example.com").byTag("a");
  assert.deepEqual(good.map((a) => a.getAttribute("href")), ["https://example.com/a?b=1", "mailto:me@example.com"]);
  assert.equal(good[0].getAttribute("rel"), "noopener noreferrer");
});

test("bare URLs stop before trailing punctuation", () => {
  const root = html("see https://example.com/x.");
  assert.equal(root.byTag("a")[0].getAttribute("href"), "https://example.com/x");
  assert.equal(root.textContent, "see https://example.com/x.");
});

test("bold, italic, code, nesting", () => {
  const root = html("**a *b* c** _d_ `**not bold**` snake_case_word");
  assert.equal(root.byTag("strong")[0].textContent, "a b c");
  assert.deepEqual(root.byTag("em").map((e) => e.textContent), ["b", "d"]);
  assert.equal(root.byTag("code")[0].textContent, "**not bold**");
  assert.ok(root.textContent.endsWith("snake_case_word"));
});

test("blocks: fenced code, lists, numbered lists, quotes, line breaks", () => {
  const root = html("line one\nline two\n\n```\n<b>raw</b>\n```\n- x\n- y\n\n3. c\n4. d\n\n> quoted **bold**");
  assert.equal(root.byTag("br").length, 1);
  assert.equal(root.byTag("pre")[0].textContent, "<b>raw</b>");
  assert.deepEqual(root.byTag("ul")[0].children.map((li) => li.textContent), ["x", "y"]);
  assert.equal(root.byTag("ol")[0].getAttribute("start"), "3");
  assert.equal(root.byTag("blockquote")[0].byTag("strong")[0].textContent, "bold");
});

test("mentions: the viewer's are highlighted, others are not, e-mail addresses are not mentions", () => {
  const root = html("@alice and @bob, write to carol@example.com", {isMine: (name) => name === "alice"});
  const mentions = root.descendants().filter((e) => e.dataset.mention);
  assert.deepEqual(mentions.map((e) => [e.textContent, e.className]), [["@alice", "mention mention-me"], ["@bob", "mention"]]);
});

test("own mention words highlight as whole words only, in any case", () => {
  const words = wordPattern(["bob", "café"]);
  const root = html("Bob, bobby and CAFÉ", {words});
  assert.deepEqual(root.descendants().filter((e) => e.className === "mention-me").map((e) => e.textContent), ["Bob", "CAFÉ"]);
  assert.equal(wordPattern([]), null);
});

test("long runs of unmatched markers stay text", () => {
  const message = "[".repeat(3000) + "(".repeat(3000) + "<".repeat(3000) + "`" + "@".repeat(2000) + "_ ".repeat(1000);
  const root = html(message);
  assert.equal(root.textContent, message);
  assert.equal(root.descendants().length, 1, "one paragraph, nothing else");
});
