// The signed-in layout: the team switcher, the channel sidebar, the channel in view, and the right-hand panel
// (threads, pinned and saved messages, mentions). It opens what the address names and reloads on a resync.

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t} from "../i18n.js";
import {Sidebar, refreshPresence} from "./sidebar.js";
import {ChannelView} from "./channel.js";
import {initials} from "./teams.js";
import {PostPanel} from "./thread.js";

export class Shell {
  constructor(app) {
    this.app = app;
    this.store = app.store;
    this.team = null;
    this.channel = null;
    this.teamBar = h("nav", {class: "team-bar", "aria-label": t("teams.switcher"), "data-testid": "team-bar"});
    this.sidebar = new Sidebar(this);
    this.center = h("main", {class: "center", "data-testid": "center"});
    this.rhs = h("aside", {class: "rhs", hidden: true, "data-testid": "rhs"});
    this.tools = h("div", {class: "top-tools"},
      h("button", {class: "link", "data-testid": "open-mentions", onclick: () => this.openPanel(PostPanel.mentions(this))}, "@ " + t("panel.mentions")),
      h("button", {class: "link", "data-testid": "open-saved", onclick: () => this.openPanel(PostPanel.saved(this))}, "🔖 " + t("panel.saved")));
    this.banner = h("div", {class: "connection-banner", hidden: true, role: "status", "data-testid": "connection-banner"});
    this.element = h("div", {class: "shell"}, this.banner, this.tools, this.teamBar, this.sidebar.element, this.center, this.rhs);
    this.view = null;
    this.stops = [this.store.on("teams", () => this.renderTeams())];
    // Presence dots also refresh on a timer, as the web app polls statuses beside the status_change events.
    this.presenceTimer = setInterval(() => { if (this.team) refreshPresence(this); }, 60_000);
  }

  dispose() {
    clearInterval(this.presenceTimer);
    for (const stop of this.stops) stop();
    this.sidebar.dispose();
    this.view?.dispose();
  }

  connectionChanged(state) {
    this.banner.hidden = state === "open";
    this.banner.textContent = state === "offline" ? t("connection.offline") : t("connection.connecting");
  }

  renderTeams() {
    if (this.team) this.team = this.store.teams.get(this.team.id) || this.team;
    replace(this.teamBar, this.store.myTeams().map((team) => h("a", {
      class: team.id === this.team?.id ? "team-button active" : "team-button",
      href: `/${team.name}/channels/town-square`, title: team.display_name, "aria-label": team.display_name,
      "data-testid": `team-${team.name}`,
      onclick: (e) => { e.preventDefault(); this.app.go(`/${team.name}/channels/town-square`); },
    }, initials(team.display_name))),
    h("a", {class: "team-button add", href: "/select_team", title: t("teams.more"), "aria-label": t("teams.more"),
      onclick: (e) => { e.preventDefault(); this.app.go("/select_team"); }}, "+"));
  }

  /** Shows `team` and in it a channel by name, a permalinked post, or the DM with a username. */
  async openTeam(team, {channelName, postId, username}) {
    if (this.team?.id !== team.id) {
      this.team = team;
      this.renderTeams();
      await this.app.loadTeamChannels(team.id);
      this.sidebar.setTeam(team);
    }
    try {
      if (postId) return await this.openPermalink(postId);
      if (username) return await this.openDirectWith(username);
      let channel = this.store.channelByName(team.id, channelName);
      if (!channel) {
        channel = await api.get(`/teams/${team.id}/channels/name/${api.enc(channelName)}`).catch(() => null);
        if (channel && channel.type === "O") {
          await api.post(`/channels/${channel.id}/members`, {user_id: this.store.me.id});
          await this.app.loadTeamChannels(team.id);
        } else if (!channel) {
          this.app.toast(t("channel.notFound"));
          return this.app.go(`/${team.name}/channels/town-square`, {replace: true});
        }
      }
      this.showChannel(channel);
    } catch (error) {
      this.app.toast(error.message);
    }
  }

  showChannel(channel, {focusPost} = {}) {
    if (this.channel?.id !== channel.id || !this.view) {
      this.view?.dispose();
      this.channel = channel;
      this.view = new ChannelView(this, channel);
      replace(this.center, this.view.element);
      this.sidebar.setActive(channel.id);
      document.title = `${this.store.channelLabel(channel)} - ${this.team.display_name}`;
    }
    this.view.open({focusPost});
  }

  async openPermalink(postId) {
    const thread = await api.get(`/posts/${postId}/thread`);
    const post = thread.posts[postId];
    let channel = this.store.channels.get(post.channel_id);
    if (!channel) channel = await api.get(`/channels/${post.channel_id}`);
    this.showChannel(channel, {focusPost: postId});
  }

  async openDirectWith(username) {
    const user = await api.get(`/users/username/${api.enc(username)}`);
    const channel = await api.post("/channels/direct", [this.store.me.id, user.id]);
    this.store.putUsers([user]);
    const member = await api.get(`/channels/${channel.id}/members/me`).catch(() => null);
    this.store.putChannels([channel], member ? [member] : []);
    this.app.go(`/${this.team.name}/channels/${channel.name}`, {replace: true});
  }

  /** The URL of a channel in the current team. */
  channelPath(channel) {
    return `/${this.team.name}/channels/${channel.name}`;
  }

  async resync() {
    if (!this.team) return;
    await this.app.loadTeamChannels(this.team.id).catch(() => null);
    await this.view?.reload();
  }

  openThread(rootId) {
    this.openPanel(PostPanel.thread(this, rootId));
  }

  /** Opens the right-hand panel with `content` (a view with `element` and `dispose`). */
  openPanel(content) {
    this.panel?.dispose?.();
    this.panel = content;
    replace(this.rhs, content.element);
    this.rhs.hidden = false;
    this.element.classList.add("with-rhs");
  }

  closePanel() {
    this.panel?.dispose?.();
    this.panel = null;
    this.rhs.hidden = true;
    replace(this.rhs);
    this.element.classList.remove("with-rhs");
  }
}
