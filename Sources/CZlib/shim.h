#ifndef ORDERMAIL_CZLIB_SHIM_H
#define ORDERMAIL_CZLIB_SHIM_H
/* zlib's gzip file functions, for captures saved as .gz, and raw inflate, for .zip entries. */
#include <zlib.h>

/* inflateInit2 is a macro, which Swift cannot call: a raw deflate stream (no zlib or gzip header). */
static inline int ordermail_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}
#endif
