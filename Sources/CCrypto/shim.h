#ifndef ORDERMAIL_CCRYPTO_SHIM_H
#define ORDERMAIL_CCRYPTO_SHIM_H
#include <openssl/sha.h>
#endif
