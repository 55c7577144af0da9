public import Foundation

extension Date {
    /// Whole milliseconds since 1970: how the store and the wire keep instants.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The instant `milliseconds` after 1970.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    /// This instant truncated to the millisecond (what survives a round trip through the store).
    public var truncatedToMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }
}
