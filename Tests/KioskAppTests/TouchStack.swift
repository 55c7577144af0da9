import Foundation
import Glibc
import TestSupport

/// The production touch stack on wlroots' headless backend: the command line of
/// `turnero-kiosk-cage.service` (cage → foot → turnero kiosk) run as an unprivileged user, as
/// production does (cage refuses root), in a workspace of its own; and the same foot + kiosk
/// under sway, whose headless backend takes `wtype`'s virtual keyboard (cage 0.1.4 offers no
/// such protocol). Screens are captured with `grim`.
final class TouchStack {
    /// Debian packages (kiosk-scripts/setup.sh --test installs them) and what they provide.
    static let tools = ["cage": "cage", "foot": "foot", "grim": "grim", "sway": "sway", "swaymsg": "sway", "wtype": "wtype",
                        "Xwayland": "xwayland"]
    static let unit = TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/systemd/turnero-kiosk-cage.service")
    /// The unprivileged account the stack runs as when the tests run as root (CI).
    static let account = "turnero-touch"

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Tools not on this machine.
    static var missingTools: [String] {
        tools.keys.sorted().filter { tool in !["/usr/bin", "/bin", "/usr/local/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") } }
    }

    let workspace: URL
    let state: URL
    let runtime: URL
    let binary: URL
    let config: URL
    /// uid and gid to switch to (nil: already unprivileged).
    private let identity: (uid: UInt32, gid: UInt32)?
    private var started: [Process] = []

    /// A workspace readable by the kiosk user: the built `turnero`, the profiles, an office
    /// configuration printing to the virtual printer, an initialised state directory.
    init(office: (inout [String: Any]) -> Void) throws {
        identity = getuid() == 0 ? try Self.unprivilegedAccount() : nil
        try Self.prepareX11SocketDirectory()
        workspace = URL(fileURLWithPath: "/tmp/turnero-touch-\(UUID().uuidString.prefix(8))")
        state = workspace.appendingPathComponent("state")
        runtime = workspace.appendingPathComponent("run")
        binary = workspace.appendingPathComponent("bin/turnero")
        config = workspace.appendingPathComponent("office.json")
        let files = FileManager.default
        for directory in [workspace, state, runtime, binary.deletingLastPathComponent()] {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try files.copyItem(at: TurneroProcess.binary, to: binary)
        try files.copyItem(at: TurneroProcess.repositoryRoot.appendingPathComponent("devices"), to: workspace.appendingPathComponent("devices"))
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TurneroProcess.exampleConfig))) as! [String: Any]
        office(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]).write(to: config)
        chmod(workspace.path, 0o755)
        chmod(runtime.path, 0o700)
        chmod(state.path, 0o700)
        if let identity {
            for path in try [workspace.path] + files.subpathsOfDirectory(atPath: workspace.path).map({ workspace.appendingPathComponent($0).path }) {
                chown(path, identity.uid, identity.gid)
            }
        }
        let initialised = try run(binary.path, ["init", "--config", config.path, "--kiosk-id", "touch-test"], environment: environment)
        guard initialised.status == 0 else { throw Failure(description: "turnero init: \(initialised.output)") }
    }

    deinit {
        stopAll()
        try? FileManager.default.removeItem(at: workspace)
    }

    /// The kiosk's environment from the unit's `Environment=` lines, its paths moved into the
    /// workspace, plus what systemd would set (`STATE_DIRECTORY`) and a clean slate otherwise.
    var environment: [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": workspace.path, "SWIFT_BACKTRACE": "enable=no"]
        for (key, value) in (try? Self.unitEnvironment()) ?? [:] { environment[key] = value }
        environment["TURNERO_CONFIG"] = config.path
        environment["TURNERO_DEVICES"] = workspace.appendingPathComponent("devices").path
        environment["XDG_RUNTIME_DIR"] = runtime.path
        environment["STATE_DIRECTORY"] = state.path
        return environment
    }

    /// `Environment=` assignments of the unit.
    static func unitEnvironment() throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try String(contentsOf: unit, encoding: .utf8).split(separator: "\n") where line.hasPrefix("Environment=") {
            for assignment in line.dropFirst("Environment=".count).split(separator: " ") {
                let parts = assignment.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
            }
        }
        return result
    }

    /// The unit's `ExecStart=` words with the installed binary replaced by the built one.
    func unitCommand() throws -> [String] {
        let text = try String(contentsOf: Self.unit, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ExecStart=") }) else {
            throw Failure(description: "no ExecStart in \(Self.unit.path)")
        }
        return line.dropFirst("ExecStart=".count).split(separator: " ").map {
            $0 == "/usr/bin/turnero" ? binary.path : String($0)
        }
    }

    /// Starts the unit's command line under cage on the headless backend.
    ///
    /// `-r -r` turns the (virtual) panel upside down, and nothing else: on a headless output
    /// wlroots 0.15 tries direct scan-out of a client that covers the whole output, the test
    /// commit fails, and cage 0.1.4 stops presenting frames (foot's window stays at its first,
    /// empty frame). A rotated output cannot scan out, so every frame is composited; grim
    /// captures it upright, the same 1280×720 picture.
    func startCage() throws -> Session {
        var command = try unitCommand()
        guard command.first == "/usr/bin/cage" else { throw Failure(description: "the unit no longer starts cage: \(command)") }
        command.insert(contentsOf: ["-r", "-r"], at: 1)
        return try startCompositor(command)
    }

    /// Starts sway on the headless backend running the unit's terminal and kiosk (what follows
    /// `cage … --`), full screen, for typing with `wtype`.
    func startSway() throws -> Session {
        let command = try unitCommand()
        guard let separator = command.firstIndex(of: "--") else { throw Failure(description: "no -- in \(command)") }
        let client = command[(separator + 1)...].map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let configuration = workspace.appendingPathComponent("sway.conf")
        try """
            output * resolution 1280x720
            default_border none
            default_floating_border none
            xwayland disable
            exec \(client)
            """.write(to: configuration, atomically: true, encoding: .utf8)
        chmod(configuration.path, 0o644)
        return try startCompositor(["/usr/bin/sway", "--config", configuration.path])
    }

    /// A compositor running as the kiosk user, its Wayland socket ready.
    struct Session {
        let process: Process
        let display: String
        let log: URL
    }

    private func startCompositor(_ command: [String]) throws -> Session {
        let log = workspace.appendingPathComponent("\(URL(fileURLWithPath: command[0]).lastPathComponent).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        var environment = self.environment
        environment["WLR_BACKENDS"] = "headless"
        environment["WLR_RENDERER"] = "pixman"
        environment["WLR_LIBINPUT_NO_DEVICES"] = "1"
        let process = try launch(command, environment: environment, output: FileHandle(forWritingTo: log))
        started.append(process)
        var socket: String?
        Waiting.blockingUntil(timeout: .seconds(20)) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: runtime.path)) ?? []
            socket = names.first(where: { $0.hasPrefix("wayland-") && !$0.hasSuffix(".lock") })
            return socket != nil || !process.isRunning
        }
        if let socket, process.isRunning { return Session(process: process, display: socket, log: log) }
        throw Failure(description: "\(command[0]) gave no Wayland socket: \((try? String(contentsOf: log, encoding: .utf8))?.suffix(2_000) ?? "")")
    }

    /// Captures the screen as PPM, and as PNG under `name` in the test artifacts.
    func screenshot(_ session: Session, name: String) throws -> Screenshot {
        let ppm = workspace.appendingPathComponent("\(name).ppm")
        let png = workspace.appendingPathComponent("\(name).png")
        var environment = self.environment
        environment["WAYLAND_DISPLAY"] = session.display
        for (type, file) in [("ppm", ppm), ("png", png)] {
            let grabbed = try run("/usr/bin/grim", ["-t", type, file.path], environment: environment)
            guard grabbed.status == 0 else { throw Failure(description: "grim: \(grabbed.output)") }
        }
        let artifact = URL(fileURLWithPath: try TestArtifacts.path("touch-stack-\(name).png"))
        try? FileManager.default.removeItem(at: artifact)
        try FileManager.default.copyItem(at: png, to: artifact)
        return try Screenshot(ppm: Data(contentsOf: ppm))
    }

    /// Types `text` into the focused window, then presses Return, with one virtual keyboard.
    ///
    /// `-s 250` lets the compositor hand the new keyboard's keymap to foot before the first
    /// key: without it sway 1.7 may deliver the first keys of a fresh keyboard to nobody.
    func type(_ text: String, in session: Session) throws {
        var environment = self.environment
        environment["WAYLAND_DISPLAY"] = session.display
        let typed = try run("/usr/bin/wtype", ["-s", "250", text, "-k", "Return"], environment: environment)
        guard typed.status == 0 else { throw Failure(description: "wtype: \(typed.output)") }
    }

    /// The kiosk's log (it is never on the screen).
    var log: String { (try? String(contentsOf: state.appendingPathComponent("turnero.log"), encoding: .utf8)) ?? "" }

    /// Stops a compositor and everything it started (foot, the kiosk), by process id.
    func stop(_ session: Session) {
        Self.terminateTree(session.process.processIdentifier)
        session.process.waitUntilExit()
    }

    func stopAll() {
        for process in started where process.isRunning { Self.terminateTree(process.processIdentifier) }
        for process in started { process.waitUntilExit() }
        started.removeAll()
    }

    /// SIGTERM to `root` and its descendants, then SIGKILL to whatever is left after 3 s.
    static func terminateTree(_ root: pid_t) {
        var tree = descendants(of: root) + [root]
        for pid in tree { kill(pid, SIGTERM) }
        Waiting.blockingUntil(timeout: .seconds(3)) { !tree.contains(where: { kill($0, 0) == 0 && !isZombie($0) }) }
        tree = tree.filter { kill($0, 0) == 0 && !isZombie($0) }
        for pid in tree { kill(pid, SIGKILL) }
    }

    private static func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return true
        }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    static func descendants(of root: pid_t) -> [pid_t] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
        var children: [pid_t: [pid_t]] = [:]
        for pid in pids { if let parent = parent(of: pid) { children[parent, default: []].append(pid) } }
        var result: [pid_t] = []
        var queue = [root]
        while let next = queue.popLast() {
            for child in children[next] ?? [] {
                result.append(child)
                queue.append(child)
            }
        }
        return result
    }

    // MARK: Running as the kiosk user

    private func launch(_ command: [String], environment: [String: String], output: FileHandle) throws -> Process {
        let process = Process()
        if let identity {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(identity.uid)", "--regid=\(identity.gid)", "--clear-groups", "--"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        process.environment = environment
        process.currentDirectoryURL = workspace
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }

    private func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let log = workspace.appendingPathComponent("command-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try launch([executable] + arguments, environment: environment, output: FileHandle(forWritingTo: log))
        Waiting.blockingUntil(timeout: .seconds(30)) { !process.isRunning }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// cage starts Xwayland, which wants /tmp/.X11-unix owned by root or by its own user (the
    /// unit has a private /tmp; a test shares the machine's). As root, make it what X expects.
    private static func prepareX11SocketDirectory() throws {
        let path = "/tmp/.X11-unix"
        var status = stat()
        if stat(path, &status) != 0 {
            guard getuid() == 0 else { return }  // cage creates it for its own user
            mkdir(path, 0o1777)
            chmod(path, 0o1777)
            return
        }
        guard status.st_uid != 0, status.st_uid != (getuid() == 0 ? (try unprivilegedAccount()).uid : getuid()) else { return }
        guard getuid() == 0 else {
            throw Failure(description: "\(path) belongs to uid \(status.st_uid): Xwayland (and so cage) refuses it; remove it or run as root")
        }
        chown(path, 0, 0)
        chmod(path, 0o1777)
    }

    /// The unprivileged account, created when missing (only root gets here).
    private static func unprivilegedAccount() throws -> (uid: UInt32, gid: UInt32) {
        if getpwnam(account) == nil {
            let add = Process()
            add.executableURL = URL(fileURLWithPath: "/usr/sbin/useradd")
            add.arguments = ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", account]
            try add.run()
            add.waitUntilExit()
        }
        guard let entry = getpwnam(account) else { throw Failure(description: "could not create the user \(account)") }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }
}
