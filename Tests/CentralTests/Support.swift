import CentralPostgres
import CentralServer
import CentralSQLite
import Foundation
import Logging
import Synchronization
import SyncClient
import SyncProtocol
import Testing
import TestSupport
import TurneroCore
import TurneroStore

/// Where the environment-dependent tests run. On CI (`CI` set) they are always enabled and
/// fail loudly when their tool is missing; elsewhere they run when the tool is there.
enum Environment {
    static let variables = ProcessInfo.processInfo.environment
    static var isCI: Bool { !(variables["CI"] ?? "").isEmpty && variables["CI"] != "0" }
    /// `kiosk-scripts/postgres-test.sh start` exports it.
    static var postgresURL: String? { variables["TURNERO_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var postgresEnabled: Bool { postgresURL != nil || isCI }

    /// Debian's Chromium, if installed.
    static var chromium: String? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return nil
    }
    static var chromiumEnabled: Bool { chromium != nil || isCI }
}

/// A storage backend the shared suite runs against.
enum Backend: String, CustomTestStringConvertible, Sendable, CaseIterable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when its URL is set or on CI (where a missing URL fails).
    static var enabled: [Backend] { Environment.postgresEnabled ? [.sqlite, .postgres] : [.sqlite] }
}

/// A fresh, empty storage of one backend: a SQLite file in a temporary directory, or a
/// throwaway schema in the test PostgreSQL database (its pool runs until `close()`).
final class TestStorage: Sendable {
    let storage: any CentralStorage
    let directory: TempDirectory
    /// The same storage as `turnero-central --database` takes it: the SQLite file or the URL.
    let database: String
    private let pool: Task<Void, any Error>?
    private let postgres: PostgresCentralStorage?

    init(_ backend: Backend) async throws {
        directory = try TempDirectory("turnero-central")
        switch backend {
        case .sqlite:
            database = directory.path("central.sqlite")
            storage = try SQLiteCentralStorage(path: database)
            pool = nil
            postgres = nil
        case .postgres:
            guard let url = Environment.postgresURL else {
                throw TestFailure("CI is set but TURNERO_TEST_POSTGRES_URL is not: run `eval \"$(kiosk-scripts/postgres-test.sh start)\"`")
            }
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
            database = url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
            let configuration = try PostgresStorageConfiguration(url: database + "&pool=8")
            let postgres = PostgresCentralStorage(configuration: configuration, logger: Fixtures.quiet)
            pool = Task { try await postgres.run() }
            try await postgres.migrate()
            storage = postgres
            self.postgres = postgres
        }
    }

    /// Drops the PostgreSQL schema with everything in it (a lost database), keeping the pool.
    func dropSchemaOnly() async throws { try await postgres?.dropSchema() }

    /// Drops the schema (PostgreSQL) and the directory.
    func close() async {
        if let postgres {
            try? await postgres.dropSchema()
            pool?.cancel()
            _ = await pool?.result
        }
        directory.remove()
    }
}

/// Runs `body` with a fresh storage and always cleans up.
func withTestStorage(_ backend: Backend, _ body: (TestStorage) async throws -> Void) async throws {
    let storage = try await TestStorage(backend)
    do {
        try await body(storage)
    } catch {
        await storage.close()
        throw error
    }
    await storage.close()
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh temporary directory, removed by `remove()`.
struct TempDirectory: Sendable {
    let url: URL

    init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static let office: OfficeConfiguration = {
        let data = FileManager.default.contents(atPath: TurneroProcess.exampleConfig)!
        return try! OfficeConfiguration.load(json: data)
    }()
    static let officeJSON: Data = FileManager.default.contents(atPath: TurneroProcess.exampleConfig)!

    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// No rate limiting unless a test asks for it; quick board refreshes.
    static var permissive: CentralConfiguration {
        var configuration = CentralConfiguration()
        configuration.kioskRate = 1_000_000
        configuration.kioskBurst = 1_000_000
        configuration.globalRate = 1_000_000
        configuration.globalBurst = 1_000_000
        configuration.boardFreshness = 0
        return configuration
    }

    static func syncConfiguration(_ directory: String) -> SyncConfiguration {
        var configuration = SyncConfiguration(stateDirectory: directory)
        configuration.retention = 0
        configuration.backoff = Backoff(base: 0.01, cap: 0.05)
        configuration.interval = 0.05
        configuration.requestTimeout = 5
        return configuration
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let now: Mutex<Date>

    init(_ start: Date) { now = Mutex(start) }

    var date: Date { now.withLock { $0 } }
    func advance(minutes: Double) { now.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
    func set(_ date: Date) { now.withLock { $0 = date } }
    var function: @Sendable () -> Date { { self.date } }
}

/// Calls a ``CentralAPI`` directly (no sockets), inflating gzip answers like HTTP would.
struct InProcessTransport: SyncTransport {
    let api: CentralAPI

    init(_ api: CentralAPI) { self.api = api }

    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        var headers: [String: String] = ["accept-encoding": "gzip"]
        for (name, value) in request.headers { headers[name] = value }
        let answer = await api.respond(to: APIRequest(method: request.method, target: request.target, headers: headers, body: request.body))
        var responseHeaders: [String: String] = [:]
        for field in answer.headers { responseHeaders[field.name.canonicalName] = field.value }
        var body = answer.body
        if responseHeaders["content-encoding"] == "gzip" { body = try Gzip.decompress(body, limit: 1 << 30) }
        return SyncHTTPResponse(status: answer.status.code, headers: responseHeaders, body: body)
    }
}

/// A kiosk with a real database and queue store on a test clock, enrolled at a centre.
final class TestKiosk: @unchecked Sendable {  // mutated only by the test's own task
    let id: String
    let directory: String
    let database: TurneroDatabase
    let store: QueueStore

    init(id: String, in parent: TempDirectory, clock: TestClock, configuration: OfficeConfiguration = Fixtures.office) throws {
        self.id = id
        directory = parent.path(id)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        database = try TurneroDatabase.create(at: directory + "/turnero.sqlite", kioskId: id)
        store = QueueStore(database: database, configuration: configuration, clock: clock.function)
    }

    /// Enrolls with a fresh code for `office`.
    func enroll(storage: any CentralStorage, transport: any SyncTransport, office: String) async throws {
        let code = EnrollmentCode.make()
        try await storage.addEnrollmentCode(
            hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: office, expiresAt: Date.distantFuture)  // the scenario runs on a test clock
        _ = try await Enrollment.enroll(server: "http://127.0.0.1:1", code: code, kioskId: id, stateDirectory: directory, transport: transport)
    }

    func sync(transport: any SyncTransport) throws -> KioskSync {
        guard let credentials = try SyncCredentials.load(stateDirectory: directory) else { throw TestFailure("not enrolled") }
        return try KioskSync(
            database: database, credentials: credentials, configuration: Fixtures.syncConfiguration(directory), transport: transport,
            logger: Fixtures.quiet, office: store)
    }

    /// What the kiosk signs with (its Ed25519 key, from enrollment).
    var signingKey: KioskSigningKey {
        get throws { try SyncCredentials.load(stateDirectory: directory)!.signingKey! }
    }

    /// Every event in the outbox, decoded.
    func events() throws -> [QueueEvent] { try store.outboxEntries(from: 1, limit: 1_000_000).map(\.event) }
}

/// Signs a request as `kiosk` (what the kiosk's client does).
func signed(
    _ method: String, _ target: String, body: [UInt8], kiosk: String, secret: [UInt8], now: Date = Date()
) -> APIRequest {
    signed(method, target, body: body, kiosk: kiosk, key: .hmac(secret), now: now)
}

/// Signs a request as `kiosk` with its key.
func signed(
    _ method: String, _ target: String, body: [UInt8], kiosk: String, key: KioskSigningKey, now: Date = Date()
) -> APIRequest {
    var random = SystemRandomNumberGenerator()
    let parts = RequestSignature.sign(
        method: method, target: target, body: body, kioskId: kiosk, timestamp: Int64(now.timeIntervalSince1970 * 1000),
        nonce: RequestSignature.makeNonce(using: &random), key: key)
    var headers = ["content-type": "application/json"]
    for (name, value) in parts.headers { headers[name] = value }
    return APIRequest(method: method, target: target, headers: headers, body: body, remoteAddress: "127.0.0.1")
}

/// A UTF-8 view of a response body.
extension APIResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first { $0.name.canonicalName == name }?.value }
    func headers(_ name: String) -> [String] { headers.filter { $0.name.canonicalName == name }.map(\.value) }
}

/// A value shared between tasks, behind a mutex.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }

    var value: Value { withLock { $0 } }
}
