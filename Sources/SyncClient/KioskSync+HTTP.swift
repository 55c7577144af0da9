import Foundation
import SyncProtocol

extension KioskSync {
    /// Signs and sends a request; measures the clock offset from the centre's `server_time`,
    /// and retries once at once when the centre says the timestamp was off (`clock_skew`).
    /// - Parameter key: signs with this key instead of the credentials' (a rekey in progress).
    func signedSend(
        _ method: String, _ target: String, body: [UInt8], gzip: Bool = true, key: KioskSigningKey? = nil
    ) async throws(SyncError) -> SyncHTTPResponse {
        guard let signingKey = key ?? credentials.signingKey else {
            throw SyncError(.credentials, "the credentials file holds no usable key; enroll again")
        }
        var attempt = 0
        while true {
            attempt += 1
            let sentAt = clock()
            let timestamp = sentAt.millisecondsSince1970 + offset.withLock { $0 }
            let nonce = nonceSource.withLock { RequestSignature.makeNonce(using: &$0) }
            let parts = RequestSignature.sign(
                method: method, target: target, body: body, kioskId: credentials.kioskId, timestamp: timestamp,
                nonce: nonce, key: signingKey)
            var headers = parts.headers
            if !body.isEmpty {
                headers.append(("content-type", SyncPaths.json))
                if gzip { headers.append(("content-encoding", "gzip")) }
            }
            let response: SyncHTTPResponse
            do {
                response = try await transport.send(SyncHTTPRequest(method: method, target: target, headers: headers, body: body))
            } catch {
                throw SyncError(.transport, "\(error)")
            }
            let receivedAt = clock()
            if let serverTime = Self.serverTime(in: response) {
                let midpoint = (sentAt.millisecondsSince1970 + receivedAt.millisecondsSince1970) / 2
                offset.withLock { $0 = serverTime - midpoint }
            }
            if response.status == 401, attempt == 1, (try? SyncJSON.decode(ErrorBody.self, from: response.body))?.error == ErrorCode.clockSkew {
                logger.warning("request timestamp refused; retrying with the measured clock offset")
                continue
            }
            return response
        }
    }

    /// `server_time` from an upload answer or an error body.
    static func serverTime(in response: SyncHTTPResponse) -> Int64? {
        guard response.headers["content-type"]?.hasPrefix(SyncPaths.json) ?? true, response.body.first == UInt8(ascii: "{") else {
            return nil
        }
        struct Probe: Decodable {
            var serverTime: Int64?
            enum CodingKeys: String, CodingKey { case serverTime = "server_time" }
        }
        return (try? SyncJSON.decode(Probe.self, from: response.body))?.serverTime
    }

    /// Decodes a JSON answer, or fails as a protocol violation.
    func decode<T: Decodable>(_ response: SyncHTTPResponse) throws(SyncError) -> T {
        do {
            return try SyncJSON.decode(T.self, from: response.body)
        } catch {
            throw SyncError(.protocolViolation, "the centre's \(response.status) answer is not a valid \(T.self)")
        }
    }

    /// The error for an answer that is neither success nor handled above.
    func failure(_ response: SyncHTTPResponse) -> SyncError {
        let body = try? SyncJSON.decode(ErrorBody.self, from: response.body)
        let detail = body.map { "\($0.error): \($0.message)" } ?? "HTTP \(response.status)"
        switch response.status {
        case 401, 403:
            return SyncError(.credentials, "the centre refused this kiosk's credential (\(detail)); enroll again")
        case 400, 413, 415:
            return SyncError(.batchRefused, "the centre refused the request (\(detail))")
        case 429, 503:
            let after = response.headers["retry-after"].flatMap(Double.init)
            return SyncError(.rejected, "the centre asked to retry later (\(detail))", retryAfter: after)
        default:
            return SyncError(.rejected, "the centre answered \(detail)")
        }
    }
}
