/* _GNU_SOURCE is defined here, in this file only, so that no Swift module sees two definitions of anything. */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include "CLoad.h"

void *cload_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

int cload_name_thread(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}
