import Dispatch
public import Foundation

/// Waiting for something to become true, with a deadline: the only way tests wait.
///
/// A fixed sleep is a guess about how fast the machine is; under load it is too short and the
/// test fails, on a quiet machine too long and the suite crawls. These look at the condition
/// again and again (every few milliseconds, or at each event a caller feeds in) and give up only
/// at the deadline, which can therefore be generous.
public enum Waiting {
    /// How often a condition is looked at again.
    public static let interval: Duration = .milliseconds(10)

    /// Waits until `condition` holds or `timeout` passes; returns whether it held.
    @discardableResult
    public static func until(
        timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await condition() { return true }
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: interval)
        }
    }

    /// The blocking form, for code on threads of its own (child-process and pseudo-terminal
    /// helpers, which must not hold a thread of the cooperative pool while they wait).
    @discardableResult
    public static func blockingUntil(timeout: Duration = .seconds(30), _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try condition() { return true }
            guard ContinuousClock.now < deadline else { return false }
            pause(interval)
        }
    }

    /// Lets the thread rest between two looks at a condition.
    static func pause(_ duration: Duration) {
        let semaphore = DispatchSemaphore(value: 0)
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        _ = semaphore.wait(timeout: .now() + .nanoseconds(Int(nanoseconds)))
    }
}

/// A fresh temporary directory, removed by `remove()`.
public struct TempDirectory: Sendable {
    public let url: URL

    /// Creates `<tmp>/<prefix>-<uuid>`.
    public init(_ prefix: String = "turnero-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The directory's path.
    public var path: String { url.path }

    /// The path of `name` inside it.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}
