#ifndef ORDERMAIL_CXLSXWRITER_SHIM_H
#define ORDERMAIL_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>

/* libxlsxwriter 1.2.1 (Debian 13) made the document properties' strings const pointers, 1.1.5
   (Debian 12) has them mutable, which Swift imports as different types: the shim assigns for both.
   The workbook keeps the pointer until it is closed. */
static inline void ordermail_workbook_properties_set_title(lxw_doc_properties *properties, char *title) {
    properties->title = title;
}
#endif
