import CentralServer
import Foundation
import Logging
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroStore

/// Every class of refused request, over real HTTP on 127.0.0.1: the status, the error code,
/// a log line, and never a crash or a secret in the logs.
@Suite("Sync security", .serialized)
struct SecurityTests {
    /// A running centre with one enrolled kiosk (and a second one for cross-kiosk tests).
    struct Setup {
        let directory: TempDirectory
        let server: RunningServer
        let http: HTTPTransport
        let kiosk: TestKiosk
        let other: TestKiosk
        let key: KioskSigningKey
        let logs: LogCapture
        let clockShift: Locked<TimeInterval>

        static func make(configuration: CentralConfiguration = Fixtures.permissive) async throws -> Setup {
            let directory = try TempDirectory("turnero-security")
            let logs = LogCapture()
            let shift = Locked<TimeInterval>(0)
            let server = try await RunningServer.start(
                database: directory.path("central.sqlite"), configuration: configuration, logger: logs.logger,
                clock: { Date().addingTimeInterval(shift.value) })
            let http = try HTTPTransport(baseURL: server.url, timeout: 30)
            let kiosk = try TestKiosk(id: "kiosk-a", in: directory)
            try await kiosk.enroll(storage: server.storage, transport: http, server: server.url)
            let other = try TestKiosk(id: "kiosk-b", in: directory)
            try await other.enroll(storage: server.storage, transport: http, server: server.url)
            let credentials = try SyncCredentials.load(stateDirectory: kiosk.directory)!
            return Setup(
                directory: directory, server: server, http: http, kiosk: kiosk, other: other,
                key: credentials.signingKey!, logs: logs, clockShift: shift)
        }

        func finish() async {
            await server.stop()
            directory.remove()
        }

        /// A gzip batch of the kiosk's pending events (or a probe).
        func batchBody(_ kiosk: TestKiosk? = nil) throws -> [UInt8] {
            let kiosk = kiosk ?? self.kiosk
            let records = try kiosk.database.pendingOutbox(limit: 100).records
            let events = records.map {
                WireEvent(seq: $0.seq, eventId: $0.eventId, type: $0.type, day: $0.day, occurredAt: $0.occurredAt, payload: $0.payload)
            }
            let batch = EventBatch(dbEpoch: kiosk.database.identity.dbEpoch, events: events, next: 1)
            return try Gzip.compress(SyncJSON.encode(batch))
        }

        /// Sends a request signed with `secret` as `kioskId` (defaults: this kiosk, now, fresh nonce).
        func send(
            _ method: String = "POST", _ target: String? = nil, body: [UInt8], kioskId: String? = nil, key: KioskSigningKey? = nil,
            timestamp: Int64? = nil, nonce: String? = nil, gzip: Bool = true, signed: Bool = true
        ) async throws -> (SyncHTTPResponse, [(String, String)]) {
            let target = target ?? SyncPaths.events(kioskId: kiosk.id)
            var random = SystemRandomNumberGenerator()
            var headers: [(String, String)] = [("content-type", "application/json")]
            if gzip { headers.append(("content-encoding", "gzip")) }
            if signed {
                let parts = RequestSignature.sign(
                    method: method, target: target, body: body, kioskId: kioskId ?? kiosk.id,
                    timestamp: timestamp ?? Date().millisecondsSince1970, nonce: nonce ?? RequestSignature.makeNonce(using: &random),
                    key: key ?? self.key)
                headers += parts.headers
            }
            let response = try await http.send(SyncHTTPRequest(method: method, target: target, headers: headers, body: body))
            return (response, headers)
        }
    }

    static func code(_ response: SyncHTTPResponse) -> String? {
        (try? SyncJSON.decode(ErrorBody.self, from: response.body))?.error
    }

    @Test("unsigned, forged, other-body replay, exact replay, unknown kiosk, stale timestamp: 401, logged")
    func unauthenticatedRequestsAreRefused() async throws {
        let setup = try await Setup.make()
        try setup.kiosk.issue(3)
        let body = try setup.batchBody()

        let (unsigned, _) = try await setup.send(body: body, signed: false)
        #expect(unsigned.status == 401 && Self.code(unsigned) == ErrorCode.unsigned)

        let (forged, _) = try await setup.send(body: body, key: .generate())
        #expect(forged.status == 401 && Self.code(forged) == ErrorCode.badSignature)

        // A captured valid request, replayed with another body: the signature covers the body.
        let nonce = String(repeating: "ab", count: 16)
        let (good, headers) = try await setup.send(body: body, nonce: nonce)
        #expect(good.status == 200)
        try setup.kiosk.issue(1)
        let otherBody = try setup.batchBody()
        let swapped = try await setup.http.send(SyncHTTPRequest(
            method: "POST", target: SyncPaths.events(kioskId: setup.kiosk.id), headers: headers, body: otherBody))
        #expect(swapped.status == 401 && Self.code(swapped) == ErrorCode.badSignature)
        // The same request, byte for byte: the nonce was used.
        let replay = try await setup.http.send(SyncHTTPRequest(
            method: "POST", target: SyncPaths.events(kioskId: setup.kiosk.id), headers: headers, body: body))
        #expect(replay.status == 401 && Self.code(replay) == ErrorCode.replayed)

        let (unknown, _) = try await setup.send("POST", SyncPaths.events(kioskId: "kiosk-z"), body: body, kioskId: "kiosk-z")
        #expect(unknown.status == 401 && Self.code(unknown) == ErrorCode.unknownKiosk)

        let (stale, _) = try await setup.send(body: body, timestamp: Date().addingTimeInterval(-600).millisecondsSince1970)
        #expect(stale.status == 401 && Self.code(stale) == ErrorCode.clockSkew)
        let staleBody = try SyncJSON.decode(ErrorBody.self, from: stale.body)
        #expect(staleBody.serverTime != nil)

        let rejected = setup.logs.all.filter { $0.message == "request rejected" }
        #expect(Set(rejected.compactMap { $0.metadata["reason"] }) == [
            ErrorCode.unsigned, ErrorCode.badSignature, ErrorCode.replayed, ErrorCode.unknownKiosk, ErrorCode.clockSkew,
        ])
        #expect(rejected.allSatisfy { $0.metadata["status"] == "401" })
        guard case .ed25519(let privateKey) = setup.key else { Issue.record("not a key"); return }
        let secretText = Data(privateKey).base64EncodedString()
        let signatures = headers.filter { $0.0 == RequestSignature.Header.signature }.map(\.1)
        for entry in setup.logs.all {
            let line = "\(entry.message) \(entry.metadata)"
            #expect(!line.contains(secretText) && !signatures.contains { line.contains($0) }, "secret in log: \(line)")
        }
        // Only the good request stored anything.
        #expect(try await setup.server.storage.storedEvents(kioskId: setup.kiosk.id).count == 3)
        await setup.finish()
    }

    @Test("a kiosk may write only its own stream: 403, logged, nothing stored")
    func crossKioskWriteIsForbidden() async throws {
        let setup = try await Setup.make()
        try setup.other.issue(2)
        let body = try setup.batchBody(setup.other)
        let (response, _) = try await setup.send("POST", SyncPaths.events(kioskId: setup.other.id), body: body)
        #expect(response.status == 403 && Self.code(response) == ErrorCode.forbidden)
        #expect(try await setup.server.storage.storedEvents(kioskId: nil).isEmpty)
        #expect(setup.logs.all.contains { $0.message == "request rejected" && $0.metadata["status"] == "403" })
        await setup.finish()
    }

    @Test("an expired credential is refused until the kiosk enrolls again")
    func expiredCredentialIsRefused() async throws {
        let setup = try await Setup.make()
        setup.clockShift.withLock { $0 = 401 * 86_400 }
        let (response, _) = try await setup.send(body: try setup.batchBody(), timestamp: Date().addingTimeInterval(401 * 86_400).millisecondsSince1970)
        #expect(response.status == 401 && Self.code(response) == ErrorCode.credentialExpired)
        // Through the client: a credentials error, recorded as a block.
        let sync = try setup.kiosk.sync(transport: setup.http)
        await #expect(throws: SyncError.self) { _ = try await sync.uploadRound(batchSize: 10) }
        // Enrolling again with a code minted for this kiosk id issues a fresh credential (any other
        // code is refused: the kiosk id is taken until revoked); back to the present.
        setup.clockShift.withLock { $0 = 0 }
        await #expect(throws: SyncError.self) {
            try await setup.kiosk.enroll(storage: setup.server.storage, transport: setup.http, server: setup.server.url)
        }
        try await setup.kiosk.enroll(storage: setup.server.storage, transport: setup.http, server: setup.server.url, bound: true)
        let renewed = try setup.kiosk.sync(transport: setup.http)
        #expect(try await renewed.uploadRound(batchSize: 10) == .caughtUp)
        await setup.finish()
    }

    @Test("enrollment codes are one-time and tied to an office")
    func enrollmentCodes() async throws {
        let setup = try await Setup.make()
        let code = EnrollmentCode.make()
        try await setup.server.storage.addEnrollmentCode(
            hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: "office-9", expiresAt: Date().addingTimeInterval(60))
        let third = try TestKiosk(id: "kiosk-c", in: setup.directory)
        let credentials = try await Enrollment.enroll(
            server: setup.server.url, code: code.lowercased(), kioskId: third.id, stateDirectory: third.directory, transport: setup.http)
        #expect(credentials.officeId == "office-9")
        let attributes = try FileManager.default.attributesOfItem(atPath: third.directory + "/" + SyncCredentials.fileName)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        await #expect(throws: SyncError.self) {
            _ = try await Enrollment.enroll(
                server: setup.server.url, code: code, kioskId: "kiosk-d", stateDirectory: third.directory, transport: setup.http)
        }
        await #expect(throws: SyncError.self) {
            _ = try await Enrollment.enroll(
                server: setup.server.url, code: "not-a-code", kioskId: "kiosk-d", stateDirectory: third.directory, transport: setup.http)
        }
        #expect(setup.logs.all.filter { $0.metadata["reason"] == ErrorCode.invalidCode }.count == 2)
        await setup.finish()
    }

    @Test("a body of the wrong shape: 400 naming the field path, in the words of the one decoding-error mapping")
    func wrongShapeNamesTheField() async throws {
        let setup = try await Setup.make()
        let wrongType = #"{"db_epoch": "e", "from_seq": 1, "to_seq": 1, "events": [{"seq": "one"}]}"#
        let (typed, _) = try await setup.send(body: Array(wrongType.utf8), gzip: false)
        let typedMessage = (try? SyncJSON.decode(ErrorBody.self, from: typed.body))?.message ?? ""
        #expect(typed.status == 400 && typedMessage.contains("events[0].seq: expected a whole number"), "\(typedMessage)")
        let missing = #"{"db_epoch": "e", "to_seq": 0, "events": []}"#
        let (absent, _) = try await setup.send(body: Array(missing.utf8), gzip: false)
        let absentMessage = (try? SyncJSON.decode(ErrorBody.self, from: absent.body))?.message ?? ""
        #expect(absent.status == 400 && absentMessage.contains("from_seq: is required but missing"), "\(absentMessage)")
        let (notJSON, _) = try await setup.send(body: Array("{not json".utf8), gzip: false)
        let notJSONMessage = (try? SyncJSON.decode(ErrorBody.self, from: notJSON.body))?.message ?? ""
        #expect(notJSON.status == 400 && notJSONMessage.contains("not valid JSON"), "\(notJSONMessage)")
        await setup.finish()
    }

    @Test("garbage JSON, garbage gzip, a gzip bomb, a 10 MB body, a wrong shape: 4xx, the centre stays up")
    func hostileBodies() async throws {
        let setup = try await Setup.make()
        let (json, _) = try await setup.send(body: Array("{not json".utf8), gzip: false)
        #expect(json.status == 400 && Self.code(json) == ErrorCode.badRequest)
        let (gzip, _) = try await setup.send(body: [0x1F, 0x8B, 0x08, 0, 1, 2, 3, 4, 5], gzip: true)
        #expect(gzip.status == 400)
        let bomb = try Gzip.compress([UInt8](repeating: 0x20, count: 20 << 20))
        let (inflated, _) = try await setup.send(body: bomb, gzip: true)
        #expect(inflated.status == 413 && Self.code(inflated) == ErrorCode.tooLarge)
        let huge = [UInt8](repeating: 0x41, count: 10 << 20)
        let hugeResponse = try? await setup.send(body: huge, gzip: false).0
        #expect(hugeResponse == nil || hugeResponse?.status == 413)
        let shape = EventBatch(dbEpoch: "e", fromSeq: 5, toSeq: 9, events: [])
        let (badShape, _) = try await setup.send(body: try SyncJSON.encode(shape), gzip: false)
        #expect(badShape.status == 400)
        let (notFound, _) = try await setup.send("GET", "/v1/nothing", body: [], gzip: false, signed: false)
        #expect(notFound.status == 404)
        let (wrongMethod, _) = try await setup.send("DELETE", "/v1/enroll", body: [], gzip: false, signed: false)
        #expect(wrongMethod.status == 405)
        let health = try await setup.http.send(SyncHTTPRequest(method: "GET", target: SyncPaths.health))
        #expect(health.status == 200)
        // The kiosk still syncs normally.
        try setup.kiosk.issue(2)
        #expect(try await setup.kiosk.sync(transport: setup.http).syncOnce().uploaded == 2)
        await setup.finish()
    }

    @Test("rate limits answer 429 with Retry-After, and the client backs off and gets through")
    func rateLimited() async throws {
        var configuration = Fixtures.permissive
        // A burst of 2 and a refill too slow to matter on a loaded machine (no timing assumption).
        configuration.kioskRate = 0.01
        configuration.kioskBurst = 2
        let setup = try await Setup.make(configuration: configuration)
        var statuses: [Int] = []
        var retryAfter: String?
        for _ in 0..<4 {
            let (response, _) = try await setup.send(body: try setup.batchBody())
            statuses.append(response.status)
            if response.status == 429 { retryAfter = response.headers["retry-after"] }
        }
        #expect(statuses.prefix(2) == [200, 200] && statuses.last == 429)
        #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
        try setup.kiosk.issue(1)
        let sync = try setup.kiosk.sync(transport: setup.http)
        do {
            _ = try await sync.uploadRound(batchSize: 10)
        } catch {
            #expect(error.code == .rejected && (error.retryAfter ?? 0) >= 1)
        }
        await setup.finish()
    }

    @Test("a kiosk whose clock is an hour off still syncs; its events are never refused for their timestamp")
    func wrongKioskClock() async throws {
        let setup = try await Setup.make()
        try setup.kiosk.issue(3)
        let credentials = try SyncCredentials.load(stateDirectory: setup.kiosk.directory)!
        let sync = try KioskSync(
            database: setup.kiosk.database, credentials: credentials, configuration: Fixtures.syncConfiguration(setup.kiosk.directory),
            transport: setup.http, logger: Fixtures.quiet, clock: { Date().addingTimeInterval(3_600) })
        let report = try await sync.syncOnce()
        #expect(report.uploaded == 3)
        let offset = try setup.kiosk.database.syncRecord().clockOffsetMs ?? 0
        #expect(abs(offset + 3_600_000) < 5_000)
        await setup.finish()
    }
}
