import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// Issue 17: the page behind a ticket's QR, its forms, and what they do at the office.
@Suite("The ticket's page at the centre", .serialized)
struct MobileTicketTests {
    @Test("a customer follows the turn to counter 3 and rates it once; the office records the rating exactly once", arguments: Backend.enabled)
    func followAndRate(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let store = scenario.kiosk.store
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let phone = Phone(api: scenario.api)
            let (turn, token) = try scenario.issue("reclamos")
            _ = try await sync.syncOnce()

            let waiting = await phone.open(token)
            #expect(waiting.status == .ok)
            #expect(waiting.text.contains(turn.label) && waiting.text.contains("1 persona antes que usted"), "\(waiting.text)")
            #expect(waiting.text.contains("http-equiv=\"refresh\" content=\"20\""))
            #expect(waiting.header("cache-control") == "no-store")
            #expect(waiting.header("content-security-policy")?.contains("default-src 'none'") == true)
            #expect(!waiting.text.lowercased().contains("<script"))
            #expect(waiting.text.contains("Ya no necesito el turno"))

            try scenario.call(turn, counter: 3)
            _ = try await sync.syncOnce()
            let called = await phone.open(token)
            #expect(called.text.contains("state called") && called.text.contains("módulo 3"), "\(called.text)")
            #expect(!called.text.contains("Ya no necesito el turno"))
            #expect(await phone.open(token, lang: "en").text.contains("Go to counter 3"))

            _ = try store.start(counter: 3)
            scenario.clock.advance(minutes: 5)
            _ = try store.finish(counter: 3)
            _ = try await sync.syncOnce()
            let served = await phone.open(token)
            #expect(served.text.contains("Atendido") && !served.text.contains("http-equiv=\"refresh\""))
            let key = try #require(Phone.key(in: served.text, for: "rate"))
            let rated = await phone.post(token, "rate", form: ["key": key, "score": "3", "consent": "yes", "phone": "310 555 0199"])
            #expect(rated.status == .seeOther && rated.header("location") == "/t/\(token)?lang=es")
            let again = await phone.post(token, "rate", form: ["key": key, "score": "10"])
            #expect(again.status == .conflict)

            // Down as a notice, recorded by the office as its own events, settled by their upload.
            _ = try await sync.syncOnce()
            _ = try await sync.syncOnce()
            let ratings = try scenario.kiosk.events().filter { if case .turnRated(let rated, _) = $0.payload { rated.id == turn.id } else { false } }
            #expect(ratings.map(\.payload) == [.turnRated(turn: turn.reference, score: 3)])
            let callback = try #require(try store.openCallbacks().first { $0.turn.id == turn.id })
            let atCentre = try #require(try await scenario.storage.callback(id: callback.id.uuidString))
            #expect(atCentre.phone == "3105550199" && atCentre.contactGiven && atCentre.phoneConsentBy == "cliente")
            #expect(try await scenario.storage.pendingTicketRequests(kioskId: scenario.kiosk.id, since: .distantPast, limit: 10).isEmpty)
            let thanked = await phone.open(token)
            #expect(thanked.text.contains("Gracias por su calificación") && Phone.key(in: thanked.text, for: "rate") == nil)
            #expect(!thanked.text.contains("3105550199") && !thanked.text.contains("555 0199"))
            _ = try await sync.syncOnce()
            let after = try scenario.kiosk.events().count { if case .turnRated(let rated, _) = $0.payload { rated.id == turn.id } else { false } }
            #expect(after == 1)
        }
    }

    @Test("leaving the queue cancels the turn at the office; once called, the page and the kiosk refuse it", arguments: Backend.enabled)
    func cancellation(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let store = scenario.kiosk.store
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let phone = Phone(api: scenario.api)
            let (first, firstToken) = try scenario.issue("pagos")
            let (second, secondToken) = try scenario.issue("pagos")
            _ = try await sync.syncOnce()

            let key = try #require(Phone.key(in: await phone.open(firstToken).text, for: "cancel"))
            #expect(await phone.post(firstToken, "cancel", form: ["key": key]).status == .seeOther)
            #expect(await phone.post(firstToken, "cancel", form: ["key": key]).status == .seeOther)
            #expect(await phone.open(firstToken).text.contains("Cancelando su turno"))
            _ = try await sync.syncOnce()
            #expect(try store.turn(.id(first.id)).state == .cancelled)
            _ = try await sync.syncOnce()
            let cancelled = await phone.open(firstToken)
            #expect(cancelled.text.contains("Turno cancelado") && !cancelled.text.contains("http-equiv=\"refresh\""))
            #expect(try await scenario.storage.pendingTicketRequests(kioskId: scenario.kiosk.id, since: .distantPast, limit: 10).isEmpty)

            // Asked on the page, but the counter called the turn before the kiosk heard of it.
            let secondKey = try #require(Phone.key(in: await phone.open(secondToken).text, for: "cancel"))
            #expect(await phone.post(secondToken, "cancel", form: ["key": secondKey]).status == .seeOther)
            try scenario.call(second, counter: 1)
            #expect(try store.recordTicketCancellation(turn: second.id) == .moot)
            _ = try await sync.syncOnce()
            _ = try await sync.syncOnce()
            #expect(try store.turn(.id(second.id)).state == .called)
            #expect(try await scenario.storage.pendingTicketRequests(kioskId: scenario.kiosk.id, since: .distantPast, limit: 10).isEmpty)
            let cancels = try scenario.kiosk.events().count { if case .turnCancelled(let turn) = $0.payload { turn.id == second.id } else { false } }
            #expect(cancels == 0)
            // The page no longer offers it, and a form posted anyway is refused.
            #expect(Phone.key(in: await phone.open(secondToken).text, for: "cancel") == nil)
            #expect(await phone.post(secondToken, "cancel", form: ["key": secondKey]).status == .conflict)
        }
    }

    @Test("a notice handed to a long-poll is not handed to the next one at once; unrecorded, it comes again after the lease", arguments: Backend.enabled)
    func offerLease(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let central = storage.storage
            let now = OfficeScenario.morning
            let request = TicketRequest(kioskId: "k1", officeId: "o1", turnId: UUID().uuidString, kind: .cancel, requestedAt: now)
            let added = try await central.addTicketRequest(request, contact: nil)
            #expect(added)
            var offered: [Int] = []
            for seconds in [1.0, 2, 12] {
                let at = now.addingTimeInterval(seconds)
                offered.append(try await central.offerTicketRequests(
                    kioskId: "k1", since: now.addingTimeInterval(-3600), offeredBefore: at.addingTimeInterval(-10), now: at, limit: 10).count)
            }
            #expect(offered == [1, 0, 1])
            // Upload answers carry every pending notice, offered or not; other kiosks get none.
            let pending = try await central.pendingTicketRequests(kioskId: "k1", since: .distantPast, limit: 10)
            let other = try await central.offerTicketRequests(kioskId: "k2", since: .distantPast, offeredBefore: .distantFuture, now: now, limit: 10)
            #expect(pending.count == 1 && other.isEmpty)
        }
    }

    @Test("the kiosk's long-poll is woken by the page: a cancellation reaches the office within 5 s")
    func longPollWakes() async throws {
        try await withTestStorage(.sqlite) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let phone = Phone(api: scenario.api)
            let (turn, token) = try scenario.issue("pagos")
            _ = try await sync.syncOnce()
            let key = try #require(Phone.key(in: await phone.open(token).text, for: "cancel"))
            let listening = Task { try await sync.listenOnce(wait: 20) }
            // The long-poll found nothing and waits: the page's form wakes it.
            #expect(await Waiting.until { scenario.api.noticeWaiters > 0 })
            let started = ContinuousClock.now
            #expect(await phone.post(token, "cancel", form: ["key": key]).status == .seeOther)
            let outcome = try await listening.value
            let lag = ContinuousClock.now - started
            #expect(outcome == .recorded)
            #expect(try scenario.kiosk.store.turn(.id(turn.id)).state == .cancelled)
            #expect(lag < .seconds(5), "woken after \(lag)")
            print("ticket page: cancellation posted → kiosk long-poll answered and recorded: \(lag)")
        }
    }
}
