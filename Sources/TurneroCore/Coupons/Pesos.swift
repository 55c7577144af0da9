/// An amount of Colombian pesos, whole pesos only: money is never a floating-point number.
public struct Pesos: RawRepresentable, Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ value: Int64) { self.rawValue = value }

    public static func < (lhs: Pesos, rhs: Pesos) -> Bool { lhs.rawValue < rhs.rawValue }

    /// "$ 131.225" (Colombian grouping with dots).
    public var description: String {
        let digits = String(rawValue.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return (rawValue < 0 ? "-$ " : "$ ") + grouped
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
