import Foundation
public import ServiceLifecycle
public import SystemIO
public import TurneroCore

/// Keeps the front told whether a ticket can be issued: the printer's condition and the
/// database, checked when something may have changed rather than on a clock.
///
/// It checks at start, then whenever the printer announces a change (the virtual printer's
/// `FAULTS` file), whenever it is asked to (a ticket just failed), and — only while the kiosk is
/// out of service or the printer cannot announce anything (a real printer answers `DLE EOT`
/// but never speaks first) — every `pollInterval`. A healthy kiosk on an announcing printer
/// does not wake at all.
public final class PrinterWatcher: ServiceLifecycle.Service, Sendable {
    let backend: any KioskBackend
    let changes: @Sendable () -> AsyncStream<Void>?
    /// How often the printer is asked when it cannot announce changes, and how often an
    /// out-of-service kiosk looks whether it can serve again.
    public let pollInterval: Duration
    let report: @Sendable (OutOfServiceReason?) -> Void
    let wakeup: Wakeup

    /// - Parameters:
    ///   - changes: the printer's own change signal (`PrinterTransport.conditionChanges()`).
    ///   - recheck: poked by whoever learns of trouble first (a failed ticket).
    ///   - report: receives every new reading, and each reading after a poke.
    public init(
        backend: any KioskBackend, changes: @escaping @Sendable () -> AsyncStream<Void>?, pollInterval: Duration = .seconds(2),
        recheck: Wakeup = Wakeup(), report: @escaping @Sendable (OutOfServiceReason?) -> Void
    ) {
        self.backend = backend
        self.changes = changes
        self.pollInterval = pollInterval
        self.report = report
        wakeup = recheck
    }

    /// Checks again now.
    public func recheck() { wakeup.poke() }

    /// Watches until cancelled or graceful shutdown.
    public func run() async {
        await cancelWhenGracefulShutdown { [self] in
            let announced = changes()
            let forward = announced.map { stream in
                Task { [wakeup] in
                    for await _ in stream { wakeup.poke() }
                }
            }
            defer { forward?.cancel() }
            var last: OutOfServiceReason?? = .none
            var poked = true
            while !Task.isCancelled {
                let reason = await backend.health()
                if poked || last != .some(reason) {
                    report(reason)
                    last = .some(reason)
                }
                let mustAsk = announced == nil || reason != nil
                poked = await wakeup.wait(upTo: mustAsk ? pollInterval : nil)
            }
        }
    }
}
