/// The contracted indicators a monthly report is judged by.
public enum Indicator: String, Codable, Sendable, Hashable, CaseIterable {
    case serviceLevel = "service_level"
    case averageWait = "average_wait"
    case nps
    case responseRate = "response_rate"
    case firstContactResolution = "first_contact_resolution"
    case callbackEffectiveContact = "callback_effective_contact"

    /// Whether a higher value is better (false: the average wait).
    public var higherIsBetter: Bool { self != .averageWait }

    /// How people name it.
    public var name: LocalizedText {
        switch self {
        case .serviceLevel: .init(es: "Nivel de servicio", en: "Service level")
        case .averageWait: .init(es: "Espera promedio", en: "Average wait")
        case .nps: .init(es: "NPS", en: "NPS")
        case .responseRate: .init(es: "Tasa de respuesta de la encuesta", en: "Rating response rate")
        case .firstContactResolution: .init(es: "Resolución en primer contacto", en: "First-contact resolution")
        case .callbackEffectiveContact: .init(es: "Contacto efectivo de devoluciones de llamada", en: "Call-back effective contact")
        }
    }

    /// The unit of values and targets: `%` (shown ×100), `min` or `pts` (NPS, −100…100).
    public var unit: String {
        switch self {
        case .averageWait: "min"
        case .nps: "pts"
        default: "%"
        }
    }

    /// The indicator's value in `kpis`, in its unit (shares as 0–100, minutes for waits).
    public func value(in kpis: KPISet) -> Double? {
        switch self {
        case .serviceLevel: kpis.serviceLevel.map { $0 * 100 }
        case .averageWait: kpis.waitAverage.map { $0 / 60 }
        case .nps: kpis.nps
        case .responseRate: kpis.ratingResponseRate.map { $0 * 100 }
        case .firstContactResolution: kpis.firstContactResolution.map { $0 * 100 }
        case .callbackEffectiveContact: kpis.callbackEffectiveContact.map { $0 * 100 }
        }
    }
}

/// The targets a utility contracted for its offices, in each indicator's unit (percentages
/// 0–100, minutes, NPS points). Configured at the centre (`quality.targets` in the settings file); all have defaults.
public struct IndicatorTargets: Codable, Sendable, Hashable {
    public var serviceLevel: Double
    public var averageWait: Double
    public var nps: Double
    public var responseRate: Double
    public var firstContactResolution: Double
    public var callbackEffectiveContact: Double

    public init(
        serviceLevel: Double = 80, averageWait: Double = 15, nps: Double = 50, responseRate: Double = 30,
        firstContactResolution: Double = 80, callbackEffectiveContact: Double = 80
    ) {
        self.serviceLevel = serviceLevel
        self.averageWait = averageWait
        self.nps = nps
        self.responseRate = responseRate
        self.firstContactResolution = firstContactResolution
        self.callbackEffectiveContact = callbackEffectiveContact
    }

    private enum CodingKeys: String, CodingKey {
        case serviceLevel, averageWait, nps, responseRate, firstContactResolution, callbackEffectiveContact
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = IndicatorTargets()
        self.init(
            serviceLevel: try c.decodeIfPresent(Double.self, forKey: .serviceLevel) ?? d.serviceLevel,
            averageWait: try c.decodeIfPresent(Double.self, forKey: .averageWait) ?? d.averageWait,
            nps: try c.decodeIfPresent(Double.self, forKey: .nps) ?? d.nps,
            responseRate: try c.decodeIfPresent(Double.self, forKey: .responseRate) ?? d.responseRate,
            firstContactResolution: try c.decodeIfPresent(Double.self, forKey: .firstContactResolution) ?? d.firstContactResolution,
            callbackEffectiveContact: try c.decodeIfPresent(Double.self, forKey: .callbackEffectiveContact) ?? d.callbackEffectiveContact)
    }

    /// The target of `indicator`.
    public func target(_ indicator: Indicator) -> Double {
        switch indicator {
        case .serviceLevel: serviceLevel
        case .averageWait: averageWait
        case .nps: nps
        case .responseRate: responseRate
        case .firstContactResolution: firstContactResolution
        case .callbackEffectiveContact: callbackEffectiveContact
        }
    }

    /// Why the targets cannot be used, or nil.
    public var problem: String? {
        for indicator in Indicator.allCases {
            let value = target(indicator)
            let range: ClosedRange<Double> = switch indicator {
            case .nps: -100...100
            case .averageWait: 0...600
            default: 0...100
            }
            if !value.isFinite || !range.contains(value) {
                return "\(indicator.rawValue): must be within \(Int(range.lowerBound))–\(Int(range.upperBound))"
            }
        }
        return nil
    }
}

/// One indicator of a report against its target, with last month's value.
public struct IndicatorResult: Codable, Sendable, Hashable {
    public var indicator: Indicator
    public var value: Double?
    public var target: Double
    /// Whether the value meets the target (nil without data).
    public var met: Bool?
    public var previous: Double?
    /// value − previous (nil when either is missing).
    public var change: Double?

    public init(indicator: Indicator, value: Double?, target: Double, previous: Double?) {
        self.indicator = indicator
        self.value = value
        self.target = target
        self.met = value.map { indicator.higherIsBetter ? $0 >= target : $0 <= target }
        self.previous = previous
        self.change = value.flatMap { now in previous.map { now - $0 } }
    }
}

extension KPISet {
    /// The figures of several offices taken together, for the indicators: every share pooled
    /// over its own counts (Σ hits ÷ Σ judged…), the average wait weighted by called visits and
    /// the NPS by ratings — never an average of averages.
    public static func pooled(_ sets: [KPISet], serviceLevelMinutes: Int) -> KPISet {
        var total = KPISet(serviceLevelMinutes: serviceLevelMinutes)
        var waitSum = 0.0, npsSum = 0.0
        for set in sets {
            total.issued += set.issued
            total.called += set.called
            total.served += set.served
            total.noShows += set.noShows
            total.cancelled += set.cancelled
            total.abandoned += set.abandoned
            total.serviceLevelHits += set.serviceLevelHits
            total.serviceLevelJudged += set.serviceLevelJudged
            total.ratings += set.ratings
            total.callbacksOpened += set.callbacksOpened
            total.callbacksReached += set.callbacksReached
            total.callbacksWorked += set.callbacksWorked
            total.typedRequests += set.typedRequests
            total.firstContactResolutions += set.firstContactResolutions
            total.escalationsOpened += set.escalationsOpened
            waitSum += (set.waitAverage ?? 0) * Double(set.called)
            npsSum += (set.nps ?? 0) * Double(set.ratings)
        }
        total.waitAverage = total.called > 0 ? waitSum / Double(total.called) : nil
        total.nps = total.ratings > 0 ? npsSum / Double(total.ratings) : nil
        total.serviceLevel = Statistics.share(total.serviceLevelHits, of: total.serviceLevelJudged)
        total.noShowRate = Statistics.share(total.noShows, of: total.called)
        total.abandonmentRate = Statistics.share(total.abandoned + total.cancelled, of: total.issued)
        total.ratingResponseRate = Statistics.share(total.ratings, of: total.served)
        total.callbackEffectiveContact = Statistics.share(total.callbacksReached, of: total.callbacksWorked)
        total.firstContactResolution = Statistics.share(total.firstContactResolutions, of: total.typedRequests)
        return total
    }
}
