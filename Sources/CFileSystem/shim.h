#ifndef ORDERMAIL_CFILESYSTEM_SHIM_H
#define ORDERMAIL_CFILESYSTEM_SHIM_H
/* statfs(2), which Swift's Glibc module leaves out: it tells the type of a file system. */
#include <sys/vfs.h>
#endif
