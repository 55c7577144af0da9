import Foundation
import NIOSSL

/// How the kiosk decides it talks to the real centre: the URL's scheme and which certificates it
/// trusts. Kept in the credentials file, written at enrollment (`turnero sync enroll --ca-file …`
/// or `--pin-sha256 …`) and changed with `turnero sync trust`.
///
/// Why the credentials and not the office configuration: trust must be settled before the first
/// connection, and the office configuration is replaced by what the centre publishes; a wrong
/// publication would cut every kiosk off from the centre that could publish the fix.
public struct CentreTrust: Codable, Sendable, Hashable {
    /// PEM of the CA (or self-signed certificate) the centre's certificate must chain to. Only
    /// it is trusted, not the system's roots. Nil: the system's roots (or the pin below).
    public var caPEM: String?
    /// Base64 SHA-256 of the SubjectPublicKeyInfo of the centre's CA or self-signed certificate
    /// (`openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`).
    /// The certificate carrying that key, as the centre presents it, becomes the only trust root.
    public var pinSHA256: String?
    /// Allows `http://` to a host that is not loopback (development only: requests and answers
    /// travel in clear).
    public var allowInsecureHTTP: Bool?

    public init(caPEM: String? = nil, pinSHA256: String? = nil, allowInsecureHTTP: Bool = false) {
        self.caPEM = caPEM
        self.pinSHA256 = pinSHA256
        self.allowInsecureHTTP = allowInsecureHTTP ? true : nil
    }

    enum CodingKeys: String, CodingKey {
        case caPEM = "ca_pem"
        case pinSHA256 = "pin_sha256"
        case allowInsecureHTTP = "allow_insecure_http"
    }

    /// Why these settings cannot be used, or nil.
    public var problem: String? {
        if caPEM != nil && pinSHA256 != nil { return "pin either a CA certificate or a public-key hash, not both" }
        if let caPEM {
            guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)), !certificates.isEmpty else {
                return "the CA file holds no PEM certificate"
            }
        }
        if let pinSHA256 {
            guard let digest = Data(base64Encoded: pinSHA256), digest.count == 32 else {
                return "the pin must be a base64 SHA-256 (44 characters ending in '=')"
            }
        }
        return nil
    }

    /// Loopback hosts, where plain `http` never leaves the machine.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}
