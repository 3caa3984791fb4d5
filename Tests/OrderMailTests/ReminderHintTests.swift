import Foundation
import Testing

@testable import OrderMail

/// `list --awaiting --days N`: which orders the table says to remind support of.
@Suite("The reminder hint of list --awaiting --days")
struct ReminderHintTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func summary(_ id: Int64, _ status: EventType, daysAgo: Double, kind: OrderKind = .whitelisting)
        -> OrderSummary
    {
        OrderSummary(
            id: id, createdAt: DateFormats.timestamp(now.addingTimeInterval(-90 * 86_400)), kind: kind,
            environment: "qa", platform: nil,
            hsaID: "SE2321000016-84GX", systemName: "Cosmic", messageID: "m\(id)@regionstockholm.se", reference: nil,
            requestedDate: nil,
            supportCase: nil, status: status, statusAt: DateFormats.timestamp(now.addingTimeInterval(-daysAgo * 86_400))
        )
    }

    static func hint(_ rows: [OrderSummary], days: Int?, followUps: [Int64: String] = [:]) -> String {
        var writer = OrderListWriter(format: .table, awaiting: true, now: now) { _ in }
        writer.reminderAfterDays = days
        writer.latestFollowUps = followUps
        for row in rows { writer.add(row) }
        return writer.reminders()
    }

    @Test func remindsOfEmailOrdersWaitingForSupportAtLeastNDays() {
        let rows = [
            Self.summary(1, .sent, daysAgo: 20), Self.summary(2, .acknowledged, daysAgo: 15),
            Self.summary(3, .sent, daysAgo: 3),
            Self.summary(4, .needsInfo, daysAgo: 30), Self.summary(5, .submitted, daysAgo: 30, kind: .bulkTAK),
            Self.summary(6, .unknown, daysAgo: 30),
        ]
        #expect(
            Self.hint(rows, days: 14)
                == "\n2 orders have waited 14 days or more for support; remind them with:\n  ordermail follow-up 1 --reminder\n  ordermail follow-up 2 --reminder\n"
        )
        #expect(Self.hint(rows, days: nil) == "")
    }

    @Test func aReminderSentRestartsTheWait() {
        let rows = [Self.summary(1, .sent, daysAgo: 20), Self.summary(2, .sent, daysAgo: 20)]
        let recent = DateFormats.timestamp(Self.now.addingTimeInterval(-2 * 86_400))
        let old = DateFormats.timestamp(Self.now.addingTimeInterval(-16 * 86_400))
        #expect(
            Self.hint(rows, days: 14, followUps: [1: recent, 2: old])
                == "\n1 order has waited 14 days or more for support; remind them with:\n  ordermail follow-up 2 --reminder\n"
        )
    }
}
