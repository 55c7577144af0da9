import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` the centre believes (`serve --trusted-proxy
/// CIDR`, repeatable). Behind a TLS proxy or a load balancer every request comes from the
/// proxy; without this, per-address limits would put every client in one bucket, and with it
/// believed blindly any client could pick its own address. Pure: parsing and resolution.
public struct TrustedProxies: Sendable, Hashable {
    /// One network, `address/prefix` (IPv4 or IPv6).
    public struct Network: Sendable, Hashable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefix: Int

        /// Parses `10.0.0.0/8`, `127.0.0.1` (a /32), `::1`, `fd00::/8`; nil when malformed.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let bytes = TrustedProxies.addressBytes(String(parts[0])) else { return nil }
            let bits = bytes.count * 8
            if parts.count == 2 {
                guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
                self.prefix = prefix
            } else {
                prefix = bits
            }
            self.bytes = bytes
        }

        /// Whether `address` (bytes of the same family) is inside.
        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (network, candidate) in zip(bytes, address) where left > 0 {
                let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
                guard network & mask == candidate & mask else { return false }
                left -= 8
            }
            return true
        }

        public var description: String {
            let text = bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : bytes.map { String($0, radix: 16) }.joined(separator: ":")
            return "\(text)/\(prefix)"
        }
    }

    public var networks: [Network]

    public init(_ networks: [Network] = []) { self.networks = networks }

    /// No proxy is trusted: the peer is the client.
    public static let none = TrustedProxies()

    /// Whether `address` is one of the trusted proxies.
    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.addressBytes(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer, unless the peer is a trusted proxy; then the
    /// `X-Forwarded-For` hops are read from the right (the nearest) and the first hop that is
    /// not a trusted proxy is the client. A malformed hop stops the walk at the hop before it.
    /// - Parameter forwardedFor: every `X-Forwarded-For` value, in order.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard var client = peer, trusts(client) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard Self.addressBytes(hop) != nil else { return client }
            client = hop
            if !trusts(hop) { return hop }
        }
        return client
    }

    /// The bytes of an IPv4 or IPv6 address (an IPv4-mapped IPv6 address as IPv4).
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes.suffix(4)) }
        return bytes
    }
}
