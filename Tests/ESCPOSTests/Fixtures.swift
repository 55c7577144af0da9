import ESCPOS
import Foundation
import TestSupport

/// The encoder suites' own fixtures: golden files, profiles as JSON to break, the sample ticket.
extension Fixtures {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// A valid profile as JSON text, for tests that break one field.
    static func profileJSON(_ id: String = "epson-tm-t20iii") throws -> [String: Any] {
        let data = try Data(contentsOf: devices.appendingPathComponent("\(id).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Decodes a modified profile dictionary.
    static func decode(_ object: [String: Any]) throws(ProfileError) -> PrinterProfile {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return try PrinterProfile.decode(json: data, file: "test.json")
    }

    /// The ticket every golden file and round trip uses.
    static let ticket = TicketContent.sample
}

extension Array where Element == UInt8 {
    /// Index of the first occurrence of `pattern`, if any.
    func firstRange(of pattern: [UInt8]) -> Range<Int>? {
        guard !pattern.isEmpty, pattern.count <= count else { return nil }
        for start in 0...(count - pattern.count) where self[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start..<(start + pattern.count)
        }
        return nil
    }

    func contains(sequence pattern: [UInt8]) -> Bool { firstRange(of: pattern) != nil }

    /// Every index where `pattern` starts.
    func ranges(of pattern: [UInt8]) -> [Range<Int>] {
        guard !pattern.isEmpty, pattern.count <= count else { return [] }
        return (0...(count - pattern.count)).filter { self[$0..<($0 + pattern.count)].elementsEqual(pattern) }
            .map { $0..<($0 + pattern.count) }
    }
}
