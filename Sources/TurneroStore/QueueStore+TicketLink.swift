public import Foundation
import Crypto
import GRDB
public import TurneroCore

extension QueueStore {
    /// The token of a ticket's link (`<centre>/t/<token>`): 128 bits of a keyed hash of the turn
    /// with this database's secret key, so it cannot be guessed, names one turn, carries nothing
    /// about the customer and is the same on every reprint. Only its hash leaves the kiosk (in
    /// `turn.issued`).
    public func ticketToken(for turn: UUID) throws(StoreError) -> String {
        Self.ticketToken(for: turn, key: try ratingKey())
    }

    static func ticketToken(for turn: UUID, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("ticket-link:\(turn.uuidString)".utf8), using: SymmetricKey(data: Data(key.utf8)))
        return TicketPayload.token(from: Array(mac).prefix(16))
    }

    /// What the centre stores for a token: hex SHA-256 of its text.
    public static func ticketTokenHash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// What the ticket's QR holds: the centre's link when the office has one, else the label and
    /// rating code the kiosk's rating screen accepts.
    public func ticketPayload(for turn: Turn) throws(StoreError) -> String {
        let key = try ratingKey()
        return ticketPayload(for: turn, token: Self.ticketToken(for: turn.id, key: key), key: key)
    }

    /// The QR text for `turn` whose link token is already known.
    func ticketPayload(for turn: Turn, token: String, key: String) -> String {
        if let link = configuration.mobileTicket.link(token: token) { return link }
        return TicketPayload.offlineText(label: turn.label, code: Self.ratingCode(for: turn.id, key: key))
    }

    /// For rating at the kiosk with a scanned link: whether the token names one of today's turns
    /// (a link is valid until the end of its office day), and that turn's rateability. An
    /// unknown token answers `.notFound`, as a wrong code does.
    public func rateability(token: String) throws(StoreError) -> Rateability {
        guard TicketPayload.isToken(token) else { return .notFound }
        let today = day(at: clock())
        let candidates = try read { db in
            try db.values(String.self, "SELECT id FROM turns WHERE day = ? ORDER BY ord DESC", [today.rawValue])
        }
        let key = try ratingKey()
        for text in candidates {
            guard let id = UUID(uuidString: text) else { continue }
            let expected = Self.ticketToken(for: id, key: key)
            if expected.utf8.count == token.utf8.count, zip(expected.utf8, token.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 {
                return try rateability(of: .id(id))
            }
        }
        return .notFound
    }

    /// The rating codes' and ticket tokens' key, read once (it never changes).
    func ratingKey() throws(StoreError) -> String {
        if let key = ratingCodeKey.withLock({ $0 }) { return key }
        let key = try read { db in try db.value(String.self, "SELECT value FROM meta WHERE key = 'rating_code_key'") } ?? ""
        ratingCodeKey.withLock { $0 = key }
        return key
    }
}
