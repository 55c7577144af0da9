/// The day's key figures for one service or the whole office. Times are in seconds; rates are
/// shares between 0 and 1; `nil` means "no data" (never a misleading zero).
public struct KPISet: Codable, Sendable, Hashable {
    /// Tickets issued (for a service: visits that entered its queue, transfers included).
    public var issued = 0
    /// Visits called at least once.
    public var called = 0
    public var served = 0
    public var noShows = 0
    public var cancelled = 0
    public var abandoned = 0
    /// Wait W = first call − entered queue, over called visits.
    public var waitAverage: Double?
    public var waitMedian: Double?
    public var waitP90: Double?
    /// Walk = start − last call.
    public var walkAverage: Double?
    /// Service time S = finish − start.
    public var serviceAverage: Double?
    /// The service-level target shown with these figures, in minutes: the service's own on a
    /// service line, the office default on the total line (where every visit is still judged
    /// against its own service's target).
    public var serviceLevelMinutes: Int
    /// Visits that met their service's target (called with W ≤ target).
    public var serviceLevelHits = 0
    /// Visits judged: called ones, plus abandoned ones that waited past their target.
    public var serviceLevelJudged = 0
    /// `serviceLevelHits ÷ serviceLevelJudged`: on the total line the pooled figure of the
    /// service lines.
    public var serviceLevel: Double?
    /// No-shows ÷ called.
    public var noShowRate: Double?
    /// (Abandoned + cancelled) ÷ issued.
    public var abandonmentRate: Double?
    /// Ratings received.
    public var ratings = 0
    public var ratingAverage: Double?
    /// 100 × (promoters − detractors) ÷ ratings.
    public var nps: Double?
    /// Ratings ÷ served.
    public var ratingResponseRate: Double?
    /// Detractor call-backs opened.
    public var callbacksOpened = 0
    /// Detractors who left no number to call and whose call-back nobody closed: counted apart,
    /// never as missed deadlines or failed contacts.
    public var callbacksWithoutContact = 0
    /// Call-backs closed before their deadline.
    public var callbacksClosedInTime = 0
    /// Call-backs closed in time ÷ call-backs closed or past their deadline (open ones that are
    /// not yet due have neither met nor missed it; those without a number are left out).
    public var callbackSLA: Double?
    /// Reached customers ÷ call-backs closed (the rest closed as not contacted): effective contact.
    public var callbacksReached = 0
    /// Call-backs closed, reached or not.
    public var callbacksWorked = 0
    public var callbackEffectiveContact: Double?
    /// Served visits whose request was typed with a resolution (`turn.request_typed`).
    public var typedRequests = 0
    /// Of those, resolved at first contact.
    public var firstContactResolutions = 0
    /// First-contact resolutions ÷ typed requests.
    public var firstContactResolution: Double?
    /// Escalations opened from these visits.
    public var escalationsOpened = 0
    /// Printed estimates compared with the real wait.
    public var estimateSamples = 0
    /// Mean |real wait − point estimate|, in minutes.
    public var estimateErrorMinutes: Double?
    /// Share of real waits inside the printed range.
    public var estimateWithinRange: Double?

    public init(serviceLevelMinutes: Int) {
        self.serviceLevelMinutes = serviceLevelMinutes
    }

    private enum CodingKeys: String, CodingKey {
        case issued, called, served, noShows, cancelled, abandoned, waitAverage, waitMedian, waitP90, walkAverage
        case serviceAverage, serviceLevelMinutes, serviceLevelHits, serviceLevelJudged, serviceLevel, noShowRate
        case abandonmentRate, ratings, ratingAverage, nps, ratingResponseRate, callbacksOpened, callbacksWithoutContact
        case callbacksClosedInTime, callbackSLA, callbacksReached, callbacksWorked, callbackEffectiveContact
        case typedRequests, firstContactResolutions, firstContactResolution, escalationsOpened, estimateSamples
        case estimateErrorMinutes, estimateWithinRange
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serviceLevelMinutes = try c.decode(Int.self, forKey: .serviceLevelMinutes)
        func int(_ key: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        func double(_ key: CodingKeys) throws -> Double? { try c.decodeIfPresent(Double.self, forKey: key) }
        (issued, called, served, noShows) = (try int(.issued), try int(.called), try int(.served), try int(.noShows))
        (cancelled, abandoned) = (try int(.cancelled), try int(.abandoned))
        (waitAverage, waitMedian, waitP90) = (try double(.waitAverage), try double(.waitMedian), try double(.waitP90))
        (walkAverage, serviceAverage) = (try double(.walkAverage), try double(.serviceAverage))
        (serviceLevelHits, serviceLevelJudged, serviceLevel) = (try int(.serviceLevelHits), try int(.serviceLevelJudged), try double(.serviceLevel))
        (noShowRate, abandonmentRate) = (try double(.noShowRate), try double(.abandonmentRate))
        (ratings, ratingAverage, nps, ratingResponseRate) = (try int(.ratings), try double(.ratingAverage), try double(.nps), try double(.ratingResponseRate))
        (callbacksOpened, callbacksWithoutContact, callbacksClosedInTime) = (try int(.callbacksOpened), try int(.callbacksWithoutContact), try int(.callbacksClosedInTime))
        callbackSLA = try double(.callbackSLA)
        (callbacksReached, callbacksWorked, callbackEffectiveContact) = (try int(.callbacksReached), try int(.callbacksWorked), try double(.callbackEffectiveContact))
        (typedRequests, firstContactResolutions, firstContactResolution) = (try int(.typedRequests), try int(.firstContactResolutions), try double(.firstContactResolution))
        escalationsOpened = try int(.escalationsOpened)
        (estimateSamples, estimateErrorMinutes, estimateWithinRange) = (try int(.estimateSamples), try double(.estimateErrorMinutes), try double(.estimateWithinRange))
    }
}

/// KPIs of one office day: the whole office, each service, and counter figures.
public struct KPIReport: Codable, Sendable, Hashable {
    public var officeId: String
    public var day: LocalDay
    public var total: KPISet
    /// Per service, in configuration order (services with no activity included, with zeros).
    public var services: [ServiceKPI]
    /// Hours counters were open (sum over counters).
    public var counterOpenHours: Double
    /// Σ service time ÷ counter open time.
    public var utilisation: Double?
    /// Served per counter-hour.
    public var throughputPerCounterHour: Double?

    /// One service's line in the report.
    public struct ServiceKPI: Codable, Sendable, Hashable {
        public var service: ServiceCode
        public var name: String
        public var kpis: KPISet
    }
}

/// Order statistics used by the KPIs.
public enum Statistics {
    /// Nearest-rank percentile: the value at rank ⌈p·n⌉ of the sorted values (p in 0…1).
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Arithmetic mean, or nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// `part ÷ whole`, or nil when `whole` is zero.
    public static func share(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }
}
