import Foundation

/// Where the ticket's QR leads: the centre's page for following the turn, or nowhere (offices
/// without a centre). Office configuration `mobileTicket`.
public struct MobileTicketSettings: Codable, Sendable, Hashable {
    /// The centre's public address (`https://turnos.example.co`); the QR holds
    /// `<baseURL>/t/<token>`. Nil: no page, the QR holds what the kiosk's rating screen accepts.
    public var baseURL: String?

    public init(baseURL: String? = nil) {
        self.baseURL = baseURL
    }

    /// The link for a ticket's token, or nil without a centre.
    public func link(token: String) -> String? {
        guard var base = baseURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/t/\(token)"
    }

    /// The address must be https (plain http only to this machine, for development), with a
    /// host and no query or fragment.
    public func validate() throws(ConfigurationError) {
        guard let base = baseURL else { return }
        let field = "mobileTicket.baseURL"
        guard let url = URLComponents(string: base), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw ConfigurationError(field: field, reason: "not an address like https://turnos.example.co (got '\(base.prefix(80))')")
        }
        guard url.query == nil, url.fragment == nil, url.user == nil else {
            throw ConfigurationError(field: field, reason: "must have no query, fragment or user name")
        }
        let loopback = host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ConfigurationError(field: field, reason: "must be https:// (the link carries the customer's ticket); http only to 127.0.0.1")
        }
    }
}

/// What a ticket's QR holds, and what the kiosk accepts when it is scanned or typed.
///
/// - With a centre: the page's link, `https://…/t/<token>`: 26 characters of base32 (128 bits
///   from a keyed hash of the turn), so it cannot be guessed, names one turn and says nothing
///   about the customer.
/// - Without: the label and the rating code, `P-042 48213`, which a person can also read off
///   their phone's scanner and type at the kiosk's rating screen.
public enum TicketPayload: Sendable, Hashable {
    case link(token: String)
    case code(label: String, code: String)

    /// Characters of a ticket token.
    public static let tokenLength = 26
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// The token for 16 bytes (RFC 4648 base32, lowercase, no padding).
    public static func token(from bytes: some Collection<UInt8>) -> String {
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes.prefix(16) {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int(buffer >> UInt32(bits - 5) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return output
    }

    /// Whether `text` has the shape of a token (the centre answers the same for any other text).
    public static func isToken(_ text: some StringProtocol) -> Bool {
        text.count == tokenLength && text.allSatisfy { alphabet.contains($0) }
    }

    /// What the QR of a ticket without a centre holds.
    public static func offlineText(label: String, code: String) -> String { "\(label) \(code)" }

    /// Reads a scanned or typed payload: a link with a token, or a label followed by a
    /// five-digit code. Separators may be anything a keyboard layout turns them into.
    public static func parse(_ text: String) -> TicketPayload? {
        let lower = text.trimmingWhitespace().lowercased()
        if let range = lower.range(of: "/t/") {
            let token = lower[range.upperBound...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
            return isToken(token) ? .link(token: String(token)) : nil
        }
        let pieces = lower.uppercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
        guard pieces.count >= 2, let code = pieces.last, code.count == 5, code.allSatisfy(\.isNumber) else { return nil }
        let labelText = pieces.dropLast().joined()
        let letters = labelText.prefix { $0.isLetter }
        let digits = labelText.dropFirst(letters.count)
        guard (1...3).contains(letters.count), (1...6).contains(digits.count), digits.allSatisfy(\.isNumber),
            let number = Int(digits), number > 0
        else { return nil }
        return .code(label: TurnLabel.make(prefix: String(letters), number: number), code: code)
    }
}
