import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// Issue 17, deliverable 4: tokens not enumerable, requests limited, no personal data, no page
/// for another office's turn, no page after the office day, forms only with the ticket's key.
@Suite("The ticket's page against abuse", .serialized)
struct MobileTicketAbuseTests {
    static func configuration(misses: Int = 5, burst: Double = 1_000) -> CentralConfiguration {
        var configuration = Fixtures.permissive
        configuration.ticketMisses = misses
        configuration.ticketBurst = burst
        configuration.ticketRate = burst / 600
        return configuration
    }

    @Test("random tokens get the same 404 and, after a few, the address gets 429; another address is unaffected", arguments: Backend.enabled)
    func notEnumerable(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory, configuration: Self.configuration())
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let (_, token) = try scenario.issue("pagos")
            _ = try await sync.syncOnce()
            let guesser = Phone(api: scenario.api, address: "203.0.113.9")
            var bodies = Set<String>()
            for guess in [TicketPayload.token(from: (0..<16).map { _ in UInt8.random(in: 0...255) }), "abc", String(repeating: "a", count: 26),
                token.uppercased() + "x", TicketPayload.token(from: (0..<16).map { _ in UInt8.random(in: 0...255) })]
            {
                let answer = await guesser.open(FormCoding.encode(guess))
                #expect(answer.status == .notFound, "\(guess)")
                #expect(answer.header("cache-control") == "no-store")
                bodies.insert(answer.text)
            }
            #expect(bodies.count == 1, "every miss answers the same page")
            // The sixth miss, and from then on even a real ticket: the address is held back.
            #expect(await guesser.open(String(repeating: "b", count: 26)).status == .tooManyRequests)
            #expect(await guesser.open(token).status == .tooManyRequests)
            #expect(await Phone(api: scenario.api).open(token).status == .ok)
            // The token is read case-insensitively (some scanners upper-case links).
            #expect(await Phone(api: scenario.api, address: "198.51.100.4").open(token.uppercased()).status == .ok)
        }
    }

    @Test("page views and forms are limited per address", arguments: Backend.enabled)
    func rateLimited(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(
                storage: storage.storage, directory: storage.directory, configuration: Self.configuration(burst: 6))
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let (_, token) = try scenario.issue("pagos")
            _ = try await sync.syncOnce()
            let phone = Phone(api: scenario.api)
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(Int(await phone.open(token).status.code)) }
            statuses.append(Int(await phone.post(token, "cancel", form: ["key": "x"]).status.code))
            statuses.append(Int(await phone.post(token, "cancel", form: ["key": "x"]).status.code))
            #expect(statuses == [200, 200, 200, 200, 200, 403, 429])
            let refused = await phone.open(token)
            #expect(refused.status == .tooManyRequests && refused.header("retry-after") != nil)
        }
    }

    @Test("forms need the ticket's own key and this site's origin", arguments: Backend.enabled)
    func formKeys(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let (_, token) = try scenario.issue("pagos")
            let (_, other) = try scenario.issue("pagos")
            _ = try await sync.syncOnce()
            let phone = Phone(api: scenario.api)
            let key = try #require(Phone.key(in: await phone.open(token).text, for: "cancel"))
            let otherKey = try #require(Phone.key(in: await phone.open(other).text, for: "cancel"))
            #expect(await phone.post(token, "cancel", form: [:]).status == .forbidden)
            #expect(await phone.post(token, "cancel", form: ["key": otherKey]).status == .forbidden)
            #expect(await phone.post(token, "cancel", form: ["key": key], origin: "https://evil.example").status == .forbidden)
            #expect(await phone.post(token, "rate", form: ["key": key, "score": "9"]).status == .forbidden)
            #expect(try await scenario.storage.pendingTicketRequests(kioskId: scenario.kiosk.id, since: .distantPast, limit: 10).isEmpty)
            #expect(await phone.post(token, "cancel", form: ["key": key]).status == .seeOther)
        }
    }

    @Test("no page after the office day; another office's ticket shows only its own office", arguments: Backend.enabled)
    func dayEndAndOffices(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let (turn, token) = try scenario.issue("pagos")
            _ = try await sync.syncOnce()
            // A second office with its own kiosk and its own turn.
            let north = try TestKiosk(id: "kiosk-norte-1", in: storage.directory, clock: scenario.clock)
            try await north.enroll(storage: scenario.storage, transport: InProcessTransport(scenario.api), office: "med-norte")
            let northTurn = try north.store.issueTurn(service: "reclamos", preferential: false).turn
            let northToken = try north.store.ticketToken(for: northTurn.id)
            _ = try await north.sync(transport: InProcessTransport(scenario.api)).syncOnce()

            let phone = Phone(api: scenario.api)
            let centre = await phone.open(token)
            let norte = await phone.open(northToken)
            #expect(centre.status == .ok && norte.status == .ok)
            #expect(norte.text.contains("med-norte") && norte.text.contains(northTurn.label))
            #expect(!norte.text.contains(turn.label) && !norte.text.contains(Fixtures.office.officeName))
            #expect(!centre.text.contains("med-norte"))
            // No identifiers beyond the label: not the turn's id, the kiosk's, nor the token's hash.
            for page in [centre.text, norte.text] {
                #expect(!page.contains(turn.id.uuidString) && !page.contains(northTurn.id.uuidString))
                #expect(!page.contains("kiosk-") && !page.contains(QueueStore.ticketTokenHash(token)))
            }

            // The office day ends at midnight in the office's zone: the page is gone.
            let zone = Fixtures.office.resolvedTimeZone
            let end = LocalDay(containing: scenario.clock.date, in: zone).interval(in: zone).end
            scenario.clock.set(end.addingTimeInterval(-1))
            #expect(await phone.open(token).status == .ok)
            scenario.clock.set(end)
            let gone = await phone.open(token)
            #expect(gone.status == .notFound && !gone.text.contains(turn.label))
        }
    }

    @Test("the page says so honestly when the office's kiosk has not synced lately")
    func staleOffice() async throws {
        try await withTestStorage(.sqlite) { storage in
            let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
            let sync = try scenario.kiosk.sync(transport: InProcessTransport(scenario.api))
            let (_, token) = try scenario.issue("pagos")
            _ = try await sync.syncOnce()
            let phone = Phone(api: scenario.api)
            #expect(!(await phone.open(token).text.contains("class=\"stale\"")))
            scenario.clock.advance(minutes: 10)
            let stale = await phone.open(token)
            #expect(stale.text.contains("class=\"stale\"") && stale.text.contains("puede estar atrasada"), "\(stale.text)")
            #expect(stale.text.contains("Actualizado a las"))
        }
    }
}
