import CentralServer
import Foundation
import SyncProtocol
import Testing
import TurneroCore

/// One suite, both backends: every guarantee of `CentralStorage` is checked on SQLite and on a
/// real PostgreSQL server (kiosk-scripts/postgres-test.sh), through the centre's API where the
/// API is the way in.
@Suite("Central storage on SQLite and PostgreSQL")
struct StorageSuiteTests {
    /// A centre over one backend with one enrolled kiosk, posting signed batches in process.
    struct Centre {
        let storage: TestStorage
        let api: CentralAPI
        let kiosk = "kiosk-1"
        let epoch = "epoch-a"
        let secret: [UInt8] = Array(repeating: 7, count: 32)

        init(_ storage: TestStorage, office: String = "office-1") async throws {
            self.storage = storage
            api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            try await Self.enroll(storage.storage, kiosk: kiosk, office: office, secret: secret)
        }

        static func enroll(_ storage: any CentralStorage, kiosk: String, office: String, secret: [UInt8]) async throws {
            let hash = EnrollmentCode.hash(EnrollmentCode.normalize(EnrollmentCode.make())!)
            try await storage.addEnrollmentCode(hash: hash, officeId: office, expiresAt: Date().addingTimeInterval(600))
            let enrolled = try await storage.redeemEnrollmentCode(
                hash: hash, kioskId: kiosk, key: .hmac(secret), credentialExpiresAt: Date().addingTimeInterval(86_400), now: Date())
            guard case .enrolled(let enrolledOffice, _) = enrolled else { throw TestFailure("not enrolled: \(enrolled)") }
            #expect(enrolledOffice == office)
        }

        func event(_ seq: Int64, counter: Int? = nil, id: String? = nil, payload: String? = nil) -> WireEvent {
            WireEvent(
                seq: seq, eventId: id ?? UUID().uuidString.lowercased(), type: "counter.opened", day: "2026-11-23",
                occurredAt: 1_795_000_000_000 + seq, payload: payload ?? #"{"counter":\#(counter ?? Int(seq)),"type":"counter.opened"}"#)
        }

        func post(_ events: [WireEvent], from: Int64? = nil, epoch: String? = nil) async throws -> (Int, UploadResponse?, ErrorBody?) {
            let first = from ?? events.first?.seq ?? 1
            let batch = EventBatch(dbEpoch: epoch ?? self.epoch, fromSeq: first, toSeq: events.last?.seq ?? first - 1, events: events)
            let response = await api.respond(to: signed(
                "POST", SyncPaths.events(kioskId: kiosk), body: try SyncJSON.encode(batch), kiosk: kiosk, secret: secret))
            return (
                response.status.code, try? SyncJSON.decode(UploadResponse.self, from: response.body),
                try? SyncJSON.decode(ErrorBody.self, from: response.body)
            )
        }
    }

    static func wire(_ payload: QueueEvent.Payload, seq: Int64, at: Date, day: String = "2026-11-23") throws -> WireEvent {
        WireEvent(
            seq: seq, eventId: UUID().uuidString.lowercased(), type: payload.type, day: day,
            occurredAt: Int64(at.timeIntervalSince1970 * 1000),
            payload: String(decoding: try TurneroJSON.encoder().encode(payload), as: UTF8.self))
    }

    @Test("a batch sent twice is stored once, a gap is refused, a conflict rolls the whole batch back", arguments: Backend.enabled)
    func dedupGapConflict(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let centre = try await Centre(storage)
            let events = (1...5).map { centre.event($0) }
            let first = try await centre.post(events)
            #expect(first.0 == 200 && first.1?.acceptedThrough == 5 && first.1?.results.allSatisfy { $0.status == .accepted } == true)
            let again = try await centre.post(events)
            #expect(again.1?.results.allSatisfy { $0.status == .duplicate } == true && again.1?.acceptedThrough == 5)
            let overlap = try await centre.post(Array(events[3...]) + [centre.event(6)])
            #expect(overlap.1?.results.map(\.status) == [.duplicate, .duplicate, .accepted])
            let gap = try await centre.post([centre.event(9)])
            #expect(gap.0 == 409 && gap.2?.error == ErrorCode.gap && gap.2?.acceptedThrough == 6)
            let conflict = try await centre.post([centre.event(6, counter: 99), centre.event(7)])
            #expect(conflict.0 == 409 && conflict.2?.error == ErrorCode.seqConflict && conflict.2?.conflictSeq == 6)
            let unknownStream = try await centre.post([centre.event(3)], epoch: "epoch-b")
            #expect(unknownStream.0 == 409 && unknownStream.2?.acceptedThrough == 0)
            #expect(try await storage.storage.storedEvents(kioskId: centre.kiosk).count == 6)
            #expect(try await storage.storage.countedEvents(kioskId: nil) == 6)
            #expect(try await storage.storage.marks(kioskId: centre.kiosk, dbEpoch: centre.epoch) == (6, 0))
            #expect(try await storage.storage.marks(kioskId: centre.kiosk, dbEpoch: "epoch-b") == (0, 0))
        }
    }

    @Test("invalid events and reused event ids become dead letters without blocking the stream", arguments: Backend.enabled)
    func deadLetters(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let centre = try await Centre(storage)
            let reused = UUID().uuidString.lowercased()
            let batch = [
                centre.event(1, id: reused), centre.event(2, payload: #"{"type":"turn.exploded"}"#), centre.event(3, id: "not-a-uuid"),
                centre.event(4, id: reused), centre.event(5, payload: "{\"counter\":1,\"type\":\"counter.opened\",\"x\":\"\u{0}\"}"),
                centre.event(6),
            ]
            let answer = try await centre.post(batch)
            #expect(answer.1?.results.map(\.status) == [.accepted, .rejected, .rejected, .rejected, .accepted, .accepted])
            #expect(answer.1?.acceptedThrough == 6)
            let again = try await centre.post(batch)
            #expect(again.1?.results.allSatisfy { $0.status == .duplicate } == true)
            let totals = try await storage.storage.eventTotals(kioskId: nil)
            #expect(totals.events == 3 && totals.deadLetters == 3)
            #expect(try await storage.storage.countedEvents(kioskId: nil) == 3)
        }
    }

    @Test("concurrent uploads of one stream: every event once, the mark contiguous, counters exact", arguments: Backend.enabled)
    func concurrentUploadsOfOneStream(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let centre = try await Centre(storage)
            let events = (1...120).map { centre.event($0) }
            // Eight uploaders send overlapping windows of the same stream at once, three rounds.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for round in 0..<3 {
                            let start = (worker * 13 + round * 40) % 100
                            let answer = try await centre.post(Array(events[start..<min(start + 30, 120)]))
                            // Either stored (accepted or duplicate) or refused as a gap: never an error.
                            #expect(answer.0 == 200 || (answer.0 == 409 && answer.2?.error == ErrorCode.gap), "\(answer.0) \(String(describing: answer.2))")
                        }
                    }
                }
                try await group.waitForAll()
            }
            // A final catch-up from the centre's mark, as a kiosk would.
            var mark = try await storage.storage.marks(kioskId: centre.kiosk, dbEpoch: centre.epoch).acceptedThrough
            while mark < 120 {
                let answer = try await centre.post(Array(events[Int(mark)..<min(Int(mark) + 25, 120)]))
                mark = try #require(answer.1?.acceptedThrough)
            }
            let stored = try await storage.storage.storedEvents(kioskId: centre.kiosk)
            #expect(stored.map(\.seq) == Array(1...120))
            #expect(stored.map(\.eventId) == events.map(\.eventId))
            #expect(try await storage.storage.countedEvents(kioskId: centre.kiosk) == 120)
        }
    }

    @Test("an enrollment code works once, even when kiosks race for it", arguments: Backend.enabled)
    func enrollmentCodeOnce(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let hash = EnrollmentCode.hash(EnrollmentCode.normalize(EnrollmentCode.make())!)
            // An hour: the race must be decided by the code being used once, never by it expiring on a slow machine.
            try await storage.storage.addEnrollmentCode(hash: hash, officeId: "office-9", expiresAt: Date().addingTimeInterval(3600))
            let winners = try await withThrowingTaskGroup(of: EnrollmentOutcome.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await storage.storage.redeemEnrollmentCode(
                            hash: hash, kioskId: "racer-\(index)", key: KioskSigningKey.generate().verifyingKey,
                            credentialExpiresAt: Date().addingTimeInterval(60), now: Date())
                    }
                }
                return try await group.reduce(into: [String]()) { if case .enrolled(let office, _) = $1 { $0.append(office) } }
            }
            #expect(winners == ["office-9"])
            let expired = EnrollmentCode.hash(EnrollmentCode.normalize(EnrollmentCode.make())!)
            try await storage.storage.addEnrollmentCode(hash: expired, officeId: "office-9", expiresAt: Date().addingTimeInterval(-1))
            #expect(try await storage.storage.redeemEnrollmentCode(
                hash: expired, kioskId: "late", key: KioskSigningKey.generate().verifyingKey, credentialExpiresAt: Date(),
                now: Date()) == .invalidCode)
            #expect(try await storage.storage.credential(kioskId: "late") == nil)
            #expect(try await storage.storage.officeIds() == ["office-9"])
        }
    }

    @Test("datasets: increasing versions, an office's own version wins, rows verified", arguments: Backend.enabled)
    func datasets(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let rows = [DatasetRow(key: "b", value: #"{"n":2}"#), DatasetRow(key: "a", value: #"{"n":1}"#)]
            #expect(try await storage.storage.publishDataset(name: "bills", officeId: nil, rows: rows, now: Date()).version == 1)
            #expect(try await storage.storage.publishDataset(name: "bills", officeId: nil, rows: rows, now: Date()).version == 2)
            let own = try await storage.storage.publishDataset(name: "bills", officeId: "office-2", rows: [rows[0]], now: Date())
            #expect(own.version == 1)
            #expect(try await storage.storage.datasetVersions(officeId: "office-1") == ["bills": 2])
            #expect(try await storage.storage.datasetVersions(officeId: "office-2") == ["bills": 1])
            let global = try #require(try await storage.storage.dataset(name: "bills", officeId: "office-1"))
            #expect(global.isIntact && global.rows.map(\.key) == ["a", "b"])
            #expect(try await storage.storage.dataset(name: "bills", officeId: "office-2")?.rowCount == 1)
            #expect(try await storage.storage.dataset(name: "nothing", officeId: "office-1") == nil)
        }
    }

    @Test("a backup raises every stream's archived mark to what the copy holds", arguments: Backend.enabled)
    func backup(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let centre = try await Centre(storage)
            _ = try await centre.post((1...4).map { centre.event($0) })
            let file = storage.directory.path("backup")
            #expect(try await storage.storage.backup(to: file) == 1)
            #expect(FileManager.default.fileExists(atPath: file))
            _ = try await centre.post([centre.event(5)])
            let answer = try await centre.post([centre.event(6)])
            #expect(answer.1?.archivedThrough == 4 && answer.1?.acceptedThrough == 6)
            #expect(try await storage.storage.backup(to: file) == 1)
            #expect(try await storage.storage.marks(kioskId: centre.kiosk, dbEpoch: centre.epoch) == (6, 6))
        }
    }

    @Test("heartbeats, kiosk overviews, stream marks and the board's event reads", arguments: Backend.enabled)
    func kiosksAndEvents(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let centre = try await Centre(storage, office: "office-7")
            let day = Date(timeIntervalSince1970: 1_795_000_000)
            let turn = TurnReference(id: UUID(), label: "P-001", service: "pagos")
            let events = [
                try Self.wire(.turnIssued(turn: turn, preferential: false, ahead: 0, estimate: nil), seq: 1, at: day, day: "2026-11-22"),
                try Self.wire(.turnCalled(turn: turn, counter: 1, call: 1), seq: 2, at: day, day: "2026-11-23"),
                try Self.wire(.turnStarted(turn: turn, counter: 1), seq: 3, at: day, day: "2026-11-23"),
            ]
            _ = try await centre.post(events)
            let status = KioskStatus(
                sentAt: 1, appVersion: "1.0.0", printer: .paperNearEnd, pendingEvents: 4, oldestPendingAgeSeconds: 90, dbEpoch: centre.epoch)
            let received = Date(timeIntervalSince1970: 1_795_000_100)
            try await storage.storage.recordKioskStatus(kioskId: centre.kiosk, status: status, receivedAt: received)
            let overview = try #require(try await storage.storage.kioskOverviews().first)
            #expect(overview.officeId == "office-7" && overview.status == status && overview.statusReceivedAt == received)
            #expect(overview.lastUpload != nil && overview.oldestPendingAge(at: received.addingTimeInterval(10)) == 100)
            let marks = try await storage.storage.streamMarks()
            #expect(marks.map(\.highWater) == [3] && marks.map(\.officeId) == ["office-7"])
            let fresh = try await storage.storage.acceptedEvents(
                kioskId: centre.kiosk, dbEpoch: centre.epoch, afterSeq: 0, throughSeq: 3, fromDay: "2026-11-23")
            #expect(fresh.map(\.seq) == [2, 3])
            let later = try await storage.storage.acceptedEvents(
                kioskId: centre.kiosk, dbEpoch: centre.epoch, afterSeq: 2, throughSeq: 3, fromDay: "2026-01-01")
            #expect(later.map(\.seq) == [3] && later.first?.queueEvent?.payload == .turnStarted(turn: turn, counter: 1))
            let office = try await storage.storage.acceptedEvents(officeId: "office-7", fromDay: "2026-11-22", toDay: "2026-11-22")
            #expect(office.map(\.seq) == [1])
            #expect(try await storage.storage.acceptedEvents(officeId: "office-8", fromDay: "2026-01-01", toDay: "2026-12-31").isEmpty)
            try await storage.storage.ping()
        }
    }

    @Test("call-backs: from events, assigned by load, worked by the procedure, contacts kept per kiosk, closures told to the kiosk", arguments: Backend.enabled)
    func callbacks(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let store = storage.storage
            let centre = try await Centre(storage, office: "office-3")
            let at = Date(timeIntervalSince1970: 1_795_000_000)
            var events: [WireEvent] = []
            var ids: [UUID] = []
            for index in 0..<3 {
                let turn = TurnReference(id: UUID(), label: "R-00\(index + 1)", service: "reclamos")
                let id = UUID()
                ids.append(id)
                events.append(try Self.wire(
                    .callbackOpened(callback: id, turn: turn, score: 2 + index, deadline: at.addingTimeInterval(Double(24 - index) * 3600)),
                    seq: Int64(events.count + 1), at: at))
            }
            events.append(try Self.wire(.callbackClosed(callback: ids[2], outcome: .resolved), seq: 4, at: at.addingTimeInterval(600)))
            events.append(try Self.wire(.callbackContactGiven(callback: ids[0]), seq: 5, at: at.addingTimeInterval(20)))
            events.append(try Self.wire(.callbackContactGiven(callback: ids[1]), seq: 6, at: at.addingTimeInterval(30)))
            _ = try await centre.post(events)
            _ = try await centre.post(events)  // a retry changes nothing
            let open = try await store.callbacks(CallbackFilter(officeId: "office-3"))
            #expect(open.map(\.opening.id) == [ids[1].uuidString, ids[0].uuidString])
            #expect(open.allSatisfy { $0.contactGiven && $0.phone == nil })
            let all = try await store.callbacks(CallbackFilter(openOnly: false))
            #expect(all.count == 3 && all.last?.outcome == .resolved && all.last?.closedBy == "kiosk" && all.last?.kioskClosedAt != nil)

            // The number arrives apart, only for the kiosk's own call-back.
            let now = at.addingTimeInterval(3600)
            #expect(try await store.storeCallbackContact(kioskId: "another-kiosk", callbackId: ids[0].uuidString, phone: "3001234567", consentAt: at, now: now) == .unknown)
            #expect(try await store.storeCallbackContact(kioskId: centre.kiosk, callbackId: ids[0].uuidString, phone: "3001234567", consentAt: at, now: now) == .stored)
            #expect(try await store.callback(id: ids[0].uuidString)?.phone == "3001234567")

            // Balanced by open load, earliest deadline first; a manager reassigns.
            #expect(try await store.assignCallbacks(agents: ["ana", "beto"], now: now) == 2)
            #expect(try await store.assignCallbacks(agents: ["ana", "beto"], now: now) == 0)
            #expect(try await store.callback(id: ids[1].uuidString)?.assignedTo == "ana")
            #expect(try await store.callback(id: ids[0].uuidString)?.assignedTo == "beto")
            #expect(try await store.reassignCallback(id: ids[0].uuidString, to: "ana", now: now))
            #expect(try await !store.reassignCallback(id: ids[2].uuidString, to: "ana", now: now))  // closed

            // Two failed attempts keep it open; the third closes it as not contacted.
            let policy = CallbackPolicy()
            let noAnswer = CallbackAttemptInput(agent: "ana", result: .noAnswer, note: "buzón")
            for attempt in 1...2 {
                guard case .recorded(let record) = try await store.recordCallbackAttempt(id: ids[0].uuidString, noAnswer, policy: policy, byManager: false, now: now)
                else { Issue.record("attempt \(attempt) not recorded"); return }
                #expect(record.isOpen && record.failedAttempts == attempt)
            }
            // Another agent may not work ana's call-back.
            guard case .refused = try await store.recordCallbackAttempt(
                id: ids[0].uuidString, CallbackAttemptInput(agent: "beto", result: .noAnswer), policy: policy, byManager: false, now: now)
            else { Issue.record("beto worked ana's call-back"); return }
            guard case .recorded(let third) = try await store.recordCallbackAttempt(id: ids[0].uuidString, noAnswer, policy: policy, byManager: false, now: now)
            else { Issue.record("third attempt not recorded"); return }
            #expect(third.outcome == .notContacted && third.closedBy == "agent:ana" && third.metDeadline && third.attempts.map(\.number) == [1, 2, 3])
            guard case .alreadyClosed = try await store.recordCallbackAttempt(id: ids[0].uuidString, noAnswer, policy: policy, byManager: false, now: now)
            else { Issue.record("a closed call-back took an attempt"); return }

            // Reaching the customer needs the procedure's closure: an escalation needs its area.
            var closure = CallbackClosureInput(reason: "tiempo-espera", reasonNote: "esperó 50 min", outcome: .escalated, secondSurvey: 9)
            guard case .refused = try await store.recordCallbackAttempt(
                id: ids[1].uuidString, CallbackAttemptInput(agent: "ana", result: .contacted, closure: closure), policy: policy, byManager: false, now: now)
            else { Issue.record("an escalation without area was recorded"); return }
            closure.area = "facturacion"
            guard case .recorded(let reached) = try await store.recordCallbackAttempt(
                id: ids[1].uuidString, CallbackAttemptInput(agent: "ana", result: .contacted, closure: closure), policy: policy, byManager: false, now: now)
            else { Issue.record("contact not recorded"); return }
            #expect(reached.outcome == .escalated && reached.area == "facturacion" && reached.reason == "tiempo-espera" && reached.secondSurvey == 9)
            guard case .notFound = try await store.recordCallbackAttempt(id: UUID().uuidString, noAnswer, policy: policy, byManager: true, now: now)
            else { Issue.record("unknown call-back"); return }

            // Both centre closures are to be told to the kiosk, until it records them itself.
            #expect(Set(try await store.closuresToDeliver(kioskId: centre.kiosk, limit: 10).map(\.opening.id)) == [ids[0].uuidString, ids[1].uuidString])
            _ = try await centre.post([try Self.wire(.callbackClosed(callback: ids[1], outcome: .escalated), seq: 7, at: now)])
            #expect(try await store.closuresToDeliver(kioskId: centre.kiosk, limit: 10).map(\.opening.id) == [ids[0].uuidString])
            #expect(try await store.callback(id: ids[1].uuidString)?.outcome == .escalated)  // the centre's closure stands

            // The number is erased after the retention; a late number for it is not kept.
            #expect(try await store.eraseCallbackContacts(closedBefore: now.addingTimeInterval(1), now: now) >= 1)
            let erased = try await store.callback(id: ids[0].uuidString)
            #expect(erased?.phone == nil && erased?.phoneErasedAt != nil && erased?.contactGiven == true)
            #expect(try await store.storeCallbackContact(kioskId: centre.kiosk, callbackId: ids[0].uuidString, phone: "3001234567", consentAt: at, now: now) == .discarded)

            let summary = CallbackRules.summary(try await store.callbacks(CallbackFilter(openOnly: false)), at: now, policy: policy)
            #expect(summary.reached == 2 && summary.escalated == 1 && summary.resolved == 1 && summary.notContacted == 1 && summary.open == 0)
            #expect(summary.effectiveContactRate == 2.0 / 3.0 && summary.reversalRate == 1 && summary.reasons == ["tiempo-espera": 1])
        }
    }

    @Test("API tokens: stored as hashes, usable until revoked or expired", arguments: Backend.enabled)
    func apiTokens(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let store = storage.storage
            let now = Date(timeIntervalSince1970: 1_795_000_000)
            _ = try await store.addOperator(
                OperatorAccount(name: "ana", role: .manager, passwordHash: try PasswordHash.make("x", rounds: 1_000), createdAt: now),
                replace: false)
            let (token, id) = APITokens.make()
            try await store.addAPIToken(
                APIToken(id: id, operatorName: "ana", label: "BI", createdAt: now, expiresAt: now.addingTimeInterval(86_400)),
                hash: APITokens.hash(token))
            #expect(try await store.useAPIToken(hash: APITokens.hash(token), now: now)?.1.name == "ana")
            #expect(try await store.useAPIToken(hash: APITokens.hash(token), now: now.addingTimeInterval(86_401)) == nil)
            #expect(try await store.apiTokens(operatorName: "ana").first?.lastUsedAt != nil)
            #expect(try await store.revokeAPIToken(id: id, now: now))
            #expect(try await !store.revokeAPIToken(id: id, now: now))
            #expect(try await store.useAPIToken(hash: APITokens.hash(token), now: now) == nil)
        }
    }

    @Test("operators, sessions that expire, and login links that work once", arguments: Backend.enabled)
    func operators(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let store = storage.storage
            let hash = try PasswordHash.make("correct horse", rounds: 1_000)
            let ana = OperatorAccount(name: "ana", role: .manager, passwordHash: hash, createdAt: Date())
            #expect(try await store.addOperator(ana, replace: false))
            #expect(try await !store.addOperator(ana, replace: false))
            let now = Date()
            try await store.createSession(tokenHash: "t1", operatorName: "ana", csrfToken: "c1", expiresAt: now.addingTimeInterval(60), now: now)
            #expect(try await store.session(tokenHash: "t1", now: now)?.csrfToken == "c1")
            #expect(try await store.session(tokenHash: "t1", now: now.addingTimeInterval(61)) == nil)
            // A new password ends the sessions.
            #expect(try await store.addOperator(OperatorAccount(name: "ana", role: .agent, passwordHash: hash, createdAt: now), replace: true))
            #expect(try await store.session(tokenHash: "t1", now: now) == nil)
            #expect(try await store.operatorAccount(name: "ana")?.role == .agent)
            #expect(try await store.operatorAccounts().map(\.name) == ["ana"])
            try await store.createSession(tokenHash: "t2", operatorName: "ana", csrfToken: "c2", expiresAt: now.addingTimeInterval(60), now: now)
            try await store.deleteSession(tokenHash: "t2")
            #expect(try await store.session(tokenHash: "t2", now: now) == nil)
            try await store.addLoginLink(hash: "l1", operatorName: "ana", expiresAt: now.addingTimeInterval(60))
            #expect(try await store.redeemLoginLink(hash: "l1", now: now) == "ana")
            #expect(try await store.redeemLoginLink(hash: "l1", now: now) == nil)
            try await store.addLoginLink(hash: "l2", operatorName: "ana", expiresAt: now.addingTimeInterval(-1))
            #expect(try await store.redeemLoginLink(hash: "l2", now: now) == nil)
            #expect(PasswordHash.verify("correct horse", against: hash) && !PasswordHash.verify("wrong", against: hash))
            #expect(!PasswordHash.verify("x", against: "pbkdf2-sha256$1$AA==$AA=="))
        }
    }
}
