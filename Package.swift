// swift-tools-version:6.0
// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the ordermail authors. Licensed under the Apache License, Version 2.0 (LICENSE).
import PackageDescription

/// The commit being built, for `ordermail --version`; "unknown" outside a git checkout.
let commit: String = {
    guard let git = Context.gitInformation else { return "unknown" }
    return String(git.currentCommit.prefix(12)) + (git.hasUncommittedChanges ? "-modified" : "")
}()

// Linux with glibc only: the library calls glibc directly (Glibc, statfs, localtime_r).
let package = Package(
    name: "ordermail",
    products: [
        .library(name: "OrderMail", targets: ["OrderMail"]),
        .executable(name: "ordermail", targets: ["ordermail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Headers only: statfs(2) from glibc.
        .systemLibrary(name: "CFileSystem"),
        // Headers only: prctl(2), setrlimit(2) and explicit_bzero(3) from glibc, for secrets.
        .systemLibrary(name: "CSecretMemory"),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .target(name: "CBuildInfo", cSettings: [.define("ORDERMAIL_COMMIT", to: "\"\(commit)\"")]),
        // sigaction(2) and signal masks, whose handlers must be C.
        .target(name: "CSignals"),
        // The layers, each a module so that the compiler keeps them apart: the core values and
        // helpers; reading mail (MIME, mailbox formats, classification); checking captured Update
        // requests; and the library itself (orders, ledger, transport, use cases), which
        // re-exports the other three.
        .target(name: "OrderMailCore", dependencies: ["CCrypto", "CSignals"]),
        .target(name: "OrderMailMailFormat", dependencies: ["OrderMailCore"]),
        .target(name: "OrderMailCompliance", dependencies: ["OrderMailCore", "CLibXML2", "CArchive"]),
        .target(
            name: "OrderMail",
            dependencies: [
                "OrderMailCore", "OrderMailMailFormat", "OrderMailCompliance",
                "CCurl", "CSQLite", "CFileSystem", "CSecretMemory", "CXLSXWriter",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "ordermail",
            dependencies: [
                "OrderMail", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "ordermail-ledger-seed", dependencies: ["OrderMail"]),
        // Benchmark driver for scripts/bench-replies (reading mail through the library); not installed.
        .executableTarget(name: "ordermail-mail-bench", dependencies: ["OrderMail"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "OrderMailTests",
            dependencies: ["OrderMail", "OrderMailCore", "OrderMailMailFormat", "OrderMailCompliance", "TestSupport"],
            exclude: ["Golden", "LedgerFixtures", "MailFixtures"]),
        .testTarget(name: "ordermailCLITests", dependencies: ["ordermail", "OrderMail", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
