#ifndef ORDERMAIL_CXLSXWRITER_SHIM_H
#define ORDERMAIL_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
