public import TurneroCore
public import Foundation

/// Limits and policies of the centre; the executable fills it from its options.
public struct CentralConfiguration: Sendable {
    /// Largest request body as sent (compressed), in bytes.
    public var maxRequestBytes: Int = 1 << 20
    /// Largest request body after inflating, in bytes.
    public var maxInflatedBytes: Int = 8 << 20
    /// Most events in one batch.
    public var maxBatchEvents: Int = 1000
    /// Largest payload of one event, in bytes (bigger ones become dead letters).
    public var maxPayloadBytes: Int = 16 * 1024
    /// How far a request's timestamp may be from the centre's clock (the kiosk corrects its
    /// clock with the offset it measures, so this only bounds replays).
    public var signatureWindow: TimeInterval = 300
    /// How long a credential issued at enrollment lasts.
    public var credentialLifetime: TimeInterval = 400 * 86_400
    /// Per-kiosk limit: requests per second and burst (`burst` requests within `burst / rate`
    /// seconds, counted in the database over every instance: ``WindowLimit``). Enrollment
    /// attempts per client address have the same limit.
    public var kioskRate: Double = 20
    public var kioskBurst: Double = 60
    /// Requests per second and burst one instance takes in total, forged ones included (a token
    /// bucket per instance: it protects that process).
    public var globalRate: Double = 2_000
    public var globalBurst: Double = 4_000
    /// The reverse proxies whose `X-Forwarded-For` is believed (`serve --trusted-proxy CIDR`).
    public var trustedProxies = TrustedProxies.none
    /// Batches stored at once; more get 503 + Retry-After.
    public var maxConcurrentIngests: Int = 32
    /// Clock differences above this are logged as skew (events are never refused for it).
    public var skewWarning: TimeInterval = 120
    /// After SIGTERM: how long `/v1/ready` answers 503 (and new work 503 + Retry-After) while
    /// the centre still accepts connections, before it stops accepting.
    public var drainWindow: Duration = .seconds(5)

    // MARK: Operators' side (dashboard, call-backs, reports)

    /// How long a dashboard session lasts.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Adds `Secure` to the session cookie (set it when a TLS terminator fronts the centre).
    public var secureCookies = false
    /// One-time sign-in link redemptions per second allowed per client address, and their burst
    /// (30 a minute: a link holds 256 random bits, so the limit only stops floods; a wall of
    /// screens signing in at once from one office stays under it).
    public var loginRate: Double = 0.5
    public var loginBurst: Double = 30
    /// A kiosk heard from (upload or heartbeat) within this many seconds counts as online.
    public var onlineWindow: TimeInterval = 180
    /// The live board's data is at most this old (the dashboard promises ≤ 5 s).
    public var boardFreshness: TimeInterval = 2
    /// When set, `GET /metrics` requires `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// The detractor team's procedure (reasons, areas, attempts, contact retention, targets).
    public var callbackPolicy = CallbackPolicy()
    /// Sign-in throttling (failed attempts only; see ``SignInThrottle``).
    public var signInThrottle = SignInThrottle.Limits()

    /// The indicator targets of the monthly quality report (issue 16).
    public var qualityTargets = IndicatorTargets()
    /// The quality audit's checklist and monthly sample size per agent (F189 by default).
    public var auditChecklist = AuditChecklist()
    /// PBKDF2 rounds for agents' PINs set on the staff page (tests use fewer; never below 1,000).
    public var pinRounds = 600_000

    /// Ticket pages (`/t/<token>`, issue 17): requests per second and burst per client address
    /// (a phone reloads every 15–20 s; many customers may share a carrier's address).
    public var ticketRate: Double = 2
    public var ticketBurst: Double = 600
    /// Unknown tickets (404s) one client address may ask for within `ticketMissWindow` seconds
    /// before it gets 429: what makes tokens not enumerable.
    public var ticketMisses: Int = 20
    public var ticketMissWindow: TimeInterval = 600

    public init() {}

    /// The per-address limit of ticket pages.
    var ticketPageLimit: WindowLimit { WindowLimit(rate: ticketRate, burst: ticketBurst) }
    /// The per-address limit of unknown tickets.
    var ticketMissLimit: WindowLimit { WindowLimit(limit: ticketMisses, window: ticketMissWindow) }

    /// The per-kiosk (and per-address enrollment) limit.
    var kioskLimit: WindowLimit { WindowLimit(rate: kioskRate, burst: kioskBurst) }
    /// The per-address limit of one-time sign-in links.
    var loginLinkLimit: WindowLimit { WindowLimit(rate: loginRate, burst: loginBurst) }
}
