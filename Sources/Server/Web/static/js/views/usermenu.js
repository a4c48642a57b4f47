// The avatar menu: the user's status (online, away, do not disturb, offline), language, and log-out.

import * as api from "../api.js";
import {h} from "../dom.js";
import * as i18n from "../i18n.js";
import {t} from "../i18n.js";
import {menu, modal} from "./modal.js";
import {accountSettings} from "./settings.js";

const statuses = ["online", "away", "dnd", "offline"];

export function userMenu(shell, me) {
  const status = shell.store.statuses.get(me.id) || "online";
  const setStatus = (value) => async () => {
    try {
      await api.put(`/users/${me.id}/status`, {user_id: me.id, status: value});
      shell.store.putStatuses([{user_id: me.id, status: value}]);
    } catch (error) {
      shell.app.toast(error.message);
    }
  };
  return h("div", {class: "user-menu"},
    h("span", {class: `presence ${status}`, "data-testid": "my-status", "data-status": status, title: t(`status.${status}`)}),
    h("span", {class: "me-name"}, `@${me.username}`),
    menu("user-menu", t("menu.account"), "▾", [
      ...statuses.map((s) => ({id: `status-${s}`, label: (s === status ? "● " : "") + t(`status.${s}`), action: setStatus(s)})),
      {id: "settings", label: t("settings.title"), action: () => accountSettings(shell)},
      {id: "language", label: t("menu.language"), action: () => languageDialog(shell)},
      {id: "logout", label: t("menu.logout"), action: () => shell.app.logout()},
    ]));
}

function languageDialog(shell) {
  const me = shell.store.me;
  const select = h("select", {id: "language-select", "data-testid": "language-select", "aria-label": t("menu.language")},
    i18n.locales.map((l) => h("option", {value: l.code, selected: l.code === i18n.locale()}, l.name)));
  const save = h("button", {class: "primary", "data-testid": "language-save"}, t("common.save"));
  const dialog = modal("language", t("menu.language"), select, h("div", {class: "modal-actions"}, save));
  save.addEventListener("click", async () => {
    try {
      const user = await api.put(`/users/${me.id}/patch`, {locale: select.value});
      shell.store.setMe(user);
      dialog.close();
      await i18n.use(select.value);
    } catch (error) {
      shell.app.toast(error.message);
    }
  });
}
