import Foundation
import Crypto

/// The content hash that decides "duplicate" versus "seq_conflict" at the centre.
public enum ContentHash {
    /// SHA-256 (hex) over the event's identity-independent content: event id, type, day,
    /// occurred_at and payload, NUL-separated (none of them may contain NUL in valid JSON text).
    public static func of(_ event: WireEvent) -> String {
        var hasher = SHA256()
        for part in [event.eventId, event.type, event.day, String(event.occurredAt), event.payload] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        return Hex.encode(hasher.finalize())
    }
}
