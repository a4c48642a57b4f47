// The store: pages merge in time order without duplicates, deleting a root drops its replies, unread counts.
import {test} from "node:test";
import assert from "node:assert/strict";
import "./dom-shim.mjs";

const {Store} = await import("../../../Sources/Server/Web/static/js/store.js");
const post = (id, at, extra = {}) => ({id, channel_id: "c1", user_id: "u1", create_at: at, delete_at: 0, message: id, ...extra});
const page = (...posts) => ({order: posts.map((p) => p.id), posts: Object.fromEntries(posts.map((p) => [p.id, p]))});

test("pages merge newest first without duplicates; older pages append", () => {
  const store = new Store();
  let changes = 0;
  store.on("posts:c1", () => { changes += 1; });
  store.mergePage("c1", page(post("p3", 30), post("p2", 20)));
  store.mergePage("c1", page(post("p2", 20), post("p1", 10)), {older: true});
  assert.deepEqual(store.channelPosts("c1").order, ["p3", "p2", "p1"]);
  assert.equal(store.putPost(post("p4", 40)), true);
  assert.equal(store.putPost(post("p4", 40, {message: "edited", edit_at: 41})), false, "an edit is not new");
  assert.deepEqual(store.channelPosts("c1").order, ["p4", "p3", "p2", "p1"]);
  assert.equal(store.channelPosts("c1").posts.get("p4").message, "edited");
  assert.equal(changes, 4);
});

test("deleting a root removes it and its replies", () => {
  const store = new Store();
  store.mergePage("c1", page(post("r2", 30, {root_id: "root"}), post("r1", 20, {root_id: "root"}), post("root", 10), post("other", 5)));
  store.putPost(post("root", 10, {delete_at: 50}));
  assert.deepEqual(store.channelPosts("c1").order, ["other"]);
});

test("unread and mentions come from the channel's and the member's counts; viewing clears them", () => {
  const store = new Store();
  store.putChannels([{id: "c1", team_id: "t", type: "O", name: "a", total_msg_count: 7}],
    [{channel_id: "c1", msg_count: 5, mention_count: 2}]);
  assert.deepEqual(store.unread("c1"), {unread: true, mentions: 2});
  store.markViewed("c1");
  assert.deepEqual(store.unread("c1"), {unread: false, mentions: 0});
  assert.deepEqual(store.unread("nope"), {unread: false, mentions: 0});
});

test("DM labels and partners come from the channel name", () => {
  const store = new Store();
  store.setMe({id: "me", username: "me"});
  store.putUsers([{id: "bob", username: "bob"}]);
  const dm = {id: "d", type: "D", name: "bob__me", team_id: ""};
  assert.equal(store.channelLabel(dm), "bob");
  assert.equal(store.directPartner(dm), "bob");
  assert.equal(store.channelLabel({id: "s", type: "D", name: "me__me"}), "me", "a DM with oneself");
});

test("favourites and saved posts come from preferences", () => {
  const store = new Store();
  store.setPreferences([{category: "favorite_channel", name: "c1", value: "true"},
    {category: "favorite_channel", name: "c2", value: "false"}, {category: "flagged_post", name: "p1", value: "true"}]);
  assert.deepEqual([...store.favourites], ["c1"]);
  assert.deepEqual([...store.saved], ["p1"]);
});

test("a new reply counts on its root once, an edit of it does not", () => {
  const store = new Store();
  store.mergePage("c1", page(post("root", 10)));
  store.putPost(post("r1", 20, {root_id: "root"}));
  store.putPost(post("r1", 20, {root_id: "root", message: "edited"}));
  assert.equal(store.channelPosts("c1").posts.get("root").reply_count, 1);
});
