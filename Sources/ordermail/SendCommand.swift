import ArgumentParser
import Foundation
import OrderMail

/// `ordermail send`: sends an order through the configured SMTP server and records the outcome.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a whitelisting order through the configured SMTP server.",
        discussion: """
            With order flags, composes the order exactly as compose does and sends it. With an ID, \
            sends the draft that compose stored, byte for byte, to exactly the To: and Cc: it holds, \
            after checking it against its SHA-256 and the hash chain. Every local check runs first; \
            then the attempt is recorded, in the same transaction as the status and repeat checks; \
            then the SMTP transaction; then its outcome. A new order for an environment and HSA-id \
            whose earlier order is sent, confirmed, being sent or of unknown outcome is refused \
            unless --force, and so is one from flags while a draft or failed order for them waits. \
            When the outcome is unknown (the connection ended after the whole message was handed \
            over), the server may have the message: check with support, then \
            'ordermail send --retry ID' re-sends the same bytes with the same Message-ID.
            """)

    @Argument(help: "Send the stored draft with this id instead of composing from flags.")
    var id: Int64?

    @Option(
        help: ArgumentHelp(
            "Re-send order ID, whose outcome was unknown or a temporary failure, with the same bytes.", valueName: "id")
    )
    var retry: Int64?

    @OptionGroup var order: WhitelistingOrderOptions
    @OptionGroup var addressing: AddressingOptions
    @OptionGroup var smtp: SMTPOptions
    @OptionGroup var common: CommonOptions

    @Flag(help: "Send even though an earlier order for the same environment and HSA-id stands, or one waits unsent.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Send a production order although its system's latest compliance check, this one, failed; recorded with the order.",
            valueName: "check-id"))
    var despiteFailedCheck: Int64?

    @Flag(help: "Print the SMTP conversation on stderr (authentication redacted).")
    var verbose = false

    @OptionGroup var templates: TemplatesOption

    func validate() throws {
        if id != nil, retry != nil { throw ValidationError("--retry: give either an ID or --retry ID, not both") }
        if let stored = id ?? retry {
            let changing =
                order.given + addressing.given + (templates.folder == nil ? [] : ["--templates"])
                + (despiteFailedCheck == nil ? [] : ["--despite-failed-check"])
            if let flag = changing.first {
                throw ValidationError(
                    "\(flag): order \(stored) is sent as stored; compose a new order to change its recipients or content"
                )
            }
        }
    }

    func run() throws {
        let smtpFlags = try smtp.overrides()
        let sending = CommandLineSend(force: force, verbose: verbose)
        let delivery: SendOrder.Delivery
        if let stored = id ?? retry {
            let configuration = try common.configuration().overridden(by: smtpFlags)
            let ledger = try common.openExistingLedger(configuration)
            let record = try SendOrder.sendableOrder(stored, in: ledger)
            let settings = try sending.settings(configuration, sender: SendOrder.envelopeSender(of: record))
            delivery = try sending.useCase(ledger, settings).sendStored(record, retry: retry != nil)
        } else {
            let prepared = try PreparedOrder(
                order: order, common: common, addressing: addressing, overrides: smtpFlags, templates: templates.folder,
                despiteFailedCheck: despiteFailedCheck)
            let settings = try sending.settings(prepared.configuration, sender: prepared.envelopeSender)
            let ledger = try common.ledger(existing: prepared.existingLedger, prepared.configuration)
            delivery = try sending.useCase(ledger, settings).sendNew(prepared.composition)
        }
        try sending.report(delivery, sent: "order \(delivery.orderID)")
    }
}
