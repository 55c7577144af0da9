import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import Testing
import TestSupport
import TurneroStore

/// TLS end to end (issue 11, deliverable 1 and finding 10): the real `turnero-central serve`
/// terminating TLS, or nginx in front of it, with certificates the test makes.
@Suite("TLS between kiosk and centre", .serialized, .enabled(if: TestCertificates.enabled))
struct TLSTests {
    static let turnero = ChildProcess.built("turnero")

    @Test("a kiosk enrolled by the README's steps syncs to a centre serving HTTPS, trusting only its CA")
    func readmeStepsOverTLS() async throws {
        let directory = try TempDirectory("turnero-tls")
        defer { directory.remove() }
        let certificates = try TestCertificates(in: directory.path(""))
        let database = directory.path("central.sqlite")
        let centre = try await RunningCentral.start(
            database: database,
            extra: ["--tls-certificate", certificates.chain("server"), "--tls-key", certificates.key("server"), "--drain-seconds", "0"])
        defer { centre.stop() }
        #expect(centre.baseURL.hasPrefix("https://"))
        let state = directory.path("kiosk")
        let steps: [[String]] = [
            ["init", "--state-dir", state, "--config", TurneroProcess.exampleConfig, "--kiosk-id", "kiosk-tls"],
            ["turn", "issue", "--state-dir", state, "--service", "pagos"],
            ["turn", "issue", "--state-dir", state, "--service", "reclamos"],
        ]
        for step in steps { #expect(try ChildProcess.run(Self.turnero, step).status == 0) }
        let code = try await centre.command(["enroll-code", "--office", "office-1"])
        let enroll = try ChildProcess.run(Self.turnero, [
            "sync", "enroll", "--state-dir", state, "--server", centre.baseURL, "--code", code, "--ca-file", certificates.path("ca.pem"),
        ])
        #expect(enroll.status == 0, "\(enroll.stderr)")
        let once = try ChildProcess.run(Self.turnero, ["sync", "once", "--state-dir", state])
        #expect(once.status == 0 && once.stdout.contains("uploaded 2 event(s)"), "\(once.stdout) \(once.stderr)")
        #expect(try await centre.command(["stats"]).contains(#""events":2"#))
        // The credentials file holds the private key and the pinned CA, never shared with the centre.
        let credentials = try #require(try SyncCredentials.load(stateDirectory: state))
        #expect(credentials.privateKey != nil && credentials.secret == nil && credentials.trust?.caPEM != nil)
    }

    /// Starts a centre with `certificate`, enrolls (through a good centre on the same database
    /// first) and returns what a sync through `trust` says.
    static func refusal(
        certificate: String, trust: (TestCertificates) throws -> CentreTrust, directory: TempDirectory,
        certificates: TestCertificates
    ) async throws -> (message: String, acknowledged: Int64, stored: String) {
        let database = directory.path("central-\(certificate).sqlite")
        let good = try await RunningCentral.start(
            database: database,
            extra: ["--tls-certificate", certificates.chain("server"), "--tls-key", certificates.key("server"), "--drain-seconds", "0"])
        let kiosk = try TestKiosk(id: "kiosk-\(certificate)", in: directory, clock: TestClock(Date()))
        let code = try await good.command(["enroll-code", "--office", "office-1"])
        _ = try await Enrollment.enroll(
            server: good.baseURL, code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory, trust: try trust(certificates))
        good.stop()
        _ = try kiosk.store.issueTurn(service: "pagos", preferential: false)
        let bad = try await RunningCentral.start(
            database: database,
            extra: ["--tls-certificate", certificates.chain(certificate), "--tls-key", certificates.key(certificate), "--drain-seconds", "0"])
        defer { bad.stop() }
        var credentials = try #require(try SyncCredentials.load(stateDirectory: kiosk.directory))
        credentials.server = bad.baseURL
        try credentials.save(stateDirectory: kiosk.directory)
        let sync = try KioskSync(
            database: kiosk.database, credentials: credentials, configuration: Fixtures.syncConfiguration(kiosk.directory),
            logger: Fixtures.quiet)
        var message = ""
        do { _ = try await sync.syncOnce() } catch { message = error.message }
        return (message, try kiosk.database.syncMarks().acceptedThrough, try await bad.command(["stats"]))
    }

    @Test("another CA, an expired certificate, a wrong host name: refused with a clear message, nothing acknowledged")
    func refusedCertificates() async throws {
        let directory = try TempDirectory("turnero-tls-bad")
        defer { directory.remove() }
        let certificates = try TestCertificates(in: directory.path(""))
        let pinnedCA: (TestCertificates) throws -> CentreTrust = { CentreTrust(caPEM: try String(contentsOfFile: $0.path("ca.pem"), encoding: .utf8)) }
        let cases: [(String, String)] = [
            ("foreign", "is not issued by the pinned CA"), ("expired", "expired on"), ("wrong-host", "not valid for host 127.0.0.1"),
        ]
        for (certificate, expected) in cases {
            let outcome = try await Self.refusal(certificate: certificate, trust: pinnedCA, directory: directory, certificates: certificates)
            #expect(outcome.message.contains(expected), "\(certificate): \(outcome.message)")
            #expect(outcome.acknowledged == 0 && outcome.stored.contains(#""events":0"#), "\(certificate): \(outcome.stored)")
        }
    }

    @Test("a pinned public key: the centre whose chain carries it is trusted, any other refused")
    func pinnedKey() async throws {
        let directory = try TempDirectory("turnero-tls-pin")
        defer { directory.remove() }
        let certificates = try TestCertificates(in: directory.path(""))
        let pin = try certificates.pin("ca.pem")
        let centre = try await RunningCentral.start(
            database: directory.path("central.sqlite"),
            extra: ["--tls-certificate", certificates.chain("server"), "--tls-key", certificates.key("server"), "--drain-seconds", "0"])
        defer { centre.stop() }
        let kiosk = try TestKiosk(id: "kiosk-pin", in: directory, clock: TestClock(Date()))
        let code = try await centre.command(["enroll-code", "--office", "office-1"])
        _ = try await Enrollment.enroll(
            server: centre.baseURL, code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory, trust: CentreTrust(pinSHA256: pin))
        _ = try kiosk.store.issueTurn(service: "pagos", preferential: false)
        let credentials = try #require(try SyncCredentials.load(stateDirectory: kiosk.directory))
        let sync = try KioskSync(
            database: kiosk.database, credentials: credentials, configuration: Fixtures.syncConfiguration(kiosk.directory),
            logger: Fixtures.quiet)
        #expect(try await sync.syncOnce().uploaded == 1)
        // Pinned to the other CA's key: refused before anything is sent.
        let other = try HTTPTransport(baseURL: centre.baseURL, trust: CentreTrust(pinSHA256: try certificates.pin("other-ca.pem")))
        await #expect {
            _ = try await other.send(SyncHTTPRequest(method: "GET", target: SyncPaths.health))
        } throws: { error in
            "\(error)".contains("no certificate with the pinned public key")
        }
    }

    @Test("plain http only to loopback or with the development flag; https is the default")
    func plainHTTPRefused() throws {
        #expect(throws: HTTPTransport.Failure.self) { try HTTPTransport(baseURL: "http://central.example:8080") }
        do {
            _ = try HTTPTransport(baseURL: "http://10.1.2.3")
        } catch {
            #expect(error.description.contains("refusing plain http"))
        }
        _ = try HTTPTransport(baseURL: "http://central.example:8080", trust: CentreTrust(allowInsecureHTTP: true))
        _ = try HTTPTransport(baseURL: "http://127.0.0.1:8080")
        _ = try HTTPTransport(baseURL: "http://localhost:8080")
        #expect(try HTTPTransport(baseURL: "https://central.example").port == 443)
        #expect(throws: HTTPTransport.Failure.self) { try HTTPTransport(baseURL: "ftp://central.example") }
        #expect(throws: HTTPTransport.Failure.self) { try HTTPTransport(baseURL: "https://central.example/prefix") }
    }

    /// Debian's nginx (kiosk-scripts/setup.sh --test installs it).
    static var nginx: String? { Nginx.binary }

    @Test("kiosk-scripts/nginx-turnero-central.conf: nginx terminates TLS in front of a plain centre and the kiosk syncs through it",
        .enabled(if: nginx != nil || Environment.isCI))
    func nginxReverseProxy() async throws {
        let nginx = try #require(Self.nginx, "nginx is not installed (kiosk-scripts/setup.sh --test installs it)")
        let directory = try TempDirectory("turnero-nginx")
        defer { directory.remove() }
        let certificates = try TestCertificates(in: directory.path(""))
        let centre = try await RunningCentral.start(database: directory.path("central.sqlite"), extra: ["--drain-seconds", "0"])
        defer { centre.stop() }
        let port = Int.random(in: 40_000...59_000)
        var site = try String(
            contentsOf: TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/nginx-turnero-central.conf"), encoding: .utf8)
        for (from, to) in [
            ("server 127.0.0.1:8080;", "server 127.0.0.1:\(centre.port);"), ("listen 443 ssl;", "listen 127.0.0.1:\(port) ssl;"),
            ("/etc/turnero-central/tls/fullchain.pem", certificates.chain("server")),
            ("/etc/turnero-central/tls/privkey.pem", certificates.key("server")),
        ] {
            #expect(site.contains(from), "the shipped configuration changed: \(from)")
            site = site.replacingOccurrences(of: from, with: to)
        }
        let proxy = try Nginx.start(nginx, site: site, prefix: directory.path(""))
        defer { proxy.stop() }
        let url = "https://127.0.0.1:\(port)"
        let trust = CentreTrust(caPEM: try String(contentsOfFile: certificates.path("ca.pem"), encoding: .utf8))
        let transport = try HTTPTransport(baseURL: url, trust: trust, timeout: 5)
        var health: SyncHTTPResponse?
        for _ in 0..<300 where health == nil {
            health = try? await transport.send(SyncHTTPRequest(method: "GET", target: SyncPaths.health))
            if health == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(health?.status == 200, "nginx did not answer: \(proxy.process.stderr.suffix(1_000))")
        let kiosk = try TestKiosk(id: "kiosk-nginx", in: directory, clock: TestClock(Date()))
        let code = try await centre.command(["enroll-code", "--office", "office-1"])
        _ = try await Enrollment.enroll(server: url, code: code, kioskId: kiosk.id, stateDirectory: kiosk.directory, trust: trust)
        for _ in 0..<5 { _ = try kiosk.store.issueTurn(service: "pagos", preferential: false) }
        let credentials = try #require(try SyncCredentials.load(stateDirectory: kiosk.directory))
        let sync = try KioskSync(
            database: kiosk.database, credentials: credentials, configuration: Fixtures.syncConfiguration(kiosk.directory),
            logger: Fixtures.quiet)
        #expect(try await sync.syncOnce().uploaded == 5)
        #expect(try await centre.command(["stats"]).contains(#""events":5"#))
    }
}
