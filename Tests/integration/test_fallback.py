"""Automatic fallback: where io_uring cannot be set up, the server runs on epoll and says so once.

io_uring is made unavailable the way a seccomp profile or `kernel.io_uring_disabled` would look to us: an
LD_PRELOAD library whose io_uring_queue_init_params fails with EPERM."""
import subprocess

import requests

from conftest import Server

FAKE = r'''
#include <errno.h>
struct io_uring; struct io_uring_params;
int io_uring_queue_init_params(unsigned entries, struct io_uring *ring, struct io_uring_params *p) {
    (void)entries; (void)ring; (void)p; return -EPERM;
}
'''


def test_falls_back_to_epoll_when_io_uring_is_unavailable(tmp_path):
    src = tmp_path / "no_uring.c"
    src.write_text(FAKE)
    lib = tmp_path / "no_uring.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    s = Server("automatic", extra_env={"LD_PRELOAD": str(lib)})
    try:
        assert requests.get(s.url + "/api/v4/system/ping").status_code == 200
        assert {row["driver"] for row in s.counters()} == {"epoll"}
        notices = [l for l in s.lines if "io_uring is not available" in l]
        assert len(notices) == 1, s.lines
    finally:
        s.stop()


def test_automatic_prefers_io_uring():
    s = Server("automatic")
    try:
        assert {row["driver"] for row in s.counters()} == {"io_uring"}
    finally:
        s.stop()
