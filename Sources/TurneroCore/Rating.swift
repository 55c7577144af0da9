public import Foundation

/// A customer's rating of the attention, 1 (worst) to 10 (best).
public struct RatingScore: Sendable, Hashable, Codable {
    public let value: Int

    /// Accepts 1…10 only.
    public init?(_ value: Int) {
        guard (1...10).contains(value) else { return nil }
        self.value = value
    }

    /// Parses what a person typed (`" 7 "`), or `nil` when it is not a whole number 1…10.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 2, trimmed.allSatisfy({ ("0"..."9").contains($0) }),
            let number = Int(trimmed)
        else { return nil }
        self.init(number)
    }

    /// NPS category (promoters 9–10; detractors up to `rules.detractorMaxScore`).
    public func category(rules: RatingRules) -> RatingCategory {
        if value <= rules.detractorMaxScore { return .detractor }
        return value >= 9 ? .promoter : .passive
    }
}

/// Net-promoter category of a score.
public enum RatingCategory: String, Sendable, Hashable, Codable {
    case promoter, passive, detractor
}

/// How a detractor call-back ended.
public enum CallbackOutcome: String, Codable, Sendable, Hashable, CaseIterable {
    /// The customer was reached (no further detail recorded: the office's own close).
    case contacted
    /// Every attempt failed (more than two): no contact.
    case notContacted = "not-contacted"
    /// Reached, and the issue solved on that first contact.
    case resolved
    /// Reached, and the issue escalated to another area.
    case escalated
    /// Reached, and a technical visit scheduled.
    case technicalVisit = "technical-visit"

    /// Whether the customer was reached (the numerator of effective contact).
    public var reachedCustomer: Bool { self != .notContacted }
}

/// A detractor call-back: opened by a low rating, due within the office's deadline (24 h).
public struct Callback: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    public var turn: TurnReference
    public var score: Int
    public var openedAt: Date
    public var deadline: Date
    public var closedAt: Date?
    public var outcome: CallbackOutcome?

    public init(id: UUID, turn: TurnReference, score: Int, openedAt: Date, rules: RatingRules) {
        self.id = id
        self.turn = turn
        self.score = score
        self.openedAt = openedAt
        self.deadline = openedAt.addingTimeInterval(TimeInterval(rules.callbackHours * 3600))
    }

    /// Whether the deadline has passed without the call-back being closed.
    public func isOverdue(at now: Date) -> Bool { closedAt == nil && now > deadline }
}
