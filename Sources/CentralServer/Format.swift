import Foundation

/// How the pages write figures, durations and times (Colombian Spanish: decimal comma).
enum Format {
    /// Minutes from seconds, one decimal written as Colombia writes it (`12,5`; `—` for no data).
    static func minutes(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        return decimal(seconds / 60)
    }

    /// One decimal with a decimal comma (es-CO): `1,6`, `-12,5`.
    static func decimal(_ value: Double) -> String {
        String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }

    /// A share as a percentage (`—` for no data).
    static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        return String(format: "%.0f %%", share * 100)
    }

    /// A number with at most one decimal, decimal comma (`—` for no data).
    static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value.rounded() == value ? String(Int(value)) : decimal(value)
    }

    /// A duration for people: `45 s`, `12 min`, `3 h 05`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        if seconds < 90 { return "\(Int(seconds.rounded())) s" }
        if seconds < 5_400 { return "\(Int((seconds / 60).rounded())) min" }
        let minutes = Int(seconds / 60)
        return String(format: "%d h %02d", minutes / 60, minutes % 60)
    }

    /// A wall-clock time in the office's zone.
    static func time(_ date: Date?, in timeZone: TimeZone, withDate: Bool = false) -> String {
        guard let date else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = withDate ? "yyyy-MM-dd HH:mm" : "HH:mm:ss"
        return formatter.string(from: date)
    }
}
