#ifndef ORDERMAIL_CSECRETMEMORY_SHIM_H
#define ORDERMAIL_CSECRETMEMORY_SHIM_H
/* The glibc calls that keep a secret out of core dumps and wipe it, which Swift's Glibc module
   leaves out (prctl is variadic; explicit_bzero is behind _DEFAULT_SOURCE). */
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* No core dumps for the rest of the process: not dumpable, and a core size limit of 0. Returns 0 on success. */
static inline int ordermail_forbid_core_dumps(void) {
    struct rlimit none = {0, 0};
    int not_dumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    int no_core = setrlimit(RLIMIT_CORE, &none);
    return (not_dumpable == 0 && no_core == 0) ? 0 : -1;
}

/* Overwrites `length` bytes at `bytes` with zeros; the compiler may not leave it out. */
static inline void ordermail_wipe(void *bytes, size_t length) {
    explicit_bzero(bytes, length);
}
#endif
