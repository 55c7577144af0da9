public import ESCPOS

/// Faults injected into the virtual printer; its `DLE EOT` replies report them.
public struct PrinterFaults: OptionSet, Sendable, Hashable, CustomStringConvertible {
    /// The fault bits.
    public let rawValue: Int

    /// Faults from their bits.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The roll is empty.
    public static let paperOut = PrinterFaults(rawValue: 1 << 0)
    /// Reported only on profiles with a near-end sensor, as on real hardware.
    public static let paperNearEnd = PrinterFaults(rawValue: 1 << 1)
    /// The roll cover is open.
    public static let coverOpen = PrinterFaults(rawValue: 1 << 2)
    /// Offline with no other cause (e.g. the feed button held, or after an error).
    public static let offline = PrinterFaults(rawValue: 1 << 3)
    /// The autocutter jammed.
    public static let cutterError = PrinterFaults(rawValue: 1 << 4)

    /// The names the CLI accepts, `paper-out`, `near-end`, `cover-open`, `offline`, `cutter-error`.
    public static let names: [(String, PrinterFaults)] = [
        ("paper-out", .paperOut), ("near-end", .paperNearEnd), ("cover-open", .coverOpen), ("offline", .offline),
        ("cutter-error", .cutterError),
    ]

    /// A fault by its CLI name.
    public init?(name: String) {
        guard let match = Self.names.first(where: { $0.0 == name }) else { return nil }
        self = match.1
    }

    public var description: String {
        let listed = Self.names.filter { contains($0.1) }.map(\.0)
        return listed.isEmpty ? "none" : listed.joined(separator: ", ")
    }

    /// The status a printer with these faults reports.
    public func status(nearEndSensor: Bool = true) -> PrinterStatus {
        PrinterStatus(
            online: !contains(.offline) && !contains(.coverOpen) && !contains(.paperOut) && !contains(.cutterError),
            coverOpen: contains(.coverOpen),
            // An empty roll also trips the near-end sensor: printers report both.
            paperNearEnd: (nearEndSensor && contains(.paperNearEnd)) || contains(.paperOut),
            paperOut: contains(.paperOut),
            cutterError: contains(.cutterError))
    }
}

extension PrinterFaults {
    /// Refuses faults the model cannot report: a printer without a near-end sensor never says
    /// "paper near end", so emulating it would test something no such printer does.
    ///
    /// - Throws: `EmulatorError` `.invalidConfiguration` naming the profile and the fault.
    public func check(for profile: PrinterProfile) throws(EmulatorError) {
        if contains(.paperNearEnd), !profile.status.nearEndSensor {
            throw EmulatorError(
                .invalidConfiguration, operation: "",
                message: "near-end: profile \(profile.id) (\(profile.vendor) \(profile.model)) has no paper near-end sensor "
                    + "(status.nearEndSensor is false), so it never reports near end; use paper-out, or a profile with the sensor")
        }
    }
}
