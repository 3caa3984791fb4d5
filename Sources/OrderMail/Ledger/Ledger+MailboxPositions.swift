import OrderMailCore

extension Ledger {
    /// How far `mailbox` (``IMAPSettings/mailboxKey``) has been read, if it was before.
    public func mailboxPosition(_ mailbox: String) throws(OrderMailError) -> MailboxPosition? {
        let rows = try run {
            try database.query(
                "SELECT uid_validity, last_uid FROM mailbox_positions WHERE mailbox = ?", [.text(mailbox)])
        }
        guard let row = rows.first, let validity = row[0].integer.flatMap(UInt32.init(exactly:)),
            let last = row[1].integer.flatMap(UInt32.init(exactly:))
        else { return nil }
        return MailboxPosition(uidValidity: validity, lastUID: last)
    }

    /// Notes that `mailbox` has been read up to `position`.
    public func setMailboxPosition(_ position: MailboxPosition, of mailbox: String) throws(OrderMailError) {
        try inOneTransaction { () throws(OrderMailError) in
            try run {
                try database.executeForEach(
                    "INSERT INTO mailbox_positions (mailbox, uid_validity, last_uid) VALUES (?, ?, ?) "
                        + "ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid",
                    [[.text(mailbox), .integer(Int64(position.uidValidity)), .integer(Int64(position.lastUID))]])
            }
        }
    }
}
