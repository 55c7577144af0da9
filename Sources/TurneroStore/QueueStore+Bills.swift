import Crypto
public import Foundation
import GRDB
public import TurneroCore

/// Which bill-cache dataset the kiosk holds.
public struct BillDataset: Sendable, Hashable {
    /// Version assigned by the publisher (the central server, or the import).
    public var version: String
    /// The day the data was extracted ("datos al …" on coupons).
    public var asOf: LocalDay
    public var count: Int
}

/// A coupon committed with its print job.
public struct IssuedCoupon: Sendable, Hashable {
    public var id: UUID
    public var coupon: Coupon
    public var printJob: Int64
}

extension QueueStore {
    /// Replaces the whole bill cache with `bills` in one transaction (readers see the old cache
    /// or the new one, never a mix).
    public func replaceBills(_ bills: [Bill], version: String, asOf: LocalDay) throws(StoreError) {
        try TurneroDatabase.storage {
            try database.writer.write { db in
                try db.execute(sql: "DELETE FROM bills")
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO bills (account, holder_name, bill_number, total_due, due_date, in_agreement, suspended)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                for bill in bills {
                    try insert.execute(arguments: [
                        bill.account, bill.holderName, bill.billNumber, bill.totalDue.rawValue, bill.dueDate.rawValue,
                        bill.inPaymentAgreement, bill.suspended,
                    ])
                }
                for (key, value) in [("bills_version", version), ("bills_as_of", asOf.rawValue), ("bills_count", String(bills.count))] {
                    try db.run(
                        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key, value])
                }
            }
        }
    }

    /// The bill cache in use, nil before the first import or download.
    public func billDataset() throws(StoreError) -> BillDataset? {
        try read { db in
            var values: [String: String] = [:]
            for row in try db.rows("SELECT key, value FROM meta WHERE key IN ('bills_version', 'bills_as_of', 'bills_count')") {
                values[row["key"]] = row["value"]
            }
            guard let version = values["bills_version"], let asOf = values["bills_as_of"].flatMap(LocalDay.init(rawValue:)) else {
                return nil
            }
            return BillDataset(version: version, asOf: asOf, count: Int(values["bills_count"] ?? "") ?? 0)
        }
    }

    /// The current bill of `account`, nil when the cache has none.
    public func bill(account: String) throws(StoreError) -> Bill? {
        try read { db in
            guard let row = try db.row("SELECT * FROM bills WHERE account = ?", [account]),
                let due = LocalDay(rawValue: row["due_date"])
            else { return nil }
            return Bill(
                account: row["account"], holderName: row["holder_name"], billNumber: row["bill_number"],
                totalDue: Pesos(row["total_due"] as Int64), dueDate: due, inPaymentAgreement: row["in_agreement"],
                suspended: row["suspended"])
        }
    }

    /// A keyed hash of an account number for events and logs: stable on this kiosk, useless
    /// to anyone without the database's key.
    public func accountHash(_ account: String) throws(StoreError) -> String {
        let key = try read { db in try db.value(String.self, "SELECT value FROM meta WHERE key = 'account_hash_key'") } ?? ""
        let mac = HMAC<SHA256>.authenticationCode(for: Data(account.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return mac.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// Records a coupon, its print job and its `coupon.issued` event in one transaction.
    public func recordCoupon(_ coupon: Coupon) throws(StoreError) -> IssuedCoupon {
        let hash = try accountHash(coupon.bill.account)
        return try transaction { context in
            let id = makeID()
            try context.db.run(
                """
                INSERT INTO coupons (id, kind, account_hash, bill_number, amount, due_date, dataset_version, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [id.uuidString, coupon.kind.rawValue, hash, coupon.bill.billNumber, coupon.amount.rawValue,
                 coupon.dueDate.rawValue, coupon.datasetVersion, context.now.millisecondsSince1970])
            try context.db.run(
                "INSERT INTO print_jobs (coupon_id, kind, created_at) VALUES (?, 'coupon', ?)",
                [id.uuidString, context.now.millisecondsSince1970])
            let job = context.db.lastInsertedRowID
            try context.record(
                .couponIssued(
                    coupon: id, kind: coupon.kind, accountHash: hash, billNumber: coupon.bill.billNumber,
                    amount: coupon.amount, dueDate: coupon.dueDate, datasetVersion: coupon.datasetVersion))
            return IssuedCoupon(id: id, coupon: coupon, printJob: job)
        }
    }
}

extension QueueStore {
    /// Makes the bill cache match the downloaded `bills` dataset if a newer version arrived
    /// (after each dataset download, and at start-up in case the kiosk stopped in between).
    /// Returns the version loaded, or nil when nothing changed.
    @discardableResult
    public func loadBillsFromDataset() throws(StoreError) -> String? {
        guard let downloaded = try database.datasetVersions()["bills"] else { return nil }
        let name = "central-v\(downloaded.version)"
        if try billDataset()?.version == name { return nil }
        let rows = try database.datasetRows(name: "bills")
        let array = "[" + rows.map(\.json).joined(separator: ",") + "]"
        switch BillFile.parse(Data(array.utf8)) {
        case .success(let bills):
            try replaceBills(bills, version: name, asOf: day(at: downloaded.appliedAt))
            return name
        case .failure(let rejection):
            throw StoreError(
                .corrupt, "downloaded bills v\(downloaded.version) rejected: \(rejection.problems.prefix(3).map(\.description))")
        }
    }
}
