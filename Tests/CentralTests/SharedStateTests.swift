@testable import CentralServer
import Foundation
import SyncProtocol
import Testing

/// Issue 14, finding 4: what every instance must share lives in the database (nonces, throttle
/// hits), and client addresses come from `X-Forwarded-For` only through a trusted proxy.
@Suite("Shared request state and client addresses")
struct SharedStateTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("nonces: insert-or-ignore per kiosk, counted over the window, one winner among racers, pruned after expiry",
        arguments: Backend.enabled)
    func nonces(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let ledger = storage.storage
            let window = Self.now.addingTimeInterval(-3)
            let expiry = Self.now.addingTimeInterval(600)
            let first = try await ledger.recordNonce(kioskId: "k1", nonce: "aa", at: Self.now, expiresAt: expiry, windowStart: window)
            #expect(first.fresh && first.recent.count == 1 && first.recent.oldest == Self.now)
            let replay = try await ledger.recordNonce(kioskId: "k1", nonce: "aa", at: Self.now.addingTimeInterval(1), expiresAt: expiry, windowStart: window)
            #expect(!replay.fresh && replay.recent.count == 1)
            #expect(try await ledger.recordNonce(kioskId: "k2", nonce: "aa", at: Self.now, expiresAt: expiry, windowStart: window).fresh)
            let second = try await ledger.recordNonce(kioskId: "k1", nonce: "bb", at: Self.now.addingTimeInterval(1), expiresAt: expiry, windowStart: window)
            #expect(second.fresh && second.recent.count == 2)
            // Racers with one nonce (two instances receiving the same replay): exactly one wins.
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await ledger.recordNonce(kioskId: "k1", nonce: "cc", at: Self.now, expiresAt: expiry, windowStart: window).fresh }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
            #expect(try await ledger.pruneLedger(now: expiry.addingTimeInterval(1), hitsBefore: Self.now) == 4)
            #expect(try await ledger.recordNonce(kioskId: "k1", nonce: "aa", at: expiry.addingTimeInterval(2), expiresAt: expiry.addingTimeInterval(600),
                windowStart: expiry).fresh, "a nonce past its expiry is forgotten (its timestamp is outside the window anyway)")
        }
    }

    @Test("throttle hits: counted per key since an instant, cleared, pruned", arguments: Backend.enabled)
    func hits(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let ledger = storage.storage
            try await ledger.recordHits(["a", "b"], at: Self.now)
            try await ledger.recordHits(["a"], at: Self.now.addingTimeInterval(10))
            let counted = try await ledger.hits(["a", "b", "c"], since: Self.now.addingTimeInterval(-1))
            #expect(counted["a"] == HitCount(count: 2, oldest: Self.now) && counted["b"]?.count == 1 && counted["c"] == nil)
            #expect(try await ledger.hits(["a"], since: Self.now.addingTimeInterval(5))["a"]?.count == 1)
            try await ledger.clearHits("a")
            #expect(try await ledger.hits(["a"], since: .distantPast)["a"] == nil)
            #expect(try await ledger.pruneLedger(now: Self.now, hitsBefore: Self.now.addingTimeInterval(1)) == 1)
        }
    }

    @Test("window limits and the sign-in rule, without I/O")
    func rules() {
        let limit = WindowLimit(rate: 20, burst: 60)
        #expect(limit.limit == 60 && limit.window == 3)
        #expect(limit.wait(after: HitCount(count: 60, oldest: Self.now), now: Self.now) == nil)
        #expect(limit.wait(after: HitCount(count: 61, oldest: Self.now.addingTimeInterval(-1)), now: Self.now) == 2)
        #expect(limit.waitBefore(HitCount(count: 59, oldest: Self.now), now: Self.now) == nil)
        #expect(limit.waitBefore(HitCount(count: 60, oldest: Self.now), now: Self.now) == 3)
        let limits = SignInThrottle.Limits()
        let none = HitCount.none
        #expect(SignInThrottle.decide(pair: HitCount(count: 4, oldest: Self.now), address: none, attempts: none, limits: limits, now: Self.now) == nil)
        #expect(SignInThrottle.decide(pair: HitCount(count: 5, oldest: Self.now), address: none, attempts: none, limits: limits, now: Self.now) == 900)
        #expect(SignInThrottle.decide(pair: none, address: HitCount(count: 30, oldest: Self.now), attempts: none, limits: limits, now: Self.now) != nil)
        #expect(SignInThrottle.decide(pair: none, address: none, attempts: HitCount(count: 60, oldest: Self.now), limits: limits, now: Self.now) != nil)
    }

    @Test("trusted proxies: CIDRs parsed, X-Forwarded-For read from the right, only behind a trusted peer")
    func trustedProxies() throws {
        let proxies = TrustedProxies([try #require(TrustedProxies.Network("10.0.0.0/8")), try #require(TrustedProxies.Network("::1"))])
        #expect(TrustedProxies.Network("300.1.1.1") == nil && TrustedProxies.Network("10.0.0.0/33") == nil && TrustedProxies.Network("fd00::/129") == nil)
        #expect(proxies.trusts("10.2.3.4") && proxies.trusts("::1") && proxies.trusts("::ffff:10.0.0.1") && !proxies.trusts("11.0.0.1"))
        // An untrusted peer's header is ignored: it could name any address.
        #expect(proxies.client(peer: "198.51.100.4", forwardedFor: ["203.0.113.9"]) == "198.51.100.4")
        // Behind the proxy: the nearest untrusted hop; a client cannot push a fake one past it.
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["1.2.3.4, 203.0.113.9"]) == "203.0.113.9")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.9", "10.1.1.1"]) == "203.0.113.9")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: []) == "10.0.0.5")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["garbage, 10.1.1.1"]) == "10.1.1.1")
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.9"]) == "127.0.0.1")
    }

    @Test("a public page group's limit counts a client's requests on every instance", arguments: Backend.enabled)
    func publicLimitAcrossInstances(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            var configuration = Fixtures.permissive
            configuration.loginRate = 0.01
            configuration.loginBurst = 3
            let one = CentralAPI(storage: storage.storage, configuration: configuration, logger: Fixtures.quiet)
            let other = CentralAPI(storage: storage.storage, configuration: configuration, logger: Fixtures.quiet)
            let link = "/login/link/" + String(repeating: "A", count: 43)
            var statuses: [Int] = []
            for api in [one, other, one, other] { statuses.append(await Session(api, address: "203.0.113.7").get(link).status.code) }
            #expect(statuses == [401, 401, 401, 429], "\(statuses)")
            let limited = await Session(other, address: "203.0.113.7").get(link)
            #expect(limited.status == 429 && Int(limited.header("retry-after") ?? "") ?? 0 >= 1)
            #expect(await Session(other, address: "203.0.113.8").get(link).status == 401, "another address is not limited")
        }
    }

    @Test("failed sign-ins behind a trusted proxy count per forwarded client; from anyone else the header is ignored")
    func forwardedSignIns() async throws {
        try await withTestStorage(.sqlite) { storage in
            try await DashboardTests.operators(storage.storage)
            var configuration = Fixtures.permissive
            configuration.trustedProxies = TrustedProxies([try #require(TrustedProxies.Network("127.0.0.1"))])
            let api = CentralAPI(storage: storage.storage, configuration: configuration, logger: Fixtures.quiet)
            func attempt(peer: String, forwarded: String) async -> Int {
                await Session(api, address: peer).post(
                    "/login", form: ["name": "gerente", "password": "adivino"], headers: ["x-forwarded-for": forwarded]).status.code
            }
            var proxied: [Int] = []
            for _ in 0..<6 { proxied.append(await attempt(peer: "127.0.0.1", forwarded: "203.0.113.7")) }
            #expect(proxied == [401, 401, 401, 401, 401, 429], "\(proxied)")
            #expect(await attempt(peer: "127.0.0.1", forwarded: "203.0.113.8") == 401, "another client behind the proxy is not throttled")
            // A client that is not the proxy cannot dodge its own count by naming other addresses.
            var direct: [Int] = []
            for index in 0..<6 { direct.append(await attempt(peer: "198.51.100.4", forwarded: "192.0.2.\(index)")) }
            #expect(direct.last == 429, "\(direct)")
        }
    }

    @Test("forms go through Hummingbird's URLEncodedFormDecoder: a malformed escape is refused, never read as a control character")
    func malformedForms() async throws {
        try await withTestStorage(.sqlite) { storage in
            try await DashboardTests.operators(storage.storage)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            let form = ["content-type": "application/x-www-form-urlencoded"]
            let malformed = await Session(api).send("POST", "/login", body: Array("name=%+f&password=x".utf8), headers: form)
            #expect(malformed.status == 400, "\(malformed.status) \(malformed.text.prefix(200))")
            let encoded = await Session(api).send("POST", "/login", body: Array("name=gerente&password=clave-de-gerente".utf8), headers: form)
            #expect(encoded.status == 303, "\(encoded.status)")
            let spaces = await Session(api).send("POST", "/login", body: Array("name=ger%65nte&password=clave%2Dde%2Dgerente".utf8), headers: form)
            #expect(spaces.status == 303, "percent-escapes decode: \(spaces.status)")
            let json = await Session(api).send("POST", "/login", body: Array("{}".utf8), headers: ["content-type": "application/json"])
            #expect(json.status == 415)
        }
    }
}
