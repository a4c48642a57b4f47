"""`GET /api/v4/system/ping` with real clients, on both drivers."""
import json
import subprocess

import requests


EXPECTED = {"status": "OK", "ActiveSearchBackend": "database", "AndroidLatestVersion": "", "AndroidMinVersion": "",
            "IosLatestVersion": "", "IosMinVersion": ""}


def test_ping_body_and_headers(server):
    r = requests.get(server.url + "/api/v4/system/ping")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == EXPECTED
    assert len(r.headers["X-Request-Id"]) == 26
    assert r.headers["X-Version-Id"].startswith("10.11.0.")


def test_ping_with_server_status(server):
    r = requests.get(server.url + "/api/v4/system/ping?get_server_status=true")
    body = r.json()
    assert body["database_status"] == "OK" and body["filestore_status"] == "OK" and body["status"] == "OK"


def test_ping_with_curl_keep_alive(server):
    url = server.url + "/api/v4/system/ping"
    out = subprocess.run(["curl", "-sv", url, url, url], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count('"status":"OK"') == 3
    assert "Re-using existing connection" in out.stderr or "Reusing existing connection" in out.stderr


def test_unknown_route_is_mattermost_404(server):
    r = requests.get(server.url + "/api/v4/no/such/route")
    assert r.status_code == 404
    body = r.json()
    assert body["id"] == "api.context.404.app_error"
    assert body["status_code"] == 404
    assert body["request_id"] == r.headers["X-Request-Id"]
    assert set(body) >= {"id", "message", "detailed_error", "request_id", "status_code"}


def test_wrong_method_is_405(server):
    r = requests.post(server.url + "/api/v4/system/ping", data="{}")
    assert r.status_code == 405
    assert r.json()["status_code"] == 405


def test_head_has_no_body_but_length(server):
    r = requests.head(server.url + "/api/v4/system/ping")
    assert r.status_code == 200
    assert int(r.headers["Content-Length"]) == len(json.dumps(EXPECTED, separators=(",", ":")))
    assert r.content == b""
