#ifndef PARLEY_SHIMS_H
#define PARLEY_SHIMS_H

/* <sys/socket.h> must come before <liburing.h>: liburing defines _GNU_SOURCE/_XOPEN_SOURCE, which otherwise
 * gives fd_set two definitions and breaks debug builds. */
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/prctl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <liburing.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>

/* Swift cannot import the IOSQE_* flags, the CQE flag macros built from enums, variadic syscall() or OpenSSL's
 * function-like macros, so they are wrapped here. */

static inline unsigned parley_iosqe_buffer_select(void) { return IOSQE_BUFFER_SELECT; }
static inline unsigned parley_iosqe_io_link(void) { return IOSQE_IO_LINK; }
static inline unsigned parley_iosqe_cqe_skip_success(void) { return IOSQE_CQE_SKIP_SUCCESS; }
static inline unsigned parley_cqe_f_more(void) { return IORING_CQE_F_MORE; }
static inline unsigned parley_cqe_f_buffer(void) { return IORING_CQE_F_BUFFER; }
static inline unsigned parley_cqe_buffer_shift(void) { return IORING_CQE_BUFFER_SHIFT; }
static inline unsigned parley_setup_single_issuer(void) { return IORING_SETUP_SINGLE_ISSUER; }
static inline unsigned parley_setup_defer_taskrun(void) { return IORING_SETUP_DEFER_TASKRUN; }
static inline unsigned parley_setup_coop_taskrun(void) { return IORING_SETUP_COOP_TASKRUN; }
static inline unsigned parley_setup_cqsize(void) { return IORING_SETUP_CQSIZE; }
static inline unsigned parley_setup_submit_all(void) { return IORING_SETUP_SUBMIT_ALL; }

/* Multishot recv selecting buffers from group `bgid` of a registered provided-buffer ring. */
static inline void parley_prep_recv_multishot(struct io_uring_sqe *sqe, int fd, unsigned short bgid) {
    io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = bgid;
}

static inline void parley_sqe_set_data64(struct io_uring_sqe *sqe, unsigned long long data) {
    sqe->user_data = data;
}

static inline long parley_gettid(void) { return syscall(SYS_gettid); }

/* accept4 and pthread_setname_np need _GNU_SOURCE, which must not be defined before <sys/socket.h> here. */
int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
static inline int parley_accept_nonblocking(int fd) { return accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK); }
static inline int parley_open_devnull(void) { return open("/dev/null", O_RDONLY | O_CLOEXEC); }

static inline void parley_set_thread_name(const char *name) { prctl(PR_SET_NAME, name, 0, 0, 0); }

/* SIG_IGN is a cast macro Swift cannot import. */
static inline void parley_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

/* The provided-buffer ring's tail shares memory with bufs[0].resv; only liburing's helpers touch it. */
static inline struct io_uring_buf_ring *parley_buf_ring_alloc(unsigned entries) {
    size_t size = entries * sizeof(struct io_uring_buf);
    void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return NULL;
    struct io_uring_buf_ring *br = (struct io_uring_buf_ring *)mem;
    io_uring_buf_ring_init(br);
    return br;
}

static inline int parley_buf_ring_register(struct io_uring *ring, struct io_uring_buf_ring *br, unsigned entries,
                                           unsigned short bgid) {
    struct io_uring_buf_reg reg;
    memset(&reg, 0, sizeof(reg));
    reg.ring_addr = (unsigned long)br;
    reg.ring_entries = entries;
    reg.bgid = bgid;
    return io_uring_register_buf_ring(ring, &reg, 0);
}

static inline void parley_buf_ring_free(struct io_uring_buf_ring *br, unsigned entries) {
    munmap(br, entries * sizeof(struct io_uring_buf));
}

static inline int parley_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

/* OpenSSL function-like macros. */
static inline long parley_ssl_ctx_set_min_tls12(SSL_CTX *ctx) {
    return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}
static inline long parley_ssl_ctx_set_mode_partial(SSL_CTX *ctx) {
    return SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                     SSL_MODE_RELEASE_BUFFERS);
}
static inline long parley_ssl_ctx_set_options_server(SSL_CTX *ctx) {
    return SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                        SSL_OP_NO_RENEGOTIATION);
}
static inline int parley_bio_pending(BIO *b) { return (int)BIO_ctrl_pending(b); }

/* Durability (Sources/Snapshot). CRC32C with the SSE4.2 instruction where the CPU has it; Swift falls back to
 * slicing-by-8 elsewhere. The register holds the CRC uninverted: callers do the initial and final inversion. */
#include <stdint.h>
#include <stddef.h>
#if defined(__x86_64__)
#include <cpuid.h>
static inline int parley_crc32c_hw_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c & bit_SSE4_2) != 0;
}
__attribute__((target("sse4.2")))
static inline uint32_t parley_crc32c_hw(uint32_t crc, const void *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    unsigned long long c = crc;
    while (len >= 8) {
        unsigned long long v;
        memcpy(&v, p, 8);
        c = __builtin_ia32_crc32di(c, v);
        p += 8;
        len -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (len > 0) {
        c32 = __builtin_ia32_crc32qi(c32, *p);
        p++;
        len--;
    }
    return c32;
}
#else
static inline int parley_crc32c_hw_available(void) { return 0; }
static inline uint32_t parley_crc32c_hw(uint32_t crc, const void *data, size_t len) {
    (void)data;
    (void)len;
    return crc;
}
#endif

/* posix_fallocate reserves the extents of a journal segment before it is zero-filled; fdatasync and fsync are
 * wrapped so the Swift side needs no feature macros. */
static inline int parley_fallocate(int fd, long long offset, long long length) {
    return posix_fallocate(fd, (off_t)offset, (off_t)length);
}
static inline int parley_fdatasync(int fd) { return fdatasync(fd); }
static inline int parley_open_directory(const char *path) { return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC); }

#endif
