import ArgumentParser
import ESCPOS
import Foundation
import PrinterEmulator

/// `--devices DIR`: where the printer profiles are, resolved in exactly one place.
struct DevicesOption: ParsableArguments {
    @Option(
        name: .customLong("devices"),
        help: ArgumentHelp(
            "Printer profiles directory (default: $TURNERO_DEVICES, else ./devices, else /usr/share/turnero/devices).",
            valueName: "dir"))
    var devices: String?

    /// The installed location, used when nothing else is found.
    static let systemDirectory = "/usr/share/turnero/devices"

    /// `--devices`, else `$TURNERO_DEVICES`, else `devices/` in the current directory if it
    /// exists, else the system directory.
    var directory: String {
        Self.resolve(
            explicit: devices, environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath,
            exists: { FileManager.default.fileExists(atPath: $0) })
    }

    static func resolve(
        explicit: String?, environment: [String: String], currentDirectory: String, exists: (String) -> Bool
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let value = environment["TURNERO_DEVICES"], !value.isEmpty { return value }
        let local = (currentDirectory as NSString).appendingPathComponent("devices")
        if exists(local) { return local }
        return systemDirectory
    }

    /// Loads the catalog; a missing directory is a configuration error with a hint.
    func loadCatalog() throws -> ProfileCatalog {
        do {
            return try ProfileCatalog.load(directory: URL(fileURLWithPath: directory))
        } catch {
            let reason = error.code == .notFound ? error.reason : "cannot list the directory"
            throw CLIFailure(
                status: ExitStatus.configuration, message: "cannot read printer profiles in \(directory): \(reason)",
                hint: "pass --devices DIR or set TURNERO_DEVICES")
        }
    }

    /// The profile with this id, or a failure naming the known ids (or why the file was rejected).
    func profile(_ id: String) throws -> PrinterProfile {
        do {
            return try loadCatalog().requireProfile(id: id)
        } catch let error as ProfileError {
            throw CLIFailure(status: ExitStatus.configuration, message: error.description)
        }
    }
}

extension CLIFailure {
    init(_ error: EmulatorError) {
        let status = error.code == .invalidConfiguration ? ExitStatus.usage : ExitStatus.unavailable
        let hint: String? =
            switch error.code {
            case .addressInUse: "another program uses the port: pass --port N"
            case .fontUnavailable: "install the Debian package fonts-dejavu-core"
            default: nil
            }
        self.init(status: status, message: error.description, hint: hint)
    }
}

/// Blocks until SIGINT or SIGTERM arrives; returns the signal.
func waitForTerminationSignal() async -> Int32 {
    let signals = [SIGINT, SIGTERM]
    for number in signals { signal(number, SIG_IGN) }
    let queue = DispatchQueue(label: "turnero.signals")
    let received = LockedValue<Int32?>(nil)
    return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                guard received.setIfNil(number) else { return }
                sources.forEach { $0.cancel() }
                continuation.resume(returning: number)
            }
            sources.append(source)
        }
        sources.forEach { $0.resume() }
    }
}

/// A value behind a lock.
///
/// `@unchecked Sendable`: `value` is only read or written while `lock` is held.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Sets the value if it is nil; true when this call set it.
    func setIfNil<Wrapped>(_ newValue: Wrapped) -> Bool where Value == Wrapped? {
        lock.withLock {
            guard value == nil else { return false }
            value = newValue
            return true
        }
    }
}
