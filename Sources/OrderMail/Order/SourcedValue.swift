import OrderMailCore

/// A raw value as the user gave it, with where it came from.
public struct SourcedValue: Equatable, Sendable {
    /// The text exactly as given.
    public var value: String
    /// Where it came from.
    public var source: InputSource

    /// Creates a value from `source`.
    public init(_ value: String, from source: InputSource = .commandLine) {
        self.value = value
        self.source = source
    }
}

extension Optional where Wrapped == SourcedValue {
    /// The value validated by `make`, or nil when none was given; errors carry the value's source.
    func validated<T>(_ make: (String) throws(FieldError) -> T) throws(OrderMailError) -> T? {
        guard let self else { return nil }
        do { return try make(self.value) } catch { throw .invalidField(error, source: self.source) }
    }

    /// Like `validated(_:)`, but a missing value is an error naming `field`.
    func required<T>(_ field: String, hint: String = "", _ make: (String) throws(FieldError) -> T)
        throws(OrderMailError) -> T
    {
        guard let value = try validated(make) else {
            throw .invalidField(FieldError(field: field, rule: "is required\(hint)"), source: .commandLine)
        }
        return value
    }
}
