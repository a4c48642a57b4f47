// Pieces shared by the forms: a labelled field, an error line, and a submit handler that disables the button
// while the request runs and shows the server's message when it fails.

import {h} from "../dom.js";
import {t} from "../i18n.js";

/** A labelled input; `options` go to the input (type, autocomplete, required, value, ...). */
export function field(id, label, options = {}) {
  const input = h("input", {id, name: id, ...options});
  return {input, element: h("div", {class: "field"}, h("label", {for: id}, label), input)};
}

/** A form whose submit runs `action(form)`; errors show in the form's error line. */
export function form(testId, children, action, submitLabel) {
  const error = h("p", {class: "form-error", role: "alert", "data-testid": `${testId}-error`});
  const submit = h("button", {type: "submit", class: "primary", "data-testid": `${testId}-submit`}, submitLabel);
  const element = h("form", {class: "card-form", "data-testid": testId, novalidate: true}, children, error, submit);
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    try {
      await action(element);
    } catch (failure) {
      error.textContent = failure.message || t("error.generic");
    } finally {
      submit.disabled = false;
    }
  });
  return {element, error};
}

/** The centred page around sign-in and team forms. */
export function page(title, ...children) {
  return h("main", {class: "center-page"},
    h("div", {class: "card"}, h("div", {class: "brand"}, "Parley"), h("h1", {}, title), children));
}
