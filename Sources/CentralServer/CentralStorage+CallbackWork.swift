public import Foundation

/// The detractor team's work at the centre: attempts and closures, assignment, the customers'
/// numbers (kept only with consent, only until the retention), and closures the office's kiosk
/// must learn. Part of ``CentralStorage``; the rules themselves are ``CallbackRules``.
public protocol CallbackWorkStorage: Sendable {
    /// Records an agent's attempt in one transaction, deciding it with ``CallbackRules/decide``
    /// on the row as it is inside that transaction (two agents never both close one call-back):
    /// the attempt, and on a closing decision the outcome, reason, area and second survey.
    func recordCallbackAttempt(
        id: String, _ attempt: CallbackAttemptInput, policy: CallbackPolicy, byManager: Bool, now: Date
    ) async throws -> CallbackAttemptOutcome
    /// Gives every open call-back that has a contact and no agent to one of `agents`, balanced by
    /// their open load (``CallbackRules/assignments``), in one transaction. Returns how many.
    func assignCallbacks(agents: [String], now: Date) async throws -> Int
    /// Gives an open call-back to `agent` (a manager's decision). False when not open or unknown.
    func reassignCallback(id: String, to agent: String, now: Date) async throws -> Bool
    /// Stores the number a customer gave at kiosk `kioskId`'s rating screen for one of that
    /// kiosk's call-backs.
    func storeCallbackContact(kioskId: String, callbackId: String, phone: String, consentAt: Date, now: Date) async throws
        -> ContactStorageResult
    /// Erases the numbers of call-backs closed before `closedBefore`. Returns how many.
    func eraseCallbackContacts(closedBefore: Date, now: Date) async throws -> Int
    /// Closures made at the centre that kiosk `kioskId` has not recorded yet, oldest first.
    func closuresToDeliver(kioskId: String, limit: Int) async throws -> [CallbackRecord]
}

/// What became of a number a kiosk sent.
public enum ContactStorageResult: String, Sendable, Hashable, Codable {
    /// Kept beside its call-back.
    case stored
    /// No call-back of this kiosk with that id (yet): the kiosk keeps the number and retries.
    case unknown
    /// The call-back closed so long ago that its number would already be erased: not kept.
    case discarded
}

/// Per-operator tokens for scripts calling the operators' API (`/v1/reports/…`), so that no
/// script holds a password. Only the token's hash is stored.
public protocol OperatorTokenStorage: Sendable {
    /// Stores a new token.
    func addAPIToken(_ token: APIToken, hash: String) async throws
    /// Tokens of one operator (or all), newest first, revoked ones included.
    func apiTokens(operatorName: String?) async throws -> [APIToken]
    /// Revokes a token by id. False when unknown or already revoked.
    func revokeAPIToken(id: String, now: Date) async throws -> Bool
    /// The live token with this hash and its operator's account (recording the use), or nil.
    func useAPIToken(hash: String, now: Date) async throws -> (APIToken, OperatorAccount)?
}

/// An operator's API token as listed (never the token itself).
public struct APIToken: Sendable, Hashable {
    /// A short public id (`tok_…`) to name it in lists and revocations.
    public var id: String
    public var operatorName: String
    /// What it is for ("informe mensual", "BI").
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, operatorName: String, label: String, createdAt: Date, expiresAt: Date?, lastUsedAt: Date? = nil,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.operatorName = operatorName
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Usable at `now`.
    public func isLive(at now: Date) -> Bool { revokedAt == nil && (expiresAt.map { now < $0 } ?? true) }
}
