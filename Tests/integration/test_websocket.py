"""WebSocket (RFC 6455) through the real binary with real clients, on both drivers, against the test echo route:
fragmented messages, ping, close codes, oversize and invalid frames (RELIABILITY.md A13)."""
import asyncio
import os
import socket
import struct

import websocket  # websocket-client
import websockets

PATH = "/api/v4/parley-test/websocket"


def ws_url(server):
    return f"ws://{server.host}:{server.port}{PATH}"


def test_echo_text_and_binary_with_websocket_client(server):
    ws = websocket.create_connection(ws_url(server), timeout=5)
    ws.send("héllo wörld")
    assert ws.recv() == "héllo wörld"
    blob = os.urandom(5000)
    ws.send_binary(blob)
    assert ws.recv() == blob
    ws.close()


def test_fragmented_message_is_reassembled(server):
    ws = websocket.create_connection(ws_url(server), timeout=5)
    ws.send_frame(websocket.ABNF.create_frame("frag", websocket.ABNF.OPCODE_TEXT, fin=0))
    ws.ping("in the middle")  # a control frame between fragments is allowed
    ws.send_frame(websocket.ABNF.create_frame("ment", websocket.ABNF.OPCODE_CONT, fin=0))
    ws.send_frame(websocket.ABNF.create_frame("ed", websocket.ABNF.OPCODE_CONT, fin=1))
    opcode, data = ws.recv_data(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_PONG and data == b"in the middle"
    assert ws.recv() == "fragmented"
    ws.close()



def test_close_code_is_echoed(server):
    async def run():
        async with websockets.connect(ws_url(server)) as ws:
            pong = await ws.ping(b"hi")
            await asyncio.wait_for(pong, 5)
            await ws.send("x" * 1000)
            assert await ws.recv() == "x" * 1000
            await ws.close(code=4000, reason="bye")
            assert ws.close_code == 4000
    asyncio.run(run())


def test_oversize_message_closes_1009(server):
    async def run():
        async with websockets.connect(ws_url(server), max_size=None) as ws:
            await ws.send("y" * 9000)  # the inbound cap is 8 KiB, as Mattermost's
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except websockets.ConnectionClosed as e:
                return e.rcvd.code if e.rcvd else None
    assert asyncio.run(run()) == 1009


def test_invalid_utf8_closes_1007(server):
    ws = websocket.create_connection(ws_url(server), timeout=5)
    ws.send_frame(websocket.ABNF.create_frame(b"\xc0\x80", websocket.ABNF.OPCODE_TEXT))
    opcode, data = ws.recv_data(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    assert struct.unpack("!H", data[:2])[0] == 1007


def raw_upgrade(server):
    s = socket.create_connection((server.host, server.port))
    s.settimeout(5)
    s.sendall(f"GET {PATH} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(1)
    assert head.startswith(b"HTTP/1.1 101")
    assert b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" in head
    return s


def read_close_code(s):
    data = b""
    while True:
        try:
            chunk = s.recv(4096)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    assert data[0] == 0x88, data[:10]
    return struct.unpack("!H", data[2:4])[0]


def test_unmasked_frame_closes_1002(server):
    s = raw_upgrade(server)
    s.sendall(b"\x81\x05hello")  # clients must mask
    assert read_close_code(s) == 1002


def test_unknown_opcode_closes_1002(server):
    s = raw_upgrade(server)
    s.sendall(b"\x83\x80\x00\x00\x00\x00")
    assert read_close_code(s) == 1002


def test_frame_flood_is_answered_in_order(server):
    s = raw_upgrade(server)
    frame = b"\x81\x83\x01\x02\x03\x04" + bytes(a ^ b for a, b in zip(b"abc", b"\x01\x02\x03"))
    s.sendall(frame * 2000)
    want = len(b"\x81\x03abc") * 2000
    got = b""
    while len(got) < want:
        chunk = s.recv(65536)
        assert chunk
        got += chunk
    assert got == b"\x81\x03abc" * 2000


def test_bad_handshake_is_refused(server):
    s = socket.create_connection((server.host, server.port))
    s.settimeout(5)
    s.sendall(f"GET {PATH} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n".encode())
    head = s.recv(4096)
    assert head.startswith(b"HTTP/1.1 426")
    assert b"Sec-WebSocket-Version: 13" in head
