// EventSocket resumes like the Mattermost web app: connection_id + the next sequence number on reconnect, a new
// hello means a resync, an out-of-order seq or an unanswered ping starts over. A fake WebSocket and clock drive it.
import {test} from "node:test";
import assert from "node:assert/strict";
import "./dom-shim.mjs";

const {EventSocket} = await import("../../../Sources/Server/Web/static/js/socket.js");

class FakeWebSocket {
  static opened = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeWebSocket.opened.push(this);
  }
  open() { this.readyState = 1; this.onopen?.(); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code) { this.closedWith = code; this.readyState = 3; this.onclose?.({code}); }
  drop() { this.readyState = 3; this.onclose?.({code: 1006}); }
  deliver(message) { this.onmessage?.({data: JSON.stringify(message)}); }
}
globalThis.WebSocket = FakeWebSocket;

function fakeClock() {
  const timers = [];
  return {
    timers,
    now: () => 0,
    setTimeout: (fn, ms) => { timers.push({fn, ms}); return timers.length; },
    clearTimeout: () => {},
    setInterval: () => 0,
    clearInterval: () => {},
    /** Runs the pending timeouts (the reconnect), as if their time had come. */
    fire() { const due = timers.splice(0); for (const t of due) t.fn(); },
  };
}

function started() {
  FakeWebSocket.opened = [];
  const seen = {events: [], resyncs: 0, states: []};
  const clock = fakeClock();
  const socket = new EventSocket({
    onEvent: (e) => seen.events.push(e.seq),
    onResync: () => { seen.resyncs += 1; },
    onState: (s) => seen.states.push(s),
  }, clock);
  socket.start();
  return {socket, seen, clock, ws: () => FakeWebSocket.opened.at(-1)};
}

const hello = (id, seq = 0) => ({event: "hello", seq, data: {connection_id: id}, broadcast: {}});
const posted = (seq) => ({event: "posted", seq, data: {}, broadcast: {}});

test("first connect asks for a fresh connection; its hello needs no resync; events flow in order", () => {
  const {seen, ws} = started();
  assert.match(ws().url, /\/api\/v4\/websocket\?connection_id=&sequence_number=0$/);
  ws().open();
  ws().deliver(hello("conn1"));
  for (const seq of [1, 2, 3]) ws().deliver(posted(seq));
  assert.deepEqual(seen.events, [1, 2, 3]);
  assert.equal(seen.resyncs, 0, "the page has just loaded what it shows");
  assert.equal(seen.states.at(-1), "open");
});

test("a drop reconnects with connection_id and the next seq; the same hello id resumes without a resync", () => {
  const {seen, clock, ws} = started();
  ws().open();
  ws().deliver(hello("conn1"));
  ws().deliver(posted(1));
  ws().deliver(posted(2));
  ws().drop();
  assert.equal(seen.states.at(-1), "offline");
  clock.fire();
  assert.match(ws().url, /connection_id=conn1&sequence_number=3$/);
  ws().open();
  ws().deliver(hello("conn1", 3));
  ws().deliver(posted(4));
  assert.deepEqual(seen.events, [1, 2, 4]);
  assert.equal(seen.resyncs, 0, "resumed: no resync");
});

test("a hello with another connection id (server restart, gap) resyncs", () => {
  const {seen, clock, ws} = started();
  ws().open();
  ws().deliver(hello("conn1"));
  ws().drop();
  clock.fire();
  ws().open();
  ws().deliver(hello("conn2"));
  assert.equal(seen.resyncs, 1);
});

test("a seq out of order closes with 4001 and starts over fresh", () => {
  const {seen, clock, ws} = started();
  ws().open();
  ws().deliver(hello("conn1"));
  ws().deliver(posted(1));
  const first = ws();
  first.deliver(posted(3));
  assert.equal(first.closedWith, 4001);
  assert.deepEqual(seen.events, [1], "the out-of-order event is not applied");
  clock.fire();
  assert.match(ws().url, /connection_id=&sequence_number=0$/);
});

test("pings carry a seq; an unanswered ping closes with 4000; replies reach their callback", () => {
  const {socket, ws} = started();
  ws().open();
  ws().deliver(hello("conn1"));
  const ping = ws().sent.find((m) => m.action === "ping");
  assert.ok(ping, "a ping right after opening");
  let reply = null;
  socket.send("user_typing", {channel_id: "c"}, (r) => { reply = r; });
  const typing = ws().sent.find((m) => m.action === "user_typing");
  ws().deliver({status: "OK", seq_reply: typing.seq});
  assert.equal(reply.seq_reply, typing.seq);
  socket.ping();
  assert.equal(ws().closedWith, 4000, "the first ping had no reply");
});

test("stop closes with 1000 and does not reconnect", () => {
  const {socket, clock, ws} = started();
  ws().open();
  socket.stop();
  assert.equal(ws().closedWith, 1000);
  clock.fire();
  assert.equal(FakeWebSocket.opened.length, 1);
});

test("suspend (the browser went offline) drops the socket at once and the reconnect resumes", () => {
  const {socket, seen, clock, ws} = started();
  ws().open();
  ws().deliver(hello("conn1"));
  ws().deliver(posted(1));
  const dropped = ws();
  socket.suspend();
  assert.equal(dropped.closedWith, 4000);
  assert.equal(seen.states.at(-1), "offline");
  dropped.deliver(posted(2));
  assert.deepEqual(seen.events, [1], "a message of the dropped socket is ignored");
  socket.reconnectSoon();
  assert.match(ws().url, /connection_id=conn1&sequence_number=2$/);
  void clock;
});
