#ifndef ORDERMAIL_CLIBXML2_SHIM_H
#define ORDERMAIL_CLIBXML2_SHIM_H
/* libxml2's streaming reader (xmlReader API) and its last-error record; nothing else is used.
   Debian builds libxml2 with ICU, and encoding.h then includes ICU's headers, whose types clash
   with Foundation's own copy of ICU. Only xmlCharEncodingHandler's private converter fields depend
   on it, and no Swift code touches that struct: leave ICU's headers out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#endif
