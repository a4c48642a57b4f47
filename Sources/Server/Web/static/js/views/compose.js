// The message box of a channel or a thread: Enter sends, Shift+Enter starts a new line; "@" opens the member
// list filtered by the first letters of username, first name, last name or nickname (arrows move, Enter or Tab
// picks); @channel and @all ask first in channels of five or more members; typing is announced, throttled.

import * as api from "../api.js";
import {h, replace, throttle} from "../dom.js";
import {t} from "../i18n.js";

export class Compose {
  /** `rootId` is the thread's root for the thread panel's box, null for the channel's. */
  constructor(shell, channel, rootId) {
    this.shell = shell;
    this.store = shell.store;
    this.channel = channel;
    this.rootId = rootId;
    this.box = h("textarea", {class: "compose-box", rows: 1, "aria-label": rootId ? t("compose.replyLabel") : t("compose.label", {channel: this.store.channelLabel(channel)}),
      placeholder: rootId ? t("compose.replyPlaceholder") : t("compose.placeholder", {channel: this.store.channelLabel(channel)}),
      "data-testid": rootId ? "reply-box" : "compose-box", "aria-autocomplete": "list", "aria-controls": "mention-list"});
    this.suggestions = h("ul", {class: "mention-list", role: "listbox", hidden: true, "data-testid": "mention-list"});
    this.typingLine = h("p", {class: "typing", "aria-live": "polite", "data-testid": "typing"});
    this.element = h("div", {class: "compose"}, this.suggestions, this.box, this.typingLine);
    this.matches = [];
    this.selected = 0;
    this.announce = throttle(() => this.shell.app.socket.send("user_typing", {channel_id: channel.id, parent_id: rootId || ""}), 3000);
    this.box.addEventListener("keydown", (event) => this.keydown(event));
    this.box.addEventListener("input", () => this.input());
    const key = `typing:${channel.id}:${rootId || ""}`;
    this.stops = [this.store.on(key, () => this.renderTyping())];
  }

  dispose() {
    for (const stop of this.stops) stop();
  }

  focus() {
    if (window.matchMedia("(pointer: fine)").matches) this.box.focus();
  }

  setArchived(archived) {
    this.box.disabled = archived;
    this.box.placeholder = archived ? t("compose.archived") : this.box.placeholder;
  }

  renderTyping() {
    const names = this.store.typingIn(this.channel.id, this.rootId).filter((id) => id !== this.store.me.id)
      .map((id) => this.store.displayName(id));
    this.typingLine.textContent = names.length ? t("compose.typing", {count: names.length, names: names.join(", ")}) : "";
  }

  input() {
    this.box.style.height = "auto";
    this.box.style.height = `${Math.min(this.box.scrollHeight, 240)}px`;
    if (this.box.value.trim()) this.announce();
    this.autocomplete();
  }

  /** The word being typed after "@", if the caret is in one. */
  mentionPrefix() {
    const before = this.box.value.slice(0, this.box.selectionStart);
    const m = before.match(/(?:^|\s)@([a-z0-9._-]*)$/i);
    return m ? m[1].toLowerCase() : null;
  }

  async autocomplete() {
    const prefix = this.mentionPrefix();
    if (prefix === null) return this.hideSuggestions();
    const members = await this.channelMembers();
    // The list arrived while typing went on: answer for what is typed now.
    if (this.mentionPrefix() !== prefix) return this.autocomplete();
    const matches = members.filter((u) => [u.username, u.first_name, u.last_name, u.nickname]
      .some((word) => (word || "").toLowerCase().startsWith(prefix)));
    for (const special of ["here", "channel", "all"]) if (special.startsWith(prefix)) matches.push({special});
    this.matches = matches.slice(0, 20);
    this.selected = 0;
    this.renderSuggestions();
  }

  async channelMembers() {
    if (this.members && Date.now() - this.membersAt < 60_000) return this.members;
    const users = await api.get(`/users?in_channel=${this.channel.id}&page=0&per_page=200&sort=`).catch(() => []);
    this.store.putUsers(users);
    this.members = users.filter((u) => u.id !== this.store.me.id && u.delete_at === 0);
    this.membersAt = Date.now();
    return this.members;
  }

  renderSuggestions() {
    if (!this.matches.length) return this.hideSuggestions();
    this.suggestions.hidden = false;
    replace(this.suggestions, this.matches.map((m, i) => h("li", {
      role: "option", id: `mention-option-${i}`, "aria-selected": String(i === this.selected),
      class: i === this.selected ? "selected" : "", "data-testid": `mention-option-${m.special || m.username}`,
      onmousedown: (event) => { event.preventDefault(); this.pick(i); },
    }, m.special ? h("span", {}, `@${m.special}`, " ", h("small", {}, t(`compose.special.${m.special}`))) :
      h("span", {}, `@${m.username}`, " ", h("small", {}, [m.first_name, m.last_name].filter(Boolean).join(" ") +
        (m.nickname ? ` (${m.nickname})` : ""))))));
    this.box.setAttribute("aria-activedescendant", `mention-option-${this.selected}`);
  }

  hideSuggestions() {
    this.matches = [];
    this.suggestions.hidden = true;
    this.box.removeAttribute("aria-activedescendant");
  }

  pick(index) {
    const match = this.matches[index];
    if (!match) return;
    const name = match.special || match.username;
    const caret = this.box.selectionStart;
    const before = this.box.value.slice(0, caret).replace(/@([a-z0-9._-]*)$/i, `@${name} `);
    this.box.value = before + this.box.value.slice(caret);
    this.box.selectionStart = this.box.selectionEnd = before.length;
    this.hideSuggestions();
    this.box.focus();
  }

  keydown(event) {
    if (!this.suggestions.hidden) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        this.selected = (this.selected + step + this.matches.length) % this.matches.length;
        return this.renderSuggestions();
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        return this.pick(this.selected);
      }
      if (event.key === "Escape") return this.hideSuggestions();
    }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  }

  async send() {
    const message = this.box.value.trim();
    if (!message) return;
    if (/(^|\s)@(channel|all)\b/i.test(message) && this.channel.type !== "D") {
      const stats = await api.get(`/channels/${this.channel.id}/stats`).catch(() => ({member_count: 0}));
      if (stats.member_count >= 5 && !window.confirm(t("compose.confirmAll", {count: stats.member_count}))) return;
    }
    this.box.value = "";
    this.input();
    try {
      const post = await api.post("/posts", {channel_id: this.channel.id, message, root_id: this.rootId || ""});
      this.store.putPost(post);
    } catch (error) {
      this.box.value = message;
      this.shell.app.toast(error.message);
    }
  }
}
