// The team's name with its menu: the invite link to copy, and leaving the team.

import * as api from "../api.js";
import {h} from "../dom.js";
import {t} from "../i18n.js";
import {menu, modal} from "./modal.js";
import {addTeamMembersDialog, isTeamAdmin, teamMembersDialog, teamSettingsDialog} from "./members.js";

export function teamMenu(shell, team) {
  const admin = isTeamAdmin(shell.store, team.id);
  return h("div", {class: "team-menu"},
    h("h2", {class: "team-name", "data-testid": "team-name"}, team.display_name),
    menu("team-menu", t("team.menu"), "▾", [
      {id: "invite", label: t("team.invite"), action: () => inviteDialog(shell, team)},
      admin ? {id: "add-members", label: t("members.addToTeamMenu"), action: () => addTeamMembersDialog(shell, team)} : null,
      {id: "members", label: admin ? t("members.manage") : t("members.view"), action: () => teamMembersDialog(shell, team)},
      admin ? {id: "settings", label: t("team.settings"), action: () => teamSettingsDialog(shell, team)} : null,
      {id: "leave", label: t("team.leave"), danger: true, action: () => leaveTeam(shell, team)},
    ]));
}

async function inviteDialog(shell, team) {
  const fresh = await api.get(`/teams/${team.id}`).catch(() => team);
  const link = `${location.origin}/signup_user_complete/?id=${fresh.invite_id}`;
  const input = h("input", {type: "text", readonly: true, value: link, "data-testid": "invite-link", "aria-label": t("team.inviteLink")});
  const copy = h("button", {class: "primary", "data-testid": "invite-copy"}, t("team.copy"));
  copy.addEventListener("click", async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(link);
      copy.textContent = t("team.copied");
    } catch {
      copy.textContent = t("team.copyManually");
    }
  });
  modal("invite", t("team.inviteTitle", {team: team.display_name}), h("p", {class: "hint"}, t("team.inviteHint")), input,
    h("div", {class: "modal-actions"}, copy));
}

async function leaveTeam(shell, team) {
  if (!window.confirm(t("team.leaveConfirm", {team: team.display_name}))) return;
  try {
    await api.del(`/teams/${team.id}/members/${shell.store.me.id}`);
    shell.store.removeTeam(team.id);
    const next = shell.store.myTeams()[0];
    shell.app.go(next ? `/${next.name}/channels/town-square` : "/select_team");
  } catch (error) {
    shell.app.toast(error.message);
  }
}
