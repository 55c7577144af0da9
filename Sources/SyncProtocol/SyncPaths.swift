/// The `/v1/` request targets; documented in docs/openapi.yaml.
public enum SyncPaths {
    /// The API version prefix.
    public static let prefix = "/v1"
    /// `POST`: enrollment (unsigned).
    public static let enroll = "/v1/enroll"
    /// `GET`: liveness (unsigned).
    public static let health = "/v1/health"

    /// `POST`: a kiosk's event batches (signed; only the kiosk itself).
    public static func events(kioskId: String) -> String { "/v1/kiosks/\(kioskId)/events" }

    /// `POST`: a kiosk's heartbeat (``KioskStatus``; signed; only the kiosk itself).
    public static func status(kioskId: String) -> String { "/v1/kiosks/\(kioskId)/status" }

    /// `POST`: numbers detractors gave at the kiosk's rating screen (``ContactUpload``; signed;
    /// only the kiosk itself).
    public static func contacts(kioskId: String) -> String { "/v1/kiosks/\(kioskId)/contacts" }
    /// `POST`: phones or e-mails customers agreed at a counter to be told an escalation's
    /// answer by (``EscalationContactUpload``; signed; only the kiosk itself).
    public static func escalationContacts(kioskId: String) -> String { "/v1/kiosks/\(kioskId)/escalation-contacts" }
    /// `GET`: what the centre holds for the kiosk (``KioskNotices``), waiting up to `wait`
    /// seconds for something to arrive (signed; only the kiosk itself).
    public static func notices(kioskId: String, wait: Int) -> String { "/v1/kiosks/\(kioskId)/notices?wait=\(wait)" }
    /// `POST`: replace the kiosk's signing key (``KeyChangeRequest``; signed with the current one).
    public static func key(kioskId: String) -> String { "/v1/kiosks/\(kioskId)/key" }

    /// `POST`: declare events the centre lost and the kiosk no longer has (``GapDeclaration``).
    public static func gaps(kioskId: String) -> String { "/v1/kiosks/\(kioskId)/gaps" }

    /// `GET`: readiness (unsigned): 200 when storage answers and the centre is not shutting down.
    public static let ready = "/v1/ready"

    /// `GET`: a dataset for the signed-in kiosk's office; `have` is the version it holds.
    public static func dataset(_ name: String, have: Int64?) -> String {
        "/v1/datasets/\(name)" + (have.map { "?have=\($0)" } ?? "")
    }

    /// The media type of every body.
    public static let json = "application/json"
}
