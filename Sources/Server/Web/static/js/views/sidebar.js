// The channel sidebar: the team's name and menu, then favourites, public channels, private channels, and direct
// and group messages, each row with its unread state, mention badge and (for DMs) the partner's presence dot.
// "+" creates a channel, "More…" browses public ones, and the DM "+" opens the people picker.

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t} from "../i18n.js";
import {createChannelDialog, browseChannelsDialog, directMessageDialog} from "./dialogs.js";
import {userMenu} from "./usermenu.js";
import {teamMenu} from "./teammenu.js";

export class Sidebar {
  constructor(shell) {
    this.shell = shell;
    this.store = shell.store;
    this.activeId = null;
    this.header = h("header", {class: "sidebar-header"});
    this.list = h("div", {class: "sidebar-groups"});
    this.element = h("nav", {class: "sidebar", "aria-label": t("sidebar.label"), "data-testid": "sidebar"},
      this.header, this.list);
    // The header (with its open menus) is rebuilt only when the user or the team changes, so a message arriving
    // while a menu is open does not close it; the channel list follows every change.
    const renderList = () => this.renderList();
    const renderAll = () => this.render();
    this.stops = [
      ...["channels", "users", "statuses"].map((topic) => this.store.on(topic, renderList)),
      ...["me", "teams"].map((topic) => this.store.on(topic, renderAll)),
      this.store.on("statuses", () => this.renderStatus()),
    ];
  }

  dispose() {
    for (const stop of this.stops) stop();
  }

  setTeam(team) {
    this.team = team;
    this.render();
  }

  setActive(channelId) {
    this.activeId = channelId;
    this.renderList();
  }

  render() {
    if (!this.team) return;
    this.team = this.store.teams.get(this.team.id) || this.team;  // renamed, or its settings changed
    replace(this.header, teamMenu(this.shell, this.team), userMenu(this.shell, this.store.me));
    this.renderList();
  }

  /** The user's own status dot, updated in place. */
  renderStatus() {
    const dot = this.header.querySelector('[data-testid="my-status"]');
    if (!dot) return;
    const status = this.store.statuses.get(this.store.me.id) || "online";
    dot.className = `presence ${status}`;
    dot.dataset.status = status;
    dot.title = t(`status.${status}`);
  }

  renderList() {
    if (!this.team) return;
    const channels = this.store.sidebarChannels(this.team.id).filter((c) => c.delete_at === 0 || c.id === this.activeId);
    const byName = (a, b) => this.store.channelLabel(a).localeCompare(this.store.channelLabel(b));
    const favourites = channels.filter((c) => this.store.favourites.has(c.id)).sort(byName);
    const rest = channels.filter((c) => !this.store.favourites.has(c.id));
    const groups = [
      {id: "favorites", title: t("sidebar.favourites"), channels: favourites},
      {id: "public", title: t("sidebar.public"), channels: rest.filter((c) => c.type === "O").sort(byName),
        add: () => createChannelDialog(this.shell, "O"), more: () => browseChannelsDialog(this.shell)},
      {id: "private", title: t("sidebar.private"), channels: rest.filter((c) => c.type === "P").sort(byName),
        add: () => createChannelDialog(this.shell, "P")},
      {id: "direct", title: t("sidebar.direct"), channels: rest.filter((c) => c.type === "D" || c.type === "G")
        .sort((a, b) => (b.last_post_at || 0) - (a.last_post_at || 0)), add: () => directMessageDialog(this.shell)},
    ];
    replace(this.list, groups.filter((g) => g.channels.length || g.add).map((group) => this.group(group)));
  }

  group({id, title, channels, add, more}) {
    return h("section", {class: "sidebar-group", "data-testid": `sidebar-${id}`},
      h("div", {class: "sidebar-group-title"}, h("h2", {}, title),
        add ? h("button", {class: "icon", "aria-label": t(`sidebar.add.${id}`), title: t(`sidebar.add.${id}`),
          "data-testid": `sidebar-add-${id}`, onclick: add}, "+") : null),
      h("ul", {}, channels.map((channel) => this.row(channel))),
      more ? h("button", {class: "link sidebar-more", "data-testid": "sidebar-more-channels", onclick: more}, t("sidebar.more")) : null);
  }

  row(channel) {
    const {unread, mentions} = this.store.unread(channel.id);
    const label = this.store.channelLabel(channel);
    const classes = ["sidebar-item"];
    if (channel.id === this.activeId) classes.push("active");
    if (unread && channel.id !== this.activeId) classes.push("unread");
    let icon;
    if (channel.type === "D") {
      const status = this.store.statuses.get(this.store.directPartner(channel)) || "offline";
      icon = h("span", {class: `presence ${status}`, "data-testid": `presence-${label}`, title: t(`status.${status}`),
        "aria-label": t(`status.${status}`)});
    } else {
      icon = h("span", {class: "channel-icon", "aria-hidden": "true"}, channel.type === "P" ? "🔒" : channel.type === "G" ? "👥" : "#");
    }
    return h("li", {}, h("a", {
      class: classes.join(" "), href: this.shell.channelPath(channel), "data-testid": `channel-${channel.name}`,
      "aria-current": channel.id === this.activeId ? "page" : undefined,
      onclick: (e) => { e.preventDefault(); this.shell.app.go(this.shell.channelPath(channel)); },
    }, icon, h("span", {class: "sidebar-label"}, label),
    mentions > 0 && channel.id !== this.activeId ?
      h("span", {class: "badge", "data-testid": `mentions-${channel.name}`, "aria-label": t("sidebar.mentions", {count: mentions})}, String(mentions)) : null));
  }
}

/** Refreshes the presence of everyone in the sidebar's DMs (also after `status_change`). */
export async function refreshPresence(shell) {
  const ids = shell.store.sidebarChannels(shell.team.id).filter((c) => c.type === "D").map((c) => shell.store.directPartner(c));
  if (ids.length) shell.store.putStatuses(await api.post("/users/status/ids", ids).catch(() => []));
}
