// The right-hand panel's lists: a thread (its root, the replies, and a reply box), the channel's pinned posts,
// the user's saved posts, and recent mentions, each post with "Jump" to it in its channel.

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t, day, time} from "../i18n.js";
import {Compose} from "./compose.js";
import {messageBody} from "./message.js";
import {reactions} from "./postlist.js";
import {postActions} from "./postactions.js";

export class PostPanel {
  constructor(shell, testId, title, load, {rootId, channel, topics = []} = {}) {
    this.shell = shell;
    this.store = shell.store;
    this.load = load;
    this.items = h("ol", {class: "panel-items", "data-testid": `${testId}-items`});
    this.compose = rootId && channel ? new Compose(shell, channel, rootId) : null;
    this.element = h("section", {class: "panel", "data-testid": testId, "aria-label": title},
      h("header", {class: "panel-header"}, h("h2", {}, title),
        h("button", {class: "icon", "aria-label": t("common.close"), "data-testid": `${testId}-close`, onclick: () => shell.closePanel()}, "×")),
      this.items, this.compose ? this.compose.element : null);
    this.stops = topics.map((topic) => this.store.on(topic, () => this.refresh()));
    this.refresh();
  }

  dispose() {
    for (const stop of this.stops) stop();
    this.compose?.dispose();
  }

  async refresh() {
    try {
      const posts = await this.load();
      await this.shell.app.loadUsers([...new Set(posts.map((p) => p.user_id))]).catch(() => null);
      replace(this.items, posts.length ? posts.map((post) => this.row(post)) : h("li", {class: "hint"}, t("panel.empty")));
    } catch (error) {
      replace(this.items, h("li", {class: "form-error"}, error.message));
    }
  }

  row(post) {
    const channel = this.store.channels.get(post.channel_id);
    return h("li", {class: "post", dataset: {postId: post.id}, "data-testid": "panel-post"},
      h("div", {class: "post-head"},
        h("span", {class: "post-author"}, this.store.displayName(post.user_id)),
        h("time", {class: "post-time"}, `${day(post.create_at)} ${time(post.create_at)}`),
        channel ? h("span", {class: "hint"}, this.store.channelLabel(channel)) : null,
        h("button", {class: "link jump", "data-testid": "jump", onclick: () => this.shell.app.go(`/${this.shell.team.name}/pl/${post.id}`)}, t("panel.jump"))),
      h("div", {class: "post-body"}, messageBody(this.shell, post),
        post.edit_at > 0 ? h("span", {class: "edited"}, t("post.edited")) : null),
      reactions(this.shell, post),
      postActions(this.shell, post));
  }

  static thread(shell, rootId) {
    const root = shell.store.findPost(rootId);
    const channel = shell.store.channels.get(root?.channel_id) || shell.channel;
    return new PostPanel(shell, "thread", t("panel.thread"), async () => {
      const list = await api.get(`/posts/${rootId}/thread`);
      return list.order.map((id) => list.posts[id]).sort((a, b) => a.create_at - b.create_at);
    }, {rootId, channel, topics: [`thread:${rootId}`]});
  }

  static pinned(shell, channel) {
    return new PostPanel(shell, "pinned", t("channel.pinned"), async () => {
      const list = await api.get(`/channels/${channel.id}/pinned`);
      return list.order.map((id) => list.posts[id]);
    }, {topics: [`posts:${channel.id}`]});
  }

  static saved(shell) {
    return new PostPanel(shell, "saved", t("panel.saved"), async () => {
      const list = await api.get(`/users/${shell.store.me.id}/posts/flagged?page=0&per_page=60`);
      return list.order.map((id) => list.posts[id]);
    }, {topics: ["saved"]});
  }

  static mentions(shell) {
    return new PostPanel(shell, "mentions", t("panel.mentions"), async () => {
      const list = await api.post(`/teams/${shell.team.id}/posts/search`, {terms: `@${shell.store.me.username}`, is_or_search: false});
      return list.order.map((id) => list.posts[id]);
    });
  }
}
