import Foundation
import Hummingbird
import Logging
import SyncProtocol
import TurneroCore

extension KioskAPI {
    /// `POST /v1/kiosks/{id}/escalation-contacts`: the phone or e-mail customers agreed, at a
    /// counter, to be told an escalation's answer by, each for one of that kiosk's escalations.
    /// The contacts are never logged.
    func escalationContacts(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let kioskId = try context.requireKiosk().kioskId
        let now = context.now
        let bytes = try await body(of: request)
        try refuseUnknownVersion(bytes, current: EscalationContactUpload.currentVersion, of: "escalation contacts")
        let upload = try decode(EscalationContactUpload.self, bytes)
        guard upload.contacts.count <= EscalationContactUpload.maxContacts else {
            throw APIError(.contentTooLarge, ErrorCode.tooLarge, "at most \(EscalationContactUpload.maxContacts) contacts per request")
        }
        var checked: [(EscalationContactUpload.Contact, CustomerContact)] = []
        for contact in upload.contacts {
            guard UUID(uuidString: contact.escalationId) != nil else {
                throw APIError(.badRequest, ErrorCode.badRequest, "escalation_id must be a UUID")
            }
            guard (contact.phone == nil) != (contact.email == nil), let parsed = CustomerContact(phone: contact.phone, email: contact.email)
            else {
                throw APIError(.badRequest, ErrorCode.badRequest, "each contact is a Colombian phone number or an e-mail address, not both")
            }
            checked.append((contact, parsed))
        }
        var results: [String: String] = [:]
        let retention = configuration.callbackPolicy.contactRetention
        for (contact, parsed) in checked {
            // A contact for an escalation closed longer ago than the retention is not kept at all.
            let result = try await storage.storeEscalationContact(
                kioskId: kioskId, escalationId: contact.escalationId, contact: parsed, consentAt: Date(milliseconds: contact.consentedAt),
                closedSince: now.addingTimeInterval(-retention), now: now)
            results[contact.escalationId] = result.rawValue
        }
        logger.info("escalation contacts received", metadata: [
            "kiosk": "\(kioskId)", "stored": "\(results.values.count { $0 == ContactStorageResult.stored.rawValue })",
            "unknown": "\(results.values.count { $0 == ContactStorageResult.unknown.rawValue })",
        ])
        return .json(.ok, ContactUploadAnswer(results: results, serverTime: now.milliseconds))
    }
}
