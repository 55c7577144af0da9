import ArgumentParser
import ESCPOS
import Foundation
import PrinterEmulator

/// `--devices DIR`: where the printer profiles are, resolved in exactly one place.
struct DevicesOption: ParsableArguments {
    @Option(
        name: .customLong("devices"),
        help: ArgumentHelp(
            "Printer profiles directory (default: $TURNERO_DEVICES, else the installed or built-in profiles, else ./devices).",
            valueName: "dir"))
    var devices: String?

    /// The installed location, used when nothing else is found.
    static let systemDirectory = "/usr/share/turnero/devices"

    /// Where the profiles are, and every place looked at (for the error message): `--devices`,
    /// else `$TURNERO_DEVICES`, else the first existing of `candidates`.
    static func resolve(
        explicit: String?, environment: [String: String], executable: String? = runningExecutable(),
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> (directory: String, searched: [String]) {
        if let explicit, !explicit.isEmpty { return (explicit, [explicit]) }
        if let value = environment["TURNERO_DEVICES"], !value.isEmpty { return (value, [value]) }
        let searched = candidates(executable: executable, currentDirectory: currentDirectory, exists: exists)
        return (searched.first(where: exists) ?? systemDirectory, searched)
    }

    /// The default places, in order: `share/turnero/devices` beside the executable's `bin/`
    /// (the Debian package's /usr/bin/turnero finds /usr/share/turnero/devices, a /usr/local
    /// installation its own), `devices/` of the source checkout the executable was built in (a
    /// developer's `.build/debug/turnero`, run from anywhere), `./devices`, the system directory.
    static func candidates(executable: String?, currentDirectory: String, exists: (String) -> Bool) -> [String] {
        var places: [String] = []
        if let executable, executable.hasPrefix("/") {
            let bin = (executable as NSString).deletingLastPathComponent
            let prefix = (bin as NSString).deletingLastPathComponent
            places.append((prefix as NSString).appendingPathComponent("share/turnero/devices"))
            if let checkout = checkout(containing: bin, exists: exists) {
                places.append((checkout as NSString).appendingPathComponent("devices"))
            }
        }
        places.append((currentDirectory as NSString).appendingPathComponent("devices"))
        places.append(systemDirectory)
        var seen = Set<String>()
        return places.filter { seen.insert($0).inserted }
    }

    /// The nearest ancestor of `directory` (at most 6 levels up) holding this package's
    /// `Package.swift` and a `devices/` folder.
    static func checkout(containing directory: String, exists: (String) -> Bool) -> String? {
        var candidate = directory
        for _ in 0..<6 {
            candidate = (candidate as NSString).deletingLastPathComponent
            if exists((candidate as NSString).appendingPathComponent("Package.swift")),
                exists((candidate as NSString).appendingPathComponent("devices"))
            {
                return candidate
            }
            if candidate == "/" { break }
        }
        return nil
    }

    /// The running executable's real path (symbolic links resolved), if the system tells.
    static func runningExecutable() -> String? {
        Bundle.main.executableURL?.resolvingSymlinksInPath().path
    }

    /// Loads the catalog; a missing directory is a configuration error naming where it looked.
    func loadCatalog() throws -> ProfileCatalog {
        let (directory, searched) = Self.resolve(explicit: devices, environment: ProcessInfo.processInfo.environment)
        do {
            return try ProfileCatalog.load(directory: URL(fileURLWithPath: directory))
        } catch {
            let looked = searched.count > 1 ? " (looked in \(searched.joined(separator: ", ")))" : ""
            let reason = error.code == .notFound ? error.reason : "cannot list the directory"
            throw CLIFailure(
                status: ExitStatus.configuration, message: "cannot read printer profiles in \(directory): \(reason)\(looked)",
                hint: "reinstall the turnero package, pass --devices DIR or set TURNERO_DEVICES")
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
