import CentralServer
import CentralSQLite
import Foundation
import SyncClient
import SyncProtocol
import Testing
import TurneroStore

/// Enrollment by key pair (issue 11, findings 1, 2 and 10): only the public key travels, codes
/// are bound to an office (optionally a kiosk id), used once, and cannot take over an enrolled
/// kiosk; a lost answer costs nothing.
@Suite("Enrollment by key pair", .serialized)
struct EnrollmentTests {
    /// A centre in process (real API, SQLite) with one enrolled kiosk of office-1.
    struct Centre {
        let directory: TempDirectory
        let storage: SQLiteCentralStorage
        let api: CentralAPI
        let kiosk: TestKiosk
        var transport: InProcessTransport { InProcessTransport(api) }

        init() async throws {
            directory = try TempDirectory("turnero-enroll")
            storage = try SQLiteCentralStorage(path: directory.path("central.sqlite"))
            api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            kiosk = try TestKiosk(id: "kiosk-1", in: directory)
            try await kiosk.enroll(storage: storage, transport: InProcessTransport(api), office: "office-1")
        }

        func code(office: String, kiosk: String? = nil) async throws -> String {
            let code = EnrollmentCode.make()
            try await storage.addEnrollmentCode(
                hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: office, kioskId: kiosk,
                expiresAt: Date().addingTimeInterval(3600))
            return code
        }

        /// `POST /v1/enroll` by hand: status and error code.
        func enroll(code: String, kioskId: String, key: KioskSigningKey) async throws -> (Int, String?) {
            let body = try SyncJSON.encode(EnrollmentRequest(code: code, kioskId: kioskId, publicKey: key.publicKeyBase64))
            let response = try await transport.send(SyncHTTPRequest(
                method: "POST", target: SyncPaths.enroll, headers: [("content-type", "application/json")], body: body))
            return (response.status, (try? SyncJSON.decode(ErrorBody.self, from: response.body))?.error)
        }

        func finish() { directory.remove() }
    }

    @Test("finding 1: a code of another office cannot take over an enrolled kiosk id (409); the kiosk keeps syncing")
    func takeoverRefused() async throws {
        let centre = try await Centre()
        defer { centre.finish() }
        let before = try await centre.storage.credential(kioskId: "kiosk-1")
        let foreign = try await centre.code(office: "office-2")
        let (status, error) = try await centre.enroll(code: foreign, kioskId: "kiosk-1", key: .generate())
        #expect(status == 409 && error == ErrorCode.enrollmentConflict)
        let after = try await centre.storage.credential(kioskId: "kiosk-1")
        #expect(after == before && after?.officeId == "office-1")
        // The real kiosk is unaffected, and nothing of the attacker's can land in its stream.
        try centre.kiosk.issue(3)
        #expect(try await centre.kiosk.sync(transport: centre.transport).syncOnce().uploaded == 3)
        // The refused code was not used up: another kiosk id may still enroll with it.
        let other = try TestKiosk(id: "kiosk-2", in: centre.directory)
        let enrolled = try await Enrollment.enroll(
            server: "http://127.0.0.1:1", code: foreign, kioskId: other.id, stateDirectory: other.directory, transport: centre.transport)
        #expect(enrolled.officeId == "office-2")
    }

    @Test("finding 2: a lost enrollment answer costs nothing: the retry (same code, same key) gets the same 200")
    func lostAnswerRetried() async throws {
        let centre = try await Centre()
        defer { centre.finish() }
        let code = try await centre.code(office: "office-3")
        let kiosk = try TestKiosk(id: "kiosk-3", in: centre.directory)
        let lossy = AnswerLosingTransport(base: centre.transport, losing: 1)
        let credentials = try await Enrollment.enroll(
            server: "http://127.0.0.1:1", code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory, transport: lossy)
        #expect(lossy.delivered.value == 2 && credentials.officeId == "office-3")
        // The kiosk signs with the key the centre registered on the first (lost) answer.
        try kiosk.issue(2)
        #expect(try await kiosk.sync(transport: centre.transport).syncOnce().uploaded == 2)
        // The same code and key once more: the same 200; another key: 409.
        let key = try #require(credentials.signingKey)
        #expect(try await centre.enroll(code: code, kioskId: kiosk.id, key: key).0 == 200)
        let (other, error) = try await centre.enroll(code: code, kioskId: kiosk.id, key: .generate())
        #expect(other == 409 && error == ErrorCode.enrollmentConflict)
        // Another kiosk id with the used code: refused.
        #expect(try await centre.enroll(code: code, kioskId: "kiosk-9", key: .generate()).0 == 401)
    }

    @Test("only the public key travels: no secret in the request, the answer, or the centre's database")
    func onlyThePublicKeyTravels() async throws {
        let centre = try await Centre()
        defer { centre.finish() }
        let code = try await centre.code(office: "office-4")
        let kiosk = try TestKiosk(id: "kiosk-4", in: centre.directory)
        let recorder = RecordingTransport(base: centre.transport)
        let credentials = try await Enrollment.enroll(
            server: "http://127.0.0.1:1", code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory, transport: recorder)
        let privateKey = try #require(credentials.privateKey)
        let exchange = try #require(recorder.exchanges.value.first)
        let wire = String(decoding: exchange.request + exchange.response, as: UTF8.self)
        #expect(!wire.contains(privateKey) && !wire.contains("secret"))
        let answer = try SyncJSON.decode(EnrollmentResponse.self, from: exchange.response)
        #expect(answer.keyFingerprint?.hasPrefix("ed25519:") == true)
        let stored = try #require(try await centre.storage.credential(kioskId: kiosk.id))
        guard case .ed25519(let publicKey) = stored.key else { Issue.record("not a key: \(stored.key)"); return }
        #expect(publicKey.count == 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: kiosk.directory + "/" + SyncCredentials.fileName)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // An older kiosk that sends no public key is told to update, not given a secret.
        let legacy = try await centre.transport.send(SyncHTTPRequest(
            method: "POST", target: SyncPaths.enroll, headers: [("content-type", "application/json")],
            body: Array(#"{"code":"\#(try await centre.code(office: "office-4"))","kiosk_id":"old-kiosk"}"#.utf8)))
        #expect(legacy.status == 400 && String(decoding: legacy.body, as: UTF8.self).contains("update"))
    }

    @Test("revoked (CLI or dashboard): refused until enrolled again; a code minted for the kiosk id re-enrolls it")
    func revocationAndBoundCodes() async throws {
        let centre = try await Centre()
        defer { centre.finish() }
        let oldKey = try #require(try SyncCredentials.load(stateDirectory: centre.kiosk.directory)?.signingKey)
        // A code minted for kiosk-1 moves it (new key, new office) without a revocation…
        let bound = try await centre.code(office: "office-5", kiosk: "kiosk-1")
        // …but nobody else may use it.
        #expect(try await centre.enroll(code: bound, kioskId: "kiosk-x", key: .generate()).0 == 401)
        let moved = try await Enrollment.enroll(
            server: "http://127.0.0.1:1", code: bound, kioskId: "kiosk-1", stateDirectory: centre.kiosk.directory,
            transport: centre.transport)
        #expect(moved.officeId == "office-5")
        // The old key no longer signs for kiosk-1.
        let probe = try SyncJSON.encode(EventBatch(dbEpoch: centre.kiosk.database.identity.dbEpoch, fromSeq: 1, toSeq: 0, events: []))
        var random = SystemRandomNumberGenerator()
        let parts = RequestSignature.sign(
            method: "POST", target: SyncPaths.events(kioskId: "kiosk-1"), body: probe, kioskId: "kiosk-1",
            timestamp: Date().millisecondsSince1970, nonce: RequestSignature.makeNonce(using: &random), key: oldKey)
        let stale = try await centre.transport.send(SyncHTTPRequest(
            method: "POST", target: SyncPaths.events(kioskId: "kiosk-1"), headers: parts.headers, body: probe))
        #expect(stale.status == 401 && (try? SyncJSON.decode(ErrorBody.self, from: stale.body))?.error == ErrorCode.badSignature)
        // Revoked: every request refused with a clear code; then any code of an office enrolls it.
        #expect(try await centre.storage.revokeKiosk(kioskId: "kiosk-1", now: Date()))
        let sync = try centre.kiosk.sync(transport: centre.transport)
        await #expect(throws: SyncError.self) { _ = try await sync.syncOnce() }
        #expect(try centre.kiosk.database.syncRecord().lastError?.contains(ErrorCode.credentialRevoked) == true)
        let fresh = try await centre.code(office: "office-1")
        _ = try await Enrollment.enroll(
            server: "http://127.0.0.1:1", code: fresh, kioskId: "kiosk-1", stateDirectory: centre.kiosk.directory,
            transport: centre.transport)
        try centre.kiosk.issue(1)
        #expect(try await centre.kiosk.sync(transport: centre.transport).syncOnce().uploaded == 1)
    }

    @Test("a kiosk enrolled with a shared secret keeps working and moves to a key with `rekey`, even if an answer is lost")
    func hmacKioskMovesToAKey() async throws {
        let centre = try await Centre()
        defer { centre.finish() }
        // An older kiosk: HMAC secret at the centre and in its credentials file.
        let kiosk = try TestKiosk(id: "kiosk-old", in: centre.directory)
        let secret = RequestSignature.makeSecret()
        let code = try await centre.code(office: "office-1")
        _ = try await centre.storage.redeemEnrollmentCode(
            hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), kioskId: kiosk.id, key: .hmac(secret),
            credentialExpiresAt: Date().addingTimeInterval(86_400), now: Date())
        try SyncCredentials(
            server: "http://127.0.0.1:1", kioskId: kiosk.id, officeId: "office-1", privateKey: nil,
            secret: Data(secret).base64EncodedString(), expiresAt: Date().addingTimeInterval(86_400).millisecondsSince1970
        ).save(stateDirectory: kiosk.directory)
        try kiosk.issue(2)
        #expect(try await kiosk.sync(transport: centre.transport).syncOnce().uploaded == 2)
        // The first rekey's answer is lost after the centre switched; running it again finishes.
        let lossy = AnswerLosingTransport(base: centre.transport, losing: 1)
        await #expect(throws: SyncError.self) { _ = try await kiosk.sync(transport: lossy).rekey(stateDirectory: kiosk.directory) }
        #expect(try SyncCredentials.load(stateDirectory: kiosk.directory)?.pendingPrivateKey != nil)
        let updated = try await kiosk.sync(transport: centre.transport).rekey(stateDirectory: kiosk.directory)
        #expect(updated.secret == nil && updated.privateKey != nil && updated.pendingPrivateKey == nil)
        let stored = try #require(try await centre.storage.credential(kioskId: kiosk.id))
        #expect(stored.key.publicKeyBytes?.count == 32 && stored.key.secretBytes == nil)
        try kiosk.issue(1)
        #expect(try await kiosk.sync(transport: centre.transport).syncOnce().uploaded == 1)
        // The old secret signs nothing any more.
        let probe = try SyncJSON.encode(EventBatch(dbEpoch: kiosk.database.identity.dbEpoch, fromSeq: 1, toSeq: 0, events: []))
        var random = SystemRandomNumberGenerator()
        let parts = RequestSignature.sign(
            method: "POST", target: SyncPaths.events(kioskId: kiosk.id), body: probe, kioskId: kiosk.id,
            timestamp: Date().millisecondsSince1970, nonce: RequestSignature.makeNonce(using: &random), secret: secret)
        let stale = try await centre.transport.send(SyncHTTPRequest(
            method: "POST", target: SyncPaths.events(kioskId: kiosk.id), headers: parts.headers, body: probe))
        #expect(stale.status == 401)
    }
}

/// Delivers requests to the centre but loses the first `losing` answers (the centre committed).
final class AnswerLosingTransport: SyncTransport {
    let base: any SyncTransport
    let losing: Int
    let delivered = Locked(0)

    init(base: any SyncTransport, losing: Int) {
        self.base = base
        self.losing = losing
    }

    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        let response = try await base.send(request)
        let count = delivered.withLock { value -> Int in
            value += 1
            return value
        }
        if count <= losing { throw InjectedFault(description: "answer lost") }
        return response
    }
}

/// Records request and answer bodies.
final class RecordingTransport: SyncTransport {
    let base: any SyncTransport
    let exchanges = Locked<[(request: [UInt8], response: [UInt8])]>([])

    init(base: any SyncTransport) { self.base = base }

    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        let response = try await base.send(request)
        exchanges.withLock { $0.append((request.body, response.body)) }
        return response
    }
}
