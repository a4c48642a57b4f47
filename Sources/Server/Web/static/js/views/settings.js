// Account Settings: profile (first and last name, nickname), password, language, and notifications (mention
// words, the first-name trigger, desktop notifications through the browser's Notification API).

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import * as i18n from "../i18n.js";
import {t} from "../i18n.js";
import {field, form} from "./form.js";
import {modal} from "./modal.js";

export function accountSettings(shell) {
  const body = h("div", {class: "settings-body"});
  const tabs = [
    {id: "profile", label: t("settings.profile"), render: () => profileTab(shell)},
    {id: "security", label: t("settings.security"), render: () => passwordTab(shell)},
    {id: "display", label: t("settings.display"), render: () => languageTab(shell)},
    {id: "notifications", label: t("settings.notifications"), render: () => notificationsTab(shell)},
  ];
  const bar = h("div", {class: "tabs", role: "tablist"});
  const select = (tab) => {
    for (const button of bar.children) button.setAttribute("aria-selected", String(button.dataset.tab === tab.id));
    replace(body, tab.render());
  };
  for (const tab of tabs) {
    bar.append(h("button", {role: "tab", class: "tab", dataset: {tab: tab.id}, "data-testid": `settings-tab-${tab.id}`,
      onclick: () => select(tab)}, tab.label));
  }
  modal("account-settings", t("settings.title"), bar, body);
  select(tabs[0]);
}

async function saveUser(shell, patch) {
  const user = await api.put(`/users/${shell.store.me.id}/patch`, patch);
  shell.store.setMe(user);
  return user;
}

function saved(element) {
  const note = h("p", {class: "hint good", role: "status"}, t("settings.saved"));
  element.append(note);
  setTimeout(() => note.remove(), 3000);
}

function profileTab(shell) {
  const me = shell.store.me;
  const first = field("settings-first-name", t("settings.firstName"), {type: "text", maxlength: 64, value: me.first_name || ""});
  const last = field("settings-last-name", t("settings.lastName"), {type: "text", maxlength: 64, value: me.last_name || ""});
  const nick = field("settings-nickname", t("settings.nickname"), {type: "text", maxlength: 64, value: me.nickname || ""});
  const {element} = form("profile-form", [first.element, last.element, nick.element], async () => {
    await saveUser(shell, {first_name: first.input.value.trim(), last_name: last.input.value.trim(), nickname: nick.input.value.trim()});
    saved(element);
  }, t("common.save"));
  return element;
}

function passwordTab(shell) {
  const current = field("settings-current-password", t("settings.currentPassword"), {type: "password", autocomplete: "current-password", required: true});
  const next = field("settings-new-password", t("settings.newPassword"), {type: "password", autocomplete: "new-password", required: true});
  const {element} = form("password-form", [current.element, next.element], async () => {
    await api.put(`/users/${shell.store.me.id}/password`, {current_password: current.input.value, new_password: next.input.value});
    current.input.value = "";
    next.input.value = "";
    saved(element);
  }, t("settings.changePassword"));
  return element;
}

/** The language picker of the Display tab and the avatar menu: saved to the user's `locale`, then `close()`. */
export function languageChooser(shell, close) {
  const select = h("select", {id: "language-select", "data-testid": "language-select"},
    i18n.locales.map((l) => h("option", {value: l.code, selected: l.code === i18n.locale()}, l.name)));
  const save = h("button", {class: "primary", "data-testid": "language-save", onclick: async () => {
    try {
      await saveUser(shell, {locale: select.value});
      close();
      await i18n.use(select.value);
    } catch (error) {
      shell.app.toast(error.message);
    }
  }}, t("common.save"));
  return h("div", {}, h("div", {class: "field"}, h("label", {for: "language-select"}, t("menu.language")), select),
    h("div", {class: "modal-actions"}, save));
}

function languageTab(shell) {
  return languageChooser(shell, () => document.querySelector("[data-testid=account-settings]")?.close());
}

function notificationsTab(shell) {
  const props = {...(shell.store.me.notify_props || {})};
  const words = field("settings-mention-keys", t("settings.mentionKeys"), {type: "text", value: props.mention_keys || "",
    placeholder: t("settings.mentionKeysHint")});
  const firstName = h("input", {type: "checkbox", id: "settings-first-name-trigger", checked: props.first_name === "true"});
  const desktop = h("select", {id: "settings-desktop", "data-testid": "settings-desktop"},
    ["all", "mention", "none"].map((v) => h("option", {value: v, selected: (props.desktop || "mention") === v}, t(`settings.desktop.${v}`))));
  const permission = h("p", {class: "hint", "data-testid": "notification-permission"});
  const showPermission = () => {
    permission.textContent = !("Notification" in window) ? t("settings.noNotifications") : t(`settings.permission.${Notification.permission}`);
  };
  showPermission();
  const {element} = form("notifications-form", [
    words.element,
    h("div", {class: "field checkbox"}, firstName, h("label", {for: "settings-first-name-trigger"}, t("settings.firstNameTrigger"))),
    h("div", {class: "field"}, h("label", {for: "settings-desktop"}, t("settings.desktop")), desktop),
    permission,
  ], async () => {
    const keys = words.input.value.split(",").map((w) => w.trim()).filter(Boolean).join(",");
    await saveUser(shell, {notify_props: {...props, mention_keys: keys, first_name: String(firstName.checked), desktop: desktop.value}});
    if (desktop.value !== "none" && "Notification" in window && Notification.permission === "default") {
      await Notification.requestPermission();
      showPermission();
    }
    saved(element);
  }, t("common.save"));
  return element;
}
