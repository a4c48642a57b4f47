// A post's message as nodes: the safe Markdown subset with the viewer's mentions highlighted, and for the
// ephemeral "not in channel" notice, the action that adds the people it names.

import * as api from "../api.js";
import {h} from "../dom.js";
import {t} from "../i18n.js";
import {render, wordPattern} from "../markdown.js";

/** Words that mention the viewer: their username, @channel / @all / @here, and their own mention keys. */
export function mentionMatcher(store) {
  const me = store.me;
  const keys = new Set([me.username.toLowerCase(), "channel", "all", "here"]);
  const props = me.notify_props || {};
  for (const key of (props.mention_keys || "").split(",")) if (key.trim()) keys.add(key.trim().replace(/^@/, "").toLowerCase());
  return (name) => keys.has(name);
}

/** The viewer's mention words that count without "@": their mention keys, and their first name when enabled. */
export function mentionWords(store) {
  const me = store.me;
  const props = me.notify_props || {};
  const words = (props.mention_keys || "").split(",").map((w) => w.trim()).filter((w) => w && !w.startsWith("@"));
  if (props.first_name === "true" && me.first_name) words.push(me.first_name);
  const key = words.join("\n");
  if (store.mentionWordsKey !== key) {
    store.mentionWordsKey = key;
    store.mentionWordsPattern = wordPattern(words);
  }
  return store.mentionWordsPattern;
}

export function messageBody(shell, post) {
  const nodes = render(post.message || "", {
    isMine: mentionMatcher(shell.store),
    words: mentionWords(shell.store),
    onMention: (name) => shell.app.go(`/${shell.team.name}/messages/@${name}`),
  });
  const missing = post.props && post.props.add_channel_member && post.props.add_channel_member.not_in_channel_usernames;
  if (post.ephemeral && Array.isArray(missing) && missing.length && post.channel_id) {
    nodes.push(h("p", {}, h("button", {class: "link", "data-testid": "add-missing-members", onclick: async () => {
      try {
        const users = await api.post("/users/usernames", missing);
        for (const user of users) await api.post(`/channels/${post.channel_id}/members`, {user_id: user.id});
        shell.app.toast(t("post.addedMembers", {count: users.length}));
      } catch (error) {
        shell.app.toast(error.message);
      }
    }}, t("post.addThem", {count: missing.length}))));
  }
  return nodes;
}
