"""The JSON shape of every Mattermost object the API tests read (API-NOTES §1.2 and §2), and `check` to assert one.

Each schema maps a required key to the JSON type it must have: `str`, `int`, `bool`, `list`, `dict`, `NULL`, or a
tuple of those when Go may write either (a nil slice is `null`, a nil map is `null`). Keys Go marks omitempty are left
out, because a compatible server may omit them; a key that is present must still have its type, so a schema also
lists such keys under OPTIONAL. Extra keys are allowed: newer Mattermost servers add fields, and clients ignore them.
"""

import re

NULL = type(None)
STRINGS = (dict, NULL)  # A map[string]string, which Go writes as null while it is nil.

USER_COMMON = {
    "id": str, "delete_at": int, "username": str, "auth_service": str, "email": str, "nickname": str,
    "first_name": str, "last_name": str, "position": str, "roles": str, "locale": str, "timezone": dict,
}
USER_OPTIONAL = {
    "create_at": int, "update_at": int, "email_verified": bool, "props": STRINGS, "last_picture_update": int,
    "mfa_active": bool, "is_bot": bool, "failed_attempts": int, "last_password_update": int, "last_login": int,
    "auth_data": str, "disable_welcome_email": bool,
}

SCHEMAS = {
    # The caller's own view carries the notification settings; nobody else's view may.
    "user_own": dict(USER_COMMON, notify_props=dict),
    "user_other": dict(USER_COMMON),
    "session": {
        "id": str, "token": str, "create_at": int, "expires_at": int, "last_activity_at": int, "user_id": str,
        "device_id": str, "roles": str, "is_oauth": bool, "expired_notify": bool, "props": dict,
        "team_members": (list, NULL), "local": bool,
    },
    "team": {
        "id": str, "create_at": int, "update_at": int, "delete_at": int, "display_name": str, "name": str,
        "description": str, "email": str, "type": str, "company_name": str, "allowed_domains": str, "invite_id": str,
        "allow_open_invite": bool, "scheme_id": (str, NULL), "group_constrained": (bool, NULL),
        "policy_id": (str, NULL), "cloud_limits_archived": bool,
    },
    "team_member": {
        "team_id": str, "user_id": str, "roles": str, "delete_at": int, "scheme_guest": bool, "scheme_user": bool,
        "scheme_admin": bool, "explicit_roles": str,
    },
    "channel": {
        "id": str, "create_at": int, "update_at": int, "delete_at": int, "team_id": str, "type": str,
        "display_name": str, "name": str, "header": str, "purpose": str, "last_post_at": int, "total_msg_count": int,
        "extra_update_at": int, "creator_id": str, "scheme_id": (str, NULL), "props": (dict, NULL),
        "group_constrained": (bool, NULL), "shared": (bool, NULL), "total_msg_count_root": int,
        "policy_id": (str, NULL), "last_root_post_at": int,
    },
    "channel_member": {
        "channel_id": str, "user_id": str, "roles": str, "last_viewed_at": int, "msg_count": int,
        "mention_count": int, "mention_count_root": int, "urgent_mention_count": int, "msg_count_root": int,
        "notify_props": dict, "last_update_at": int, "scheme_guest": bool, "scheme_user": bool,
        "scheme_admin": bool, "explicit_roles": str,
    },
    "post": {
        "id": str, "create_at": int, "update_at": int, "edit_at": int, "delete_at": int, "is_pinned": bool,
        "user_id": str, "channel_id": str, "root_id": str, "original_id": str, "message": str, "type": str,
        "props": dict, "hashtags": str, "file_ids": (list, NULL), "pending_post_id": str, "reply_count": int,
        "last_reply_at": int, "participants": (list, NULL),
    },
    "post_list": {"order": list, "posts": dict, "next_post_id": str, "prev_post_id": str, "has_next": bool},
    "reaction": {
        "user_id": str, "post_id": str, "emoji_name": str, "create_at": int, "update_at": int, "delete_at": int,
        "remote_id": str, "channel_id": str,
    },
    "preference": {"user_id": str, "category": str, "name": str, "value": str},
    "status": {"user_id": str, "status": str, "manual": bool, "last_activity_at": int, "dnd_end_time": int},
    "role": {
        "id": str, "name": str, "display_name": str, "description": str, "permissions": list,
        "scheme_managed": bool, "built_in": bool, "create_at": int, "update_at": int, "delete_at": int,
    },
    "channel_stats": {
        "channel_id": str, "member_count": int, "guest_count": int, "pinnedpost_count": int,
        "has_new_pinned_posts": bool, "files_count": int,
    },
    "channel_unread": {
        "team_id": str, "channel_id": str, "msg_count": int, "mention_count": int, "mention_count_root": int,
        "urgent_mention_count": int, "msg_count_root": int,
    },
    "team_unread": {
        "team_id": str, "msg_count": int, "mention_count": int, "mention_count_root": int, "msg_count_root": int,
        "thread_count": int, "thread_mention_count": int, "thread_urgent_mention_count": int,
    },
    "team_stats": {"team_id": str, "total_member_count": int, "active_member_count": int},
    "error": {"id": str, "message": str, "detailed_error": str, "request_id": str, "status_code": int},
}

OPTIONAL = {
    "user_own": USER_OPTIONAL,
    "user_other": USER_OPTIONAL,
    "team": {"last_team_icon_update": int},
    "post": {"has_reactions": bool, "is_following": bool, "metadata": dict, "message_source": str},
    "post_list": {"matches": (dict, NULL), "first_inaccessible_post_time": int},
    "error": {"is_oauth": bool},
}

ERROR_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")  # Mattermost's ids: dotted lowercase words, no spaces.
ID_LENGTH = 26  # Every Mattermost id and token is 26 lowercase base32 characters (API-NOTES §1).
ID_ALPHABET = set("ybndrfg8ejkmcpqxot1uwisza345h769")


def _type_ok(value, expected):
    kinds = expected if isinstance(expected, tuple) else (expected,)
    # bool is a subclass of int in Python, and JSON tells them apart, so an int key must not hold true/false.
    if isinstance(value, bool):
        return bool in kinds
    return any(isinstance(value, kind) for kind in kinds)


def is_id(value):
    return isinstance(value, str) and len(value) == ID_LENGTH and set(value) <= ID_ALPHABET


def check(kind, obj):
    """Asserts that `obj` has every required key of `kind` with its JSON type, and returns `obj`."""
    schema = SCHEMAS[kind]
    assert isinstance(obj, dict), f"{kind}: expected an object, got {type(obj).__name__}: {obj!r}"[:500]
    for key, expected in schema.items():
        assert key in obj, f"{kind}: missing {key!r} in {sorted(obj)}"
        assert _type_ok(obj[key], expected), f"{kind}.{key}: {obj[key]!r} is not {expected}"
    for key, expected in OPTIONAL.get(kind, {}).items():
        if key in obj:
            assert _type_ok(obj[key], expected), f"{kind}.{key}: {obj[key]!r} is not {expected}"
    _check_nested(kind, obj)
    return obj


def _check_nested(kind, obj):
    """The parts of an object that are objects of their own, and the invariants a schema of types cannot say."""
    if kind in ("user_own", "user_other", "team", "channel", "post", "role", "session"):
        assert is_id(obj["id"]), f"{kind}.id {obj['id']!r} is not a Mattermost id"
    if kind == "user_other":
        assert "notify_props" not in obj, "another user's notify_props leaked"
    if kind in ("user_own", "user_other"):
        assert all(isinstance(v, str) for v in obj["timezone"].values()), "timezone values must be strings"
    if kind == "post_list":
        for pid in obj["order"]:
            assert pid in obj["posts"], f"post_list: {pid} is in order but not in posts"
        for pid, post in obj["posts"].items():
            check("post", post)
            assert post["id"] == pid, f"post_list: key {pid} holds post {post['id']}"
    if kind == "post" and "metadata" in obj:
        for reaction in obj["metadata"].get("reactions") or []:
            check("reaction", reaction)
    if kind == "error":
        assert 400 <= obj["status_code"] <= 599, f"error.status_code {obj['status_code']}"
        assert obj["id"] and obj["message"] and obj["request_id"], f"error with an empty field: {obj}"
        assert ERROR_ID.match(obj["id"]), f"error id {obj['id']!r} is not a dotted Mattermost id"


def check_all(kind, items):
    """Asserts that `items` is a JSON array whose every element is a `kind`, and returns it."""
    assert isinstance(items, list), f"expected a list of {kind}, got {items!r}"[:500]
    for item in items:
        check(kind, item)
    return items
