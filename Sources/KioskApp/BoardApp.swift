public import Foundation
public import Logging
public import ServiceLifecycle
import SystemIO
public import TerminalFront
import TurneroCore
public import TurneroStore

/// `turnero board`: the office TV showing the latest calls, redrawn as soon as a counter calls
/// (``BoardFeed`` tells it), at the clock's minute and when a fresh call stops being highlighted.
public struct BoardApp: TerminalApp {
    public var store: QueueStore
    private var renderer: BoardRenderer { BoardRenderer(officeName: store.configuration.officeName) }

    public init(store: QueueStore) { self.store = store }

    public struct State: Sendable {
        public var calls: [BoardCall] = []
        /// Who waits, per active service in the office's order.
        public var waiting: [BoardWaiting] = []
    }

    public enum Message: Sendable {
        case update([BoardCall], waiting: [BoardWaiting])
    }

    public func initialState(now: Date) -> State { State() }

    public func handle(
        _ event: TerminalEvent<Message>, state: inout State, now: Date, post: @escaping @Sendable (Message) -> Void
    ) -> [TerminalCommand] {
        if case .message(.update(let calls, let waiting)) = event {
            state.calls = calls
            state.waiting = waiting
        }
        return []
    }

    public func render(_ state: State, columns: Int, rows: Int, now: Date) -> RenderedScreen {
        let canvas = renderer.render(
            calls: state.calls, waiting: state.waiting, columns: columns, rows: rows, now: now,
            clock: clockText(now, store.configuration.resolvedTimeZone))
        return RenderedScreen(canvas: canvas, hits: [])
    }

    /// The clock's next minute, or sooner the end of the latest call's highlight.
    public func nextWake(_ state: State, now: Date) -> Date? {
        let highlightEnds = state.calls.map(\.calledAt).max().map { $0.addingTimeInterval(renderer.highlight) }
        return earliest(nextMinute(after: now), highlightEnds.flatMap { $0 > now ? $0 : nil })
    }
}

/// Reads the latest calls and who waits whenever the database changes, and posts them to the
/// board (only when they differ from what it shows).
public final class BoardFeed: ServiceLifecycle.Service, Sendable {
    let store: QueueStore
    let post: @Sendable (BoardApp.Message) -> Void
    let logger: Logger
    private let database = BlockingExecutor(label: "turnero.board")

    public init(store: QueueStore, logger: Logger = Logger(label: "turnero.board"), post: @escaping @Sendable (BoardApp.Message) -> Void) {
        self.store = store
        self.logger = logger
        self.post = post
    }

    public func run() async {
        await cancelWhenGracefulShutdown { [self] in
            var shown: (calls: [BoardCall], waiting: [BoardWaiting])?
            await StoreWatch.run(store, on: database, logger: logger) { [self] in
                do {
                    let (turns, outlook) = try await database.run { [store] in
                        (try store.recentCalls(limit: 7), try store.serviceOutlook())
                    }
                    let office = store.configuration
                    let waiting = outlook.map {
                        BoardWaiting(serviceName: $0.service.name.es, count: $0.waiting, estimate: $0.estimate?.text)
                    }
                    let calls = turns.map { turn in
                        BoardCall(
                            label: turn.label,
                            counterName: turn.counter.flatMap { office.counter($0)?.displayName } ?? "Módulo \(turn.counter ?? 0)",
                            calledAt: turn.lastCalledAt ?? turn.issuedAt, preferential: turn.preferential)
                    }
                    if let shown, shown.calls == calls, shown.waiting == waiting { return }
                    shown = (calls, waiting)
                    post(.update(calls, waiting: waiting))
                } catch {
                    logger.error("database unavailable", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
