import Foundation
public import Logging
public import ServiceLifecycle

/// A full-screen program as one ServiceGroup: the terminal front and the services that feed
/// it or work beside it (printer watcher, sync, heartbeat, database watches).
///
/// SIGTERM, SIGINT and SIGHUP shut the whole group down gracefully (the front restores the
/// terminal, sync finishes its round); the front ending by itself (end of input, Ctrl-C with
/// `--allow-quit`) does the same. Another service failing is logged and leaves the front
/// running: a kiosk without sync still hands out numbers.
///
/// To add a service (a voice announcer on the board, an escalation watcher), make it a
/// ServiceLifecycle `Service` that posts to ``front`` what the screen must know, and append it
/// to ``services`` before `run()`; see docs/architecture.md.
public struct TerminalProgram<App: TerminalApp>: Sendable {
    /// The screen.
    public let front: TerminalService<App>
    /// Everything else that runs while the screen does.
    public var services: [any ServiceLifecycle.Service]
    public var logger: Logger
    /// How long services may take to finish after a shutdown signal before they are cancelled.
    public var shutdownGrace: Duration = .seconds(5)

    public init(front: TerminalService<App>, services: [any ServiceLifecycle.Service] = [], logger: Logger) {
        self.front = front
        self.services = services
        self.logger = logger
    }

    /// Runs until a shutdown signal or the front's end.
    public func run() async throws {
        // Their default action would end the program before the terminal is restored; the
        // group's own signal sources, set up next, still see them.
        for number in [SIGTERM, SIGINT, SIGHUP] { signal(number, SIG_IGN) }
        var configurations = [
            ServiceGroupConfiguration.ServiceConfiguration(
                service: front, successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup)
        ]
        configurations += services.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore)
        }
        var configuration = ServiceGroupConfiguration(
            services: configurations, gracefulShutdownSignals: [.sigterm, .sigint, .sighup], logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownGrace
        try await ServiceGroup(configuration: configuration).run()
    }
}
