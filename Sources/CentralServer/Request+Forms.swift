import Foundation
import Hummingbird
import SyncProtocol

extension Request {
    /// The form body (`application/x-www-form-urlencoded`, already collected under a limit)
    /// decoded with Hummingbird's `URLEncodedFormDecoder`: `415` for another content type,
    /// `400` for a malformed form.
    func form<T: Decodable>(_ type: T.Type) async throws -> T {
        if let contentType = headers[.contentType], !contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw APIError(.unsupportedMediaType, ErrorCode.unsupportedMedia, "forms are application/x-www-form-urlencoded")
        }
        let buffer = try await body.collect(upTo: .max)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw APIError(.badRequest, ErrorCode.badRequest, "the form is malformed")
        }
    }

    /// A query parameter, decoded (nil when absent).
    func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init)
    }

    /// Whether a browser's form comes from this site: a `POST`'s `Origin`, when sent, must be
    /// the host the request was sent to.
    var isSameOrigin: Bool {
        guard let origin = headers[.origin] else { return true }
        guard let host = head.authority, let url = URL(string: origin), let originHost = url.host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return (originHost + port).lowercased() == host.lowercased()
    }
}
