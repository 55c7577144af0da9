/// The uploader's pure state machine: what happened in the last round → what to do next.
/// No I/O: ``SyncService`` performs the actions.
public struct SyncLoop: Sendable, Hashable {
    /// Where the loop is.
    public enum State: Sendable, Hashable {
        /// Uploading while events are pending.
        case draining
        /// Caught up: waiting for the next interval.
        case idle
        /// After `attempt` consecutive failures.
        case backingOff(attempt: Int)
        /// Stopped for a person; re-checked every `blockedRecheck`.
        case blocked(reason: String)
    }

    /// The result of one round.
    public enum Event: Sendable, Hashable {
        /// Events were acknowledged and more may be pending.
        case uploaded(more: Bool)
        /// The centre answered the probe and nothing is pending.
        case caughtUp
        /// The centre asked to come back later (429/503), or nothing came back.
        case failed(retryAfter: Double?)
        /// The centre's mark was lower (restored backup): rows are pending again.
        case rewound
        /// A batch was refused as too large or malformed: send fewer events.
        case batchRefused
        /// Sync cannot go on without a person.
        case blocked(reason: String)
    }

    /// What to do next.
    public enum Action: Sendable, Hashable {
        /// Upload again right away (`batchSize` events at most).
        case upload(batchSize: Int)
        /// Refresh datasets, compact, then sleep `seconds` before the next round.
        case rest(seconds: Double)
        /// Sleep `seconds` (backoff or Retry-After), then upload.
        case retry(seconds: Double)
    }

    public private(set) var state: State = .draining
    public private(set) var batchSize: Int
    let maxBatchSize: Int
    let interval: Double
    let blockedRecheck: Double
    let backoff: Backoff

    public init(batchSize: Int, interval: Double, backoff: Backoff, blockedRecheck: Double = 300) {
        self.batchSize = max(1, batchSize)
        self.maxBatchSize = max(1, batchSize)
        self.interval = interval
        self.backoff = backoff
        self.blockedRecheck = blockedRecheck
    }

    /// Feeds the round's result; returns the next action.
    public mutating func next<G: RandomNumberGenerator>(after event: Event, using generator: inout G) -> Action {
        switch event {
        case .uploaded(let more):
            batchSize = min(maxBatchSize, batchSize * 2)
            state = more ? .draining : .idle
            return more ? .upload(batchSize: batchSize) : .rest(seconds: interval)
        case .caughtUp:
            state = .idle
            return .rest(seconds: interval)
        case .rewound:
            state = .draining
            return .upload(batchSize: batchSize)
        case .batchRefused:
            batchSize = max(1, batchSize / 4)
            state = .backingOff(attempt: 1)
            return .retry(seconds: backoff.delay(attempt: 1, using: &generator))
        case .failed(let retryAfter):
            let attempt: Int
            if case .backingOff(let previous) = state { attempt = previous + 1 } else { attempt = 1 }
            state = .backingOff(attempt: attempt)
            // A slow or lossy link: smaller batches get through more often.
            if retryAfter == nil && attempt >= 2 { batchSize = max(10, batchSize / 2) }
            return .retry(seconds: backoff.delay(attempt: attempt, retryAfter: retryAfter, using: &generator))
        case .blocked(let reason):
            state = .blocked(reason: reason)
            return .rest(seconds: blockedRecheck)
        }
    }
}
