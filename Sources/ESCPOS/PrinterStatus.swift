/// Which real-time status `DLE EOT n` asks for.
public enum StatusQuery: UInt8, Sendable, Hashable, CaseIterable {
    /// n = 1: online/offline, drawer, feed button.
    case printer = 1
    /// n = 2: why offline (cover open, paper end, error).
    case offlineCause = 2
    /// n = 3: which error (cutter, unrecoverable, auto-recoverable).
    case errorCause = 3
    /// n = 4: roll paper sensors (near end, end).
    case paper = 4

    /// The request bytes, `10 04 n`.
    public var command: [UInt8] { [0x10, 0x04, rawValue] }

    /// All four requests in order, as one write.
    public static let allCommands: [UInt8] = allCases.flatMap(\.command)
}

/// A printer's state as told by `DLE EOT 1–4`.
///
/// Build it with `init(replies:)` from the four reply bytes, or start from `.normal` and
/// `apply` replies one by one. `reply(to:)` gives the bytes a printer in this state sends
/// (the virtual printer answers with it).
public struct PrinterStatus: Sendable, Hashable, CustomStringConvertible {
    /// Not offline (n = 1, bit 3 clear).
    public var online: Bool
    /// The roll cover is open (n = 2, bit 2).
    public var coverOpen: Bool
    /// The near-end sensor sees little paper left (n = 4, bits 2–3).
    public var paperNearEnd: Bool
    /// No paper (n = 4, bits 5–6).
    public var paperOut: Bool
    /// Autocutter jammed or failed (n = 3, bit 3).
    public var cutterError: Bool
    /// Needs a power cycle or service (n = 3, bit 5).
    public var unrecoverableError: Bool
    /// Clears by itself, e.g. head too hot (n = 3, bit 6).
    public var autoRecoverableError: Bool
    /// The drawer kick connector pin 3 is high (n = 1, bit 2).
    public var drawerSignal: Bool
    /// The feed button is held (n = 1, bit 6).
    public var feedButtonPressed: Bool

    /// A status from its fields; the defaults are a healthy printer.
    public init(
        online: Bool = true, coverOpen: Bool = false, paperNearEnd: Bool = false, paperOut: Bool = false,
        cutterError: Bool = false, unrecoverableError: Bool = false, autoRecoverableError: Bool = false,
        drawerSignal: Bool = false, feedButtonPressed: Bool = false
    ) {
        self.online = online
        self.coverOpen = coverOpen
        self.paperNearEnd = paperNearEnd
        self.paperOut = paperOut
        self.cutterError = cutterError
        self.unrecoverableError = unrecoverableError
        self.autoRecoverableError = autoRecoverableError
        self.drawerSignal = drawerSignal
        self.feedButtonPressed = feedButtonPressed
    }

    /// Online, paper present, no error: replies 12 12 12 12.
    public static let normal = PrinterStatus()

    /// Whether a ticket printed now would come out (online, paper, no error).
    public var canPrint: Bool {
        online && !coverOpen && !paperOut && !cutterError && !unrecoverableError && !autoRecoverableError
    }

    /// Any error bit set.
    public var hasError: Bool { cutterError || unrecoverableError || autoRecoverableError }

    public var description: String {
        var parts: [String] = [online ? "online" : "offline"]
        if coverOpen { parts.append("cover open") }
        if paperOut { parts.append("paper out") } else if paperNearEnd { parts.append("paper near end") }
        if cutterError { parts.append("cutter error") }
        if unrecoverableError { parts.append("unrecoverable error") }
        if autoRecoverableError { parts.append("auto-recoverable error") }
        return parts.joined(separator: ", ")
    }
}
