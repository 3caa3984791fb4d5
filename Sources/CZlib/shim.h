#ifndef ORDERMAIL_CZLIB_SHIM_H
#define ORDERMAIL_CZLIB_SHIM_H
/* zlib's gzip file functions, for reading captures saved as .gz. */
#include <zlib.h>
#endif
