#include "build_info.h"

#ifndef ORDERMAIL_COMMIT
#define ORDERMAIL_COMMIT "unknown"
#endif

const char *ordermail_build_commit(void) {
    return ORDERMAIL_COMMIT;
}
