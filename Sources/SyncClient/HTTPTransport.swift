public import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
import SyncProtocol

/// The kiosk's HTTP client: AsyncHTTPClient, TLS by swift-nio-ssl. `https` by default; plain
/// `http` only to a loopback host (a local tunnel or test) or with
/// ``CentreTrust/allowInsecureHTTP``. One connection per exchange (`Connection: close`: a 3G
/// link drops idle connections anyway), a deadline for the whole exchange, a cap on the
/// answer's size, gzip answers inflated, redirects never followed.
public struct HTTPTransport: SyncTransport {
    /// A transport failure: nothing (complete) came back, or the centre could not be trusted.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// The centre's certificate was refused (not trusted, expired, wrong host, pin mismatch).
        public var isCertificateRefusal = false

        public init(description: String, isCertificateRefusal: Bool = false) {
            self.description = description
            self.isCertificateRefusal = isCertificateRefusal
        }
    }

    public let scheme: String
    public let host: String
    public let port: Int
    public let trust: CentreTrust
    /// Deadline for connect + request + response.
    public var timeout: TimeInterval
    /// Largest response accepted (datasets can be large).
    public var maxResponseBytes: Int
    private let anchor: PinnedAnchor

    /// - Parameter baseURL: `https://host[:port]`, or `http://` to loopback (or with
    ///   `trust.allowInsecureHTTP`).
    public init(
        baseURL: String, trust: CentreTrust = CentreTrust(), timeout: TimeInterval = 20, maxResponseBytes: Int = 64 << 20
    ) throws(Failure) {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            url.path.isEmpty || url.path == "/", url.query == nil
        else {
            throw Failure(description: "the server URL must look like https://host[:port]")
        }
        switch scheme {
        case "https": break
        case "http":
            guard CentreTrust.isLoopback(host) || trust.allowInsecureHTTP == true else {
                throw Failure(description:
                    "refusing plain http to \(host): use https (plain http is allowed only to loopback, or with --insecure-http for development)")
            }
        default:
            throw Failure(description: "the server URL must start with https://")
        }
        if let problem = trust.problem { throw Failure(description: problem) }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
        self.trust = trust
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        anchor = PinnedAnchor()
    }

    /// One client for the process: redirects off (a redirect could leave TLS), no
    /// decompression (bodies are inflated here under the size cap), HTTP/1.1.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        configuration.httpVersion = .http1Only
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10))
        // A kiosk sends one request at a time; the load test simulates a thousand kiosks in
        // one process and must not queue behind AsyncHTTPClient's default of 8 per host.
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024)
        // Fail at once (refused, TLS refused): the sync loop has its own backoff, and a
        // technician running `turnero sync once` wants the reason now, not after 10 s of retries.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()

    private var hostPort: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        var outgoing = HTTPClientRequest(url: "\(scheme)://\(hostPort)\(request.target)")
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "connection", value: "close")
        outgoing.headers.add(name: "accept-encoding", value: "gzip")
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        if scheme == "https" { outgoing.tlsConfiguration = try await tlsConfiguration(refresh: false) }
        do {
            return try await exchange(outgoing)
        } catch let failure as Failure where failure.isCertificateRefusal && trust.pinSHA256 != nil {
            // The pinned key's certificate may have been renewed: resolve it again, once.
            outgoing.tlsConfiguration = try await tlsConfiguration(refresh: true)
            return try await exchange(outgoing)
        }
    }

    private func exchange(_ request: HTTPClientRequest) async throws -> SyncHTTPResponse {
        let milliseconds = Int64(max(0.05, timeout) * 1000)
        let response: SyncHTTPResponse
        do {
            let answer = try await Self.client.execute(request, deadline: .now() + .milliseconds(milliseconds))
            var headers: [String: String] = [:]
            for header in answer.headers { headers[header.name.lowercased()] = header.value }
            let body = try await answer.body.collect(upTo: maxResponseBytes)
            response = SyncHTTPResponse(status: Int(answer.status.code), headers: headers, body: Array(buffer: body))
        } catch {
            throw await describe(error)
        }
        guard response.headers["content-encoding"]?.lowercased() == "gzip" else { return response }
        do {
            var inflated = response
            inflated.body = try Gzip.decompress(response.body, limit: maxResponseBytes)
            return inflated
        } catch {
            throw Failure(description: "the answer is not valid gzip")
        }
    }

    /// The TLS settings: only the pinned CA, only the certificate carrying the pinned key, or
    /// the system's roots.
    private func tlsConfiguration(refresh: Bool) async throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caPEM = trust.caPEM {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        } else if let pin = trust.pinSHA256 {
            configuration.trustRoots = .certificates([try await pinnedAnchor(pin, refresh: refresh)])
        }
        return configuration
    }

    /// The certificate the centre presents that carries the pinned key (looked up once per
    /// process, and again when the centre's certificate is refused).
    private func pinnedAnchor(_ pin: String, refresh: Bool) async throws -> NIOSSLCertificate {
        if !refresh, let known = anchor.certificate { return known }
        let chain: [NIOSSLCertificate]
        do {
            chain = try await CertificateProbe.presentedChain(host: host, port: port, timeout: min(timeout, 10))
        } catch {
            throw Failure(description: "cannot connect to \(hostPort) (\(error))")
        }
        guard let found = CertificateProbe.anchor(in: chain, pin: pin) else {
            throw Failure(
                description: "the centre at \(hostPort) presents no certificate with the pinned public key (pin \(pin.prefix(12))…): refusing it",
                isCertificateRefusal: true)
        }
        anchor.certificate = found
        return found
    }

    /// A failure a technician can act on.
    private func describe(_ error: any Error) async -> Failure {
        if let failure = error as? Failure { return failure }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return Failure(description: "the centre's certificate is not valid for host \(host): refusing it", isCertificateRefusal: true)
        }
        if error is NIOSSLError || "\(error)".contains("CERTIFICATE_VERIFY_FAILED") {
            let chain = (try? await CertificateProbe.presentedChain(host: host, port: port, timeout: 5)) ?? []
            if let dates = CertificateProbe.dateProblem(of: chain, now: Date()) {
                return Failure(description: "\(dates): refusing it", isCertificateRefusal: true)
            }
            let issuer = trust.caPEM != nil ? "the pinned CA" : trust.pinSHA256 != nil ? "the pinned key" : "a CA this kiosk trusts"
            return Failure(
                description: "the centre's certificate at \(hostPort) is not issued by \(issuer): refusing it (\(error))",
                isCertificateRefusal: true)
        }
        if error is NIOTooManyBytesError {
            return Failure(description: "answer larger than \(maxResponseBytes) bytes")
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return Failure(description: "no answer from \(hostPort) within \(timeout) s")
            case .connectTimeout:
                return Failure(description: "cannot connect to \(hostPort) (timed out)")
            default:
                return Failure(description: "no complete answer from \(hostPort) (\(client))")
            }
        }
        if error is NIOConnectionError || error is IOError || "\(error)".contains("connectionRefused") {
            return Failure(description: "cannot connect to \(hostPort) (\(error))")
        }
        return Failure(description: "no complete answer from \(hostPort) (\(error))")
    }
}

/// The pinned key's certificate once resolved, shared by copies of a transport.
private final class PinnedAnchor: Sendable {
    private let state = Mutex<NIOSSLCertificate?>(nil)
    var certificate: NIOSSLCertificate? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
