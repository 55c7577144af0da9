@testable import CentralServer
import Foundation
import SyncProtocol
import TestSupport
import Testing

/// Issue 11 on both backends: enrollment rules (no takeover, idempotent retry, key conflict,
/// codes minted for a kiosk id, revocation, key change), event identity per kiosk, declared
/// gaps and the dashboard's kiosk page.
@Suite("Kiosk identity on SQLite and PostgreSQL")
struct KioskIdentitySuiteTests {
    static func code(_ storage: any CentralStorage, office: String, kiosk: String? = nil) async throws -> String {
        let hash = EnrollmentCode.hash(EnrollmentCode.normalize(EnrollmentCode.make())!)
        try await storage.addEnrollmentCode(hash: hash, officeId: office, kioskId: kiosk, expiresAt: Date().addingTimeInterval(600))
        return hash
    }

    static func redeem(_ storage: any CentralStorage, _ hash: String, _ kiosk: String, _ key: KioskVerifyingKey) async throws -> EnrollmentOutcome {
        try await storage.redeemEnrollmentCode(
            hash: hash, kioskId: kiosk, key: key, credentialExpiresAt: Date().addingTimeInterval(86_400), now: Date())
    }

    @Test("enrollment rules: no takeover, same answer on retry, 409 for another key, bound codes, revocation, key change",
        arguments: Backend.enabled)
    func enrollmentRules(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let store = storage.storage
            let first = KioskSigningKey.generate().verifyingKey
            let code = try await Self.code(store, office: "office-1")
            guard case .enrolled("office-1", _) = try await Self.redeem(store, code, "k1", first) else { throw TestFailure("not enrolled") }
            // The lost answer's retry: the same answer; another key: a conflict.
            guard case .enrolled("office-1", _) = try await Self.redeem(store, code, "k1", first) else { throw TestFailure("no retry") }
            #expect(try await Self.redeem(store, code, "k1", KioskSigningKey.generate().verifyingKey) == .keyConflict)
            #expect(try await Self.redeem(store, code, "k2", KioskSigningKey.generate().verifyingKey) == .invalidCode)
            // Finding 1: another office's code cannot take k1; the code stays unused.
            let foreign = try await Self.code(store, office: "office-2")
            #expect(try await Self.redeem(store, foreign, "k1", KioskSigningKey.generate().verifyingKey) == .alreadyEnrolled)
            #expect(try await store.credential(kioskId: "k1")?.key == first)
            #expect(try await store.credential(kioskId: "k1")?.officeId == "office-1")
            // A code minted for k1 only works for k1, and moves it.
            let bound = try await Self.code(store, office: "office-2", kiosk: "k1")
            #expect(try await Self.redeem(store, bound, "k3", KioskSigningKey.generate().verifyingKey) == .invalidCode)
            let second = KioskSigningKey.generate().verifyingKey
            guard case .enrolled("office-2", _) = try await Self.redeem(store, bound, "k1", second) else { throw TestFailure("bound") }
            // Key change is a compare-and-swap.
            let third = KioskSigningKey.generate().verifyingKey
            #expect(try await store.changeKioskKey(kioskId: "k1", from: first, to: third, now: Date()) == false)
            #expect(try await store.changeKioskKey(kioskId: "k1", from: second, to: third, now: Date()))
            #expect(try await store.credential(kioskId: "k1")?.key == third)
            // Revoked: the foreign (unused) code may now enroll k1.
            #expect(try await store.revokeKiosk(kioskId: "k1", now: Date()))
            #expect(try await store.revokeKiosk(kioskId: "k1", now: Date()) == false)
            #expect(try await store.credential(kioskId: "k1")?.revokedAt != nil)
            #expect(try await store.changeKioskKey(kioskId: "k1", from: third, to: first, now: Date()) == false)
            guard case .enrolled("office-2", _) = try await Self.redeem(store, foreign, "k1", first) else { throw TestFailure("after revoke") }
            #expect(try await store.credential(kioskId: "k1")?.revokedAt == nil)
            let listed = try await store.kioskEnrollments()
            #expect(listed.map(\.kioskId) == ["k1"] && listed[0].keyFingerprint == first.fingerprint)
        }
    }

    @Test("finding 3: an event id sent by one kiosk never touches another kiosk's event or counters", arguments: Backend.enabled)
    func eventIdentityPerKiosk(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let store = storage.storage
            let validator = EventValidator(maxPayloadBytes: 16 * 1024)
            func event(_ seq: Int64, _ id: String) -> CheckedEvent {
                validator.check(WireEvent(
                    seq: seq, eventId: id, type: "counter.opened", day: "2026-11-23", occurredAt: 1_800_000_000_000 + seq,
                    payload: #"{"counter":\#(seq),"type":"counter.opened"}"#))
            }
            let victimId = UUID().uuidString.lowercased()
            // Kiosk A sends, in its own stream, an event carrying B's not-yet-uploaded id.
            _ = try await store.ingest(kioskId: "a", dbEpoch: "ea", fromSeq: 1, events: [event(1, victimId)], client: nil, now: Date())
            // B's real event arrives later: accepted and counted in B's stream.
            guard case .stored(let results, 2, _, _) = try await store.ingest(
                kioskId: "b", dbEpoch: "eb", fromSeq: 1, events: [event(1, victimId), event(2, UUID().uuidString.lowercased())],
                client: nil, now: Date())
            else { throw TestFailure("B's batch not stored") }
            #expect(results.map(\.status) == [.accepted, .accepted])
            #expect(try await store.eventTotals(kioskId: "b") == (2, 0))
            #expect(try await store.countedEvents(kioskId: "b") == 2)
            #expect(try await store.countedEvents(kioskId: "a") == 1)
            // Within one kiosk an event id is still used once: the second use is a dead letter.
            guard case .stored(let again, _, _, _) = try await store.ingest(
                kioskId: "b", dbEpoch: "eb", fromSeq: 3, events: [event(3, victimId)], client: nil, now: Date())
            else { throw TestFailure("B's third batch") }
            #expect(again.map(\.status) == [.rejected])
            #expect(try await store.countedEvents(kioskId: "b") == 2)
        }
    }

    @Test("a declared gap is recorded once, moves the mark, is idempotent, and is refused beyond the mark", arguments: Backend.enabled)
    func declaredGaps(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let store = storage.storage
            let validator = EventValidator(maxPayloadBytes: 16 * 1024)
            let events = (1...3).map { seq in
                validator.check(WireEvent(
                    seq: Int64(seq), eventId: UUID().uuidString.lowercased(), type: "counter.opened", day: "2026-11-23",
                    occurredAt: 1_800_000_000_000, payload: #"{"counter":\#(seq),"type":"counter.opened"}"#))
            }
            _ = try await store.ingest(kioskId: "k", dbEpoch: "e", fromSeq: 1, events: events, client: nil, now: Date())
            #expect(try await store.declareGap(kioskId: "k", dbEpoch: "e", fromSeq: 6, toSeq: 9, now: Date()) == .gap(acceptedThrough: 3, archivedThrough: 0))
            #expect(try await store.declareGap(kioskId: "k", dbEpoch: "e", fromSeq: 4, toSeq: 9, now: Date())
                == .recorded(acceptedThrough: 9, archivedThrough: 0, lostEvents: 6))
            // A retry (its answer lost): nothing more recorded.
            #expect(try await store.declareGap(kioskId: "k", dbEpoch: "e", fromSeq: 4, toSeq: 9, now: Date())
                == .recorded(acceptedThrough: 9, archivedThrough: 0, lostEvents: 6))
            #expect(try await store.marks(kioskId: "k", dbEpoch: "e").acceptedThrough == 9)
            // A stream the restored centre never saw.
            #expect(try await store.declareGap(kioskId: "k", dbEpoch: "new", fromSeq: 1, toSeq: 5, now: Date())
                == .recorded(acceptedThrough: 5, archivedThrough: 0, lostEvents: 5))
            let gaps = try await store.streamGaps(kioskId: "k")
            #expect(gaps.map { "\($0.dbEpoch):\($0.fromSeq)-\($0.toSeq)" } == ["e:4-9", "new:1-5"])
        }
    }

    @Test("the dashboard lists kiosks with their key and events lost; a manager revokes one (CSRF checked)", arguments: Backend.enabled)
    func dashboardKioskPage(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let store = storage.storage
            try await DashboardTests.operators(store)
            let api = CentralAPI(storage: store, logger: Fixtures.quiet)
            _ = try await Self.redeem(store, try await Self.code(store, office: "o1"), "k1", KioskSigningKey.generate().verifyingKey)
            _ = try await Self.redeem(store, try await Self.code(store, office: "o1"), "k2", .hmac(RequestSignature.makeSecret()))
            _ = try await store.declareGap(kioskId: "k1", dbEpoch: "e", fromSeq: 1, toSeq: 7, now: Date())
            let agent = Session(api)
            #expect(await agent.login("agente", "clave-de-agente").status == 303)
            #expect(await agent.get("/dashboard/kiosks").status == 403)
            let browser = Session(api)
            #expect(await browser.login("gerente", "clave-de-gerente").status == 303)
            let page = await browser.get("/dashboard/kiosks")
            #expect(page.status == 200)
            #expect(PageValues.value(page.text, kpi: "lost-events-total") == "7")
            #expect(page.text.contains(#"data-kiosk="k1""#) && page.text.contains("rekey"))
            let csrf = try #require(Session.csrf(in: page.text))
            #expect(await browser.post("/dashboard/kiosks/k2/revoke", form: ["csrf": "wrong"]).status == 403)
            #expect(try await store.credential(kioskId: "k2")?.revokedAt == nil)
            #expect(await browser.post("/dashboard/kiosks/k2/revoke", form: ["csrf": csrf]).status == 303)
            #expect(try await store.credential(kioskId: "k2")?.revokedAt != nil)
            #expect(await browser.post("/dashboard/kiosks/k2/revoke", form: ["csrf": csrf]).status == 404)
        }
    }
}
