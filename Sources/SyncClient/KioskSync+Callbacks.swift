import Foundation
import SyncProtocol
import TurneroCore
import TurneroStore

// Call-back work that crosses the link: closures made at the centre come down in upload
// answers and are recorded here; numbers detractors gave go up apart from the events.
extension KioskSync {
    /// Records closures the centre made as this office's own `callback.closed` (which tells the
    /// centre the office knows). Returns whether anything new was recorded (to upload).
    func recordCentreClosures(_ closures: [ClosedCallback]) async throws(SyncError) -> Bool {
        guard let office, !closures.isEmpty else { return false }
        var recorded = 0
        for closure in closures {
            guard let id = UUID(uuidString: closure.callbackId), let outcome = CallbackOutcome(rawValue: closure.outcome) else {
                logger.warning("the centre sent an unreadable call-back closure", metadata: ["callback": "\(closure.callbackId.prefix(40))"])
                continue
            }
            if try await store({ try office.recordCentreClosure(callback: id, outcome: outcome) }) { recorded += 1 }
        }
        if recorded > 0 { logger.notice("call-backs closed at the centre recorded", metadata: ["count": "\(recorded)"]) }
        return recorded > 0
    }

    /// Sends the numbers detractors gave (with their consent) and deletes each one the centre
    /// stored or discarded: the kiosk keeps no number the centre already has. Failures are
    /// logged and retried at the next round; the numbers never appear in a log.
    func sendContacts() async {
        guard let office else { return }
        do {
            let contacts = try await store { try office.callbackContacts(limit: ContactUpload.maxContacts) }
            guard !contacts.isEmpty else { return }
            let upload = ContactUpload(contacts: contacts.map {
                ContactUpload.Contact(
                    callbackId: $0.callback.uuidString, phone: $0.phone.digits, consentedAt: $0.consentedAt.millisecondsSince1970)
            })
            guard let delivered = try await deliver(upload, to: SyncPaths.contacts(kioskId: credentials.kioskId)) else {
                return logger.notice("the centre does not take call-back contacts yet; they stay on this kiosk")
            }
            let done = contacts.map(\.callback).filter { delivered.contains($0.uuidString) }
            try await store { try office.forgetContacts(done) }
            logger.info("call-back contacts delivered", metadata: ["sent": "\(contacts.count)", "delivered": "\(done.count)"])
        } catch {
            logger.info("call-back contacts not sent; retrying later", metadata: ["error": "\(error)"])
        }
    }
}

extension KioskSync {
    /// Posts personal contacts (apart from the events) and returns the ids the centre stored or
    /// discarded — the copies this kiosk deletes; nil when the centre does not take them yet.
    func deliver<Upload: Encodable>(_ upload: Upload, to path: String) async throws(SyncError) -> Set<String>? {
        let body: [UInt8]
        do { body = try SyncJSON.encode(upload) } catch { throw SyncError(.protocolViolation, "cannot encode the contacts") }
        let response = try await signedSend("POST", path, body: body, gzip: false)
        switch response.status {
        case 200:
            let answer: ContactUploadAnswer = try decode(response)
            return Set(answer.results.filter { $0.value == "stored" || $0.value == "discarded" }.keys)
        case 404, 405:
            return nil
        default:
            throw failure(response)
        }
    }
}
