import Foundation
import Crypto
import SyncProtocol

/// Enrollment of a kiosk with the centre: the kiosk generates its Ed25519 key and sends only
/// the public key with the one-time code.
public enum Enrollment {
    /// The key being enrolled, kept (0600) until the centre's answer arrived: a retry after a
    /// lost answer sends the same key with the same code and gets the same 200.
    struct Pending: Codable {
        /// SHA-256 of the normalized code (the code itself is not kept).
        var codeHash: String
        var privateKey: String

        static let fileName = "sync-enrollment-pending.json"

        enum CodingKeys: String, CodingKey {
            case codeHash = "code_hash"
            case privateKey = "private_key"
        }
    }

    /// Registers this kiosk's public key with a one-time code and saves the credentials (0600)
    /// in the state directory. Transport failures are retried (`attempts` in all) with the
    /// same key.
    ///
    /// - Parameters:
    ///   - trust: how the centre's certificate is checked (kept in the credentials).
    ///   - transport: defaults to HTTP to `server` under `trust`.
    public static func enroll(
        server: String, code: String, kioskId: String, stateDirectory: String, trust: CentreTrust = CentreTrust(),
        transport: (any SyncTransport)? = nil, attempts: Int = 3
    ) async throws(SyncError) -> SyncCredentials {
        let client: any SyncTransport
        if let transport {
            client = transport
        } else {
            do { client = try HTTPTransport(baseURL: server, trust: trust) } catch { throw SyncError(.credentials, error.description) }
        }
        let key = try pendingKey(for: code, stateDirectory: stateDirectory)
        let body: [UInt8]
        do {
            let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
            body = try SyncJSON.encode(EnrollmentRequest(code: code, kioskId: kioskId, publicKey: publicKey))
        } catch {
            throw SyncError(.enrollment, "cannot encode the request")
        }
        var attempt = 0
        var response: SyncHTTPResponse?
        while response == nil {
            attempt += 1
            do {
                response = try await client.send(SyncHTTPRequest(
                    method: "POST", target: SyncPaths.enroll, headers: [("content-type", SyncPaths.json)], body: body))
            } catch {
                guard attempt < max(1, attempts) else { throw SyncError(.transport, "\(error)") }
                try? await Task.sleep(for: .milliseconds(500 * attempt))
            }
        }
        guard let response, response.status == 200 else {
            let detail = response.flatMap { try? SyncJSON.decode(ErrorBody.self, from: $0.body) }.map { "\($0.error): \($0.message)" }
            throw SyncError(.enrollment, "the centre refused the enrollment (\(detail ?? "HTTP \(response?.status ?? 0)"))")
        }
        let answer: EnrollmentResponse
        do { answer = try SyncJSON.decode(EnrollmentResponse.self, from: response.body) } catch {
            throw SyncError(.protocolViolation, "the enrollment answer is not valid")
        }
        let credentials = SyncCredentials(
            server: server, kioskId: answer.kioskId, officeId: answer.officeId, privateKey: SyncCredentials.encode(key),
            expiresAt: answer.expiresAt, trust: trust == CentreTrust() ? nil : trust)
        try credentials.save(stateDirectory: stateDirectory)
        try? FileManager.default.removeItem(atPath: (stateDirectory as NSString).appendingPathComponent(Pending.fileName))
        return credentials
    }

    /// The key for this code: the one kept from an earlier attempt with the same code, else a
    /// new one, written down before anything is sent.
    static func pendingKey(for code: String, stateDirectory: String) throws(SyncError) -> Curve25519.Signing.PrivateKey {
        let normalized = code.uppercased().filter { $0 != "-" && $0 != " " }
        let codeHash = Hex.encode(SHA256.hash(data: Data(normalized.utf8)))
        let path = (stateDirectory as NSString).appendingPathComponent(Pending.fileName)
        if let data = FileManager.default.contents(atPath: path), let pending = try? JSONDecoder().decode(Pending.self, from: data),
            pending.codeHash == codeHash, let key = SyncCredentials.privateKey(pending.privateKey)
        {
            return key
        }
        let key = Curve25519.Signing.PrivateKey()
        let data: Data
        do { data = try JSONEncoder().encode(Pending(codeHash: codeHash, privateKey: SyncCredentials.encode(key))) } catch {
            throw SyncError(.io, "cannot encode the enrollment key")
        }
        try AtomicFile.write(Array(data), to: path, mode: 0o600)
        return key
    }
}
