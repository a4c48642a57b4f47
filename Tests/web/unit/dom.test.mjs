// The node builder: text stays text, handlers must be functions, nullish attributes and children are skipped.
import {test} from "node:test";
import assert from "node:assert/strict";
import "./dom-shim.mjs";

const {h} = await import("../../../Sources/Server/Web/static/js/dom.js");

test("children that are strings become text nodes, never elements", () => {
  const element = h("p", {}, "<b>x</b>", 3, null, false, ["a", ["b"]]);
  assert.equal(element.children.length, 0);
  assert.equal(element.textContent, "<b>x</b>3ab");
});

test("a handler given as a string is refused", () => {
  assert.throws(() => h("button", {onclick: "alert(1)"}), /onclick must be a function/);
  let clicked = 0;
  const button = h("button", {onclick: () => { clicked += 1; }});
  button.dispatch("click");
  assert.equal(clicked, 1);
  assert.equal(button.getAttribute("onclick"), null);
});

test("attributes: true is present, false and nullish are absent, values are strings", () => {
  const input = h("input", {required: true, hidden: false, title: undefined, maxlength: 5, "data-testid": "x"});
  assert.equal(input.getAttribute("required"), "");
  assert.equal(input.getAttribute("hidden"), null);
  assert.equal(input.getAttribute("title"), null);
  assert.equal(input.getAttribute("maxlength"), "5");
});
