import Foundation
import SyncProtocol

/// The kiosk's enrollment: where the centre is and the secret it signs with.
///
/// Kept in `<state-dir>/sync-credentials.json`, mode 0600, written atomically. Its
/// `description` never shows the secret.
public struct SyncCredentials: Codable, Sendable, Hashable, CustomStringConvertible {
    /// `http://host:port` of the centre.
    public var server: String
    public var kioskId: String
    public var officeId: String
    /// Base64 HMAC key.
    public var secret: String
    /// Milliseconds since 1970.
    public var expiresAt: Int64

    public init(server: String, kioskId: String, officeId: String, secret: String, expiresAt: Int64) {
        self.server = server
        self.kioskId = kioskId
        self.officeId = officeId
        self.secret = secret
        self.expiresAt = expiresAt
    }

    /// The file name inside the state directory.
    public static let fileName = "sync-credentials.json"

    /// The secret's bytes (empty when malformed).
    var secretBytes: [UInt8] { Data(base64Encoded: secret).map(Array.init) ?? [] }

    public var description: String { "kiosk \(kioskId) of office \(officeId) at \(server)" }

    /// Loads the credentials from a state directory, or nil when the kiosk is not enrolled.
    public static func load(stateDirectory: String) throws(SyncError) -> SyncCredentials? {
        let path = (stateDirectory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(SyncCredentials.self, from: data)
        } catch {
            throw SyncError(.credentials, "\(path) is not a valid credentials file")
        }
    }

    /// Writes the credentials (0600, atomically) into a state directory.
    public func save(stateDirectory: String) throws(SyncError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw SyncError(.credentials, "cannot encode credentials") }
        try AtomicFile.write(Array(data), to: (stateDirectory as NSString).appendingPathComponent(Self.fileName), mode: 0o600)
    }
}

/// Durable atomic replacement of a small file: temp file, fsync, rename, fsync the directory.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SyncError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SyncError(.io, "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                close(fd)
                unlink(temporary)
                throw SyncError(.io, "cannot write \(temporary): \(String(cString: strerror(errno)))")
            }
            written += result
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0 else {
            close(fd)
            unlink(temporary)
            throw SyncError(.io, "cannot sync \(temporary): \(String(cString: strerror(errno)))")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SyncError(.io, "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}
