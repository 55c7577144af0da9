import Foundation
import SyncProtocol

/// Enrollment of a kiosk with the centre.
public enum Enrollment {
    /// Trades a one-time code for a credential and saves it (0600) in the state directory.
    ///
    /// - Parameter transport: defaults to HTTP to `server`.
    public static func enroll(
        server: String, code: String, kioskId: String, stateDirectory: String, transport: (any SyncTransport)? = nil
    ) async throws(SyncError) -> SyncCredentials {
        let client: any SyncTransport
        if let transport {
            client = transport
        } else {
            do { client = try HTTPTransport(baseURL: server) } catch { throw SyncError(.credentials, error.description) }
        }
        let body: [UInt8]
        do { body = try SyncJSON.encode(EnrollmentRequest(code: code, kioskId: kioskId)) } catch {
            throw SyncError(.enrollment, "cannot encode the request")
        }
        let response: SyncHTTPResponse
        do {
            response = try await client.send(SyncHTTPRequest(
                method: "POST", target: SyncPaths.enroll, headers: [("content-type", SyncPaths.json)], body: body))
        } catch {
            throw SyncError(.transport, "\(error)")
        }
        guard response.status == 200 else {
            let detail = (try? SyncJSON.decode(ErrorBody.self, from: response.body)).map { "\($0.error): \($0.message)" }
            throw SyncError(.enrollment, "the centre refused the enrollment (\(detail ?? "HTTP \(response.status)"))")
        }
        let answer: EnrollmentResponse
        do { answer = try SyncJSON.decode(EnrollmentResponse.self, from: response.body) } catch {
            throw SyncError(.protocolViolation, "the enrollment answer is not valid")
        }
        let credentials = SyncCredentials(
            server: server, kioskId: answer.kioskId, officeId: answer.officeId, secret: answer.secret,
            expiresAt: answer.expiresAt)
        try credentials.save(stateDirectory: stateDirectory)
        return credentials
    }
}
