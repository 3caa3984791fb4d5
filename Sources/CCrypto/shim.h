#ifndef ORDERMAIL_CCRYPTO_SHIM_H
#define ORDERMAIL_CCRYPTO_SHIM_H
#include <stddef.h>
#include <openssl/evp.h>

/** Writes the SHA-256 digest of `length` bytes at `data` into `digest` (32 bytes); returns 1 on success. */
static inline int ordermail_sha256(const unsigned char *data, size_t length, unsigned char *digest) {
    return EVP_Digest(data, length, digest, NULL, EVP_sha256(), NULL);
}
#endif
