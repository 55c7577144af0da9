/// The board's voice as a pure state machine: calls queue instead of talking over each other.
///
/// One announcement is spoken at a time; calls arriving meanwhile wait in order. A recall of a
/// turn already waiting to be announced joins that announcement (it will be said once more
/// anyway); a recall of the turn being spoken now is said again after it. The queue is bounded:
/// past `capacity` the oldest waiting call is dropped (a dead sound device must not grow it forever).
public struct AnnouncementQueue: Sendable, Hashable {
    /// What the voice is doing.
    public enum State: Sendable, Hashable {
        case idle
        case speaking(CallAnnouncement)
    }

    /// What the caller must do next.
    public enum Action: Sendable, Hashable {
        /// Start saying this announcement, then report ``finished()``.
        case speak(CallAnnouncement)
        /// Nothing: the voice is busy, or has nothing to say.
        case none
    }

    public private(set) var state: State = .idle
    /// Calls waiting their turn to be said, oldest first.
    public private(set) var pending: [CallAnnouncement] = []
    /// Calls dropped because the queue was full (for the log and the tests).
    public private(set) var dropped = 0
    public let capacity: Int

    public init(capacity: Int = 20) {
        self.capacity = max(1, capacity)
    }

    /// A turn was called (or recalled).
    public mutating func called(_ announcement: CallAnnouncement) -> Action {
        switch state {
        case .idle:
            state = .speaking(announcement)
            return .speak(announcement)
        case .speaking:
            if let index = pending.firstIndex(where: { $0.turnId == announcement.turnId }) {
                pending[index] = announcement
            } else {
                pending.append(announcement)
                if pending.count > capacity {
                    pending.removeFirst()
                    dropped += 1
                }
            }
            return .none
        }
    }

    /// The announcement being said ended (spoken, or failed to play: either way the next goes on).
    public mutating func finished() -> Action {
        guard case .speaking = state else { return .none }
        guard !pending.isEmpty else {
            state = .idle
            return .none
        }
        let next = pending.removeFirst()
        state = .speaking(next)
        return .speak(next)
    }
}
