#ifndef ORDERMAIL_CCRYPTO_SHIM_H
#define ORDERMAIL_CCRYPTO_SHIM_H
/* SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but EVP's first digest
   fetches the algorithm from a provider and reads openssl.cnf: about 5 million instructions, a
   third of ordermail's start-up. The direct functions compute the same digest with the same
   assembly and need no initialisation. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stddef.h>
#include <openssl/sha.h>

/** Writes the SHA-256 digest of `length` bytes at `data` into `digest` (32 bytes). */
static inline void ordermail_sha256(const unsigned char *data, size_t length, unsigned char *digest) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, data, length);
    SHA256_Final(digest, &context);
}
#endif
