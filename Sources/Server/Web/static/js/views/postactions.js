// The actions that appear when a post is hovered or focused: reply, react, pin or unpin, save or unsave, and for
// the author, edit and delete.

import * as api from "../api.js";
import {h} from "../dom.js";
import {t} from "../i18n.js";
import {emojiGlyphs, toggleReaction} from "./postlist.js";

export function postActions(shell, post) {
  const me = shell.store.me;
  const mine = post.user_id === me.id;
  const saved = shell.store.saved.has(post.id);
  const button = (id, label, glyph, onclick) =>
    h("button", {class: "icon", title: label, "aria-label": label, "data-testid": `post-${id}`, onclick}, glyph);
  return h("div", {class: "post-actions", role: "toolbar", "aria-label": t("post.actions")},
    button("reply", t("post.reply"), "↩", () => shell.openThread(post.root_id || post.id)),
    button("react", t("post.react"), "☺", (event) => emojiPicker(shell, post, event.currentTarget)),
    button("pin", post.is_pinned ? t("post.unpin") : t("post.pin"), "📌", () => run(shell, () =>
      api.post(`/posts/${post.id}/${post.is_pinned ? "unpin" : "pin"}`))),
    button("save", saved ? t("post.unsave") : t("post.save"), saved ? "🔖" : "🏷", () => toggleSaved(shell, post, saved)),
    mine ? button("edit", t("post.edit"), "✎", () => editPost(shell, post)) : null,
    mine ? button("delete", t("post.delete"), "🗑", () => deletePost(shell, post)) : null);
}

async function run(shell, action) {
  try {
    await action();
  } catch (error) {
    shell.app.toast(error.message);
  }
}

function emojiPicker(shell, post, anchor) {
  document.querySelector(".emoji-picker")?.remove();
  const picker = h("div", {class: "emoji-picker", role: "menu", "data-testid": "emoji-picker"},
    Object.entries(emojiGlyphs).filter(([name]) => name !== "thumbsup").map(([name, glyph]) =>
      h("button", {role: "menuitem", title: `:${name}:`, "aria-label": name, "data-testid": `emoji-${name}`,
        onclick: () => { picker.remove(); toggleReaction(shell, post, name, false); }}, glyph)));
  // On the body, placed under its button, so a re-render of the message list does not take it away.
  const box = anchor.getBoundingClientRect();
  picker.style.position = "fixed";
  picker.style.top = `${Math.min(box.bottom + 4, window.innerHeight - 120)}px`;
  picker.style.left = `${Math.max(8, box.right - 200)}px`;
  picker.style.right = "auto";
  document.body.append(picker);
  picker.querySelector("button")?.focus();
  const close = (event) => {
    if (!picker.contains(event.target)) { picker.remove(); document.removeEventListener("mousedown", close); }
  };
  document.addEventListener("mousedown", close);
  picker.addEventListener("keydown", (event) => { if (event.key === "Escape") picker.remove(); });
}

async function toggleSaved(shell, post, saved) {
  const me = shell.store.me.id;
  const preference = {user_id: me, category: "flagged_post", name: post.id, value: "true"};
  await run(shell, async () => {
    if (saved) await api.post(`/users/${me}/preferences/delete`, [preference]);
    else await api.put(`/users/${me}/preferences`, [preference]);
    if (saved) shell.store.saved.delete(post.id);
    else shell.store.saved.add(post.id);
    shell.store.emit(`posts:${post.channel_id}`, "saved");
  });
}

function editPost(shell, post) {
  const row = document.querySelector(`[data-post-id="${CSS.escape(post.id)}"] .post-body`);
  if (!row) return;
  const box = h("textarea", {class: "edit-box", "aria-label": t("post.edit"), "data-testid": "edit-box", value: post.message});
  const save = async () => run(shell, async () => {
    const message = box.value.trim();
    if (message && message !== post.message) await api.put(`/posts/${post.id}/patch`, {message});
    shell.store.emit(`posts:${post.channel_id}`);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); save(); }
    if (event.key === "Escape") shell.store.emit(`posts:${post.channel_id}`);
  });
  row.replaceChildren(box, h("p", {class: "hint"}, t("post.editHint")));
  box.focus();
}

async function deletePost(shell, post) {
  if (!window.confirm(t("post.deleteConfirm"))) return;
  await run(shell, () => api.del(`/posts/${post.id}`));
}
