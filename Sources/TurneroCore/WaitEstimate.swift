/// The estimated wait printed on a ticket, as a range in whole minutes ("15–25 min").
public struct WaitEstimate: Codable, Sendable, Hashable {
    public var lowerMinutes: Int
    public var upperMinutes: Int
    /// The point estimate the range was made from (kept to measure estimate error).
    public var pointMinutes: Double

    public init(lowerMinutes: Int, upperMinutes: Int, pointMinutes: Double) {
        self.lowerMinutes = lowerMinutes
        self.upperMinutes = upperMinutes
        self.pointMinutes = pointMinutes
    }

    /// "15–25 min".
    public var text: String { "\(lowerMinutes)–\(upperMinutes) min" }
}

/// Estimates a new turn's wait: `(A + ½·B) × AHT / C`.
///
/// A = turns ahead under the real ordering rule, B = customers at counters for the service,
/// AHT = mean walk + service time of the last `sampleSize` served turns of the service,
/// C = open counters serving it (a counter serving k services counts 1/k).
/// Hidden (nil) below `minimumSamples` samples or with no open counter.
public struct WaitEstimator: Sendable {
    public var minimumSamples: Int
    public var sampleSize: Int

    public init(minimumSamples: Int = 5, sampleSize: Int = 20) {
        self.minimumSamples = minimumSamples
        self.sampleSize = sampleSize
    }

    /// - Parameters:
    ///   - ahead: A, turns ahead.
    ///   - atCounters: B, customers called or being served in the service.
    ///   - handlingTimes: recent walk + service times in seconds, newest last.
    ///   - counterCapacity: C, the summed share of open counters.
    public func estimate(
        ahead: Int, atCounters: Int, handlingTimes: [Double], counterCapacity: Double
    ) -> WaitEstimate? {
        let samples = handlingTimes.suffix(sampleSize)
        guard samples.count >= minimumSamples, counterCapacity > 0 else { return nil }
        let averageHandling = samples.reduce(0, +) / Double(samples.count)
        let seconds = (Double(ahead) + 0.5 * Double(atCounters)) * averageHandling / counterCapacity
        let minutes = seconds / 60
        // A range a customer can trust: −20 % / +25 %, on 5-minute steps, at least 5 wide.
        let lower = Int((minutes * 0.8 / 5).rounded(.down)) * 5
        let upper = max(lower + 5, Int((minutes * 1.25 / 5).rounded(.up)) * 5)
        return WaitEstimate(lowerMinutes: lower, upperMinutes: upper, pointMinutes: (minutes * 10).rounded() / 10)
    }
}

extension WaitEstimator {
    /// C for `service`: the summed share of the open counters that serve it (a counter serving
    /// k services counts 1/k). The kiosk's store and the centre's ticket page both use it.
    public static func capacity(for service: ServiceCode, counters: [Counter], open: Set<Int>) -> Double {
        counters.filter { open.contains($0.number) && $0.serves(service) }.reduce(0.0) { $0 + 1 / Double($1.services.count) }
    }
}
