public import Foundation

/// A quality auditor's verdict on one attention: the checklist answers and who gave them.
public struct AuditRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    public var month: ReportMonth
    public var agent: AgentID
    public var turn: TurnReference
    public var answers: [String: AuditAnswer]
    /// The auditor's name (an operator at the centre, or whoever `turnero audit record` names).
    public var auditor: String
    public var recordedAt: Date

    public init(
        id: UUID, month: ReportMonth, agent: AgentID, turn: TurnReference, answers: [String: AuditAnswer], auditor: String,
        recordedAt: Date
    ) {
        self.id = id
        self.month = month
        self.agent = agent
        self.turn = turn
        self.answers = answers
        self.auditor = auditor
        self.recordedAt = recordedAt
    }

    /// Items met ÷ items that apply, 0–100.
    public var score: Double? { AuditChecklist.score(answers) }

    /// The record an `audit.recorded` event carries, if `event` is one.
    public init?(event: QueueEvent) {
        guard case .auditRecorded(let id, let agent, let turn, let month, let answers, let auditor) = event.payload,
            let month = ReportMonth(rawValue: month)
        else { return nil }
        self.init(id: id, month: month, agent: agent, turn: turn, answers: answers, auditor: auditor, recordedAt: event.occurredAt)
    }
}

/// An agent's audits of a month: how many, and the mean score.
public struct AgentAuditScore: Codable, Sendable, Hashable {
    public var agent: AgentID
    public var audits: Int
    /// Mean of the audits' scores, 0–100 (nil when no audit had an applicable item).
    public var score: Double?

    public init(agent: AgentID, audits: Int, score: Double?) {
        self.agent = agent
        self.audits = audits
        self.score = score
    }

    /// Scores per agent of `records` (one turn audited twice counts once: the latest audit).
    public static func scores(_ records: [AuditRecord]) -> [AgentAuditScore] {
        var latest: [UUID: AuditRecord] = [:]
        for record in records where latest[record.turn.id].map({ $0.recordedAt <= record.recordedAt }) ?? true {
            latest[record.turn.id] = record
        }
        return Dictionary(grouping: latest.values, by: \.agent).map { agent, audits in
            AgentAuditScore(agent: agent, audits: audits.count, score: Statistics.mean(audits.compactMap(\.score)))
        }.sorted { $0.agent < $1.agent }
    }
}
