// WebSocket events into the store: each Mattermost event name to what it changes. Events about posts carry the
// post as a JSON string (`data.post`), as the real server sends it.

import * as api from "./api.js";
import {t} from "./i18n.js";

export class EventRouter {
  constructor(app) {
    this.app = app;
    this.store = app.store;
  }

  handle(event) {
    const handler = this[`on_${event.event}`];
    if (handler) handler.call(this, event.data || {}, event.broadcast || {});
  }

  parsePost(data) {
    try { return typeof data.post === "string" ? JSON.parse(data.post) : data.post; } catch { return null; }
  }

  on_posted(data) {
    const post = this.parsePost(data);
    if (!post) return;
    const channel = this.store.channels.get(post.channel_id);
    const isNew = this.store.putPost(post);
    if (!isNew || !channel) return;
    channel.total_msg_count = (channel.total_msg_count || 0) + 1;
    channel.last_post_at = post.create_at;
    const viewing = this.app.shell?.channel?.id === post.channel_id && !document.hidden;
    let mentions = [];
    try { mentions = data.mentions ? JSON.parse(data.mentions) : []; } catch { mentions = []; }
    const mentioned = mentions.includes(this.store.me.id);
    const member = this.store.members.get(post.channel_id);
    if (post.user_id === this.store.me.id || viewing) {
      if (member) member.msg_count = channel.total_msg_count;
    } else if (member && mentioned) {
      member.mention_count = (member.mention_count || 0) + 1;
    }
    this.store.emit("channels");
    if (!this.store.users.has(post.user_id)) this.app.loadUsers([post.user_id]).catch(() => null);
    if (mentioned && post.user_id !== this.store.me.id && (document.hidden || !viewing)) {
      this.notify(post, data.sender_name || this.store.displayName(post.user_id), data.channel_display_name || "");
    }
  }

  /** A desktop notification for a mention, when the user allowed them. */
  notify(post, sender, channelName) {
    const setting = (this.store.me.notify_props || {}).desktop || "mention";
    if (setting === "none" || !("Notification" in window) || Notification.permission !== "granted") return;
    const notification = new Notification(t("notify.title", {sender, channel: channelName}), {
      body: post.message.slice(0, 200), tag: post.id,
    });
    notification.onclick = () => {
      window.focus();
      const team = this.app.shell?.team;
      if (team) this.app.go(`/${team.name}/pl/${post.id}`);
    };
  }

  on_post_edited(data) {
    const post = this.parsePost(data);
    if (post) this.store.putPost(post);
  }

  on_post_deleted(data) {
    const post = this.parsePost(data);
    if (post) this.store.putPost({...post, delete_at: post.delete_at || Date.now()});
  }

  reaction(data, added) {
    let reaction;
    try { reaction = JSON.parse(data.reaction); } catch { return; }
    const post = this.store.findPost(reaction.post_id);
    if (!post) return;
    const metadata = post.metadata || (post.metadata = {});
    const list = (metadata.reactions || []).filter((r) => !(r.user_id === reaction.user_id && r.emoji_name === reaction.emoji_name));
    if (added) list.push(reaction);
    metadata.reactions = list;
    this.store.putPost(post);
  }

  on_reaction_added(data) { this.reaction(data, true); }
  on_reaction_removed(data) { this.reaction(data, false); }

  on_typing(data, broadcast) {
    this.store.setTyping(broadcast.channel_id, data.parent_id, data.user_id);
  }

  on_status_change(data) {
    this.store.putStatuses([{user_id: data.user_id, status: data.status}]);
  }

  async reloadChannels() {
    const team = this.app.shell?.team;
    if (team) await this.app.loadTeamChannels(team.id).catch(() => null);
  }

  on_channel_created() { this.reloadChannels(); }
  on_direct_added() { this.reloadChannels(); }
  on_group_added() { this.reloadChannels(); }
  on_channel_restored() { this.reloadChannels(); }

  on_channel_updated(data) {
    try {
      const channel = JSON.parse(data.channel);
      this.store.putChannels([{...this.store.channels.get(channel.id), ...channel}]);
    } catch { this.reloadChannels(); }
  }

  on_channel_deleted(data) {
    const channel = this.store.channels.get(data.channel_id);
    if (channel) this.store.putChannels([{...channel, delete_at: data.delete_at || Date.now()}]);
  }

  on_user_added(data, broadcast) {
    if (data.user_id === this.store.me.id) this.reloadChannels();
  }

  on_user_removed(data, broadcast) {
    const channelId = data.channel_id || broadcast.channel_id;
    if (data.user_id !== this.store.me.id && broadcast.user_id !== this.store.me.id) return;
    this.store.removeMembership(channelId);
    const shell = this.app.shell;
    if (shell?.channel?.id === channelId && shell.team) {
      this.app.toast(t("channel.removed"));
      this.app.go(`/${shell.team.name}/channels/town-square`);
    }
  }

  on_channel_viewed(data) { this.store.markViewed(data.channel_id); }

  on_multiple_channels_viewed(data) {
    for (const id of Object.keys(data.channel_times || {})) this.store.markViewed(id);
  }

  on_channel_member_updated(data) {
    try {
      const member = JSON.parse(data.channelMember);
      this.store.putChannels([], [member]);
    } catch { /* an event this client does not need */ }
  }

  async on_added_to_team() {
    await this.app.loadTeams().catch(() => null);
  }

  on_leave_team(data) {
    if (data.user_id !== this.store.me.id) return;
    this.store.removeTeam(data.team_id);
    if (this.app.shell?.team?.id === data.team_id) this.app.go("/");
  }

  on_update_team(data) {
    try { this.store.putTeams([JSON.parse(data.team)]); } catch { /* malformed */ }
  }

  on_user_updated(data) {
    if (data.user) this.store.putUsers([data.user]);
  }

  on_new_user(data) {
    if (data.user_id) this.app.loadUsers([data.user_id]).catch(() => null);
  }

  on_preferences_changed(data) {
    let preferences = [];
    try { preferences = JSON.parse(data.preferences); } catch { return; }
    for (const p of preferences) {
      if (p.category === "favorite_channel") {
        if (p.value === "true") this.store.favourites.add(p.name);
        else this.store.favourites.delete(p.name);
      }
      if (p.category === "flagged_post") {
        this.store.saved.add(p.name);
      }
    }
    this.store.emit("channels", "saved");
  }

  on_preferences_deleted(data) {
    let preferences = [];
    try { preferences = JSON.parse(data.preferences); } catch { return; }
    for (const p of preferences) {
      if (p.category === "favorite_channel") this.store.favourites.delete(p.name);
      if (p.category === "flagged_post") this.store.saved.delete(p.name);
    }
    this.store.emit("channels", "saved");
  }

  on_ephemeral_message(data) {
    const post = this.parsePost(data);
    if (post) this.store.putPost({...post, ephemeral: true});
  }

  on_memberrole_updated() { this.app.loadTeams().catch(() => null); }

  on_user_role_updated(data) {
    if (data.user_id === this.store.me.id) api.get("/users/me").then((me) => this.store.setMe(me)).catch(() => null);
  }
}
