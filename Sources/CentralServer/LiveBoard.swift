import Foundation
import Logging
import SyncProtocol
import TurneroCore

/// The live dashboard's data: the recent days' events of every office, kept current
/// incrementally, and the office snapshots computed from them.
///
/// Each refresh reads every stream's high-water mark and fetches only the events between what
/// it already holds and that mark. Everything up to a mark is committed (the mark moves in the
/// batch's transaction), so nothing is missed even when PostgreSQL commits batches of different
/// kiosks out of order, and nothing is read twice. Days older than yesterday (UTC) are dropped.
actor LiveBoard {
    private struct StreamKey: Hashable {
        var kioskId: String
        var dbEpoch: String
    }

    private struct OfficeDays {
        /// day → stream → events in seq order.
        var days: [String: [StreamKey: [QueueEvent]]] = [:]
    }

    private struct CachedConfiguration {
        var configuration: OfficeConfiguration?
        var fetchedAt: Date
    }

    private struct CachedSnapshot {
        var snapshot: OfficeSnapshot
        var eventCount: Int
        var dataVersion: Int
    }

    private let storage: any CentralStorage
    private let logger: Logger
    private let metrics: CentralMetrics?
    /// How old the data may be before a request refreshes it (the dashboard promises ≤ 5 s).
    let freshness: TimeInterval
    let onlineWindow: TimeInterval
    let policy: CallbackPolicy

    private var cursors: [StreamKey: Int64] = [:]
    private var offices: [String: OfficeDays] = [:]
    private var configurations: [String: CachedConfiguration] = [:]
    private var kiosks: [KioskOverview] = []
    private var recentCallbacks: [CallbackRecord] = []
    private var refreshedAt = Date.distantPast
    /// Bumped on every refresh that changed heartbeats or call-backs.
    private var dataVersion = 0
    private var snapshots: [String: CachedSnapshot] = [:]

    init(
        storage: any CentralStorage, logger: Logger, metrics: CentralMetrics?, freshness: TimeInterval, onlineWindow: TimeInterval,
        policy: CallbackPolicy = .init()
    ) {
        self.policy = policy
        self.storage = storage
        self.logger = logger
        self.metrics = metrics
        self.freshness = freshness
        self.onlineWindow = onlineWindow
    }

    /// Every office with kiosks, snapshots as of at most `freshness` ago.
    func snapshots(now: Date) async throws -> [OfficeSnapshot] {
        try await refreshIfStale(now: now)
        let ids = Set(kiosks.map(\.officeId)).union(offices.keys).sorted()
        return ids.map { computeSnapshot(officeId: $0, now: now) }
    }

    /// One office's snapshot, or nil when the centre knows nothing of it.
    func snapshot(officeId: String, now: Date) async throws -> OfficeSnapshot? {
        try await refreshIfStale(now: now)
        guard offices[officeId] != nil || kiosks.contains(where: { $0.officeId == officeId }) else { return nil }
        return computeSnapshot(officeId: officeId, now: now)
    }

    /// The call-backs the last refresh read (opened in the last 30 days).
    func callbacks(now: Date) async throws -> [CallbackRecord] {
        try await refreshIfStale(now: now)
        return recentCallbacks
    }

    /// The published configuration of every office the board knows (at most a minute old).
    func configurations(now: Date) async throws -> [String: OfficeConfiguration] {
        try await refreshIfStale(now: now)
        return configurations.compactMapValues(\.configuration)
    }

    /// What a ticket's page needs of one office day: its events in timeline order, the office's
    /// published configuration and its kiosks, as of at most `maxAge` seconds ago.
    func ticketDay(
        officeId: String, day: String, now: Date, maxAge: TimeInterval
    ) async throws -> (events: [QueueEvent], configuration: OfficeConfiguration?, kiosks: [KioskOverview]) {
        if now.timeIntervalSince(refreshedAt) >= maxAge || now < refreshedAt { try await refresh(now: now) }
        let streams = offices[officeId]?.days[day] ?? [:]
        let ordered = streams.keys.sorted { ($0.kioskId, $0.dbEpoch) < ($1.kioskId, $1.dbEpoch) }
        return (
            TimelineMerge.merge(ordered.map { streams[$0] ?? [] }), configurations[officeId]?.configuration,
            kiosks.filter { $0.officeId == officeId }
        )
    }

    private func computeSnapshot(officeId: String, now: Date) -> OfficeSnapshot {
        let configuration = configurations[officeId]?.configuration
        let timeZone = configuration?.resolvedTimeZone ?? OperatorSite.zone
        let today = LocalDay(containing: now, in: timeZone).rawValue
        let streams = offices[officeId]?.days[today] ?? [:]
        let count = streams.values.reduce(0) { $0 + $1.count }
        // Current waits move with the clock: recompute at least every `freshness`.
        if let cached = snapshots[officeId], cached.eventCount == count, cached.dataVersion == dataVersion,
            now.timeIntervalSince(cached.snapshot.computedAt) < freshness, cached.snapshot.day.rawValue == today
        {
            return cached.snapshot
        }
        let ordered = streams.keys.sorted { ($0.kioskId, $0.dbEpoch) < ($1.kioskId, $1.dbEpoch) }
        // Closures made at the centre count where they happened, even before the kiosk records them.
        let events = TimelineMerge.merge(ordered.map { streams[$0] ?? [] })
            + recentCallbacks.filter { $0.officeId == officeId }.compactMap(\.centreClosureEvent)
        let snapshot = OfficeSnapshot.make(
            officeId: officeId,
            configuration: configuration ?? OfficeSnapshot.fallbackConfiguration(officeId: officeId, events: events),
            events: events, kiosks: kiosks, callbacks: recentCallbacks, now: now, onlineWindow: onlineWindow, policy: policy)
        snapshots[officeId] = CachedSnapshot(snapshot: snapshot, eventCount: count, dataVersion: dataVersion)
        return snapshot
    }

    private func refreshIfStale(now: Date) async throws {
        guard now.timeIntervalSince(refreshedAt) >= freshness || now < refreshedAt else { return }
        try await refresh(now: now)
    }

    /// Reads what changed since the last refresh.
    func refresh(now: Date) async throws {
        let oldest = LocalDay(containing: now.addingTimeInterval(-36 * 3600), in: TimeZone.gmt).rawValue
        let marks = try await storage.streamMarks()
        var fetched = 0
        for mark in marks {
            let key = StreamKey(kioskId: mark.kioskId, dbEpoch: mark.dbEpoch)
            let cursor = cursors[key] ?? 0
            guard mark.highWater > cursor else { continue }
            let stored = try await storage.acceptedEvents(
                kioskId: mark.kioskId, dbEpoch: mark.dbEpoch, afterSeq: cursor, throughSeq: mark.highWater, fromDay: oldest)
            for event in stored {
                guard let decoded = event.queueEvent else { continue }
                offices[mark.officeId, default: OfficeDays()].days[event.day, default: [:]][key, default: []].append(decoded)
            }
            fetched += stored.count
            cursors[key] = mark.highWater
        }
        // (Not `offices[id]?.days = offices[id]?.days…`: the optional-chained assignment holds
        // `offices` for writing while its right side reads it, an exclusivity violation.)
        offices = offices.mapValues { office in OfficeDays(days: office.days.filter { $0.key >= oldest }) }
        kiosks = try await storage.kioskOverviews()
        recentCallbacks = try await storage.callbacks(
            CallbackFilter(openOnly: false, openedSince: now.addingTimeInterval(-30 * 86_400), limit: 200_000))
        for office in Set(kiosks.map(\.officeId)).union(offices.keys) {
            if let cached = configurations[office], now.timeIntervalSince(cached.fetchedAt) < 60 { continue }
            configurations[office] = CachedConfiguration(configuration: try await loadConfiguration(office), fetchedAt: now)
        }
        dataVersion += 1
        refreshedAt = now
        updateGauges(now: now)
        if fetched > 0 { logger.debug("live board refreshed", metadata: ["events": "\(fetched)", "streams": "\(marks.count)"]) }
    }

    private func loadConfiguration(_ officeId: String) async throws -> OfficeConfiguration? {
        guard let snapshot = try await storage.dataset(name: DatasetName.officeConfig, officeId: officeId),
            let document = snapshot.rows.first(where: { $0.key == "office" })?.value
        else { return nil }
        return try? OfficeConfiguration.load(json: Data(document.utf8))
    }

    private func updateGauges(now: Date) {
        guard let metrics else { return }
        metrics.kiosksEnrolled.set(Double(kiosks.count))
        metrics.kiosksOnline.set(Double(kiosks.count { $0.lastContact.map { now.timeIntervalSince($0) <= onlineWindow } ?? false }))
        metrics.printersNeedingAttention.set(Double(kiosks.count { $0.status?.printer.needsAttention ?? false }))
        let summary = CallbackRules.summary(recentCallbacks, at: now, policy: policy)
        metrics.callbacksOpen.set(Double(summary.open))
        metrics.callbacksOverdue.set(Double(summary.overdue))
    }
}
