import ArgumentParser

/// A flag value that is one of a few named choices: its name is its raw value.
///
/// argument-parser's own defaults describe each case through `String(describing:)` every time a
/// command's arguments are built (several times per run), which costs a dynamic cast per case;
/// these read the raw values.
protocol ArgumentChoice: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

// Public because the library's public enums (BulkTAKFormat, ListFormat) take them as witnesses.
extension ArgumentChoice {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var allValueDescriptions: [String: String] { [:] }
    public var defaultValueDescription: String { rawValue }
}
