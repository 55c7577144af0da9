import Foundation
import TestSupport
import TurneroCore
import TurneroStore

/// What the console office day of ``OfficeDayConsoleJourneyTests`` must produce, worked out here
/// from the raw times in the kiosk's outbox with plain arithmetic (not the production
/// calculators): a wait is the first call minus the issue, a handling time the finish minus the
/// start; the escalation's term is counted day by day.
struct OfficeDayExpectation {
    /// One agent's times, in seconds.
    struct Figures {
        var handling: Double?
        var waitAverage: Double?
        var waitP90: Double?
    }

    var ana: Figures
    var luis: Figures
    /// The mean wait of every called turn of the office.
    var officeWait: Double?
    /// The office day, and the escalation's last day (15 business days after it).
    var day: LocalDay
    var due: LocalDay
    /// The escalated turn, and its escalation.
    var r001: UUID
    var escalation: UUID
    /// The kiosk's events as JSON, to look for what must not be in them.
    var eventsJSON: String

    /// The example configuration the test kiosk runs with.
    static func configuration() throws -> OfficeConfiguration {
        try OfficeConfiguration.load(json: Data(contentsOf: URL(fileURLWithPath: TurneroProcess.exampleConfig)))
    }

    init?(kioskDatabase path: String) throws {
        let store = QueueStore(database: try TurneroDatabase.open(at: path), configuration: try Self.configuration())
        let events = try store.outboxEntries().map(\.event)
        var issued: [String: Date] = [:], firstCall: [String: (Date, AgentID?)] = [:]
        var started: [String: Date] = [:], handling: [AgentID: [Double]] = [:]
        var r001: UUID?
        for event in events {
            switch event.payload {
            case .turnIssued(let turn, _, _, _, _, _): issued[turn.label] = event.occurredAt
            case .turnCalled(let turn, _, _) where firstCall[turn.label] == nil: firstCall[turn.label] = (event.occurredAt, event.agent)
            case .turnStarted(let turn, _): started[turn.label] = event.occurredAt
            case .turnFinished(let turn, _, _):
                if let agent = event.agent, let start = started[turn.label] { handling[agent, default: []].append(event.occurredAt.timeIntervalSince(start)) }
                if turn.label == "R-001" { r001 = turn.id }
            default: break
            }
        }
        guard let r001, let opened = events.first(where: { $0.payload.type == "escalation.opened" }),
            case .escalationOpened(let escalation, _, _, _, _, true) = opened.payload
        else { return nil }
        var waits: [AgentID: [Double]] = [:]
        for (label, (called, agent)) in firstCall {
            guard let agent, let at = issued[label] else { return nil }
            waits[agent, default: []].append(called.timeIntervalSince(at))
        }
        func figures(_ agent: AgentID) -> Figures {
            let agentWaits = (waits[agent] ?? []).sorted()
            // Nearest rank: the ⌈0.9 n⌉-th smallest; with two waits, the longer.
            let p90 = agentWaits.isEmpty ? nil : agentWaits[Int((0.9 * Double(agentWaits.count)).rounded(.up)) - 1]
            return Figures(handling: Self.mean(handling[agent] ?? []), waitAverage: Self.mean(agentWaits), waitP90: p90)
        }
        ana = figures(AgentID("ana"))
        luis = figures(AgentID("luis"))
        officeWait = Self.mean(waits.values.flatMap { $0 })
        day = opened.day
        var due = opened.day
        var counted = 0
        while counted < 15 {
            due = due.adding(days: 1)
            if !due.weekday.isWeekend && !ColombianHolidays.holidays(in: due.year).contains(due) { counted += 1 }
        }
        self.due = due
        self.r001 = r001
        self.escalation = escalation
        eventsJSON = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
