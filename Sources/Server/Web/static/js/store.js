// What the page knows, in one place: the signed-in user, teams, channels and the user's memberships, users and
// their statuses, favourites, and the posts loaded per channel. Views read it and subscribe to topics
// ("teams", "channels", "posts:<channel id>", "users", "statuses", "me"); REST replies and WebSocket events
// write it through the methods below, which notify the topics they changed.

export class Store {
  constructor() {
    this.listeners = new Map();
    this.reset();
  }

  reset() {
    this.me = null;
    this.config = {};
    this.teams = new Map();
    this.teamMembers = new Map();
    this.teamUnreads = new Map();
    this.channels = new Map();
    this.members = new Map();
    this.users = new Map();
    this.statuses = new Map();
    this.favourites = new Set();
    this.saved = new Set();
    this.posts = new Map();
    this.typing = new Map();
  }

  /** Calls `fn` whenever `topic` changes; returns the function that stops it. */
  on(topic, fn) {
    if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
    this.listeners.get(topic).add(fn);
    return () => this.listeners.get(topic)?.delete(fn);
  }

  emit(...topics) {
    for (const topic of topics) for (const fn of [...(this.listeners.get(topic) || [])]) fn();
  }

  setMe(user) {
    this.me = user;
    this.users.set(user.id, user);
    this.emit("me", "users");
  }

  putTeams(teams) {
    for (const team of teams) this.teams.set(team.id, team);
    this.emit("teams");
  }

  removeTeam(teamId) {
    this.teams.delete(teamId);
    this.teamMembers.delete(teamId);
    for (const [id, channel] of this.channels) if (channel.team_id === teamId) this.channels.delete(id);
    this.emit("teams", "channels");
  }

  teamByName(name) {
    for (const team of this.teams.values()) if (team.name === name) return team;
    return null;
  }

  /** The teams the user belongs to, by display name. */
  myTeams() {
    return [...this.teams.values()].filter((t) => this.teamMembers.has(t.id) && t.delete_at === 0)
      .sort((a, b) => a.display_name.localeCompare(b.display_name));
  }

  putChannels(channels, members = []) {
    for (const channel of channels) this.channels.set(channel.id, channel);
    for (const member of members) this.members.set(member.channel_id, member);
    this.emit("channels");
  }

  removeMembership(channelId) {
    this.members.delete(channelId);
    this.emit("channels");
  }

  /** The team's channels the user is in, plus its DMs and GMs (which have no team). */
  sidebarChannels(teamId) {
    const out = [];
    for (const channel of this.channels.values()) {
      if (!this.members.has(channel.id)) continue;
      if (channel.team_id === teamId || channel.type === "D" || channel.type === "G") out.push(channel);
    }
    return out;
  }

  channelByName(teamId, name) {
    for (const channel of this.channels.values()) {
      if (channel.name === name && (channel.team_id === teamId || channel.type === "D" || channel.type === "G")) {
        return channel;
      }
    }
    return null;
  }

  /** Whether the channel has messages the user has not seen, and how many mention them. */
  unread(channelId) {
    const channel = this.channels.get(channelId);
    const member = this.members.get(channelId);
    if (!channel || !member) return {unread: false, mentions: 0};
    const seen = member.msg_count ?? 0;
    const total = channel.total_msg_count ?? 0;
    return {unread: total > seen, mentions: member.mention_count ?? 0};
  }

  /** Marks a channel read up to now (after `POST /channels/members/me/view`). */
  markViewed(channelId) {
    const channel = this.channels.get(channelId);
    const member = this.members.get(channelId);
    if (!channel || !member) return;
    member.msg_count = channel.total_msg_count ?? member.msg_count;
    member.mention_count = 0;
    member.last_viewed_at = Date.now();
    this.emit("channels");
  }

  putUsers(users) {
    for (const user of users) this.users.set(user.id, user);
    if (this.me && users.some((u) => u.id === this.me.id)) this.me = this.users.get(this.me.id);
    this.emit("users");
  }

  putStatuses(statuses) {
    for (const s of statuses) this.statuses.set(s.user_id, s.status);
    this.emit("statuses");
  }

  /** Favourite channels and saved posts, from the user's preferences. */
  setPreferences(preferences) {
    const named = (category) => new Set(preferences.filter((p) => p.category === category && p.value === "true")
      .map((p) => p.name));
    this.favourites = named("favorite_channel");
    this.saved = named("flagged_post");
    this.emit("channels");
  }

  /** The posts loaded for a channel: `order` newest first, `posts` by id, `more`: older ones may exist. */
  channelPosts(channelId) {
    if (!this.posts.has(channelId)) this.posts.set(channelId, {order: [], posts: new Map(), more: true, loaded: false});
    return this.posts.get(channelId);
  }

  /** Merges a PostList page (newest first) into the channel's posts. */
  mergePage(channelId, list, {older = false} = {}) {
    const state = this.channelPosts(channelId);
    for (const [id, post] of Object.entries(list.posts || {})) state.posts.set(id, post);
    const known = new Set(state.order);
    const fresh = (list.order || []).filter((id) => !known.has(id));
    state.order = older ? state.order.concat(fresh) : fresh.concat(state.order);
    state.order.sort((a, b) => state.posts.get(b).create_at - state.posts.get(a).create_at);
    state.loaded = true;
    this.emit(`posts:${channelId}`);
    return fresh.length;
  }

  /** A post created, edited or deleted (from a reply or an event). */
  putPost(post) {
    const state = this.channelPosts(post.channel_id);
    const isNew = !state.posts.has(post.id);
    if (post.delete_at > 0) {
      state.posts.delete(post.id);
      state.order = state.order.filter((id) => id !== post.id);
      for (const other of state.posts.values()) if (other.root_id === post.id) state.posts.delete(other.id);
      state.order = state.order.filter((id) => state.posts.has(id));
    } else {
      state.posts.set(post.id, post);
      const root = post.root_id ? state.posts.get(post.root_id) : null;
      if (isNew && root) root.reply_count = (root.reply_count || 0) + 1;
      if (isNew) {
        state.order.unshift(post.id);
        state.order.sort((a, b) => state.posts.get(b).create_at - state.posts.get(a).create_at);
      }
    }
    this.emit(`posts:${post.channel_id}`, `post:${post.id}`, post.root_id ? `thread:${post.root_id}` : `thread:${post.id}`);
    return isNew;
  }

  findPost(postId) {
    for (const state of this.posts.values()) if (state.posts.has(postId)) return state.posts.get(postId);
    return null;
  }

  /** Someone is typing in a channel (or a thread); forgotten after 5 s. */
  setTyping(channelId, parentId, userId) {
    const key = `${channelId}:${parentId || ""}`;
    if (!this.typing.has(key)) this.typing.set(key, new Map());
    this.typing.get(key).set(userId, Date.now() + 5000);
    this.emit(`typing:${key}`);
    setTimeout(() => this.emit(`typing:${key}`), 5100);
  }

  typingIn(channelId, parentId) {
    const now = Date.now();
    const map = this.typing.get(`${channelId}:${parentId || ""}`);
    if (!map) return [];
    return [...map].filter(([, until]) => until > now).map(([id]) => id);
  }

  displayName(userId) {
    const user = this.users.get(userId);
    if (!user) return "…";
    return user.username;
  }

  /** A DM's or GM's name as the sidebar shows it: the other people's usernames. */
  channelLabel(channel) {
    if (channel.type === "D") {
      const other = channel.name.split("__").find((id) => id !== this.me?.id) || this.me?.id;
      return this.displayName(other);
    }
    if (channel.type === "G") {
      return channel.display_name || channel.name;
    }
    return channel.display_name || channel.name;
  }

  /** The other user of a DM. */
  directPartner(channel) {
    if (channel.type !== "D") return null;
    return channel.name.split("__").find((id) => id !== this.me?.id) || this.me?.id;
  }
}
