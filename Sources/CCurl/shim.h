#ifndef ORDERMAIL_CCURL_SHIM_H
#define ORDERMAIL_CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>

/* libcurl is loaded with dlopen when a subcommand first sends, so that the subcommands that never
   talk SMTP do not pay for loading it and the many libraries it needs. */
typedef struct ordermail_curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    CURLcode (*easy_perform)(CURL *handle);
    void (*easy_cleanup)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
} ordermail_curl_api;

/* Fills api from libcurl.so.4; returns NULL, or dlerror()'s text when the library or a symbol is missing. */
static inline const char *ordermail_curl_load(ordermail_curl_api *api) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return dlerror();
#define ORDERMAIL_CURL_SYMBOL(field, name) \
    if ((*(void **)(&api->field) = dlsym(library, name)) == NULL) return dlerror();
    ORDERMAIL_CURL_SYMBOL(global_init, "curl_global_init")
    ORDERMAIL_CURL_SYMBOL(easy_init, "curl_easy_init")
    ORDERMAIL_CURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    ORDERMAIL_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    ORDERMAIL_CURL_SYMBOL(easy_perform, "curl_easy_perform")
    ORDERMAIL_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    ORDERMAIL_CURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    ORDERMAIL_CURL_SYMBOL(slist_append, "curl_slist_append")
    ORDERMAIL_CURL_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef ORDERMAIL_CURL_SYMBOL
    return NULL;
}

/* Calls through the loaded functions, so that Swift never handles the function pointers. */

static inline CURLcode ordermail_curl_global_init(const ordermail_curl_api *api) { return api->global_init(CURL_GLOBAL_DEFAULT); }
static inline CURL *ordermail_curl_easy_init(const ordermail_curl_api *api) { return api->easy_init(); }
static inline CURLcode ordermail_curl_easy_perform(const ordermail_curl_api *api, CURL *handle) { return api->easy_perform(handle); }
static inline void ordermail_curl_easy_cleanup(const ordermail_curl_api *api, CURL *handle) { api->easy_cleanup(handle); }
static inline const char *ordermail_curl_easy_strerror(const ordermail_curl_api *api, CURLcode code) { return api->easy_strerror(code); }
static inline struct curl_slist *ordermail_curl_slist_append(const ordermail_curl_api *api, struct curl_slist *list, const char *text) {
    return api->slist_append(list, text);
}
static inline void ordermail_curl_slist_free_all(const ordermail_curl_api *api, struct curl_slist *list) { api->slist_free_all(list); }

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call:
   one non-variadic wrapper per argument type. */

static inline CURLcode ordermail_curl_setopt_long(const ordermail_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode ordermail_curl_setopt_string(const ordermail_curl_api *api, CURL *handle, CURLoption option, const char *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode ordermail_curl_setopt_pointer(const ordermail_curl_api *api, CURL *handle, CURLoption option, void *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode ordermail_curl_setopt_slist(const ordermail_curl_api *api, CURL *handle, CURLoption option, struct curl_slist *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode ordermail_curl_setopt_read_function(const ordermail_curl_api *api, CURL *handle, curl_read_callback callback) {
    return api->easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

static inline CURLcode ordermail_curl_setopt_debug_function(const ordermail_curl_api *api, CURL *handle, curl_debug_callback callback) {
    return api->easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

static inline CURLcode ordermail_curl_getinfo_long(const ordermail_curl_api *api, CURL *handle, CURLINFO info, long *value) {
    return api->easy_getinfo(handle, info, value);
}

static inline CURLcode ordermail_curl_getinfo_socket(const ordermail_curl_api *api, CURL *handle, curl_socket_t *value) {
    return api->easy_getinfo(handle, CURLINFO_ACTIVESOCKET, value);
}
#endif
