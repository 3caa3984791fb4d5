import CSecretMemory

/// A password or token, held in memory that ordermail owns: never printed, never a `String`, zeroed
/// when it is no longer needed. Creating one forbids core dumps for the rest of the process, so the
/// secret (and libcurl's copy of it) cannot end up in one.
public final class Secret: @unchecked Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bytes and a terminating NUL, for C.
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// The secret's length in bytes.
    public let count: Int

    /// Takes `bytes` and zeroes the caller's copy, which must not be shared with another array.
    public init(taking bytes: inout [UInt8]) {
        Self.forbidCoreDumps()
        count = bytes.count
        storage = .allocate(capacity: bytes.count + 1)
        storage.initialize(repeating: 0)
        for (index, byte) in bytes.enumerated() { storage[index] = byte }
        bytes.withUnsafeMutableBytes { ordermail_wipe($0.baseAddress, $0.count) }
        bytes.removeAll()
    }

    deinit {
        ordermail_wipe(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Calls `body` with the secret as a NUL-terminated C string, valid only during the call.
    public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try storage.withMemoryRebound(to: CChar.self) { characters in
            // The buffer is allocated, so its base address is never nil.
            try body(UnsafePointer(characters.baseAddress ?? UnsafeMutablePointer(mutating: "")))
        }
    }

    /// Whether the secret's bytes equal `bytes`.
    public func equals(_ bytes: some Sequence<UInt8>) -> Bool { storage.prefix(count).elementsEqual(bytes) }

    public static func == (lhs: Secret, rhs: Secret) -> Bool { lhs.equals(rhs.storage.prefix(rhs.count)) }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// Core dumps are forbidden once, as soon as the first secret is read.
    private static let coreDumpsForbidden: Bool = ordermail_forbid_core_dumps() == 0

    private static func forbidCoreDumps() { _ = coreDumpsForbidden }
}
