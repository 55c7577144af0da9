import Foundation
import Testing
import TurneroCore
@testable import TurneroStore

/// The customer's contact for an escalation's answer, only with consent (issue 16): kept apart
/// from the events, only its consent in `escalation.opened`, erased after the retention.
@Suite("Escalation contacts in the store")
struct EscalationContactStoreTests {
    static func escalate(_ store: QueueStore, contact: CustomerContact?) throws -> Escalation {
        _ = try store.issueTurn(service: "reclamos", preferential: false)
        _ = try store.call(counter: 2)
        _ = try store.start(counter: 2)
        let done = try store.finish(
            counter: 2, record: FinishRecord(types: ["reclamo"], resolution: .escalated, area: "facturacion", contact: contact))
        return try #require(done.escalation)
    }

    @Test func aConsentedContactStaysOutOfTheEvents() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let phone = try #require(CustomerContact(parsing: "+57 300 123 4567"))
        let withPhone = try Self.escalate(store, contact: phone)
        let email = try #require(CustomerContact(parsing: "Cliente.Uno@Correo.com.co"))
        let withEmail = try Self.escalate(store, contact: email)
        let without = try Self.escalate(store, contact: nil)
        let opened = try store.outboxEntries().compactMap { entry -> (UUID, Bool)? in
            if case .escalationOpened(let id, _, _, _, _, let given) = entry.event.payload { (id, given) } else { nil }
        }
        #expect(opened.map(\.0) == [withPhone.id, withEmail.id, without.id] && opened.map(\.1) == [true, true, false])
        #expect(try store.escalationContact(withPhone.id) == phone && store.escalationContact(withEmail.id)?.formatted == "cliente.uno@correo.com.co")
        #expect(try store.escalationContact(without.id) == nil)
        #expect(try Set(store.escalationContacts().map(\.escalation)) == [withPhone.id, withEmail.id])  // consented in the same instant
        // Events are kept for good and go to the centre: no digit or address of the contacts.
        let stored = try store.database.writer.read { db in try String.fetchAll(db, sql: "SELECT payload FROM outbox") }.joined()
        #expect(!stored.contains("3001234567") && !stored.contains("correo.com.co"))
        try store.forgetEscalationContacts([withPhone.id])
        #expect(try store.escalationContacts().map(\.escalation) == [withEmail.id])
    }

    @Test func aContactWithoutEscalationIsRefused() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        _ = try store.issueTurn(service: "reclamos", preferential: false)
        _ = try store.call(counter: 2)
        _ = try store.start(counter: 2)
        let error = #expect(throws: StoreError.self) {
            try store.finish(counter: 2, record: FinishRecord(
                types: ["reclamo"], resolution: .firstContact, contact: CustomerContact(parsing: "3001234567")))
        }
        #expect(try error?.code == .requestRefused && store.currentTurn(counter: 2)?.state == .serving)
    }

    @Test func aContactIsErasedAfterTheEscalationClosesPlusTheRetention() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let escalation = try Self.escalate(store, contact: CustomerContact(parsing: "6012345678"))
        let open = try Self.escalate(store, contact: CustomerContact(parsing: "3109876543"))
        _ = try store.closeEscalation(escalation.id, answer: "Respondido por teléfono")
        fixture.advance(minutes: Double(fixture.configuration.rating.contactRetentionDays) * 1_440 - 1)
        #expect(try store.eraseExpiredContacts() == 0 && store.escalationContact(escalation.id) != nil)
        fixture.advance(minutes: 2)
        #expect(try store.eraseExpiredContacts() == 1)
        #expect(try store.escalationContact(escalation.id) == nil && store.escalationContact(open.id) != nil)
    }
}
