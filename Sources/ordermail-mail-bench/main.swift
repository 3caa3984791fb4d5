// Benchmark driver for scripts/bench-replies; not installed and not part of the product. Reads mail
// through the OrderMail library (MailSource, ReplyMatcher) the way `ordermail replies import
// --dry-run` will once that command exists, against ORDERS sample orders whose Message-IDs are
// <bench-order-K@regionstockholm.se>, and prints how many messages of each kind it read and matched.
//
// Usage: ordermail-mail-bench ORDERS PATH...
import Foundation
import OrderMail

let arguments = CommandLine.arguments
guard arguments.count >= 3, let orderCount = Int(arguments[1]), orderCount > 0 else {
    FileHandle.standardError.write(Data("usage: ordermail-mail-bench ORDERS PATH...\n".utf8))
    exit(64)
}
let candidates = (0..<orderCount).map { index in
    ReplyCandidate(
        orderID: Int64(index + 1), messageIDs: ["bench-order-\(index)@regionstockholm.se"],
        reference: "VGR-BENCH-\(index)", hsaID: "SE2321000016-\(String(index, radix: 36, uppercase: true))",
        environment: index.isMultiple(of: 3) ? .production : .qa, awaitsAnswer: true)
}
let matcher = ReplyMatcher(candidates: candidates, casePattern: try CasePattern("(INC|CS|RITM)[0-9]{5,}"))
var kinds: [String: Int] = [:]
var matched = 0
var errors = 0
for item in MailSource(paths: Array(arguments.dropFirst(2))) {
    switch item.result {
    case .success(let mail):
        kinds[mail.classification.name, default: 0] += 1
        if case .matched = matcher.match(mail).outcome { matched += 1 }
    case .failure(let error):
        errors += 1
        FileHandle.standardError.write(Data("ordermail-mail-bench: \(error)\n".utf8))
    }
}
let summary = kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
print("messages \(kinds.values.reduce(0, +)) (\(summary)), matched \(matched), errors \(errors)")
