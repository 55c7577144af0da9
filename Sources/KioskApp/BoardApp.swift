public import Foundation
import Logging
public import TerminalFront
import TurneroCore
public import TurneroStore

/// `turnero board`: the office TV showing the latest calls, refreshed within a second of a call.
public struct BoardApp: TerminalApp {
    public var store: QueueStore
    public var pollInterval: Duration = .milliseconds(200)
    private let database = BlockingExecutor(label: "turnero.board")
    private let logger = Logger(label: "turnero.board")

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
        let canvas = BoardRenderer(officeName: store.configuration.officeName).render(
            calls: state.calls, waiting: state.waiting, columns: columns, rows: rows, now: now,
            clock: clockText(now, store.configuration.resolvedTimeZone))
        return RenderedScreen(canvas: canvas, hits: [])
    }

    public func background(post: @escaping @Sendable (Message) -> Void) async {
        var version = -1
        while !Task.isCancelled {
            do {
                let current = try await database.run { [store] in try store.changeCounter() }
                if current != version {
                    version = current
                    let (turns, outlook) = try await database.run { [store] in
                        (try store.recentCalls(limit: 7), try store.serviceOutlook())
                    }
                    let waiting = outlook.map {
                        BoardWaiting(serviceName: $0.service.name.es, count: $0.waiting, estimate: $0.estimate?.text)
                    }
                    let calls = turns.map { turn in
                        BoardCall(
                            label: turn.label,
                            counterName: turn.counter.flatMap { store.configuration.counter($0)?.displayName }
                                ?? "Módulo \(turn.counter ?? 0)",
                            calledAt: turn.lastCalledAt ?? turn.issuedAt, preferential: turn.preferential)
                    }
                    post(.update(calls, waiting: waiting))
                }
            } catch {
                logger.error("database unavailable", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }
}
