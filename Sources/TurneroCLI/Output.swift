import Foundation
import TurneroCore

/// Writes `value` as pretty, key-sorted JSON on stdout (dates as ISO 8601 for people and scripts).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Local date-time formatting in the office's zone.
struct OfficeClock {
    var timeZone: TimeZone

    func dateTime(_ date: Date) -> String { format(date, "dd/MM/yyyy HH:mm") }
    func time(_ date: Date) -> String { format(date, "HH:mm") }

    private func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "es_CO")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}

/// Minutes, one decimal, for tables ("12.5"), or "—" for no data.
func minutes(_ seconds: Double?) -> String {
    guard let seconds else { return "—" }
    return String(format: "%.1f", seconds / 60)
}

/// A share as a percentage ("87%"), or "—".
func percent(_ share: Double?) -> String {
    guard let share else { return "—" }
    return String(format: "%.0f%%", share * 100)
}

/// Pads `text` to `width` display columns (accented letters count as one).
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let count = text.count
    guard count < width else { return text }
    let padding = String(repeating: " ", count: width - count)
    return right ? padding + text : text + padding
}
