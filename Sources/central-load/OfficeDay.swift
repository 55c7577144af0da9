import Foundation
import SyncProtocol
import TurneroCore

/// The load test's seeded source: the same seed gives the same office days, ids included.
struct SeededRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    // Offset by one step, as the first version did: a seed keeps giving the same days.
    init(seed: UInt64) { generator = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func uuid() -> UUID {
        let a = next(), b = next()
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> (8 * $0)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// Exponential with the given mean.
    mutating func exponential(mean: Double) -> Double { -mean * log(max(1e-9, Double.random(in: 0..<1, using: &self))) }
}

/// One kiosk's office day as the kiosk would record it: counters opening, turns issued,
/// called (some recalled), served or not, rated (detractors open call-backs, some closed at the
/// office), payment coupons, counters closing. Events in time order, seq 1…n.
enum OfficeDay {
    static let services: [(code: String, prefix: String, share: Double)] = [
        ("pagos", "P", 0.5), ("reclamos", "R", 0.25), ("servicios-nuevos", "S", 0.15), ("asesoria", "A", 0.10),
    ]

    /// The events; `dayStart` is the office's 07:00.
    static func events(turns: Int, day: LocalDay, dayStart: Date, seed: UInt64) -> [WireEvent] {
        var random = SeededRandom(seed: seed)
        var timeline: [(at: Double, payload: QueueEvent.Payload)] = []
        let counters = 3
        let openSeconds = 10 * 3600.0
        for counter in 1...counters {
            timeline.append((Double(counter), .counterOpened(counter: counter)))
            timeline.append((openSeconds + Double(counter), .counterClosed(counter: counter)))
        }
        var numbers: [String: Int] = [:]
        for _ in 0..<turns {
            let pick = Double.random(in: 0..<1, using: &random)
            var cumulative = 0.0
            var chosen = services[0]
            for service in services {
                cumulative += service.share
                if pick < cumulative { chosen = service; break }
            }
            numbers[chosen.code, default: 0] += 1
            let turn = TurnReference(
                id: random.uuid(), label: "\(chosen.prefix)-\(String(format: "%03d", numbers[chosen.code]!))",
                service: ServiceCode(chosen.code))
            // Arrivals: busier mid-morning (two uniform halves).
            let issued = Double.random(in: 0..<1, using: &random) < 0.6
                ? Double.random(in: 1_800..<5 * 3600, using: &random) : Double.random(in: 5 * 3600..<9 * 3600, using: &random)
            let counter = Int.random(in: 1...counters, using: &random)
            timeline.append((issued, .turnIssued(turn: turn, preferential: Double.random(in: 0..<1, using: &random) < 0.15,
                                                 ahead: Int.random(in: 0...12, using: &random), estimate: nil)))
            if Double.random(in: 0..<1, using: &random) < 0.02 {
                timeline.append((issued + random.exponential(mean: 300), .turnCancelled(turn: turn)))
                continue
            }
            var at = issued + min(3_600, random.exponential(mean: 720))
            timeline.append((at, .turnCalled(turn: turn, counter: counter, call: 1)))
            if Double.random(in: 0..<1, using: &random) < 0.1 {
                at += 60
                timeline.append((at, .turnCalled(turn: turn, counter: counter, call: 2)))
            }
            if Double.random(in: 0..<1, using: &random) < 0.06 {
                timeline.append((at + 120, .turnNoShow(turn: turn, counter: counter)))
                continue
            }
            at += Double.random(in: 20..<90, using: &random)
            timeline.append((at, .turnStarted(turn: turn, counter: counter)))
            at += max(60, random.exponential(mean: 360))
            timeline.append((at, .turnFinished(turn: turn, counter: counter, outcome: .resolved)))
            guard Double.random(in: 0..<1, using: &random) < 0.5 else { continue }
            at += Double.random(in: 5..<40, using: &random)
            let score = Double.random(in: 0..<1, using: &random) < 0.15 ? Int.random(in: 1...6, using: &random) : Int.random(in: 7...10, using: &random)
            timeline.append((at, .turnRated(turn: turn, score: score)))
            if score <= 6 {
                let callback = random.uuid()
                let deadline = dayStart.addingTimeInterval(at + 24 * 3600)
                timeline.append((at + 0.001, .callbackOpened(callback: callback, turn: turn, score: score, deadline: deadline)))
                if Double.random(in: 0..<1, using: &random) < 0.3 {
                    timeline.append((min(openSeconds, at + 1_800), .callbackClosed(callback: callback, outcome: .contacted)))
                }
            }
        }
        for _ in 0..<(turns * 3 / 10) {
            let at = Double.random(in: 1_800..<9 * 3600, using: &random)
            let kind = CouponKind.allCases[Int.random(in: 0..<3, using: &random)]
            timeline.append((at, .couponIssued(
                coupon: random.uuid(), kind: kind, accountHash: String(format: "%016llx", random.next()),
                billNumber: String(Int.random(in: 100_000...999_999, using: &random)),
                amount: Pesos(Int64.random(in: 20_000...900_000, using: &random)), dueDate: day, datasetVersion: "1")))
        }
        // Stable by time: a turn's events keep their order.
        let ordered = timeline.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        let encoder = TurneroJSON.encoder()
        return ordered.enumerated().map { index, entry in
            let payload = String(decoding: (try? encoder.encode(entry.payload)) ?? Data(), as: UTF8.self)
            return WireEvent(
                seq: Int64(index + 1), eventId: random.uuid().uuidString.lowercased(), type: entry.payload.type, day: day.rawValue,
                occurredAt: Int64((dayStart.timeIntervalSince1970 + entry.at) * 1000), payload: payload)
        }
    }
}
