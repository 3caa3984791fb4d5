import Foundation
import OrderMailCore

extension Ledger {
    /// The newest link of the hash chain, among the orders' events and the checks' events: its
    /// sequence number and hash; nil for an empty ledger.
    func chainHead() throws(OrderMailError) -> (sequence: Int64, hash: String)? {
        let row = try run {
            try database.query(
                """
                SELECT sequence, hash FROM (
                    SELECT sequence, hash FROM events UNION ALL SELECT sequence, hash FROM check_events)
                ORDER BY sequence DESC LIMIT 1
                """
            ).first
        }
        guard let row, let sequence = row[0].integer, let hash = row[1].text else { return nil }
        return (sequence, hash)
    }

    /// Records a compliance check with its `checked` event; returns it with its id.
    ///
    /// Its id follows every check's, those recorded as orders before schema 8 included, so that one
    /// id names one check.
    @discardableResult
    public func recordCheck(_ check: ComplianceCheckRecord) throws(OrderMailError) -> ComplianceCheckRecord {
        try inOneTransaction { () throws(OrderMailError) in
            var check = check
            let highest = try run {
                try database.query(
                    """
                    SELECT max(coalesce((SELECT max(id) FROM compliance_checks), 0),
                               coalesce((SELECT max(id) FROM orders WHERE kind = 'compliance-check'), 0))
                    """
                ).first?.first?.integer ?? 0
            }
            check.id = highest + 1
            check.recordedBy = operatorName
            check.osUser = Operator.loginName
            check.recordedAsOrder = false
            check.withdrawal = nil
            let columns = ComplianceCheckRecord.columns
            try run {
                let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
                _ = try database.query(
                    "INSERT INTO compliance_checks (\(columns.sqlList())) VALUES (\(placeholders))",
                    columns.map { $0.value(check) })
            }
            try appendCheckEvent(.checked, note: nil, to: check, at: check.checkedAt)
            return check
        }
    }

    /// Withdraws check `id`: it no longer counts for the production guard. The withdrawal says who
    /// withdrew it, when and why (`note`), in the hash chain.
    @discardableResult
    public func withdrawCheck(id: Int64, note: String, at date: Date) throws(OrderMailError) -> ComplianceCheckRecord {
        try inOneTransaction { () throws(OrderMailError) in
            guard var check = try complianceCheck(id: id) else {
                throw .ledger("checks: there is no compliance check \(id)", .data)
            }
            if let withdrawal = check.withdrawal {
                throw .ledger(
                    "checks: compliance check \(id) was withdrawn already, by \(withdrawal.recordedBy) at \(withdrawal.at)",
                    .data)
            }
            check.withdrawal = try appendCheckEvent(.withdrawn, note: note, to: check, at: DateFormats.timestamp(date))
            return check
        }
    }

    @discardableResult
    private func appendCheckEvent(_ type: CheckEventType, note: String?, to check: ComplianceCheckRecord, at: String)
        throws(OrderMailError) -> CheckEventRecord
    {
        let head = try chainHead()
        var event = CheckEventRecord()
        event.sequence = (head?.sequence ?? 0) + 1
        event.checkID = check.id
        event.at = at
        event.type = type
        event.note = note
        event.recordedBy = operatorName
        event.osUser = Operator.loginName
        event.previousHash = head?.hash ?? Self.genesisHash
        event.hash = event.expectedHash(checkDigest: try checkDigest(check))
        let columns = CheckEventRecord.columns
        try run {
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            _ = try database.query(
                "INSERT INTO check_events (\(columns.sqlList())) VALUES (\(placeholders))",
                columns.map { $0.value(event) })
        }
        return event
    }

    /// The digest a check event covers: the check's columns, or for a check recorded as an order,
    /// that order's digest (hash version 2).
    func checkDigest(_ check: ComplianceCheckRecord) throws(OrderMailError) -> String {
        guard check.recordedAsOrder else { return check.digest }
        guard let order = try order(id: check.id) else {
            throw .ledger("ledger: compliance check \(check.id) is missing", .data)
        }
        return order.digest(version: 2, units: [])
    }

    /// Every compliance check, newest first (those recorded as orders before schema 8 included),
    /// with its withdrawal; only those of `hsaID` (any case) when it is given.
    public func complianceChecks(hsaID: String? = nil) throws(OrderMailError) -> [ComplianceCheckRecord] {
        let normalized = hsaID.map(HSAIDAnalysis.upperCased)
        let condition = normalized == nil ? "" : " WHERE source_system_normalized = ?"
        let parameters = normalized.map { [SQLValue.text($0)] } ?? []
        var checks: [ComplianceCheckRecord] = []
        let rows = try run {
            try database.query(
                "SELECT \(ComplianceCheckRecord.columns.sqlList()) FROM compliance_checks\(condition)", parameters)
        }
        for row in rows {
            guard let check = ComplianceCheckRecord.columns.decode(row[...], into: ComplianceCheckRecord()) else {
                throw .ledger("ledger: a compliance check is unreadable; run ordermail ledger verify", .data)
            }
            checks.append(check)
        }
        let legacyRows = try run {
            try database.query(
                "SELECT \(OrderRecord.columns.sqlList()) FROM orders WHERE kind = 'compliance-check'"
                    + (normalized == nil ? "" : " AND hsa_id_normalized = ?"), parameters)
        }
        for row in legacyRows {
            guard let order = OrderRecord.columns.decode(row[...], into: OrderRecord()),
                let check = ComplianceCheckRecord(legacy: order)
            else {
                throw .ledger(
                    "ledger: a compliance check recorded as an order is unreadable; run ordermail ledger verify", .data)
            }
            checks.append(check)
        }
        let withdrawals = try checkEvents(type: .withdrawn)
        for index in checks.indices { checks[index].withdrawal = withdrawals[checks[index].id] }
        return checks.sorted { $0.id > $1.id }
    }

    /// Compliance check `id`, or nil.
    public func complianceCheck(id: Int64) throws(OrderMailError) -> ComplianceCheckRecord? {
        let rows = try run {
            try database.query(
                "SELECT \(ComplianceCheckRecord.columns.sqlList()) FROM compliance_checks WHERE id = ?", [.integer(id)])
        }
        var check: ComplianceCheckRecord?
        if let row = rows.first {
            guard let decoded = ComplianceCheckRecord.columns.decode(row[...], into: ComplianceCheckRecord()) else {
                throw .ledger("ledger: compliance check \(id) is unreadable; run ordermail ledger verify", .data)
            }
            check = decoded
        } else if let order = try order(id: id), order.kind == .complianceCheck {
            guard let legacy = ComplianceCheckRecord(legacy: order) else {
                throw .ledger("ledger: compliance check \(id) is unreadable; run ordermail ledger verify", .data)
            }
            check = legacy
        }
        check?.withdrawal = try checkEvents(type: .withdrawn, check: id)[id]
        return check
    }

    /// The newest compliance check of `hsaID` (any case) that was not withdrawn: the one the
    /// production guard uses.
    public func latestComplianceCheck(hsaID: HSAID) throws(OrderMailError) -> ComplianceCheckRecord? {
        try complianceChecks(hsaID: hsaID.normalized).first(where: \.counts)
    }

    /// The check events of `type`, by check id (the newest per check).
    private func checkEvents(type: CheckEventType, check id: Int64? = nil) throws(OrderMailError) -> [Int64:
        CheckEventRecord]
    {
        let rows = try run {
            try database.query(
                "SELECT \(CheckEventRecord.columns.sqlList()) FROM check_events WHERE type = ?"
                    + (id == nil ? "" : " AND check_id = ?")
                    + " ORDER BY sequence",
                [.text(type.rawValue)] + (id.map { [SQLValue.integer($0)] } ?? []))
        }
        var events: [Int64: CheckEventRecord] = [:]
        for row in rows {
            guard let event = CheckEventRecord.columns.decode(row[...], into: CheckEventRecord()) else {
                throw .ledger("ledger: a compliance check's event is unreadable; run ordermail ledger verify", .data)
            }
            events[event.checkID] = event
        }
        return events
    }
}
