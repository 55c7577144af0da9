import Foundation
import SyncProtocol
import TurneroCore
import TurneroStore

extension KioskSync {
    /// Sends the phones and e-mails customers gave with consent for their escalation's answer,
    /// and deletes each one the centre stored or discarded (as ``sendContacts()``). Failures are
    /// logged without the contacts and retried at the next round.
    func sendEscalationContacts() async {
        guard let office else { return }
        do {
            let contacts = try await store { try office.escalationContacts(limit: EscalationContactUpload.maxContacts) }
            guard !contacts.isEmpty else { return }
            let upload = EscalationContactUpload(contacts: contacts.map {
                EscalationContactUpload.Contact(
                    escalationId: $0.escalation.uuidString, phone: $0.contact.phoneDigits, email: $0.contact.emailAddress,
                    consentedAt: $0.consentedAt.millisecondsSince1970)
            })
            guard let delivered = try await deliver(upload, to: SyncPaths.escalationContacts(kioskId: credentials.kioskId)) else {
                return logger.notice("the centre does not take escalation contacts yet; they stay on this kiosk")
            }
            let done = contacts.map(\.escalation).filter { delivered.contains($0.uuidString) }
            try await store { try office.forgetEscalationContacts(done) }
            logger.info("escalation contacts delivered", metadata: ["sent": "\(contacts.count)", "delivered": "\(done.count)"])
        } catch {
            logger.info("escalation contacts not sent; retrying later", metadata: ["error": "\(error)"])
        }
    }
}
