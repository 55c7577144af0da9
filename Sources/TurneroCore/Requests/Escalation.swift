public import Foundation

/// A request escalated from a counter to an area, due by a day counted in business days.
public struct Escalation: Codable, Sendable, Hashable, Identifiable {
    public var id: UUID
    public var turn: TurnReference
    /// The area's code (`facturacion`).
    public var area: String
    /// The request's type codes.
    public var types: [String]
    public var openedAt: Date
    /// The office day it was filed (the term counts from the next business day).
    public var openedOn: LocalDay
    /// The last day of the term: after it, the escalation is overdue.
    public var due: LocalDay
    /// Who escalated it (nil when nobody was signed in at the counter).
    public var agent: AgentID?
    public var counter: Int
    public var closedAt: Date?
    /// The answer given to the customer.
    public var answer: String?

    public init(
        id: UUID, turn: TurnReference, area: String, types: [String], openedAt: Date, openedOn: LocalDay, due: LocalDay,
        agent: AgentID?, counter: Int
    ) {
        self.id = id
        self.turn = turn
        self.area = area
        self.types = types
        self.openedAt = openedAt
        self.openedOn = openedOn
        self.due = due
        self.agent = agent
        self.counter = counter
    }

    public var isOpen: Bool { closedAt == nil }

    /// Open past its due day, as of the office day `today`.
    public func isOverdue(on today: LocalDay) -> Bool { closedAt == nil && today > due }

    /// The longest answer note kept (the rest is cut).
    public static let maxAnswerLength = 500
}

/// How a customer agreed to be told the answer to an escalation: a phone or an e-mail, given
/// with consent (Ley 1581 de 2012). Personal data: `description` is masked.
public enum CustomerContact: Sendable, Hashable, CustomStringConvertible {
    case phone(ColombianPhone)
    case email(EmailAddress)

    /// Reads what staff typed: a Colombian number or an e-mail address.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        if let phone = ColombianPhone(parsing: trimmed) {
            self = .phone(phone)
        } else if let email = EmailAddress(parsing: trimmed) {
            self = .email(email)
        } else {
            return nil
        }
    }

    public var masked: String {
        switch self {
        case .phone(let phone): phone.masked
        case .email(let email): email.masked
        }
    }

    public var description: String { masked }
}

/// An e-mail address as people type it, checked for shape only (one `@`, a dotted domain, no
/// spaces, at most 100 characters). Personal data: `description` is masked.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address, lowercased.
    public let address: String

    public init?(parsing text: String) {
        let value = text.trimmingWhitespace().lowercased()
        guard value.utf8.count <= 100, value.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else { return nil }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
                && label.first != "-" && label.last != "-"
        }), let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter)
        else { return nil }
        address = value
    }

    /// `an***@example.com`.
    public var masked: String {
        let parts = address.split(separator: "@")
        return "\(parts[0].prefix(2))***@\(parts.count > 1 ? parts[1] : "")"
    }

    public var description: String { masked }
}
