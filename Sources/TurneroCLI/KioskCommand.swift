import ArgumentParser
import Foundation
import KioskApp
import Logging
import Printing
import TurneroCore
import TurneroStore

/// `turnero kiosk`: the customer front on this terminal.
struct KioskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "Run the customer touch-screen front on this terminal (take a turn, rate the attention).",
        discussion: """
            Touch (SGR mouse reports) and keyboard both work: touch a button, or type its number \
            and Enter. Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing; the front stops on SIGTERM (systemd) \
            or, with --allow-quit, on Ctrl-C.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var devices: DevicesOption
    @OptionGroup var printer: PrinterSelection
    @Flag(help: "Let Ctrl-C quit (development; never on a real kiosk).") var allowQuit = false
    @Option(help: "Seconds of inactivity before a screen goes back home.") var idleSeconds: Int = 45

    mutating func run() async throws {
        let global = self.global
        let devices = self.devices
        let printer = self.printer
        let allowQuit = self.allowQuit
        let idleSeconds = self.idleSeconds
        try await reportingFailures {
            global.bootstrapLogging(defaultLevel: .notice)
            guard (10...600).contains(idleSeconds) else {
                throw CLIFailure(status: ExitStatus.usage, message: "--idle-seconds must be between 10 and 600")
            }
            let device = try frontTerminal(global)
            let store = try global.openStore()
            let printService = try PrinterSetup.printService(global: global, devices: devices, selection: printer, store: store)
            do throws(ConfigurationError) {
                try CouponSelfTest.run(store.configuration.coupons, profile: printService.profile)
            } catch {
                throw CLIFailure(error, file: global.configPath)
            }
            let logger = Logger(label: "turnero.kiosk")
            var configuration = KioskConfiguration(appVersion: Turnero.version)
            configuration.idleTimeout = TimeInterval(idleSeconds)
            configuration.allowQuit = allowQuit
            configuration.sync = SyncSetup.kioskSettings(global: global, logger: logger)
            try await TerminalProgram.kiosk(store: store, printer: printService, device: device, configuration: configuration, logger: logger)
                .run()
        }
    }
}

/// `turnero rate-terminal --counter N`: the rating screen at a counter.
struct RateTerminalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate-terminal",
        abstract: "Run the counter's rating screen: asks for a 1–10 rating when the counter finishes a turn.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The counter this screen stands at.") var counter: Int
    @Flag(help: "Let Ctrl-C quit (development).") var allowQuit = false

    mutating func run() async throws {
        let global = self.global
        let counter = self.counter
        let allowQuit = self.allowQuit
        try await reportingFailures {
            global.bootstrapLogging(defaultLevel: .notice)
            let device = try frontTerminal(global)
            let store = try global.openStore()
            guard store.configuration.counter(counter) != nil else {
                throw CLIFailure(status: ExitStatus.usage, message: "unknown counter \(counter)")
            }
            try await TerminalProgram.ratingTerminal(
                store: store, counter: counter, device: device, allowQuit: allowQuit, logger: Logger(label: "turnero.rate-terminal")
            ).run()
        }
    }
}

/// `turnero board`: the office TV.
struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "Show the latest called turns and counters full screen (the office TV).",
        discussion: """
            With --voice every call and recall is also announced aloud with espeak-ng: a chime, then \
            the office's sentence ("Turno pe, cuarenta y dos, módulo tres"; English for customers who \
            chose English), one call at a time, on the default sound device (aplay) or, with \
            --voice-wav-dir, as WAV files.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Let Ctrl-C quit (development).") var allowQuit = false
    @Flag(help: "Announce calls aloud (espeak-ng; the sentence is the office configuration's announcements.template).")
    var voice = false
    @Option(help: ArgumentHelp("Write each announcement as a WAV file (and its sentence as .txt) here instead of playing it (implies --voice).", valueName: "dir"))
    var voiceWavDir: String?

    mutating func run() async throws {
        let global = self.global
        let allowQuit = self.allowQuit
        let output: AudioOutput? = voiceWavDir.map { .directory($0) } ?? (voice ? .device : nil)
        try await reportingFailures {
            global.bootstrapLogging(defaultLevel: .notice)
            let store = try global.openStore()
            // Checked before the screen is taken over, so a missing espeak-ng is said here.
            var announcer: VoiceAnnouncer?
            if let output {
                do throws(VoiceError) {
                    announcer = try VoiceAnnouncer(store: store, output: output)
                } catch {
                    throw CLIFailure(status: ExitStatus.unavailable, message: "cannot announce calls: \(error.detail)")
                }
            }
            let device = try frontTerminal(global)
            try await TerminalProgram.board(
                store: store, device: device, allowQuit: allowQuit, announcer: announcer, logger: Logger(label: "turnero.board")
            ).run()
        }
    }
}

/// The terminal a full-screen front draws on. From here on nothing else may reach that screen:
/// log lines and any other standard error output go to the journal or a file
/// (`$TURNERO_LOG_FILE`, else `turnero.log` in the state directory), never over what the
/// customer reads. Failures after this point are in that log.
func frontTerminal(_ global: GlobalOptions) throws -> TerminalDevice {
    let device: TerminalDevice
    do {
        device = try TerminalDevice()
    } catch {
        throw CLIFailure(status: ExitStatus.unavailable, message: "\(error)")
    }
    let state = global.stateDirectoryPath
    let wanted = LogDestination.current(explicitFile: ProcessInfo.processInfo.environment["TURNERO_LOG_FILE"], stateDirectory: state)
    let used = wanted.redirectStandardErrorOrFallBack(stateDirectory: state)
    Logger(label: "turnero.front").notice("front starting", metadata: ["logs": "\(used)", "pid": "\(getpid())"])
    return device
}
