// Fills a ledger with sample whitelisting orders through the OrderMail library, all in one
// transaction, for scripts/bench. Not installed.
//
// Usage: ordermail-ledger-seed LEDGER COUNT [--bench-message-ids]
// With --bench-message-ids, order K (from 0) is sent and its Message-ID is
// <bench-order-K@regionstockholm.se>, the ids scripts/bench-replies' mbox answers.
import Foundation
import OrderMail

let arguments = CommandLine.arguments
let benchIDs = arguments.count == 4 && arguments[3] == "--bench-message-ids"
guard arguments.count == 3 || benchIDs, let count = Int(arguments[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: ordermail-ledger-seed LEDGER COUNT [--bench-message-ids]\n".utf8))
    exit(64)
}
do {
    guard let ledger = try Ledger.open(LedgerLocation(path: arguments[1]), create: true) else { exit(73) }
    let environment = MessageEnvironment.system()
    let templates = try TemplateLocator.locate(explicit: nil, environment: [:], executablePath: nil)
    let composer = WhitelistingComposer(templatesDirectory: templates, environment: environment)
    let addressing = Addressing(to: [try EmailAddress(Addressing.defaultRecipient, field: "to")])
    // Rendering dominates: render 1,000 distinct orders and record each as often as needed.
    let distinct = min(count, 1_000)
    var orders: [NewOrder] = []
    var messages: [ComposedMessage] = []
    var composedOrders: [WhitelistingOrder] = []
    for index in 0..<distinct {
        var request = WhitelistingOrderRequest()
        request.environment = SourcedValue(index.isMultiple(of: 3) ? "production" : "qa")
        request.complianceConfirmed = true
        request.sourceSystem = SourcedValue("SE2321000016-\(String(index, radix: 36, uppercase: true))")
        request.systemName = SourcedValue("Tidbok \(index)")
        request.region = SourcedValue("Region Stockholm")
        request.contactName = SourcedValue("Anna Andersson")
        request.contactEmail = SourcedValue("anna.andersson@regionstockholm.se")
        let composition = try composer.compose(request, addressing: addressing, ledger: nil)
        orders.append(.whitelisting(composition.order, message: composition.message, addressing: addressing))
        messages.append(composition.message)
        composedOrders.append(composition.order)
    }
    try ledger.inOneTransaction { () throws(OrderMailError) in
        for index in 0..<count {
            guard benchIDs else {
                _ = try ledger.record(
                    orders[index % distinct], firstEvent: index.isMultiple(of: 2) ? .draft : .sent, at: environment.now)
                continue
            }
            var message = messages[index % distinct]
            let id = "bench-order-\(index)@regionstockholm.se"
            message.wireForm = message.wireForm.replacingOccurrences(
                of: "Message-ID: <\(message.messageID)>", with: "Message-ID: <\(id)>")
            message.messageID = id
            let order = NewOrder.whitelisting(
                composedOrders[index % distinct], message: message, addressing: addressing)
            _ = try ledger.record(order, firstEvent: .sent, at: environment.now)
        }
    }
} catch {
    FileHandle.standardError.write(Data("ordermail-ledger-seed: \(error)\n".utf8))
    exit(1)
}
