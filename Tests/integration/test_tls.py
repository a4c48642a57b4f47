"""HTTPS and WSS through OpenSSL memory BIOs on the same loops, with Python's ssl, on both drivers."""
import json
import os
import socket
import ssl
import subprocess

import pytest
import requests
import websocket

from conftest import DRIVERS, Server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def cert_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(["sh", os.path.join(ROOT, "Tests/tls/make-test-cert.sh"), str(d)], check=True, capture_output=True)
    return d


@pytest.fixture(params=DRIVERS, scope="module")
def tls_server(request, cert_dir):
    config = json.dumps({"tlsCertificatePath": str(cert_dir / "cert.pem"), "tlsPrivateKeyPath": str(cert_dir / "key.pem")})
    s = Server(request.param, config=config)
    s.https = f"https://localhost:{s.port}"
    yield s
    s.stop()


def test_https_ping_keep_alive(tls_server, cert_dir):
    with requests.Session() as session:
        for _ in range(3):
            r = session.get(tls_server.https + "/api/v4/system/ping", verify=str(cert_dir / "cert.pem"))
            assert r.status_code == 200 and r.json()["status"] == "OK"


def test_https_large_upload_echo(tls_server, cert_dir):
    payload = os.urandom(2_000_000)
    r = requests.post(tls_server.https + "/api/v4/parley-test/echo", data=payload, verify=str(cert_dir / "cert.pem"))
    assert r.content == payload


def test_wss_echo(tls_server, cert_dir):
    ws = websocket.create_connection(f"wss://localhost:{tls_server.port}/api/v4/parley-test/websocket",
                                     sslopt={"ca_certs": str(cert_dir / "cert.pem")}, timeout=5)
    ws.send("over tls")
    assert ws.recv() == "over tls"
    ws.close()


def test_plaintext_and_garbage_on_tls_port_do_not_hurt(tls_server, cert_dir):
    for junk in [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", os.urandom(3000)]:
        s = socket.create_connection((tls_server.host, tls_server.port))
        s.settimeout(5)
        s.sendall(junk)
        try:
            while s.recv(4096):
                pass
        except (ConnectionResetError, socket.timeout):
            pass
        s.close()
    r = requests.get(tls_server.https + "/api/v4/system/ping", verify=str(cert_dir / "cert.pem"))
    assert r.status_code == 200


def test_old_protocol_is_refused(tls_server):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    try:
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    except ValueError:
        pytest.skip("this OpenSSL cannot offer TLS 1.1")
    with socket.create_connection((tls_server.host, tls_server.port)) as raw:
        with pytest.raises(ssl.SSLError):
            with ctx.wrap_socket(raw) as s:
                s.sendall(b"GET / HTTP/1.1\r\n\r\n")
                s.recv(10)
