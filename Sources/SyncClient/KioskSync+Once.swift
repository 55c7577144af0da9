extension KioskSync {
    /// What `syncOnce` did.
    public struct Report: Sendable, Hashable {
        /// Events sent and acknowledged.
        public var uploaded = 0
        /// Upload rounds (requests).
        public var rounds = 0
        /// Times the centre's mark was lower than acknowledged (restored backup).
        public var rewinds = 0
        /// Dataset versions switched on.
        public var datasets: [String: Int64] = [:]
        /// Outbox rows deleted.
        public var compacted = 0
    }

    /// Uploads until nothing is pending, refreshes every dataset and compacts: `turnero sync once`.
    /// Stops at the first failure (no retry: the caller decides).
    public func syncOnce(batchSize: Int? = nil, maxRounds: Int = 10_000) async throws(SyncError) -> Report {
        do {
            return try await rounds(batchSize: batchSize, maxRounds: maxRounds)
        } catch {
            await record(error)
            throw error
        }
    }

    /// Records a failed attempt (and a block when a person must act) for `turnero status`.
    func record(_ error: SyncError) async {
        let database = self.database
        let now = clock()
        _ = try? await store { try database.recordSyncFailure(at: now, error: error.message, blocked: !error.isTransient) }
    }

    private func rounds(batchSize: Int?, maxRounds: Int) async throws(SyncError) -> Report {
        var report = Report()
        let size = batchSize ?? configuration.batchSize
        while report.rounds < maxRounds {
            report.rounds += 1
            switch try await uploadRound(batchSize: size) {
            case .uploaded(let count, let more):
                report.uploaded += count
                if !more {
                    // One more round confirms the marks with an empty probe (and sees a restore).
                    continue
                }
            case .rewound:
                report.rewinds += 1
            case .caughtUp:
                report.datasets = try await refreshDatasets()
                report.compacted = try await compact()
                return report
            }
        }
        return report
    }
}
