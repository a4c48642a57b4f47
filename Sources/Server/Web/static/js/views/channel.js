// The channel in view: its header (name, purpose, favourite star, menu), the message list and the compose box.
// Opening it loads the newest page, marks it viewed, and keeps it viewed while new posts arrive.

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t} from "../i18n.js";
import {PostList} from "./postlist.js";
import {Compose} from "./compose.js";
import {channelMenu} from "./channelmenu.js";

export class ChannelView {
  constructor(shell, channel) {
    this.shell = shell;
    this.store = shell.store;
    this.channel = channel;
    this.header = h("header", {class: "channel-header", "data-testid": "channel-header"});
    this.list = new PostList(shell, channel);
    this.compose = new Compose(shell, channel, null);
    this.element = h("section", {class: "channel-view", "aria-label": this.store.channelLabel(channel)},
      this.header, this.list.element, this.compose.element);
    this.stops = [
      this.store.on("channels", () => this.renderHeader()),
      this.store.on(`posts:${channel.id}`, () => this.viewSoon()),
    ];
    this.renderHeader();
  }

  dispose() {
    for (const stop of this.stops) stop();
    this.list.dispose();
    this.compose.dispose();
  }

  renderHeader() {
    const channel = this.store.channels.get(this.channel.id) || this.channel;
    this.channel = channel;
    const favourite = this.store.favourites.has(channel.id);
    const archived = channel.delete_at > 0;
    // Rebuilt only when what it shows changed, so an open channel menu survives arriving messages.
    const key = JSON.stringify([channel.display_name, channel.name, channel.header, channel.purpose, archived, favourite]);
    if (key === this.headerKey) return;
    this.headerKey = key;
    replace(this.header,
      h("div", {class: "channel-title"},
        h("h1", {"data-testid": "channel-name"}, this.store.channelLabel(channel)),
        h("button", {class: favourite ? "icon star on" : "icon star", "aria-pressed": String(favourite),
          "aria-label": favourite ? t("channel.unfavourite") : t("channel.favourite"),
          title: favourite ? t("channel.unfavourite") : t("channel.favourite"), "data-testid": "favourite-toggle",
          onclick: () => this.toggleFavourite(favourite)}, favourite ? "★" : "☆"),
        channelMenu(this.shell, channel)),
      channel.purpose || channel.header ? h("p", {class: "channel-purpose"}, channel.header || channel.purpose) : null,
      archived ? h("p", {class: "archived-note", "data-testid": "archived-note"}, t("channel.archivedNote")) : null);
    this.compose.setArchived(archived);
  }

  async toggleFavourite(on) {
    const preference = {user_id: this.store.me.id, category: "favorite_channel", name: this.channel.id, value: "true"};
    if (on) await api.post(`/users/${this.store.me.id}/preferences/delete`, [preference]);
    else await api.put(`/users/${this.store.me.id}/preferences`, [preference]);
    if (on) this.store.favourites.delete(this.channel.id);
    else this.store.favourites.add(this.channel.id);
    this.store.emit("channels");
  }

  async open({focusPost} = {}) {
    await this.list.open({focusPost});
    this.view();
    this.compose.focus();
  }

  async reload() {
    await this.list.reload();
    this.view();
  }

  /** Tells the server the channel was read (now, and again while posts arrive in view). */
  view() {
    const previous = this.shell.previousChannelId || "";
    this.shell.previousChannelId = this.channel.id;
    this.store.markViewed(this.channel.id);
    api.post("/channels/members/me/view", {channel_id: this.channel.id, prev_channel_id: previous === this.channel.id ? "" : previous})
      .catch(() => null);
  }

  viewSoon() {
    if (document.hidden) return;
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(() => {
      this.store.markViewed(this.channel.id);
      api.post("/channels/members/me/view", {channel_id: this.channel.id, prev_channel_id: ""}).catch(() => null);
    }, 500);
  }
}
