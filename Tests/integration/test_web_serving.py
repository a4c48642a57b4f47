"""The web client embedded in the binary, served on both drivers: index.html for the app's own paths, the files under
/static/ with their types and ETags, the security headers on every answer, and the API's JSON 404 left alone."""
import pathlib

import requests

WEB = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "Server" / "Web"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
}


def assert_security_headers(r):
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, (r.url, name, r.headers)


def assert_index(r):
    assert r.status_code == 200, (r.url, r.status_code, r.text[:200])
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-cache"
    assert r.content == (WEB / "index.html").read_bytes()
    assert_security_headers(r)


def assert_mattermost_404(r):
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert body["id"] == "api.context.404.app_error" and body["status_code"] == 404
    assert body["request_id"] == r.headers["X-Request-Id"]


def test_root_is_index_with_security_headers(server):
    assert_index(requests.get(server.url + "/"))


def test_client_routes_are_index(server):
    for path in ["/login", "/acme/channels/town-square", "/signup_user_complete/?id=x", "/select_team",
                 "/acme/pl/abcdefghijklmnopqrstuvwxyz", "/acme/messages/@alice", "/admin_console/users"]:
        assert_index(requests.get(server.url + path))


def test_script_has_javascript_type_and_nosniff(server):
    r = requests.get(server.url + "/static/js/dom.js")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-cache"
    assert r.content == (WEB / "static" / "js" / "dom.js").read_bytes()
    assert_security_headers(r)


def test_every_file_is_served_as_it_is_on_disk(server):
    for f in sorted((WEB / "static").rglob("*")):
        if f.is_file() and not f.name.startswith("."):
            r = requests.get(server.url + "/" + f.relative_to(WEB).as_posix())
            assert r.status_code == 200 and r.content == f.read_bytes(), f


def test_api_paths_keep_the_json_404(server):
    assert_mattermost_404(requests.get(server.url + "/api/v4/nope"))
    assert_mattermost_404(requests.post(server.url + "/api/v4/nope", data="{}"))


def test_unknown_asset_and_traversal_are_404(server):
    for path in ["/static/nope.js", "/static/js", "/static/js/", "/static/%2e%2e/index.html",
                 "/static/js/%2e%2e%2f%2e%2e%2fetc%2fpasswd"]:
        r = requests.get(server.url + path)
        assert_mattermost_404(r)
        assert_security_headers(r)


def test_etag_round_trip_gives_304(server):
    for path in ["/static/js/dom.js", "/"]:
        first = requests.get(server.url + path)
        etag = first.headers["ETag"]
        assert etag.startswith('"') and etag.endswith('"')
        again = requests.get(server.url + path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["ETag"] == etag
        assert_security_headers(again)
        assert requests.get(server.url + path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_head_has_no_body(server):
    for path in ["/", "/static/js/dom.js"]:
        get = requests.get(server.url + path)
        head = requests.head(server.url + path)
        assert head.status_code == 200 and head.content == b""
        assert int(head.headers["Content-Length"]) == len(get.content)
        assert head.headers["Content-Type"] == get.headers["Content-Type"]
        assert_security_headers(head)


def test_other_methods_on_web_paths_are_405(server):
    for path in ["/", "/login", "/static/js/dom.js"]:
        r = requests.post(server.url + path, data="x")
        assert r.status_code == 405 and r.json()["status_code"] == 405
