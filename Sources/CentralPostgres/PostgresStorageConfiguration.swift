import Foundation
import PostgresNIO

/// Where the PostgreSQL backend connects, read from a URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require][&pool=N][&schema=NAME]`.
///
/// `host=/run/postgresql` in the query (libpq style) selects a Unix socket directory instead of TCP.
/// `sslmode=require` verifies the server's certificate against the system roots; the default
/// is `disable` on loopback and `require` elsewhere. `schema` puts every table in that schema
/// (tests use one throwaway schema each).
public struct PostgresStorageConfiguration: Sendable, Hashable {
    /// A URL that cannot be used.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public var host: String
    public var port: Int
    /// A Unix socket directory (PostgreSQL's `.s.PGSQL.PORT` file inside it), instead of TCP.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool
    /// The most connections the pool opens.
    public var maximumConnections: Int
    /// Tables live in this schema (created if missing) instead of `public`.
    public var schema: String?

    /// Parses a `postgres://` or `postgresql://` URL.
    public init(url text: String) throws(Invalid) {
        guard let url = URLComponents(string: text), let scheme = url.scheme, scheme == "postgres" || scheme == "postgresql" else {
            throw Invalid(description: "the database URL must look like postgres://user@host:port/database")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        host = url.host?.isEmpty == false ? url.host! : "127.0.0.1"
        port = url.port ?? 5432
        socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        username = url.user ?? "postgres"
        password = url.password
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !path.isEmpty, !path.contains("/") else { throw Invalid(description: "the database URL must name a database") }
        database = path
        switch query["sslmode"] {
        case nil:
            requireTLS = !["127.0.0.1", "localhost", "::1"].contains(host) && socketDirectory == nil
        case "disable"?, "allow"?, "prefer"?:
            requireTLS = false
        case "require"?, "verify-ca"?, "verify-full"?:
            requireTLS = true
        case let mode?:
            throw Invalid(description: "unknown sslmode '\(mode.prefix(20))'")
        }
        maximumConnections = 20
        if let pool = query["pool"] {
            guard let size = Int(pool), (1...500).contains(size) else { throw Invalid(description: "pool must be 1–500 connections") }
            maximumConnections = size
        }
        if let schema = query["schema"] {
            guard Self.isPlainName(schema) else { throw Invalid(description: "schema must be 1–63 lowercase letters, digits or '_'") }
            self.schema = schema
        }
    }

    /// Lowercase letters, digits and `_`, not starting with a digit: safe to write into SQL.
    static func isPlainName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), !(bytes[0] >= 0x30 && bytes[0] <= 0x39) else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") }
    }

    /// The URL without its password, for logs.
    public var redacted: String {
        "postgres://\(username)@\(socketDirectory ?? "\(host):\(port)")/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }

    /// The client configuration for postgres-nio.
    func client() -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    /// libpq environment for `pg_dump` (the password travels in the environment, not argv).
    var libpqEnvironment: [String: String] {
        var environment = [
            "PGHOST": socketDirectory ?? host, "PGPORT": String(port), "PGUSER": username, "PGDATABASE": database,
            "PGSSLMODE": requireTLS ? "verify-full" : "disable",
        ]
        if let password { environment["PGPASSWORD"] = password }
        return environment
    }
}
