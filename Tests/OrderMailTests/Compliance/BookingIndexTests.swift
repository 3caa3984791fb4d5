import Testing

@testable import OrderMail

/// The across-request index of bookings, record by record.
@Suite("The booking index")
struct BookingIndexTests {
    static func fields(unit: String, start: String? = "20261201100000") -> EngagementFields {
        var fields = EngagementFields()
        for (field, value) in [
            (EngagementField.registeredResidentIdentification, "191212121212"), (.serviceDomain, "riv:crm:scheduling"),
            (.categorization, "NA"), (.logicalAddress, unit), (.clinicalProcessInterestId, "NA"),
            (.dataController, "2321000016"),
        ] {
            fields[field] = CapturedValue(text: value, line: 1)
        }
        fields[.mostRecentContent] = start.map { CapturedValue(text: $0, line: 1) }
        return fields
    }

    @Test func followsTwoLiveRecordsOfOneBookingUntilBothAreDeleted() {
        var index = BookingIndex()
        let a = Self.fields(unit: "SE2321000016-A65H")
        let b = Self.fields(unit: "SE2321000016-F835")
        #expect(index.apply(sourceSystem: "S", booking: "B", fields: a, isDelete: false) == .accepted)
        #expect(
            index.apply(sourceSystem: "S", booking: "B", fields: b, isDelete: false) == .keyChanged(["logicalAddress"]))
        #expect(index.apply(sourceSystem: "s", booking: "B", fields: b, isDelete: false) == .unchangedResend)
        #expect(
            index.apply(
                sourceSystem: "S", booking: "B", fields: Self.fields(unit: "SE2321000016-1HZ5", start: nil),
                isDelete: true)
                == .deleteMismatch(["logicalAddress"]))
        #expect(
            index.apply(
                sourceSystem: "S", booking: "B", fields: Self.fields(unit: "SE2321000016-A65H", start: nil),
                isDelete: true) == .accepted)
        #expect(
            index.apply(
                sourceSystem: "S", booking: "B", fields: Self.fields(unit: "SE2321000016-F835", start: nil),
                isDelete: true) == .accepted)
        #expect(index.count == 0)
        #expect(index.apply(sourceSystem: "S", booking: "B", fields: b, isDelete: true) == .deleteUnknown)
    }

    @Test func aRebookingUpdatesTheRecord() {
        var index = BookingIndex()
        #expect(
            index.apply(sourceSystem: "S", booking: "B", fields: Self.fields(unit: "U"), isDelete: false) == .accepted)
        #expect(
            index.apply(
                sourceSystem: "S", booking: "B", fields: Self.fields(unit: "U", start: "20261202100000"),
                isDelete: false) == .accepted)
        #expect(
            index.apply(
                sourceSystem: "S", booking: "B", fields: Self.fields(unit: "U", start: "20261202100000"),
                isDelete: false)
                == .unchangedResend)
    }

    @Test func aRecordTakesTwentyEightBytesSoTheTableHoldsThirtySixPerBooking() {
        #expect(MemoryLayout<BookingIndex.Record>.stride == 28)
        #expect(MemoryLayout<UInt64>.stride + MemoryLayout<BookingIndex.Record>.stride == 36)
    }
}
