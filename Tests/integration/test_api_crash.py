"""RELIABILITY T1 through the chat API: the engine-level crash test (test_durability_crash.py) repeated on the real
server. Writer threads post, reply, edit and react as fast as they can and record every acknowledged answer; the
server is killed with SIGKILL at a seeded random moment (sometimes again while it recovers); after the restart every
acknowledged post must be there and unchanged, every acknowledged edit and reaction must hold, every login made
before the kill must still work with its token, and no count may go down.

PARLEY_CRASH_CYCLES picks the number of cycles (10 by default, 100 with PARLEY_LONG_TESTS=1); PARLEY_CRASH_SEED
picks another master seed. Each cycle prints its seed, and every failure names it."""
import os
import random
import subprocess
import threading
import time

import requests

from chat_support import BIN, ChatServer, Client, sign_up

LONG = os.environ.get("PARLEY_LONG_TESTS") == "1"
CYCLES = int(os.environ.get("PARLEY_CRASH_CYCLES", "100" if LONG else "10"))
MASTER_SEED = int(os.environ.get("PARLEY_CRASH_SEED", "11"))
WRITERS = 3
ACKS_BEFORE_KILL_MAX = 200
# Some kills are timed rather than counted, so that they also land among the first requests and logins.
TIMED_KILL_CHANCE = 0.2
TIMED_KILL_SECONDS_MAX = 0.3
# A second SIGKILL while the restarted server is still recovering (before or just after its listening line).
RECOVERY_KILL_CHANCE = 0.15
RECOVERY_KILL_SECONDS_MAX = 0.15
ACKS_WAIT_SECONDS_MAX = 60
REQUEST_TIMEOUT_SECONDS = 30
PAGE_POSTS_MAX = 200
# Older posts read one by one each cycle (the channel page checks all of them every cycle; the end checks all).
OLD_POSTS_SAMPLED = 150
EMOJI = ["smile", "+1", "tada", "heart", "eyes"]
# What an acknowledged post must still say after a crash; the rest (update_at, reply_count…) moves on purpose.
STABLE_FIELDS = ["id", "create_at", "root_id", "user_id", "channel_id", "message", "edit_at", "delete_at", "type"]
PASSWORD = "crash-password-1"


class CrashServer(ChatServer):
    """The chat harness's server with the two ways to die this test needs: SIGKILL, and SIGKILL during start-up."""

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        assert self.proc.returncode == -9, f"the server ended by itself ({self.proc.returncode}): {self.lines[-20:]}"

    def kill_while_recovering(self, delay):
        """Starts the server on the same directory and kills it after `delay` s, listening line or not."""
        args = [BIN, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", os.path.join(self.data_dir, "data"),
                "--config", self.config_path]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, PARLEY_IO=self.driver))
        time.sleep(delay)
        proc.kill()
        proc.wait()
        # Ending by itself within that moment would mean recovery failed (or the server refused the directory).
        assert proc.returncode == -9, f"the server recovering {self.data_dir} ended by itself ({proc.returncode})"


class Ledger:
    """What the server acknowledged, kept by the test thread between cycles (writers report only after they end)."""

    def __init__(self, baseline):
        self.baseline = baseline            # ids of the channel's posts before the first cycle (system posts)
        self.posts = {}                     # id -> stable fields as last acknowledged or observed after a restart
        self.owner = {}                     # id -> writer index; only that writer edits the post, so edits are ordered
        self.roots = []                     # ids of acknowledged root posts, in order
        self.reactions = {}                 # post id -> set of acknowledged emoji names
        self.tokens = []                    # (token, context) of every acknowledged login
        self.cycle_of = {}                  # id -> cycle in which it was acknowledged
        self.post_count = len(baseline)
        self.total_msg_count = 0


class Writer(threading.Thread):
    """One client: a fresh login, then posts, replies, edits and reactions until the server dies."""

    def __init__(self, server, ledger, channel_id, user_id, index, cycle, seed, acked):
        super().__init__(daemon=True)
        self.server, self.channel_id, self.user_id, self.index, self.cycle = server, channel_id, user_id, index, cycle
        self.rng = random.Random(seed)
        self.acked = acked                   # shared counter of acknowledgements: [count, lock]
        self.roots = list(ledger.roots)
        self.own = [pid for pid, w in ledger.owner.items() if w == index]
        self.targets = list(ledger.posts)
        self.posts, self.edits, self.reactions, self.token = {}, {}, set(), None
        self.pending = None                  # the one request in flight when the server died, if any
        self.failure = None                  # an answer that is neither an acknowledgement nor a dead server

    def run(self):
        session = requests.Session()
        try:
            self.pending = ("login", None)
            r = session.post(self.server.api + "/users/login", json={"login_id": "admin", "password": PASSWORD},
                             timeout=REQUEST_TIMEOUT_SECONDS)
            if r.status_code != 200:
                self.failure = f"login: {r.status_code} {r.text[:300]}"
                return
            self.token = r.headers["Token"]
            self.pending = None
            session.headers["Authorization"] = "Bearer " + self.token
            for seq in range(1_000_000):
                if not self.step(session, seq):
                    return
        except requests.exceptions.RequestException:
            return  # the server is gone; self.pending says what may or may not have happened

    def step(self, session, seq):
        roll = self.rng.random()
        if roll < 0.15 and self.roots:
            return self.create(session, seq, self.rng.choice(self.roots))
        if roll < 0.25 and self.own:
            return self.edit(session, seq, self.rng.choice(self.own))
        if roll < 0.35 and self.targets:
            return self.react(session, self.rng.choice(self.targets), self.rng.choice(EMOJI))
        return self.create(session, seq, "")

    def message(self, seq, kind):
        # Every message is unique, so a post that appears after a crash can be matched to the request that made it.
        extra = " ünïcødé ✓ " if self.rng.random() < 0.2 else " "
        return f"{kind} c{self.cycle} w{self.index} n{seq}{extra}{self.rng.randrange(10**9)}"

    def create(self, session, seq, root_id):
        body = {"channel_id": self.channel_id, "message": self.message(seq, "reply" if root_id else "post"),
                "root_id": root_id}
        self.pending = ("post", body)
        r = session.post(self.server.api + "/posts", json=body, timeout=REQUEST_TIMEOUT_SECONDS)
        if r.status_code != 201:
            self.failure = f"POST /posts {body}: {r.status_code} {r.text[:300]}"
            return False
        post = r.json()
        if (post["message"], post["root_id"], post["channel_id"]) != (body["message"], root_id, self.channel_id):
            self.failure = f"POST /posts {body} answered {post}"
            return False
        self.pending = None
        self.posts[post["id"]] = stable(post)
        self.own.append(post["id"])
        self.targets.append(post["id"])
        if not root_id:
            self.roots.append(post["id"])
        return self.count()

    def edit(self, session, seq, post_id):
        body = {"message": self.message(seq, "edit")}
        self.pending = ("edit", (post_id, body["message"]))
        r = session.put(self.server.api + f"/posts/{post_id}/patch", json=body, timeout=REQUEST_TIMEOUT_SECONDS)
        if r.status_code != 200 or r.json()["message"] != body["message"] or r.json()["edit_at"] <= 0:
            self.failure = f"PUT /posts/{post_id}/patch {body}: {r.status_code} {r.text[:300]}"
            return False
        self.pending = None
        self.edits[post_id] = stable(r.json())
        return self.count()

    def react(self, session, post_id, emoji):
        body = {"user_id": self.user_id, "post_id": post_id, "emoji_name": emoji}
        self.pending = ("reaction", (post_id, emoji))
        r = session.post(self.server.api + "/reactions", json=body, timeout=REQUEST_TIMEOUT_SECONDS)
        if r.status_code != 200 or r.json()["emoji_name"] != emoji:
            self.failure = f"POST /reactions {body}: {r.status_code} {r.text[:300]}"
            return False
        self.pending = None
        self.reactions.add((post_id, emoji))
        return self.count()

    def count(self):
        with self.acked[1]:
            self.acked[0] += 1
        return True


def stable(post):
    return {field: post[field] for field in STABLE_FIELDS}


def channel_posts(client, channel_id, context):
    """Every post of the channel, read page by page from the newest; asserts no post shows up twice."""
    posts, order = {}, []
    for page in range(10_000):
        r = client.get(f"/channels/{channel_id}/posts", params={"page": page, "per_page": PAGE_POSTS_MAX})
        assert r.status_code == 200, f"{context}: channel page {page}: {r.status_code} {r.text[:300]}"
        body = r.json()
        order += body["order"]
        posts.update({pid: body["posts"][pid] for pid in body["order"]})
        if len(body["order"]) < PAGE_POSTS_MAX:
            break
    assert len(order) == len(set(order)), f"{context}: a post appears twice in the channel's pages"
    return posts


class Pending:
    """The requests in flight at the kill: each may have been applied or not, but nothing else may appear."""

    def __init__(self, writers):
        self.posts = {w.pending[1]["message"]: (w.index, w.pending[1]) for w in writers if kind(w) == "post"}
        self.edits = {w.pending[1][0]: w.pending[1][1] for w in writers if kind(w) == "edit"}
        self.reactions = {w.pending[1] for w in writers if kind(w) == "reaction"}


def kind(writer):
    return writer.pending[0] if writer.pending else None


def wait_for_acks(acked, count, writers, context):
    deadline = time.monotonic() + ACKS_WAIT_SECONDS_MAX
    while time.monotonic() < deadline:
        with acked[1]:
            if acked[0] >= count:
                return
        if not any(w.is_alive() for w in writers):
            return  # every writer stopped early; the failure check after the kill says why
        time.sleep(0.001)
    raise AssertionError(f"{context}: no {count} acknowledgements within {ACKS_WAIT_SECONDS_MAX} s")


def crash_cycle(server, ledger, channel_id, user_id, cycle, seed):
    """Writers run until a SIGKILL drawn from `seed`; returns what was in flight. The ledger gets the acknowledgements."""
    rng = random.Random(seed)
    context = f"cycle {cycle} seed {seed}"
    acked = [0, threading.Lock()]
    writers = [Writer(server, ledger, channel_id, user_id, i, cycle, rng.randrange(2**62), acked) for i in range(WRITERS)]
    for w in writers:
        w.start()
    if rng.random() < TIMED_KILL_CHANCE:
        time.sleep(rng.uniform(0, TIMED_KILL_SECONDS_MAX))
    else:
        wait_for_acks(acked, rng.randint(1, ACKS_BEFORE_KILL_MAX), writers, context)
    server.kill()
    for w in writers:
        w.join(REQUEST_TIMEOUT_SECONDS)
        assert not w.is_alive(), f"{context}: writer {w.index} still waits for an answer from a dead server"
    failures = [w.failure for w in writers if w.failure]
    assert not failures, f"{context}: the live server refused or mangled a request: {failures}"
    if rng.random() < RECOVERY_KILL_CHANCE:
        server.kill_while_recovering(rng.uniform(0, RECOVERY_KILL_SECONDS_MAX))
    record(ledger, writers, cycle)
    return Pending(writers)


def record(ledger, writers, cycle):
    for w in writers:
        for pid, post in w.posts.items():
            ledger.posts[pid], ledger.owner[pid], ledger.cycle_of[pid] = post, w.index, cycle
            if not post["root_id"]:
                ledger.roots.append(pid)
        for pid, post in w.edits.items():
            ledger.posts[pid] = post
            ledger.cycle_of[pid] = cycle
        for pid, emoji in w.reactions:
            ledger.reactions.setdefault(pid, set()).add(emoji)
            ledger.cycle_of[pid] = cycle
        if w.token:
            ledger.tokens.append((w.token, f"writer {w.index} of cycle {cycle}"))


def same(got, want, pending_message, context):
    """An acknowledged post as read back: identical, or carrying the one edit that was in flight at the kill."""
    if pending_message is not None and got["message"] == pending_message:
        assert got["edit_at"] > 0, f"{context}: the in-flight edit of {got['id']} applied without edit_at: {got}"
        got, want = dict(got, message=None, edit_at=None), dict(want, message=None, edit_at=None)
    assert got == want, f"{context}: post {want['id']} changed across the crash:\n got  {got}\n want {want}"


def check_tokens(server, ledger, user_id, context):
    session = requests.Session()
    for token, where in ledger.tokens:
        r = session.get(server.api + "/users/me", headers={"Authorization": "Bearer " + token})
        assert r.status_code == 200 and r.json()["id"] == user_id, \
            f"{context}: the login of {where} no longer works: {r.status_code} {r.text[:200]}"


def check_channel(client, ledger, channel_id, pending, context):
    """The channel page holds every acknowledged post unchanged, and nothing else but what was in flight."""
    posts = channel_posts(client, channel_id, context)
    assert len(posts) >= ledger.post_count, f"{context}: the channel went from {ledger.post_count} to {len(posts)} posts"
    for pid, want in ledger.posts.items():
        assert pid in posts, f"{context}: acknowledged post {want} is missing from the channel"
        same(stable(posts[pid]), want, pending.edits.get(pid), context)
    for pid in sorted(set(posts) - set(ledger.posts) - ledger.baseline):
        post = posts[pid]
        assert post["message"] in pending.posts, f"{context}: a post nobody sent (or sent once) appeared: {post}"
        index, body = pending.posts.pop(post["message"])
        assert post["root_id"] == body["root_id"], f"{context}: in-flight post {post} lost its root {body['root_id']}"
        # Read back after the restart, it is durable now: from here on it must stay as it is.
        ledger.posts[pid], ledger.owner[pid] = stable(post), index
        if not post["root_id"]:
            ledger.roots.append(pid)
    for pid in pending.edits:
        ledger.posts[pid] = stable(posts[pid])
    ledger.post_count = len(posts)
    check_reply_counts(posts, context)
    return posts


def check_reply_counts(posts, context):
    """Each root's reply_count, rebuilt by recovery, matches the replies the channel holds (none are deleted)."""
    replies = {}
    for post in posts.values():
        if post["root_id"]:
            replies[post["root_id"]] = replies.get(post["root_id"], 0) + 1
    for pid, post in posts.items():
        if not post["root_id"]:
            assert post.get("reply_count", 0) == replies.get(pid, 0), \
                f"{context}: root {pid} says reply_count {post.get('reply_count')} but has {replies.get(pid, 0)} replies"


def check_reactions(posts, ledger, user_id, pending, context):
    for pid, want in ledger.reactions.items():
        reactions = (posts[pid].get("metadata") or {}).get("reactions") or []
        got = {r["emoji_name"] for r in reactions if r["user_id"] == user_id}
        assert want <= got, f"{context}: acknowledged reactions {sorted(want - got)} on {pid} are gone"
        assert {(pid, e) for e in got - want} <= pending.reactions, f"{context}: reactions nobody sent on {pid}: {got - want}"
        assert posts[pid].get("has_reactions"), f"{context}: post {pid} has reactions but has_reactions is false"
        ledger.reactions[pid] = got
    for pid, emoji in pending.reactions:
        reactions = (posts[pid].get("metadata") or {}).get("reactions") or []
        if any(r["emoji_name"] == emoji and r["user_id"] == user_id for r in reactions):
            ledger.reactions.setdefault(pid, set()).add(emoji)


def check_one_by_one(client, ledger, ids, context):
    for pid in ids:
        r = client.get(f"/posts/{pid}")
        assert r.status_code == 200, f"{context}: GET /posts/{pid} of an acknowledged post: {r.status_code} {r.text[:200]}"
        same(stable(r.json()), ledger.posts[pid], None, context)
        want = ledger.reactions.get(pid, set())
        r = client.get(f"/posts/{pid}/reactions")
        assert r.status_code == 200 and want <= {x["emoji_name"] for x in r.json()}, \
            f"{context}: GET /posts/{pid}/reactions lost acknowledged {sorted(want)}: {r.status_code} {r.text[:200]}"


def check_counts(client, ledger, channel_id, context):
    r = client.get(f"/channels/{channel_id}")
    assert r.status_code == 200, f"{context}: GET /channels/{channel_id}: {r.status_code} {r.text[:200]}"
    count = r.json()["total_msg_count"]
    assert count >= ledger.total_msg_count, f"{context}: total_msg_count went from {ledger.total_msg_count} to {count}"
    ledger.total_msg_count = count


def verify(server, ledger, channel_id, user_id, pending, cycle, rng, context):
    check_tokens(server, ledger, user_id, context)
    client = Client(server, "admin", PASSWORD)
    posts = check_channel(client, ledger, channel_id, pending, context)
    check_reactions(posts, ledger, user_id, pending, context)
    recent = [pid for pid, c in ledger.cycle_of.items() if c >= cycle - 1]
    older = sorted(set(ledger.posts) - set(recent))
    check_one_by_one(client, ledger, recent + rng.sample(older, min(len(older), OLD_POSTS_SAMPLED)), context)
    check_counts(client, ledger, channel_id, context)


def test_acknowledged_chat_survives_sigkill():
    server = CrashServer()
    try:
        sign_up(server, "admin", PASSWORD)
        admin = Client(server, "admin", PASSWORD)
        team = admin.post("/teams", {"name": "crash", "display_name": "Crash", "type": "O"})
        assert team.status_code == 201, team.text
        channel = admin.post("/channels", {"team_id": team.json()["id"], "name": "crash-room",
                                           "display_name": "Crash room", "type": "O"})
        assert channel.status_code == 201, channel.text
        channel_id = channel.json()["id"]
        ledger = Ledger(set(channel_posts(admin, channel_id, "setup")))
        ledger.tokens.append((admin.token, "the setup"))
        check_counts(admin, ledger, channel_id, "setup")
        master = random.Random(MASTER_SEED)
        print(f"master seed {MASTER_SEED}, {CYCLES} cycles")
        for cycle in range(CYCLES):
            seed = master.randrange(1, 2**62)
            print(f"cycle {cycle} seed {seed}")
            pending = crash_cycle(server, ledger, channel_id, admin.id, cycle, seed)
            server.start()
            verify(server, ledger, channel_id, admin.id, pending, cycle, random.Random(seed), f"cycle {cycle} seed {seed}")
        # A graceful restart at the end, then every acknowledged post read on its own.
        server.restart()
        context = f"after {CYCLES} cycles (master seed {MASTER_SEED}) and a clean restart"
        check_tokens(server, ledger, admin.id, context)
        client = Client(server, "admin", PASSWORD)
        check_channel(client, ledger, channel_id, Pending([]), context)
        check_one_by_one(client, ledger, sorted(ledger.posts), context)
        edited = sum(1 for p in ledger.posts.values() if p["edit_at"] > 0)
        replies = sum(1 for p in ledger.posts.values() if p["root_id"])
        print(f"{len(ledger.posts)} posts ({replies} replies, {edited} edited), "
              f"{sum(map(len, ledger.reactions.values()))} reactions, {len(ledger.tokens)} logins survived")
        assert len(ledger.posts) > CYCLES, "the writers got almost nothing acknowledged; the test proved little"
    finally:
        server.close()
