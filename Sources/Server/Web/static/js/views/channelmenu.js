// The channel header's menu: add members, pinned messages, rename, leave and archive, as the user's rights
// allow (town-square cannot be left or archived; DMs have only the pinned list).

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t} from "../i18n.js";
import {field, form} from "./form.js";
import {menu, modal} from "./modal.js";
import {slug} from "./teams.js";
import {PostPanel} from "./thread.js";
import {channelMembersDialog} from "./members.js";

export function channelMenu(shell, channel) {
  const isTeamChannel = channel.type === "O" || channel.type === "P";
  const isTownSquare = channel.name === "town-square";
  const archived = channel.delete_at > 0;
  return menu("channel-menu", t("channel.menu"), "⋯", [
    isTeamChannel && !archived ? {id: "add-members", label: t("channel.addMembers"), action: () => addMembersDialog(shell, channel)} : null,
    isTeamChannel ? {id: "members", label: t("members.manage"), action: () => channelMembersDialog(shell, channel)} : null,
    {id: "pinned", label: t("channel.pinned"), action: () => shell.openPanel(PostPanel.pinned(shell, channel))},
    isTeamChannel && !archived ? {id: "rename", label: t("channel.rename"), action: () => renameDialog(shell, channel)} : null,
    isTeamChannel && !isTownSquare ? {id: "leave", label: t("channel.leave"), action: () => leave(shell, channel)} : null,
    isTeamChannel && !isTownSquare && !archived ? {id: "archive", label: t("channel.archive"), danger: true, action: () => archive(shell, channel)} : null,
  ]);
}

function addMembersDialog(shell, channel) {
  const search = h("input", {type: "search", "aria-label": t("dm.search"), placeholder: t("dm.search"), "data-testid": "add-members-search", autofocus: true});
  const results = h("ul", {class: "browse-list", "data-testid": "add-members-results"});
  const lookup = async () => {
    const r = await api.get(`/users/autocomplete?name=${api.enc(search.value.trim())}&team_id=${shell.team.id}&channel_id=${channel.id}`).catch(() => ({}));
    const users = (r.out_of_channel || []).filter((u) => u.id !== shell.store.me.id);
    replace(results, users.map((u) => h("li", {}, h("button", {class: "browse-row user-row", "data-testid": `add-member-${u.username}`,
      onclick: async (event) => {
        try {
          await api.post(`/channels/${channel.id}/members`, {user_id: u.id});
          event.currentTarget.disabled = true;
          shell.app.toast(t("channel.added", {name: u.username}));
        } catch (error) {
          shell.app.toast(error.message);
        }
      }}, h("strong", {}, `@${u.username}`), " ", [u.first_name, u.last_name].filter(Boolean).join(" ")))));
  };
  search.addEventListener("input", lookup);
  modal("add-members", t("channel.addMembersTitle", {channel: channel.display_name}), search, results);
  lookup();
}

function renameDialog(shell, channel) {
  const name = field("rename-display-name", t("channels.name"), {type: "text", required: true, maxlength: 64, value: channel.display_name});
  const url = field("rename-url", t("channels.url"), {type: "text", required: true, maxlength: 64, value: channel.name});
  const warning = h("p", {class: "hint bad", hidden: true}, t("channel.renameWarning"));
  url.input.addEventListener("input", () => { warning.hidden = url.input.value.trim() === channel.name; });
  name.input.addEventListener("input", () => { if (channel.name === "town-square") return; });
  let dialog;
  const {element} = form("rename-form", [name.element, url.element, warning], async () => {
    const updated = await api.put(`/channels/${channel.id}/patch`, {display_name: name.input.value.trim(),
      name: channel.name === "town-square" ? undefined : slug(url.input.value.trim()) || channel.name});
    shell.store.putChannels([updated]);
    dialog.close();
    shell.app.go(shell.channelPath(updated), {replace: true});
  }, t("common.save"));
  dialog = modal("rename-channel", t("channel.rename"), element);
}

async function leave(shell, channel) {
  try {
    await api.del(`/channels/${channel.id}/members/${shell.store.me.id}`);
    shell.store.removeMembership(channel.id);
    shell.app.go(`/${shell.team.name}/channels/town-square`);
  } catch (error) {
    shell.app.toast(error.message);
  }
}

async function archive(shell, channel) {
  if (!window.confirm(t("channel.archiveConfirm", {channel: channel.display_name}))) return;
  try {
    await api.del(`/channels/${channel.id}`);
  } catch (error) {
    shell.app.toast(error.message);
  }
}
