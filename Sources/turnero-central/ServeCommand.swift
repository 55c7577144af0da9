import ArgumentParser
import CentralPostgres
import CentralSQLite
import CentralServer
import Foundation
import Logging
import NIOSSL

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server until SIGTERM or SIGINT.",
        discussion: """
            On SIGTERM the centre drains: /v1/ready answers 503 and new kiosk work 503 + Retry-After for \
            --drain-seconds while connections are still accepted; then it stops accepting, requests in \
            flight finish (a stalled body is cut at --body-timeout) and it exits. With --tls-certificate \
            and --tls-key it speaks HTTPS itself; otherwise put a TLS reverse proxy in front \
            (kiosk-scripts/nginx-turnero-central.conf).
            """)
    @OptionGroup var database: DatabaseOption
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed on stdout).") var port = 8080
    @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
    @Option(help: "Requests per second allowed per kiosk.") var kioskRate: Double = 20
    @Option(help: "Requests per second allowed in total.") var globalRate: Double = 2000
    @Option(help: "Batches stored at once (more get 503 + Retry-After).") var maxIngests = 32
    @Option(help: "A kiosk heard from within this many minutes is online.") var onlineMinutes: Double = 3
    @Flag(help: "Mark the session cookie Secure (implied by --tls-certificate).") var secureCookies = false
    @Option(help: "A file holding the bearer token GET /metrics requires (default: no token).") var metricsTokenFile: String?
    @Option(help: "PEM file with the server's certificate (and its chain): serve HTTPS.") var tlsCertificate: String?
    @Option(help: "PEM file with the certificate's private key.") var tlsKey: String?
    @Option(help: "Seconds /v1/ready answers 503 after SIGTERM before the centre stops accepting.") var drainSeconds: Double = 5
    @Option(help: "Seconds a client has to send a complete request head.") var headerTimeout: Double = 10
    @Option(help: "Seconds a client has to send a request's body once its head arrived.") var bodyTimeout: Double = 60
    @Option(help: "Seconds a kept-alive connection may stay idle.") var idleTimeout: Double = 30
    @Option(help: "Most open connections (default: below the descriptor limit).") var maxConnections: Int?
    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A reverse proxy or load balancer (address or CIDR, repeatable) whose X-Forwarded-For names the client; others' is ignored.",
            valueName: "cidr"))
    var trustedProxies: [String] = []
    @Option(help: "The centre's settings (JSON; the detractor procedure: reasons, areas, attempts, retention). See kiosk-scripts/config/central.example.json.")
    var settings: String?

    func validate() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("give both --tls-certificate and --tls-key") }
        for proxy in trustedProxies where TrustedProxies.Network(proxy) == nil {
            throw ValidationError("--trusted-proxy \(proxy) is not an IPv4 or IPv6 address or CIDR (10.0.0.0/8, ::1)")
        }
        for (name, value) in [("--drain-seconds", drainSeconds), ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout),
            ("--idle-timeout", idleTimeout)] where !(value >= 0 && value <= 86_400)
        {
            throw ValidationError("\(name) must be 0–86400 seconds")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        let logger = Logger(label: "turnero-central")
        var configuration = CentralConfiguration()
        configuration.kioskRate = kioskRate
        configuration.kioskBurst = max(kioskRate * 3, 1)
        configuration.globalRate = globalRate
        configuration.globalBurst = max(globalRate * 2, 1)
        configuration.maxConcurrentIngests = max(1, maxIngests)
        configuration.onlineWindow = max(30, onlineMinutes * 60)
        configuration.secureCookies = secureCookies || tlsCertificate != nil
        configuration.drainWindow = .milliseconds(Int64(drainSeconds * 1000))
        configuration.trustedProxies = TrustedProxies(trustedProxies.compactMap(TrustedProxies.Network.init))
        if let metricsTokenFile {
            guard let token = try? String(contentsOfFile: metricsTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                !token.isEmpty
            else { throw ValidationError("cannot read a token from \(metricsTokenFile)") }
            configuration.metricsToken = token
        }
        if let settings {
            let loaded = try CentralSettings.load(path: settings)
            configuration.callbackPolicy = loaded.callbacks
            configuration.qualityTargets = loaded.qualityTargets
            configuration.auditChecklist = loaded.auditChecklist
        }
        var connections = ConnectionPolicy()
        connections.headTimeout = .milliseconds(Int64(headerTimeout * 1000))
        connections.bodyTimeout = .milliseconds(Int64(bodyTimeout * 1000))
        connections.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        connections.maxConnections = Self.connectionCap(requested: maxConnections)
        let tls = try tlsConfiguration()
        logger.notice("listening", metadata: [
            "host": "\(host)", "tls": "\(tls != nil)", "max_connections": "\(connections.maxConnections)",
            "trusted_proxies": "\(configuration.trustedProxies.networks.map(\.description).joined(separator: " "))",
        ])
        let metrics = CentralMetrics()
        let announce: @Sendable (Int) async -> Void = { port in
            // Scripts and tests read the bound port from this line.
            FileHandle.standardOutput.write(Data("listening on \(port)\n".utf8))
        }
        if database.isPostgres {
            let postgres = try database.postgresConfiguration()
            let storage = PostgresCentralStorage(configuration: postgres, logger: logger)
            // The pool runs for as long as the server does and stops after it (graceful
            // shutdown lets in-flight batches finish first).
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await storage.run() }
                defer { group.cancelAll() }
                try await storage.migrate()
                logger.notice("storage ready", metadata: ["backend": "postgres", "database": "\(postgres.redacted)"])
                let api = CentralAPI(storage: storage, configuration: configuration, logger: logger, metrics: metrics)
                try await CentralServer(api: api, host: host, port: port, connections: connections, tls: tls, logger: logger)
                    .run(onRunning: announce)
            }
        } else {
            let storage: SQLiteCentralStorage
            do { storage = try SQLiteCentralStorage(path: database.database) } catch {
                throw ValidationError("cannot open \(database.database): \(error)")
            }
            let api = CentralAPI(storage: storage, configuration: configuration, logger: logger, metrics: metrics)
            try await CentralServer(api: api, host: host, port: port, connections: connections, tls: tls, logger: logger)
                .run(onRunning: announce)
            // Everything into the main file: a copy of it alone is a complete database.
            do { try storage.checkpointAndClose() } catch {
                logger.error("WAL checkpoint at shutdown failed", metadata: ["error": "\(error)"])
            }
        }
        logger.notice("stopped")
    }

    /// The server's TLS settings from the PEM files, or nil for plain HTTP.
    func tlsConfiguration() throws -> TLSConfiguration? {
        guard let tlsCertificate, let tlsKey else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tlsCertificate)
            guard !chain.isEmpty else { throw ValidationError("\(tlsCertificate) holds no PEM certificate") }
            let key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            return configuration
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("cannot load the TLS certificate or key: \(error)")
        }
    }

    /// The connection cap: what was asked, but never within 128 descriptors of the limit
    /// (the database, logs and the listening socket need some).
    static func connectionCap(requested: Int?) -> Int {
        var limit = rlimit()
        let soft = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Int(clamping: limit.rlim_cur) : 1024
        let ceiling = max(16, soft - 128)
        return min(requested ?? 4096, ceiling)
    }
}
