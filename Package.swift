// swift-tools-version:6.0
import PackageDescription

/// The commit being built, for `ordermail --version`; "unknown" outside a git checkout.
let commit: String = {
    guard let git = Context.gitInformation else { return "unknown" }
    return String(git.currentCommit.prefix(12)) + (git.hasUncommittedChanges ? "-modified" : "")
}()

/// Generic types used at concrete arguments get their metadata from accessor functions rather than from
/// mangled names that the runtime demangles on first use: demangling checks each generic requirement
/// with a protocol-conformance lookup, which scans every conformance record in the binary (about
/// 5,700 with Foundation linked in). For `compose`, this saves about a tenth of its instructions.
let metadataAccessors: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

let package = Package(
    name: "ordermail",
    platforms: [.macOS(.v13)],
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
        // Headers only: libcurl is loaded with dlopen when a subcommand first sends (see Sources/CCurl/shim.h).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Headers only: statfs(2) from glibc.
        .systemLibrary(name: "CFileSystem"),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CBuildInfo", cSettings: [.define("ORDERMAIL_COMMIT", to: "\"\(commit)\"")]),
        .target(
            name: "OrderMail",
            dependencies: ["CCurl", "CSQLite", "CCrypto", "CFileSystem", "CXLSXWriter", "CLibXML2", "CZlib", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: metadataAccessors
        ),
        .executableTarget(
            name: "ordermail",
            dependencies: [
                "OrderMail", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: metadataAccessors
        ),
        .executableTarget(name: "ordermail-ledger-seed", dependencies: ["OrderMail"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "OrderMailTests", dependencies: ["OrderMail", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "ordermailCLITests", dependencies: ["ordermail", "OrderMail", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
