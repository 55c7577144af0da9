import Crypto
import Foundation
import SyncProtocol
import TurneroCore

/// How the centre reads a ticket's token (pure): the token in a `/t/<token>` address is hashed
/// (hex SHA-256, as the kiosk hashed it into `turn.issued.link`) and only the hash is looked
/// up, so the comparison is the index's, against no list of tokens, and the token is never
/// stored. Anything that is not a token's shape gets the same 404 as an unknown token.
enum TicketLinkRule {
    /// The hash the kiosk sent for `token`, or nil when the text is not a token's shape.
    static func hash(token: String) -> String? {
        guard TicketPayload.isToken(token) else { return nil }
        return Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether `text` is a link hash as kiosks send it (64 lowercase hex digits).
    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The key a ticket page's forms carry (the page's CSRF token): a keyed hash of the token,
    /// so only someone who holds the ticket's address can build a valid form, and a form copied
    /// from one ticket does not work on another. Nothing to store: any instance recomputes it.
    static func formKey(token: String, purpose: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("ticket-form:\(purpose)".utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Hex.encode(Array(mac).prefix(16))
    }
}
