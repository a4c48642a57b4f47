// The WebSocket, as the Mattermost web app keeps it: authenticated at upgrade by the session cookie; the first
// connect sends `connection_id=&sequence_number=0`, every reconnect the `connection_id` of the last `hello` and
// the last `seq` received + 1, so the server replays what was missed. A `hello` with another connection id
// means the server could not resume (a gap, a restart): `onResync` then reloads what the page shows. Pings go
// every 30 s; an unanswered one, a `seq` out of order, or a drop reconnects with a growing, jittered delay.

const pingMillis = 30_000;

// The window's timers, called as plain functions (taken off `window` as methods they throw "Illegal invocation").
const browserClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id),
};

export class EventSocket {
  /** `handlers`: `onEvent(event)`, `onResync()`, `onState("connecting" | "open" | "offline")`. */
  constructor(handlers, clock = browserClock) {
    this.handlers = handlers;
    this.clock = clock;
    this.connectionId = "";
    this.nextSeq = 0;
    this.failures = 0;
    this.actionSeq = 1;
    this.replies = new Map();
    this.ws = null;
    this.stopped = false;
    this.pingTimer = null;
    this.retryTimer = null;
    this.awaitingPong = false;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  /** Closes for good (log-out): code 1000, so the server forgets this connection at once. */
  stop() {
    this.stopped = true;
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearInterval(this.pingTimer);
    if (this.ws) this.ws.close(1000);
    this.ws = null;
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const query = `connection_id=${encodeURIComponent(this.connectionId)}&sequence_number=${this.nextSeq}`;
    return `${scheme}://${location.host}/api/v4/websocket?${query}`;
  }

  connect() {
    this.handlers.onState?.("connecting");
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onopen = () => {
      this.awaitingPong = false;
      this.clock.clearInterval(this.pingTimer);
      this.pingTimer = this.clock.setInterval(() => this.ping(), pingMillis);
      this.ping();
    };
    ws.onmessage = (message) => this.receive(message.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clock.clearInterval(this.pingTimer);
      if (this.stopped) return;
      this.handlers.onState?.("offline");
      this.retry();
    };
  }

  retry() {
    this.failures += 1;
    const base = this.failures <= 7 ? 3000 : Math.min(3000 * 2 ** (this.failures - 7), 300_000);
    const delay = (this.failures === 1 ? 500 : base) + Math.random() * 2000;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => this.connect(), delay);
  }

  /**
   * The browser says the network is gone: drop the socket now rather than wait for TCP to notice, keeping the
   * connection id and the next seq so the reconnect resumes; messages of the dropped socket are ignored.
   */
  suspend() {
    const ws = this.ws;
    if (!ws || this.stopped) return;
    this.ws = null;
    ws.onclose = null;
    ws.onmessage = null;
    try { ws.close(4000); } catch { /* already closing */ }
    this.clock.clearInterval(this.pingTimer);
    this.handlers.onState?.("offline");
    this.retry();
  }

  /** Reconnects now (the browser came back online). */
  reconnectSoon() {
    if (this.stopped || (this.ws && this.ws.readyState <= 1)) return;
    this.clock.clearTimeout(this.retryTimer);
    this.failures = 0;
    this.connect();
  }

  receive(data) {
    let message;
    try { message = JSON.parse(data); } catch { return; }
    if (message.seq_reply !== undefined) {
      const callback = this.replies.get(message.seq_reply);
      this.replies.delete(message.seq_reply);
      if (callback) callback(message);
      return;
    }
    if (typeof message.seq !== "number") return;
    if (message.event === "hello") {
      const id = message.data && message.data.connection_id;
      const resumed = id && id === this.connectionId;
      const first = !this.helloSeen;
      this.helloSeen = true;
      this.connectionId = id || "";
      this.nextSeq = message.seq + 1;
      this.failures = 0;
      this.handlers.onState?.("open");
      // The first hello follows the page's own loading; a later one that is not a resume means events were missed.
      if (!resumed && !first) this.handlers.onResync?.();
      return;
    }
    if (message.seq !== this.nextSeq) {
      // Out of order: start over from a fresh connection, which resyncs.
      this.connectionId = "";
      this.nextSeq = 0;
      this.ws?.close(4001);
      return;
    }
    this.nextSeq = message.seq + 1;
    this.handlers.onEvent?.(message);
  }

  /** Sends an action (`user_typing`, `ping`, ...); `onReply` gets the server's answer. */
  send(action, data = {}, onReply) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    const seq = this.actionSeq++;
    if (onReply) this.replies.set(seq, onReply);
    this.ws.send(JSON.stringify({action, seq, data}));
    return true;
  }

  ping() {
    if (this.awaitingPong) {
      this.ws?.close(4000);
      return;
    }
    this.awaitingPong = true;
    this.send("ping", {}, () => { this.awaitingPong = false; });
  }
}
