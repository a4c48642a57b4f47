// A modal dialog on the native <dialog> element (focus trap, Escape and the backdrop for free), removed from
// the page when closed.

import {h} from "../dom.js";
import {t} from "../i18n.js";

/** Opens a dialog titled `title` around `body`; returns `{dialog, close}`. */
export function modal(testId, title, ...body) {
  const dialog = h("dialog", {class: "modal", "data-testid": testId, "aria-label": title},
    h("header", {class: "modal-header"}, h("h2", {}, title),
      h("button", {class: "icon", "aria-label": t("common.close"), "data-testid": `${testId}-close`, onclick: () => close()}, "×")),
    h("div", {class: "modal-body"}, body));
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  dialog.addEventListener("close", () => dialog.remove());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) close(); });
  document.body.append(dialog);
  dialog.showModal();
  return {dialog, close};
}

/** A menu button that opens a list of items below it; each item is `{id, label, action}` or null. */
export function menu(testId, label, glyph, items) {
  const list = h("ul", {class: "menu", role: "menu", hidden: true, "data-testid": `${testId}-items`});
  const button = h("button", {class: "menu-button", "aria-haspopup": "menu", "aria-expanded": "false", "aria-label": label,
    title: label, "data-testid": testId}, glyph);
  const hide = () => {
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", outside);
  };
  const outside = (event) => { if (!wrapper.contains(event.target)) hide(); };
  button.addEventListener("click", () => {
    const opening = list.hidden;
    list.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    if (opening) {
      document.addEventListener("mousedown", outside);
      list.querySelector("button")?.focus();
    }
  });
  for (const item of items.filter(Boolean)) {
    list.append(h("li", {role: "none"}, h("button", {role: "menuitem", class: item.danger ? "danger" : "",
      "data-testid": `${testId}-${item.id}`, onclick: () => { hide(); item.action(); }}, item.label)));
  }
  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement);
    if (event.key === "Escape") { hide(); button.focus(); }
    if (event.key === "ArrowDown") { event.preventDefault(); buttons[(at + 1) % buttons.length]?.focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); buttons[(at - 1 + buttons.length) % buttons.length]?.focus(); }
  });
  const wrapper = h("div", {class: "menu-wrapper"}, button, list);
  return wrapper;
}
