import Crypto
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Reads the certificate chain a server presents, without trusting it and without sending
/// anything: a TLS handshake that stops at the certificate check. Used to resolve a public-key
/// pin into the certificate that carries the key, and to explain a refused certificate
/// (expired, not yet valid) to a technician.
enum CertificateProbe {
    /// The chain as presented (leaf first); empty when the server sent none.
    static func presentedChain(host: String, port: Int, timeout: TimeInterval) async throws -> [NIOSSLCertificate] {
        let captured = Mutex<[NIOSSLCertificate]>([])
        let configuration = TLSConfiguration.makeClientConfiguration()
        let context = try NIOSSLContext(configuration: configuration)
        // SNI carries names only, never IP literals.
        let serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(max(0.1, timeout) * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(
                        context: context, serverHostname: serverName,
                        customVerificationCallback: { certificates, promise in
                            captured.withLock { $0 = certificates }
                            // Stop here: nothing is ever sent to a server this probe looked at.
                            promise.succeed(.failed)
                        })
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: host, port: port).get()
        let deadline = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(max(0.1, timeout) * 1000))) {
            channel.close(promise: nil)
        }
        try? await channel.closeFuture.get()
        deadline.cancel()
        return captured.withLock { $0 }
    }

    /// Base64 SHA-256 of a certificate's SubjectPublicKeyInfo (the pin format).
    static func spkiSHA256(_ certificate: NIOSSLCertificate) -> String? {
        guard let spki = try? certificate.extractPublicKey().toSPKIBytes() else { return nil }
        return Data(SHA256.hash(data: spki)).base64EncodedString()
    }

    /// The presented certificate whose key matches the pin, as PEM, or nil.
    static func anchor(in chain: [NIOSSLCertificate], pin: String) -> NIOSSLCertificate? {
        chain.first { spkiSHA256($0) == pin }
    }

    /// Why a presented leaf is refused on its dates, or nil when its dates are fine.
    static func dateProblem(of chain: [NIOSSLCertificate], now: Date) -> String? {
        guard let leaf = chain.first else { return nil }
        let formatter = ISO8601DateFormatter()
        let notAfter = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        let notBefore = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
        if notAfter < now { return "the centre's certificate expired on \(formatter.string(from: notAfter))" }
        if notBefore > now { return "the centre's certificate is not valid before \(formatter.string(from: notBefore))" }
        return nil
    }
}
