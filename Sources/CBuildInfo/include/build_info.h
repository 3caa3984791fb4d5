#ifndef ORDERMAIL_BUILD_INFO_H
#define ORDERMAIL_BUILD_INFO_H

/* The git commit ordermail was built from ("unknown" outside a git checkout); Package.swift
   passes it in at build time, so the source tree never changes. */
const char *ordermail_build_commit(void);

#endif
