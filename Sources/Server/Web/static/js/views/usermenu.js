// The avatar menu: the user's status (online, away, do not disturb, offline), language, and log-out.

import * as api from "../api.js";
import {h} from "../dom.js";
import {t} from "../i18n.js";
import {menu, modal} from "./modal.js";
import {accountSettings, languageChooser} from "./settings.js";

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
  const dialog = modal("language", t("menu.language"), languageChooser(shell, () => dialog.close()));
}
