#ifndef ORDERMAIL_CARCHIVE_SHIM_H
#define ORDERMAIL_CARCHIVE_SHIM_H
/* libarchive, for captures in .gz, .xz, .zip (Zip64 too), .tar, .tar.gz, .tar.xz and .7z. */
#include <archive.h>
#include <archive_entry.h>
#endif
