public import Foundation
public import Logging
public import ServiceLifecycle
import SystemIO
public import TerminalFront
import TurneroCore
public import TurneroStore

/// `turnero rate-terminal`: the counter's rating screen as a `TerminalApp`.
public struct RatingTerminalApp: TerminalApp {
    public var store: QueueStore
    public var counter: Int
    public var askTimeout: TimeInterval = 60
    private let database = BlockingExecutor(label: "turnero.rating")
    private let logger = Logger(label: "turnero.rate-terminal")

    public init(store: QueueStore, counter: Int) {
        self.store = store
        self.counter = counter
    }

    public enum Message: Sendable {
        case finished(label: String, turn: UUID)
        case stored(callback: UUID?)
    }

    public func initialState(now: Date) -> RatingPromptFlow {
        let office = store.configuration
        var flow = RatingPromptFlow(
            counterName: office.counter(counter)?.displayName ?? "Módulo \(counter)", now: now,
            contactController: office.rating.contactController ?? (office.companyName.isEmpty ? office.officeName : office.companyName))
        flow.askTimeout = askTimeout
        return flow
    }

    public func handle(
        _ event: TerminalEvent<Message>, state: inout RatingPromptFlow, now: Date, post: @escaping @Sendable (Message) -> Void
    ) -> [TerminalCommand] {
        let flowEvent: RatingPromptFlow.Event
        switch event {
        case .press(let id): flowEvent = .press(id)
        case .release(let id): flowEvent = .release(id)
        case .key(let input): flowEvent = .key(input)
        case .tick: flowEvent = .tick
        case .message(.finished(let label, let turn)): flowEvent = .finished(label: label, turn: turn)
        case .message(.stored(let callback)): flowEvent = .stored(callback: callback)
        }
        var commands: [TerminalCommand] = []
        for effect in state.handle(flowEvent, at: now) {
            switch effect {
            case .wipe:
                commands.append(.wipe)
            case .rate(let turn, let score):
                Task { [store, database, logger] in
                    do {
                        guard let value = RatingScore(score) else { return }
                        let rating = try await database.run { try store.rate(.id(turn), score: value) }
                        post(.stored(callback: rating.callback?.id))
                    } catch {
                        logger.warning("rating not stored", metadata: ["turn": "\(turn)", "error": "\(error)"])
                        post(.stored(callback: nil))  // thank the customer anyway; staff see the log
                    }
                }
            case .saveContact(let callback, let phone):
                Task { [store, database, logger] in
                    do {
                        try await database.run { try store.recordContact(callback: callback, phone: phone) }
                        logger.info("call-back contact recorded", metadata: ["callback": "\(callback)"])
                    } catch {
                        logger.warning("call-back contact not recorded", metadata: ["callback": "\(callback)", "error": "\(error)"])
                    }
                }
            }
        }
        return commands
    }

    public func render(_ state: RatingPromptFlow, columns: Int, rows: Int, now: Date) -> RenderedScreen {
        RatingPromptRenderer(officeName: store.configuration.officeName)
            .render(state, columns: columns, rows: rows, clock: clockText(now, store.configuration.resolvedTimeZone))
    }

    /// The question's or the thanks' timeout, else the clock's next minute.
    public func nextWake(_ state: RatingPromptFlow, now: Date) -> Date? {
        earliest(state.nextDeadline, nextMinute(after: now))
    }
}

/// Tells the rating screen when its counter finishes a turn: woken by every commit to the
/// database (``StoreWatch``), it looks for the counter's latest unrated finish.
public final class RatingFeed: ServiceLifecycle.Service, Sendable {
    let store: QueueStore
    let counter: Int
    let post: @Sendable (RatingTerminalApp.Message) -> Void
    let logger: Logger
    private let database = BlockingExecutor(label: "turnero.rating.feed")

    public init(
        store: QueueStore, counter: Int, logger: Logger = Logger(label: "turnero.rate-terminal"),
        post: @escaping @Sendable (RatingTerminalApp.Message) -> Void
    ) {
        self.store = store
        self.counter = counter
        self.logger = logger
        self.post = post
    }

    public func run() async {
        await cancelWhenGracefulShutdown { [self] in
            var asked: UUID?
            // Only turns finished after this screen started are asked about.
            let started = Date()
            await StoreWatch.run(store, on: database, logger: logger) { [self] in
                do {
                    let turn = try await database.run { [store, counter] in try store.latestUnratedFinish(counter: counter, within: 120) }
                    if let turn, turn.id != asked, let finished = turn.finishedAt, finished >= started.addingTimeInterval(-1) {
                        asked = turn.id
                        post(.finished(label: turn.label, turn: turn.id))
                    }
                } catch {
                    logger.error("database unavailable", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
