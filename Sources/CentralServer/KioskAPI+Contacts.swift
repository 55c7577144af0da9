import Foundation
import Hummingbird
import Logging
import SyncProtocol
import TurneroCore

extension KioskAPI {
    /// `POST /v1/kiosks/{id}/contacts`: numbers detractors gave at the kiosk's rating screen,
    /// each for one of that kiosk's call-backs. The numbers are never logged.
    func contacts(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let kioskId = try context.requireKiosk().kioskId
        let now = context.now
        let bytes = try await body(of: request)
        try refuseUnknownVersion(bytes, current: ContactUpload.currentVersion, of: "contacts")
        let upload = try decode(ContactUpload.self, bytes)
        guard upload.contacts.count <= ContactUpload.maxContacts else {
            throw APIError(.contentTooLarge, ErrorCode.tooLarge, "at most \(ContactUpload.maxContacts) contacts per request")
        }
        var checked: [(ContactUpload.Contact, ColombianPhone)] = []
        for contact in upload.contacts {
            guard UUID(uuidString: contact.callbackId) != nil else { throw APIError(.badRequest, ErrorCode.badRequest, "callback_id must be a UUID") }
            guard let phone = ColombianPhone(parsing: contact.phone) else {
                throw APIError(.badRequest, ErrorCode.badRequest, "phone must be a Colombian mobile or landline number")
            }
            checked.append((contact, phone))
        }
        var results: [String: String] = [:]
        let retention = configuration.callbackPolicy.contactRetention
        for (contact, phone) in checked {
            var result = try await storage.storeCallbackContact(
                kioskId: kioskId, callbackId: contact.callbackId, phone: phone.digits,
                consentAt: Date(milliseconds: contact.consentedAt), now: now)
            // A number for a call-back closed longer ago than the retention would be erased at
            // once: it is not kept at all.
            if result == .stored, let record = try await storage.callback(id: contact.callbackId),
                let closed = record.closedAt, now.timeIntervalSince(closed) > retention
            {
                _ = try await storage.eraseCallbackContacts(closedBefore: now.addingTimeInterval(-retention), now: now)
                result = .discarded
            }
            results[contact.callbackId] = result.rawValue
        }
        logger.info("contacts received", metadata: [
            "kiosk": "\(kioskId)", "stored": "\(results.values.count { $0 == ContactStorageResult.stored.rawValue })",
            "unknown": "\(results.values.count { $0 == ContactStorageResult.unknown.rawValue })",
        ])
        return .json(.ok, ContactUploadAnswer(results: results, serverTime: now.milliseconds))
    }
}
