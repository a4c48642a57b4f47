// Managing people: a team's members (add, promote to or demote from team admin, remove) and Team Settings
// (rename, regenerate the invite code, allow anyone with an account to join); a channel's members (remove,
// grant or revoke channel admin). Buttons appear only where the viewer's roles allow the change.

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t} from "../i18n.js";
import {field, form} from "./form.js";
import {modal} from "./modal.js";
import {isSystemAdmin} from "./teams.js";

const hasRole = (member, role) => (member?.roles || "").split(" ").includes(role);

export function isTeamAdmin(store, teamId) {
  return isSystemAdmin(store.me) || hasRole(store.teamMembers.get(teamId), "team_admin") || store.teamMembers.get(teamId)?.scheme_admin === true;
}

/** A list of people with per-row buttons, refreshed after every change. */
function peopleList(testId, load, buttons) {
  const list = h("ul", {class: "browse-list", "data-testid": testId});
  const refresh = async () => {
    const rows = await load();
    replace(list, rows.length ? rows.map(({user, member}) => h("li", {class: "browse-row", "data-testid": `${testId}-row-${user.username}`},
      h("div", {}, h("strong", {}, `@${user.username}`), " ", [user.first_name, user.last_name].filter(Boolean).join(" "),
        member && (member.scheme_admin || hasRole(member, "team_admin") || hasRole(member, "channel_admin")) ?
          h("span", {class: "tag"}, t("members.admin")) : null),
      h("div", {class: "row-actions"}, buttons(user, member, refresh)))) : h("li", {class: "hint"}, t("panel.empty")));
  };
  list.refresh = () => refresh().catch(() => null);
  list.refresh();
  return list;
}

async function act(shell, action, refresh) {
  try {
    await action();
    await refresh();
  } catch (error) {
    shell.app.toast(error.message);
  }
}

/** A team's or channel's members (from `path`, those `keep` accepts) paired with their users. */
async function membersWithUsers(path, keep) {
  const members = (await api.get(path)).filter(keep);
  const users = await api.post("/users/ids", members.map((m) => m.user_id));
  const byId = new Map(users.map((u) => [u.id, u]));
  return members.filter((m) => byId.has(m.user_id)).map((m) => ({user: byId.get(m.user_id), member: m}));
}

/** The admin toggle and the removal of one member at `memberPath` (a team's or a channel's). */
function adminButtons(shell, scope, memberPath, user, isAdmin, [grant, revoke], refresh) {
  return [
    h("button", {"data-testid": `${scope}-role-${user.username}`, onclick: () => act(shell, () =>
      api.put(`${memberPath}/schemeRoles`, {scheme_admin: !isAdmin, scheme_user: true}), refresh)}, isAdmin ? revoke : grant),
    h("button", {class: "danger", "data-testid": `${scope}-remove-${user.username}`, onclick: () => act(shell, () =>
      api.del(memberPath), refresh)}, t("members.remove")),
  ];
}

export function teamMembersDialog(shell, team) {
  const admin = isTeamAdmin(shell.store, team.id);
  const load = () => membersWithUsers(`/teams/${team.id}/members?page=0&per_page=200`, (m) => m.delete_at === 0);
  const list = peopleList("team-members", load, (user, member, refresh) => {
    if (!admin || user.id === shell.store.me.id) return [];
    return adminButtons(shell, "team", `/teams/${team.id}/members/${user.id}`, user, member.scheme_admin ||
      hasRole(member, "team_admin"), [t("members.promote"), t("members.demote")], refresh);
  });
  modal("team-members-dialog", t("members.teamTitle", {team: team.display_name}), list);
}

export function addTeamMembersDialog(shell, team) {
  const search = h("input", {type: "search", "aria-label": t("dm.search"), placeholder: t("dm.search"), "data-testid": "team-add-search", autofocus: true});
  const load = async () => {
    const users = await api.get(`/users?not_in_team=${team.id}&page=0&per_page=100`);
    const q = search.value.trim().toLowerCase();
    return users.filter((u) => u.delete_at === 0 && (!q || u.username.includes(q) || `${u.first_name} ${u.last_name}`.toLowerCase().includes(q)))
      .map((user) => ({user}));
  };
  const list = peopleList("team-add", load, (user, member, refresh) => [
    h("button", {class: "primary", "data-testid": `team-add-${user.username}`, onclick: () => act(shell, () =>
      api.post(`/teams/${team.id}/members`, {team_id: team.id, user_id: user.id}), refresh)}, t("members.add")),
  ]);
  search.addEventListener("input", () => list.refresh());
  modal("team-add-dialog", t("members.addToTeam", {team: team.display_name}), search, list);
}

export function teamSettingsDialog(shell, team) {
  const name = field("team-settings-name", t("teams.name"), {type: "text", required: true, maxlength: 64, value: team.display_name});
  const open = h("input", {type: "checkbox", id: "team-settings-open", checked: team.allow_open_invite, "data-testid": "team-settings-open"});
  const invite = h("p", {class: "hint", "data-testid": "team-settings-invite"}, t("team.inviteCode", {code: team.invite_id}));
  const regenerate = h("button", {type: "button", "data-testid": "team-settings-regenerate", onclick: async () => {
    try {
      const updated = await api.post(`/teams/${team.id}/regenerate_invite_id`);
      shell.store.putTeams([updated]);
      invite.textContent = t("team.inviteCode", {code: updated.invite_id});
    } catch (error) {
      shell.app.toast(error.message);
    }
  }}, t("team.regenerate"));
  let dialog;
  const {element} = form("team-settings-form", [name.element,
    h("div", {class: "field checkbox"}, open, h("label", {for: "team-settings-open"}, t("team.allowOpen"))),
    invite, regenerate], async () => {
    const updated = await api.put(`/teams/${team.id}/patch`, {display_name: name.input.value.trim(), allow_open_invite: open.checked});
    shell.store.putTeams([updated]);
    dialog.close();
  }, t("common.save"));
  dialog = modal("team-settings", t("team.settings"), element);
}

export function channelMembersDialog(shell, channel) {
  const admin = isTeamAdmin(shell.store, shell.team.id) || hasRole(shell.store.members.get(channel.id), "channel_admin") ||
    shell.store.members.get(channel.id)?.scheme_admin === true;
  const load = () => membersWithUsers(`/channels/${channel.id}/members?page=0&per_page=200`, () => true);
  const list = peopleList("channel-members", load, (user, member, refresh) => {
    const self = user.id === shell.store.me.id;
    if (!admin || self || channel.name === "town-square") return [];
    return adminButtons(shell, "channel", `/channels/${channel.id}/members/${user.id}`, user, member.scheme_admin ||
      hasRole(member, "channel_admin"), [t("members.makeChannelAdmin"), t("members.revokeChannelAdmin")], refresh);
  });
  modal("channel-members-dialog", t("members.channelTitle", {channel: channel.display_name}), list);
}
