// Choosing a team: the user's teams, the open teams they may join, and creating one. The first user of a new
// server lands here with no team and is guided to create one, with a team URL checked for availability.

import * as api from "../api.js";
import {h} from "../dom.js";
import {t} from "../i18n.js";
import {field, form, page} from "./form.js";

export function selectTeamView(app) {
  const mine = app.store.myTeams();
  const openList = h("ul", {class: "team-list", "data-testid": "open-teams"});
  const openSection = h("section", {hidden: true}, h("h2", {}, t("teams.open")), openList);
  api.get("/teams?page=0&per_page=200").then((teams) => {
    const joinable = teams.filter((team) => team.allow_open_invite && !app.store.teamMembers.has(team.id) && team.delete_at === 0);
    openSection.hidden = joinable.length === 0;
    for (const team of joinable) {
      openList.append(h("li", {}, h("button", {class: "team-row", "data-testid": `join-team-${team.name}`, onclick: async () => {
        try {
          await api.post(`/teams/${team.id}/members`, {team_id: team.id, user_id: app.store.me.id});
          await app.loadTeams();
          app.go(`/${team.name}/channels/town-square`);
        } catch (error) {
          app.toast(error.message);
        }
      }}, h("span", {class: "team-icon"}, initials(team.display_name)), team.display_name)));
    }
  }).catch(() => null);
  const canCreate = app.store.config.EnableTeamCreation !== "false" || isSystemAdmin(app.store.me);
  return page(mine.length ? t("teams.select") : t("teams.none"),
    mine.length ? h("ul", {class: "team-list", "data-testid": "my-teams"}, mine.map((team) => h("li", {},
      h("a", {class: "team-row", href: `/${team.name}/channels/town-square`,
        onclick: (e) => { e.preventDefault(); app.go(`/${team.name}/channels/town-square`); }},
      h("span", {class: "team-icon"}, initials(team.display_name)), team.display_name)))) :
      h("p", {class: "hint"}, canCreate ? t("teams.firstRun") : t("teams.askInvite")),
    openSection,
    canCreate ? h("p", {}, h("a", {href: "/create_team", class: "button primary", "data-testid": "create-team-link",
      onclick: (e) => { e.preventDefault(); app.go("/create_team"); }}, t("teams.create"))) : null,
    h("p", {class: "aside"}, h("button", {class: "link", onclick: () => app.logout()}, t("menu.logout"))));
}

export function isSystemAdmin(user) {
  return Boolean(user && (user.roles || "").split(" ").includes("system_admin"));
}

export function initials(name) {
  return (name || "?").trim().slice(0, 2).toUpperCase();
}

/** A team URL from a display name: lower case, letters, digits and dashes. */
export function slug(name) {
  return name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "").slice(0, 64);
}

export function createTeamView(app) {
  const display = field("team-display-name", t("teams.name"), {type: "text", required: true, maxlength: 64, autofocus: true});
  const url = field("team-url", t("teams.url"), {type: "text", required: true, maxlength: 64});
  const availability = h("p", {class: "hint", "data-testid": "team-url-status", "aria-live": "polite"});
  const prefix = h("span", {class: "url-prefix"}, `${location.origin}/`);
  url.element.insertBefore(prefix, url.input);
  let edited = false;
  let check = 0;
  const verify = async () => {
    const name = url.input.value.trim();
    const mine = ++check;
    if (!/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/.test(name)) {
      availability.textContent = t("teams.urlRule");
      availability.className = "hint bad";
      return false;
    }
    const exists = await api.get(`/teams/name/${api.enc(name)}/exists`).then((r) => r.exists).catch(() => false);
    if (mine !== check) return !exists;
    availability.textContent = exists ? t("teams.urlTaken") : t("teams.urlFree");
    availability.className = exists ? "hint bad" : "hint good";
    return !exists;
  };
  display.input.addEventListener("input", () => {
    if (!edited) url.input.value = slug(display.input.value);
    verify();
  });
  url.input.addEventListener("input", () => { edited = true; verify(); });
  const {element} = form("create-team-form", [display.element, url.element, availability], async () => {
    if (!(await verify())) throw new Error(availability.textContent);
    const team = await api.post("/teams", {name: url.input.value.trim(), display_name: display.input.value.trim(), type: "O"});
    await app.loadTeams();
    app.go(`/${team.name}/channels/town-square`);
  }, t("teams.createSubmit"));
  return page(t("teams.createTitle"), element,
    h("p", {class: "aside"}, h("a", {href: "/select_team", onclick: (e) => { e.preventDefault(); app.go("/select_team"); }}, t("common.back"))));
}
