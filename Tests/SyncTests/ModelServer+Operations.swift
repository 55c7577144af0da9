import CentralServer
import CentralSQLite
import Foundation
import TurneroCore
import SyncProtocol

// The broken storage forwards the centre's operations side (dashboard, call-backs, operators)
// to the real SQLite storage: the model test exercises only ingestion.
extension CheckThenInsertStorage {
    var backendName: String { "sqlite-check-then-insert" }
    func ping() async throws { try await base.ping() }
    func recordKioskStatus(kioskId: String, status: KioskStatus, receivedAt: Date) async throws {
        try await base.recordKioskStatus(kioskId: kioskId, status: status, receivedAt: receivedAt)
    }
    func kioskOverviews() async throws -> [KioskOverview] { try await base.kioskOverviews() }
    func streamMarks() async throws -> [StreamMark] { try await base.streamMarks() }
    func acceptedEvents(kioskId: String, dbEpoch: String, afterSeq: Int64, throughSeq: Int64, fromDay: String) async throws -> [StoredEvent] {
        try await base.acceptedEvents(kioskId: kioskId, dbEpoch: dbEpoch, afterSeq: afterSeq, throughSeq: throughSeq, fromDay: fromDay)
    }
    func acceptedEvents(officeId: String, fromDay: String, toDay: String) async throws -> [StoredEvent] {
        try await base.acceptedEvents(officeId: officeId, fromDay: fromDay, toDay: toDay)
    }
    func officeIds() async throws -> [String] { try await base.officeIds() }
    func callbacks(_ filter: CallbackFilter) async throws -> [CallbackRecord] { try await base.callbacks(filter) }
    func callback(id: String) async throws -> CallbackRecord? { try await base.callback(id: id) }
    func escalations(officeId: String?, openOnly: Bool, limit: Int) async throws -> [EscalationRecord] {
        try await base.escalations(officeId: officeId, openOnly: openOnly, limit: limit)
    }
    func closeEscalation(id: String, answer: String, operatorName: String, now: Date) async throws -> Bool {
        try await base.closeEscalation(id: id, answer: answer, operatorName: operatorName, now: now)
    }
    func recordAudit(_ audit: AuditRecord, officeId: String) async throws { try await base.recordAudit(audit, officeId: officeId) }
    func audits(officeId: String?, month: String) async throws -> [AuditRecord] { try await base.audits(officeId: officeId, month: month) }
    func recordCallbackAttempt(
        id: String, _ attempt: CallbackAttemptInput, policy: CallbackPolicy, byManager: Bool, now: Date
    ) async throws -> CallbackAttemptOutcome {
        try await base.recordCallbackAttempt(id: id, attempt, policy: policy, byManager: byManager, now: now)
    }
    func assignCallbacks(agents: [String], now: Date) async throws -> Int { try await base.assignCallbacks(agents: agents, now: now) }
    func reassignCallback(id: String, to agent: String, now: Date) async throws -> Bool {
        try await base.reassignCallback(id: id, to: agent, now: now)
    }
    func storeCallbackContact(kioskId: String, callbackId: String, phone: String, consentAt: Date, now: Date) async throws
        -> ContactStorageResult
    {
        try await base.storeCallbackContact(kioskId: kioskId, callbackId: callbackId, phone: phone, consentAt: consentAt, now: now)
    }
    func eraseCallbackContacts(closedBefore: Date, now: Date) async throws -> Int {
        try await base.eraseCallbackContacts(closedBefore: closedBefore, now: now)
    }
    func storeEscalationContact(
        kioskId: String, escalationId: String, contact: CustomerContact, consentAt: Date, closedSince: Date, now: Date
    ) async throws -> ContactStorageResult {
        try await base.storeEscalationContact(
            kioskId: kioskId, escalationId: escalationId, contact: contact, consentAt: consentAt, closedSince: closedSince, now: now)
    }
    func eraseEscalationContacts(closedBefore: Date, now: Date) async throws -> Int {
        try await base.eraseEscalationContacts(closedBefore: closedBefore, now: now)
    }
    func takeEscalation(id: String, operatorName: String, now: Date) async throws -> Bool {
        try await base.takeEscalation(id: id, operatorName: operatorName, now: now)
    }
    func closuresToDeliver(kioskId: String, limit: Int) async throws -> [CallbackRecord] {
        try await base.closuresToDeliver(kioskId: kioskId, limit: limit)
    }
    func addAPIToken(_ token: APIToken, hash: String) async throws { try await base.addAPIToken(token, hash: hash) }
    func apiTokens(operatorName: String?) async throws -> [APIToken] { try await base.apiTokens(operatorName: operatorName) }
    func revokeAPIToken(id: String, now: Date) async throws -> Bool { try await base.revokeAPIToken(id: id, now: now) }
    func useAPIToken(hash: String, now: Date) async throws -> (APIToken, OperatorAccount)? { try await base.useAPIToken(hash: hash, now: now) }
    func addOperator(_ account: OperatorAccount, replace: Bool) async throws -> Bool { try await base.addOperator(account, replace: replace) }
    func operatorAccount(name: String) async throws -> OperatorAccount? { try await base.operatorAccount(name: name) }
    func operatorAccounts() async throws -> [OperatorAccount] { try await base.operatorAccounts() }
    func createSession(tokenHash: String, operatorName: String, csrfToken: String, expiresAt: Date, now: Date) async throws {
        try await base.createSession(tokenHash: tokenHash, operatorName: operatorName, csrfToken: csrfToken, expiresAt: expiresAt, now: now)
    }
    func session(tokenHash: String, now: Date) async throws -> OperatorSession? { try await base.session(tokenHash: tokenHash, now: now) }
    func deleteSession(tokenHash: String) async throws { try await base.deleteSession(tokenHash: tokenHash) }
    func addLoginLink(hash: String, operatorName: String, expiresAt: Date) async throws {
        try await base.addLoginLink(hash: hash, operatorName: operatorName, expiresAt: expiresAt)
    }
    func redeemLoginLink(hash: String, now: Date) async throws -> String? { try await base.redeemLoginLink(hash: hash, now: now) }
    func revokeKiosk(kioskId: String, now: Date) async throws -> Bool { try await base.revokeKiosk(kioskId: kioskId, now: now) }
    func changeKioskKey(kioskId: String, from current: KioskVerifyingKey, to new: KioskVerifyingKey, now: Date) async throws -> Bool {
        try await base.changeKioskKey(kioskId: kioskId, from: current, to: new, now: now)
    }
    func declareGap(kioskId: String, dbEpoch: String, fromSeq: Int64, toSeq: Int64, now: Date) async throws -> GapOutcome {
        try await base.declareGap(kioskId: kioskId, dbEpoch: dbEpoch, fromSeq: fromSeq, toSeq: toSeq, now: now)
    }
    func streamGaps(kioskId: String?) async throws -> [StreamGap] { try await base.streamGaps(kioskId: kioskId) }
    func kioskEnrollments() async throws -> [KioskEnrollment] { try await base.kioskEnrollments() }
}

extension CheckThenInsertStorage {
    func recordNonce(kioskId: String, nonce: String, at now: Date, expiresAt: Date, windowStart: Date) async throws -> NonceRecord {
        try await base.recordNonce(kioskId: kioskId, nonce: nonce, at: now, expiresAt: expiresAt, windowStart: windowStart)
    }
    func recordHits(_ keys: [String], at now: Date) async throws { try await base.recordHits(keys, at: now) }
    func hits(_ keys: [String], since: Date) async throws -> [String: HitCount] { try await base.hits(keys, since: since) }
    func clearHits(_ key: String) async throws { try await base.clearHits(key) }
    func pruneLedger(now: Date, hitsBefore: Date) async throws -> Int { try await base.pruneLedger(now: now, hitsBefore: hitsBefore) }
}

// Ticket pages (issue 17): the base's.
extension CheckThenInsertStorage {
    func ticketLink(hash: String) async throws -> TicketLink? { try await base.ticketLink(hash: hash) }

    func addTicketRequest(_ request: TicketRequest, contact: TicketContact?) async throws -> Bool {
        try await base.addTicketRequest(request, contact: contact)
    }

    func ticketRequests(kioskId: String, turnId: String) async throws -> [TicketRequest] {
        try await base.ticketRequests(kioskId: kioskId, turnId: turnId)
    }

    func pendingTicketRequests(kioskId: String, since: Date, limit: Int) async throws -> [TicketRequest] {
        try await base.pendingTicketRequests(kioskId: kioskId, since: since, limit: limit)
    }

    func offerTicketRequests(kioskId: String, since: Date, offeredBefore: Date, now: Date, limit: Int) async throws -> [TicketRequest] {
        try await base.offerTicketRequests(kioskId: kioskId, since: since, offeredBefore: offeredBefore, now: now, limit: limit)
    }

    func pruneTickets(dayBefore: String, requestedBefore: Date) async throws -> Int {
        try await base.pruneTickets(dayBefore: dayBefore, requestedBefore: requestedBefore)
    }
}
