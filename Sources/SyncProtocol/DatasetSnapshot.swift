import Foundation
import Crypto

/// One keyed row of a dataset: the key and the row's JSON text.
public struct DatasetRow: Codable, Sendable, Hashable {
    public var key: String
    /// JSON text of the row (an object for bills, the whole document for `office-config`).
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// `GET /v1/datasets/{name}?have=V` (200): a full snapshot of one dataset version.
///
/// Rows are sorted by key (byte order); `checksum` is ``DatasetSnapshot/checksum(of:)`` over them,
/// and the kiosk swaps a version in only after recomputing it.
public struct DatasetSnapshot: Codable, Sendable, Hashable {
    public var name: String
    /// Assigned by the one publisher, increasing; never a timestamp cursor.
    public var version: Int64
    public var rowCount: Int
    /// Lowercase hex SHA-256 (see ``checksum(of:)``).
    public var checksum: String
    public var rows: [DatasetRow]

    public init(name: String, version: Int64, rows: [DatasetRow]) {
        let sorted = rows.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        self.name = name
        self.version = version
        self.rowCount = sorted.count
        self.checksum = Self.checksum(of: sorted)
        self.rows = sorted
    }

    /// SHA-256 over the rows in order, each as `len(key):key len(value):value` (lengths in UTF-8
    /// bytes, so no two row lists share a digest input).
    public static func checksum(of rows: some Sequence<DatasetRow>) -> String {
        var hasher = SHA256()
        for row in rows {
            hasher.update(data: Data("\(row.key.utf8.count):".utf8))
            hasher.update(data: Data(row.key.utf8))
            hasher.update(data: Data("\(row.value.utf8.count):".utf8))
            hasher.update(data: Data(row.value.utf8))
        }
        return Hex.encode(hasher.finalize())
    }

    /// Whether the row count and checksum match the rows.
    public var isIntact: Bool { rows.count == rowCount && Self.checksum(of: rows) == checksum }

    enum CodingKeys: String, CodingKey {
        case name, version, checksum, rows
        case rowCount = "row_count"
    }
}

/// The datasets a kiosk holds.
public enum DatasetName {
    /// The office configuration (services, counters, rules): one row, key `office`.
    public static let officeConfig = "office-config"
    /// The bill cache used to print payment coupons offline: one row per bill.
    public static let bills = "bills"
    /// The agents who sign in at counters: one row per agent (key: the agent's id), with the
    /// PBKDF2 hash of their PIN, never the PIN.
    public static let staff = "staff"
    /// Every dataset a kiosk downloads.
    public static let all = [officeConfig, bills, staff]
}

/// Lowercase hexadecimal.
public enum Hex {
    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
