#ifndef CLOAD_H
#define CLOAD_H
/* What parley-load needs from C that Swift's Glibc module leaves out: epoll, memmem and thread names. */
#include <stddef.h>
#include <sys/epoll.h>

void *cload_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);
/* Names the calling thread (at most 15 bytes are kept), for top and perf. */
int cload_name_thread(const char *name);
#endif
