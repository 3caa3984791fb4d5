import CSecretMemory
import OrderMailCore

/// A password or token, held in memory that ordermail owns: never printed, never a `String`, zeroed
/// when it is no longer needed. Creating one forbids core dumps for the rest of the process, so the
/// secret (and libcurl's copy of it) cannot end up in one.
public final class Secret: @unchecked Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bytes and a terminating NUL, for C: `count + 1` bytes.
    private let bytesAndNUL: UnsafeMutablePointer<UInt8>
    /// The secret's length in bytes.
    public let count: Int

    /// Takes `bytes` and zeroes the caller's copy, which must not be shared with another array.
    public init(taking bytes: inout [UInt8]) {
        Self.forbidCoreDumps()
        count = bytes.count
        bytesAndNUL = .allocate(capacity: bytes.count + 1)
        bytesAndNUL.initialize(repeating: 0, count: bytes.count + 1)
        for (index, byte) in bytes.enumerated() { bytesAndNUL[index] = byte }
        Self.wipe(&bytes)
        bytes.removeAll()
    }

    deinit {
        ordermail_wipe(bytesAndNUL, count + 1)
        bytesAndNUL.deallocate()
    }

    /// Calls `body` with the secret as a NUL-terminated C string, valid only during the call.
    public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try bytesAndNUL.withMemoryRebound(to: CChar.self, capacity: count + 1) { try body(UnsafePointer($0)) }
    }

    /// Whether the secret's bytes equal `bytes`.
    public func equals(_ bytes: some Sequence<UInt8>) -> Bool { self.bytes.elementsEqual(bytes) }

    public static func == (lhs: Secret, rhs: Secret) -> Bool { lhs.equals(rhs.bytes) }

    /// The secret's bytes, without the NUL; valid while the secret lives.
    private var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: bytesAndNUL, count: count) }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// Zeroes `bytes` in place with explicit_bzero(3), which the compiler cannot leave out; for the
    /// buffers a secret passes through before it is a `Secret`.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { ordermail_wipe($0.baseAddress, $0.count) }
    }

    /// Core dumps are forbidden once, as soon as the first secret is read.
    private static let coreDumpsForbidden: Bool = ordermail_forbid_core_dumps() == 0

    private static func forbidCoreDumps() { _ = coreDumpsForbidden }
}
