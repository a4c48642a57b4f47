#define _GNU_SOURCE
// The "raw" peer for the WebSocket echo benchmark: a TCP echo with no protocol at all, so the gap between it and
// Parley is the cost of WebSocket framing, unmasking, UTF-8 validation, the handler and the send queue.
// Shaped like Parley's network layer: one epoll loop per thread, each with its own SO_REUSEPORT listener on the
// same port, level-triggered, one read of up to 64 KiB per readiness and the same bytes written straight back.
//
// Usage: raw_echo THREADS   (binds 127.0.0.1 on a free port, prints "listening 127.0.0.1:PORT", runs until killed)
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static int open_listener(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4096) != 0) {
        perror("bind/listen");
        exit(1);
    }
    return fd;
}

// Writes everything; a full socket buffer makes this loop wait for it to drain (the client always reads).
static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);  // a client that left must not kill the peer with SIGPIPE
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EAGAIN) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            poll(&pfd, 1, 1000);
        } else {
            return -1;
        }
    }
    return 0;
}

static void *serve(void *arg) {
    int listener = (int)(long)arg;
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    static __thread char buffer[64 << 10];
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int c;
                while ((c = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    int one = 1;
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                }
                continue;
            }
            ssize_t r = read(fd, buffer, sizeof buffer);
            if (r > 0 && write_all(fd, buffer, (size_t)r) == 0) continue;
            if (r < 0 && errno == EAGAIN) continue;
            close(fd);
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    int first = open_listener(0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(first, (struct sockaddr *)&a, &len);
    int port = ntohs(a.sin_port);
    pthread_t t;
    for (int i = 1; i < threads; i++) pthread_create(&t, NULL, serve, (void *)(long)open_listener(port));
    printf("listening 127.0.0.1:%d\n", port);
    fflush(stdout);
    serve((void *)(long)first);
    return 0;
}
