public import Foundation
public import TurneroCore

/// The customers' contacts for escalations' answers at the centre (kept only with consent, only
/// until the retention after closure) and who works each escalation. Part of ``CentralStorage``.
public protocol EscalationWorkStorage: Sendable {
    /// Stores the contact a customer gave at a counter of kiosk `kioskId` for one of that kiosk's
    /// escalations: `.unknown` when there is none (yet), `.discarded` when it closed before
    /// `closedSince` or its contact was already erased.
    func storeEscalationContact(
        kioskId: String, escalationId: String, contact: CustomerContact, consentAt: Date, closedSince: Date, now: Date
    ) async throws -> ContactStorageResult
    /// Erases the contacts of escalations closed before `closedBefore`. Returns how many.
    func eraseEscalationContacts(closedBefore: Date, now: Date) async throws -> Int
    /// Makes `operatorName` the one working an open escalation nobody works yet (or that they
    /// work already). False when it is unknown, closed or someone else's.
    func takeEscalation(id: String, operatorName: String, now: Date) async throws -> Bool
}
