// The application: finds out who is signed in, loads what the page shows, keeps it current from the WebSocket,
// and maps the address bar to a view. Views get the app and call back into it (`go`, `openChannel`, ...).

import * as api from "./api.js";
import * as i18n from "./i18n.js";
import {replace} from "./dom.js";
import {Store} from "./store.js";
import {EventSocket} from "./socket.js";
import {EventRouter} from "./events.js";
import {loginView, signupView} from "./views/auth.js";
import {selectTeamView, createTeamView} from "./views/teams.js";
import {Shell} from "./views/shell.js";

export class App {
  constructor(root) {
    this.root = root;
    this.store = new Store();
    this.events = new EventRouter(this);
    this.socket = new EventSocket({
      onEvent: (event) => this.events.handle(event),
      onResync: () => this.resync(),
      onState: (state) => this.setConnection(state),
    });
    this.shell = null;
    this.connection = "connecting";
    window.addEventListener("popstate", () => this.route());
    window.addEventListener("online", () => this.socket.reconnectSoon());
    window.addEventListener("offline", () => this.socket.suspend());
    // A language switch rebuilds the page in the new language, except while a session is being loaded (its
    // first catalogue switch comes before the teams are known).
    this.loading = true;
    i18n.onChange(() => {
      if (this.loading) return;
      this.shell?.dispose();
      this.shell = null;
      this.route();
    });
  }

  async start() {
    await i18n.use(i18n.preferred(null));
    try {
      this.store.config = await api.get("/config/client?format=old");
    } catch {
      this.store.config = {};
    }
    try {
      await this.signedIn(await api.get("/users/me"));
    } catch {
      this.store.me = null;
    }
    this.loading = false;
    this.route();
  }

  /** Loads the session of `user` (after a login, a sign-up, or a page load with a valid cookie). */
  async signedIn(user) {
    const wasLoading = this.loading;
    this.loading = true;
    try {
      await this.loadSession(user);
    } finally {
      this.loading = wasLoading;
    }
  }

  async loadSession(user) {
    this.store.setMe(user);
    await i18n.use(i18n.preferred(user.locale));
    await this.loadTeams();
    const preferences = await api.get("/users/me/preferences").catch(() => []);
    this.store.setPreferences(preferences);
    await this.loadUsers([user.id]).catch(() => null);
    this.socket.start();
  }

  async loadTeams() {
    const [teams, members] = await Promise.all([api.get("/users/me/teams"), api.get("/users/me/teams/members")]);
    this.store.teamMembers = new Map(members.filter((m) => m.delete_at === 0).map((m) => [m.team_id, m]));
    this.store.putTeams(teams);
  }

  /** Loads the team's channels and memberships, the users of its DMs and GMs, and their statuses. */
  async loadTeamChannels(teamId) {
    const [channels, members] = await Promise.all([
      api.get(`/users/me/teams/${teamId}/channels`),
      api.get(`/users/me/teams/${teamId}/channels/members`),
    ]);
    this.store.putChannels(channels, members);
    const ids = new Set();
    for (const channel of channels) {
      if (channel.type === "D") for (const id of channel.name.split("__")) ids.add(id);
    }
    await this.loadUsers([...ids]);
  }

  /** Fetches the users not known yet, and everyone's status. */
  async loadUsers(ids) {
    const missing = ids.filter((id) => !this.store.users.has(id));
    if (missing.length) this.store.putUsers(await api.post("/users/ids", missing));
    if (ids.length) this.store.putStatuses(await api.post("/users/status/ids", ids).catch(() => []));
  }

  async logout() {
    this.socket.stop();
    await api.post("/users/logout").catch(() => null);
    this.store.reset();
    this.shell = null;
    this.go("/login");
  }

  /** After a reconnect the server could not resume: reload what is on screen. */
  async resync() {
    if (!this.store.me || !this.shell) return;
    await this.loadTeams().catch(() => null);
    await this.shell.resync();
  }

  setConnection(state) {
    this.connection = state;
    this.shell?.connectionChanged(state);
  }

  /** Navigates to `path` inside the app. */
  go(path, {replace: replacing = false} = {}) {
    if (replacing) history.replaceState(null, "", path);
    else if (location.pathname + location.search !== path) history.pushState(null, "", path);
    this.route();
  }

  /** The team to land on: the last one used, else the first. */
  defaultTeam() {
    const teams = this.store.myTeams();
    const last = localStorage.getItem("parley.lastTeam");
    return teams.find((t) => t.name === last) || teams[0] || null;
  }

  route() {
    const path = location.pathname;
    const query = new URLSearchParams(location.search);
    const me = this.store.me;
    if (path === "/signup_user_complete" || path === "/signup_user_complete/") {
      if (me && query.get("id")) return this.joinByInvite(query.get("id"));
      return this.show(signupView(this, query.get("id")));
    }
    if (!me) {
      if (path !== "/login") history.replaceState(null, "", "/login" + (path !== "/" ? `?redirect_to=${api.enc(path)}` : ""));
      return this.show(loginView(this));
    }
    if (path === "/login" || path === "/") {
      const redirect = query.get("redirect_to");
      if (redirect && redirect.startsWith("/") && !redirect.startsWith("//")) return this.go(redirect, {replace: true});
      const team = this.defaultTeam();
      return this.go(team ? `/${team.name}/channels/town-square` : "/select_team", {replace: true});
    }
    if (path === "/select_team") return this.show(selectTeamView(this));
    if (path === "/create_team") return this.show(createTeamView(this));
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const team = this.store.teamByName(parts[0]);
    if (!team || !this.store.teamMembers.has(team.id)) return this.go("/select_team", {replace: true});
    localStorage.setItem("parley.lastTeam", team.name);
    if (!this.shell || !this.root.contains(this.shell.element)) {
      this.shell = new Shell(this);
      this.show(this.shell.element);
    }
    if (parts[1] === "channels" && parts[2]) return this.shell.openTeam(team, {channelName: parts[2]});
    if (parts[1] === "pl" && parts[2]) return this.shell.openTeam(team, {postId: parts[2]});
    if (parts[1] === "messages" && parts[2]?.startsWith("@")) return this.shell.openTeam(team, {username: parts[2].slice(1)});
    return this.go(`/${team.name}/channels/town-square`, {replace: true});
  }

  show(element) {
    if (this.shell && element !== this.shell.element) {
      this.shell.dispose();
      this.shell = null;
    }
    replace(this.root, element);
  }

  /** Joins the team of an invite link, then opens it. */
  async joinByInvite(inviteId) {
    try {
      const member = await api.post(`/teams/members/invite?invite_id=${api.enc(inviteId)}`);
      await this.loadTeams();
      const team = this.store.teams.get(member.team_id);
      this.go(team ? `/${team.name}/channels/town-square` : "/", {replace: true});
    } catch (error) {
      this.go("/select_team", {replace: true});
      this.toast(error.message);
    }
  }

  /** A short message at the bottom of the page. */
  toast(text) {
    const existing = document.getElementById("toast");
    existing?.remove();
    const element = document.createElement("div");
    element.id = "toast";
    element.className = "toast";
    element.setAttribute("role", "status");
    element.textContent = text;
    document.body.append(element);
    setTimeout(() => element.remove(), 5000);
  }
}
