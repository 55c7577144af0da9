public import Foundation

/// Reads a bill-cache export (CSV or JSON) and checks every row; a file with any bad row is
/// rejected whole, with every problem listed by line, so the cache is never half replaced.
///
/// CSV header (any order): `account,holder_name,bill_number,total_due,due_date,in_agreement,suspended`
/// (the last two optional, `0/1`, `true/false`, `si/no`). JSON: an array of objects with the same
/// keys, or `{"version": "...", "bills": [...]}`.
public enum BillFile {
    /// A rejected row: 1-based line (CSV) or array index + 1 (JSON), and why.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Every problem of a rejected file.
    public struct Rejection: Error, Sendable, Hashable {
        public var problems: [Problem]
    }

    /// The rows of the file, or every problem found.
    public static func parse(_ data: Data, maximumRows: Int = 2_000_000) -> Result<[Bill], Rejection> {
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        return trimmed.first == "[" || trimmed.first == "{" ? parseJSON(data) : parseCSV(text, maximumRows: maximumRows)
    }

    static let requiredColumns = ["account", "holder_name", "bill_number", "total_due", "due_date"]

    private static func parseCSV(_ text: String, maximumRows: Int) -> Result<[Bill], Rejection> {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        guard let header = lines.first else { return .failure(Rejection(problems: [Problem(line: 1, reason: "the file is empty")])) }
        let separator: Character = header.contains(";") && !header.contains(",") ? ";" : ","
        let columns = header.split(separator: separator).map { String($0).trimmingWhitespace().lowercased() }
        let missing = requiredColumns.filter { !columns.contains($0) }
        guard missing.isEmpty else {
            return .failure(Rejection(problems: [Problem(line: 1, reason: "missing column(s) \(missing.joined(separator: ", ")) in the header")]))
        }
        var bills: [Bill] = []
        var problems: [Problem] = []
        var seen = Set<String>()
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingWhitespace().isEmpty {
            let number = offset + 1
            guard bills.count + problems.count < maximumRows else {
                problems.append(Problem(line: number, reason: "more than \(maximumRows) rows"))
                break
            }
            let fields = line.split(separator: separator, omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            guard fields.count == columns.count else {
                problems.append(Problem(line: number, reason: "\(fields.count) fields, the header has \(columns.count)"))
                continue
            }
            var row: [String: String] = [:]
            for (name, value) in zip(columns, fields) { row[name] = value }
            switch bill(from: row) {
            case .success(let bill):
                if seen.insert(bill.account).inserted { bills.append(bill) } else {
                    problems.append(Problem(line: number, reason: "account ****\(bill.account.suffix(4)) appears twice"))
                }
            case .failure(let reason): problems.append(Problem(line: number, reason: reason.text))
            }
        }
        return problems.isEmpty ? .success(bills) : .failure(Rejection(problems: problems))
    }

    private static func parseJSON(_ data: Data) -> Result<[Bill], Rejection> {
        let object = try? JSONSerialization.jsonObject(with: data)
        let rows: [Any]
        if let array = object as? [Any] {
            rows = array
        } else if let wrapper = object as? [String: Any], let array = wrapper["bills"] as? [Any] {
            rows = array
        } else {
            return .failure(Rejection(problems: [Problem(line: 1, reason: "not a JSON array of bills (or an object with \"bills\")")]))
        }
        var bills: [Bill] = []
        var problems: [Problem] = []
        var seen = Set<String>()
        for (index, element) in rows.enumerated() {
            guard let object = element as? [String: Any] else {
                problems.append(Problem(line: index + 1, reason: "not an object"))
                continue
            }
            var row: [String: String] = [:]
            for (key, value) in object { row[key.lowercased()] = "\(value)" }
            switch bill(from: row) {
            case .success(let bill):
                if seen.insert(bill.account).inserted { bills.append(bill) } else {
                    problems.append(Problem(line: index + 1, reason: "account ****\(bill.account.suffix(4)) appears twice"))
                }
            case .failure(let reason): problems.append(Problem(line: index + 1, reason: reason.text))
            }
        }
        return problems.isEmpty ? .success(bills) : .failure(Rejection(problems: problems))
    }

    private struct Reason: Error { var text: String }

    private static func bill(from row: [String: String]) -> Result<Bill, Reason> {
        let account = row["account"] ?? ""
        guard (4...18).contains(account.count), account.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(Reason(text: "account must be 4 to 18 digits"))
        }
        let name = row["holder_name"] ?? ""
        guard !name.isEmpty, name.count <= 120 else { return .failure(Reason(text: "holder_name must have 1 to 120 characters")) }
        let billNumber = row["bill_number"] ?? ""
        guard !billNumber.isEmpty, billNumber.count <= 30 else { return .failure(Reason(text: "bill_number must have 1 to 30 characters")) }
        let totalText = row["total_due"] ?? ""
        guard totalText.count <= 15, totalText.allSatisfy({ $0.isASCII && $0.isNumber }), let total = Int64(totalText) else {
            return .failure(Reason(text: "total_due must be whole pesos (digits only, at most 15)"))
        }
        guard let due = LocalDay(rawValue: row["due_date"] ?? "") else {
            return .failure(Reason(text: "due_date must be a real date as YYYY-MM-DD"))
        }
        guard let agreement = flag(row["in_agreement"]), let suspended = flag(row["suspended"]) else {
            return .failure(Reason(text: "in_agreement and suspended must be 0/1, true/false or si/no"))
        }
        return .success(
            Bill(
                account: account, holderName: name, billNumber: billNumber, totalDue: Pesos(total), dueDate: due,
                inPaymentAgreement: agreement, suspended: suspended))
    }

    private static func flag(_ value: String?) -> Bool? {
        switch value?.lowercased() {
        case nil, "", "0", "false", "no", "n": false
        case "1", "true", "si", "sí", "s", "yes", "y": true
        default: nil
        }
    }
}
