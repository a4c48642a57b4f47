// The message list of a channel: oldest at the top, newest at the bottom, with day separators, consecutive
// posts of one author grouped, "(edited)" marks, reactions, and hover actions. Scrolling to the top loads the
// page before the oldest post; a permalink scrolls to its post and highlights it.

import * as api from "../api.js";
import {h, replace} from "../dom.js";
import {t, day, time} from "../i18n.js";
import {postActions} from "./postactions.js";
import {messageBody} from "./message.js";

const pageSize = 60;

export class PostList {
  constructor(shell, channel) {
    this.shell = shell;
    this.store = shell.store;
    this.channel = channel;
    this.items = h("ol", {class: "post-items", "data-testid": "post-list"});
    this.loader = h("div", {class: "post-loader", "aria-live": "polite"});
    this.element = h("div", {class: "post-list", tabindex: "0", "aria-label": t("posts.label")}, this.loader, this.items);
    this.element.addEventListener("scroll", () => this.maybeLoadOlder());
    this.stops = [
      this.store.on(`posts:${channel.id}`, () => this.render()),
      this.store.on("users", () => this.render()),
    ];
    this.loadingOlder = false;
  }

  dispose() {
    for (const stop of this.stops) stop();
  }

  async open({focusPost} = {}) {
    const state = this.store.channelPosts(this.channel.id);
    if (!state.loaded) await this.reload();
    else this.render();
    if (focusPost) await this.focus(focusPost);
    else this.stickToBottom(true);
  }

  async reload() {
    const list = await api.get(`/channels/${this.channel.id}/posts?page=0&per_page=${pageSize}`);
    const state = this.store.channelPosts(this.channel.id);
    state.more = (list.order || []).length >= pageSize;
    await this.loadAuthors(list);
    this.store.mergePage(this.channel.id, list);
  }

  async loadAuthors(list) {
    const ids = new Set(Object.values(list.posts || {}).map((p) => p.user_id));
    await this.shell.app.loadUsers([...ids]).catch(() => null);
  }

  async maybeLoadOlder() {
    const state = this.store.channelPosts(this.channel.id);
    if (this.loadingOlder || !state.more || this.element.scrollTop > 200) return;
    const oldest = state.order[state.order.length - 1];
    if (!oldest) return;
    this.loadingOlder = true;
    this.loader.textContent = t("posts.loading");
    const before = this.element.scrollHeight - this.element.scrollTop;
    try {
      const list = await api.get(`/channels/${this.channel.id}/posts?before=${oldest}&per_page=${pageSize}`);
      state.more = (list.order || []).length >= pageSize;
      await this.loadAuthors(list);
      this.store.mergePage(this.channel.id, list, {older: true});
      this.element.scrollTop = this.element.scrollHeight - before;
    } finally {
      this.loadingOlder = false;
      this.loader.textContent = state.more ? "" : t("posts.beginning", {channel: this.store.channelLabel(this.channel)});
    }
  }

  async focus(postId) {
    const state = this.store.channelPosts(this.channel.id);
    while (!state.posts.has(postId) && state.more) {
      const before = state.order.length;
      this.element.scrollTop = 0;
      await this.maybeLoadOlder();
      if (state.order.length === before) break;
    }
    const row = this.items.querySelector(`[data-post-id="${CSS.escape(postId)}"]`);
    if (!row) return this.shell.app.toast(t("posts.permalinkMissing"));
    // Kept through re-renders for a few seconds.
    this.highlighted = postId;
    row.classList.add("highlight");
    row.scrollIntoView({block: "center"});
    setTimeout(() => {
      this.highlighted = null;
      this.items.querySelector(`[data-post-id="${CSS.escape(postId)}"]`)?.classList.remove("highlight");
    }, 4000);
  }

  atBottom() {
    return this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 40;
  }

  stickToBottom(force) {
    if (force || this.wasAtBottom) this.element.scrollTop = this.element.scrollHeight;
  }

  render() {
    this.wasAtBottom = this.atBottom();
    const state = this.store.channelPosts(this.channel.id);
    const posts = state.order.map((id) => state.posts.get(id)).filter(Boolean).reverse();
    const rows = [];
    let lastDay = "";
    let previous = null;
    for (const post of posts) {
      const label = day(post.create_at);
      if (label !== lastDay) {
        rows.push(h("li", {class: "day-separator", role: "separator"}, h("span", {}, label)));
        lastDay = label;
        previous = null;
      }
      const grouped = previous && previous.user_id === post.user_id && !post.root_id && !previous.root_id &&
        post.create_at - previous.create_at < 5 * 60 * 1000 && !post.type;
      rows.push(this.row(post, grouped));
      previous = post;
    }
    if (!state.more && state.loaded) {
      this.loader.textContent = t("posts.beginning", {channel: this.store.channelLabel(this.channel)});
    }
    replace(this.items, rows);
    this.stickToBottom(false);
  }

  row(post, grouped) {
    const author = this.store.users.get(post.user_id);
    const name = author ? author.username : "…";
    const isSystem = (post.type || "").startsWith("system_");
    const replies = post.reply_count || 0;
    return h("li", {
      class: ["post", grouped ? "grouped" : "", isSystem ? "system" : "", post.root_id ? "reply" : "",
        post.ephemeral ? "ephemeral" : "", post.id === this.highlighted ? "highlight" : ""].join(" ").trim(),
      dataset: {postId: post.id}, "data-testid": "post",
    },
    grouped ? null : h("div", {class: "post-head"},
      h("img", {class: "avatar", src: `/api/v4/users/${post.user_id}/image`, alt: "", width: 32, height: 32, loading: "lazy"}),
      h("span", {class: "post-author", "data-testid": "post-author"}, name),
      h("time", {class: "post-time", datetime: new Date(post.create_at).toISOString()}, time(post.create_at)),
      post.is_pinned ? h("span", {class: "tag pinned", "data-testid": "pinned-tag"}, t("post.pinned")) : null),
    post.root_id ? h("div", {class: "reply-to"}, h("button", {class: "link", onclick: () => this.shell.openThread(post.root_id)},
      t("post.inReply"))) : null,
    h("div", {class: "post-body", "data-testid": "post-message"}, messageBody(this.shell, post),
      post.edit_at > 0 ? h("span", {class: "edited", "data-testid": "edited-mark"}, t("post.edited")) : null),
    reactions(this.shell, post),
    replies > 0 && !post.root_id ? h("button", {class: "link reply-count", "data-testid": "reply-count",
      onclick: () => this.shell.openThread(post.id)}, t("post.replies", {count: replies})) : null,
    isSystem || post.ephemeral ? null : postActions(this.shell, post));
  }
}

/** The reaction chips of a post; clicking one adds or removes the viewer's reaction. */
export function reactions(shell, post) {
  const list = (post.metadata && post.metadata.reactions) || [];
  if (!list.length) return null;
  const byEmoji = new Map();
  for (const r of list) {
    if (!byEmoji.has(r.emoji_name)) byEmoji.set(r.emoji_name, []);
    byEmoji.get(r.emoji_name).push(r.user_id);
  }
  const me = shell.store.me.id;
  return h("div", {class: "reactions", "data-testid": "reactions"}, [...byEmoji].map(([emoji, users]) => {
    const mine = users.includes(me);
    return h("button", {class: mine ? "reaction mine" : "reaction", "aria-pressed": String(mine),
      "data-testid": `reaction-${emoji}`, title: users.map((id) => shell.store.displayName(id)).join(", "),
      onclick: () => toggleReaction(shell, post, emoji, mine)}, emojiGlyph(emoji), " ", String(users.length));
  }));
}

export async function toggleReaction(shell, post, emoji, mine) {
  const me = shell.store.me.id;
  try {
    if (mine) await api.del(`/users/${me}/posts/${post.id}/reactions/${api.enc(emoji)}`);
    else await api.post("/reactions", {user_id: me, post_id: post.id, emoji_name: emoji});
  } catch (error) {
    shell.app.toast(error.message);
  }
}

export const emojiGlyphs = {"+1": "👍", "thumbsup": "👍", "-1": "👎", "smile": "😄", "heart": "❤️", "tada": "🎉",
  "eyes": "👀", "white_check_mark": "✅", "joy": "😂", "rocket": "🚀", "thinking": "🤔", "pray": "🙏"};

export function emojiGlyph(name) {
  return emojiGlyphs[name] || `:${name}:`;
}
