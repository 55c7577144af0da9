public import ESCPOS
public import PrinterTransport

/// One thing `turnero printer doctor` found: what it means, and the exact fix.
public struct PrinterFinding: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable {
        /// Works.
        case ok
        /// Works, but deserves attention (paper near end, usblp bound, several profiles match).
        case warning
        /// Prevents printing.
        case problem
    }

    /// How bad it is.
    public var severity: Severity
    /// What was found, in one or two sentences.
    public var summary: String
    /// What to do, as commands where possible.
    public var fix: String?

    /// A finding.
    public init(_ severity: Severity, _ summary: String, fix: String? = nil) {
        self.severity = severity
        self.summary = summary
        self.fix = fix
    }

    public var description: String {
        let mark = switch severity {
        case .ok: "[ok]"
        case .warning: "[!!]"
        case .problem: "[XX]"
        }
        return fix.map { "\(mark) \(summary)\n     fix: \($0)" } ?? "\(mark) \(summary)"
    }
}

/// Turns what was observed about a printer into findings a technician can act on. Pure: the
/// doctor command gathers the facts, tests feed them directly.
public enum PrinterDiagnosis {
    /// Where the udev rules are installed.
    public static let udevRulesPath = "/etc/udev/rules.d/70-turnero-printers.rules"
    /// The commands that install the rules and apply them to a printer already plugged in.
    public static let installRules =
        "sudo sh -c 'turnero printer udev-rules > \(udevRulesPath)' && sudo udevadm control --reload && sudo udevadm trigger --subsystem-match=usb --subsystem-match=usbmisc (or unplug and plug the printer)"

    /// The findings for a USB scan and the connection that selects a printer.
    ///
    /// - Parameters:
    ///   - configuredProfile: the profile the kiosk would use (`--printer-profile` or the office
    ///     configuration), nil when none was set.
    ///   - user: the name of the user who ran the check; `userInGroupLP` whether it is in `lp`.
    public static func usb(
        scan: USBScan, selector: USBSelector, catalog: ProfileCatalog, configuredProfile: String?, user: String,
        userInGroupLP: Bool
    ) -> [PrinterFinding] {
        guard let printer = scan.printers.first(where: { $0.matches(selector) }) else {
            return notFound(scan: scan, selector: selector)
        }
        var findings = [access(printer, user: user, userInGroupLP: userInGroupLP)]
        if printer.interface.bulkIn == nil {
            findings.append(
                PrinterFinding(
                    .warning,
                    "The printer interface is one-way (no bulk IN endpoint): paper out and cover open cannot be seen before a ticket is printed.",
                    fix: "switch the printer to bidirectional USB mode (utility or DIP switches), or accept that faults show only after a failed ticket"))
        }
        findings += profile(for: printer, catalog: catalog, configuredProfile: configuredProfile)
        let others = scan.printers.filter { $0 != printer }
        if !others.isEmpty {
            findings.append(
                PrinterFinding(
                    .warning,
                    "\(scan.printers.count) USB printers are attached (\(scan.printers.map(\.idPair).joined(separator: ", "))); the kiosk uses \(printer.idPair).",
                    fix: selector == .firstPrinter ? "pin the one to use: set printer.connection to \(printer.connection)" : nil))
        }
        return findings
    }

    private static func notFound(scan: USBScan, selector: USBSelector) -> [PrinterFinding] {
        if scan.printers.isEmpty && scan.others.isEmpty {
            return [
                PrinterFinding(
                    .problem, "libusb sees no USB devices at all: this machine has no USB bus (a virtual machine?) or /dev/bus/usb is not visible.",
                    fix: "plug the printer into this machine (in a VM, pass the USB device through); for a network printer use --printer tcp://HOST:9100")
            ]
        }
        if let wanted = scan.printers.first, selector != .firstPrinter {
            let attached = scan.printers.map { "\($0.idPair) \($0.displayName)" }.joined(separator: ", ")
            return [
                PrinterFinding(
                    .problem, "No printer \(selector) is attached; attached printers: \(attached).",
                    fix: "set printer.connection to \(wanted.connection) (or `usb` for the first printer), or plug in the configured model")
            ]
        }
        var findings = [
            PrinterFinding(
                .problem, "No USB printer found among \(scan.others.count) USB device(s): none has a printer-class interface or an id a profile names.",
                fix: "check the USB cable and that the printer is switched on; `lsusb` must list it")
        ]
        for other in scan.others where other.possiblePrinter {
            findings.append(
                PrinterFinding(
                    .warning,
                    "\(other.idPair)\(other.product.map { " (\($0))" } ?? "") has a vendor-specific interface with a bulk OUT endpoint: possibly a printer in vendor mode that no profile names.",
                    fix: "switch it to USB printer class with the vendor's utility, or add \(other.idPair) with interfaceClass 255 to the closest profile in devices/ (devices/README.md, 'Adding a model')"))
        }
        return findings
    }

    private static func access(_ printer: USBPrinterDevice, user: String, userInGroupLP: Bool) -> PrinterFinding {
        let name = "\(printer.displayName) (\(printer.idPair)) at \(printer.devicePath)\(printer.devicePermissions.map { " [\($0)]" } ?? "")"
        let endpoints = endpointText(printer.interface)
        switch printer.access {
        case .available:
            return PrinterFinding(.ok, "Found \(name), \(endpoints); user \(user) can open it.")
        case .heldByKernelDriver(let driver):
            let unbind = printer.sysfsName.map {
                "echo -n '\($0):\(printer.interface.configuration).\(printer.interface.number)' | sudo tee /sys/bus/usb/drivers/\(driver)/unbind"
            } ?? "unplug the printer"
            return PrinterFinding(
                .warning,
                "Found \(name), \(endpoints); the kernel driver \(driver) holds its interface (it provides /dev/usb/lp*). With printer.connection `usb` Turnero detaches \(driver) itself when it prints.",
                fix: "nothing for `usb`; or print through the driver with printer.connection /dev/usb/lp0; to free it now: \(unbind); to keep \(driver) away for good: echo 'blacklist \(driver)' | sudo tee /etc/modprobe.d/turnero-no-\(driver).conf")
        case .busy(let detail):
            return PrinterFinding(
                .problem, "Found \(name), but another process holds its interface (\(detail)).",
                fix: "stop the other user: a running kiosk (`systemctl stop 'turnero-kiosk@*'`), CUPS (`sudo systemctl stop cups`), or another `turnero` command")
        case .permissionDenied:
            var steps: [String] = []
            if !(printer.devicePermissions?.contains(":lp") ?? false) {
                steps.append("install the udev rules: \(installRules)")
            }
            if !userInGroupLP {
                steps.append("add the user to group lp: sudo usermod -aG lp \(user) (then log in again; the kiosk user already is)")
            }
            if steps.isEmpty { steps.append("unplug and plug the printer so udev applies the rules, then log in again") }
            return PrinterFinding(
                .problem, "Found \(name), but user \(user) may not open it.", fix: steps.joined(separator: "; "))
        case .failed(let detail):
            return PrinterFinding(
                .problem, "Found \(name), but it cannot be opened: \(detail).",
                fix: "unplug the printer, wait 5 s, plug it in again; if it persists, try another cable or port")
        }
    }

    /// `interface 0 (printer class, bidirectional), bulk OUT 0x01, bulk IN 0x81`.
    public static func endpointText(_ interface: USBInterfaceInfo) -> String {
        let kind =
            switch (interface.interfaceClass, interface.protocolCode) {
            case (7, 2): "printer class, bidirectional"
            case (7, 1): "printer class, unidirectional"
            case (7, _): "printer class"
            case (0xFF, _): "vendor specific"
            default: "class \(interface.interfaceClass)"
            }
        let out = interface.bulkOut.map { "bulk OUT 0x\(hex($0.address))" } ?? "no bulk OUT"
        let inbound = interface.bulkIn.map { ", bulk IN 0x\(hex($0.address))" } ?? ", no bulk IN"
        return "interface \(interface.number) (\(kind)), \(out)\(inbound)"
    }

    private static func hex(_ value: UInt8) -> String {
        let digits = String(value, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// Which profile fits the device, against the one configured.
    public static func profile(
        for printer: USBPrinterDevice, catalog: ProfileCatalog, configuredProfile: String?
    ) -> [PrinterFinding] {
        var findings: [PrinterFinding] = []
        let matches = catalog.profiles(
            vendorID: printer.vendorID, productID: printer.productID, interfaceClass: Int(printer.interface.interfaceClass))
        let identity = printer.deviceID.map { " The printer says: \($0.text)" } ?? ""
        if printer.deviceID?.speaksESCPOS == false {
            findings.append(
                PrinterFinding(
                    .problem,
                    "The printer's device id lists no ESC/POS command set (\(printer.deviceID?.commandSets.joined(separator: ",") ?? "")): it may be in a raster or driver-only mode.",
                    fix: "switch it to ESC/POS emulation (utility or DIP switches); Star TSP100-class printers cannot be used"))
        }
        if matches.isEmpty {
            let width = printer.deviceID?.model.map { $0.contains("58") ? "generic-58mm" : "generic-80mm" } ?? "generic-80mm"
            findings.append(
                PrinterFinding(
                    .warning, "No profile names \(printer.idPair) (unknown model).\(identity)",
                    fix: "try --printer-profile \(width) (generic-80mm for 80 mm paper, generic-58mm for 58 mm) with `turnero printer test`; then add a profile for it (devices/README.md, 'Adding a model')"))
            return findings
        }
        let best = matches[0]
        if let configuredProfile, !matches.contains(where: { $0.id == configuredProfile }) {
            findings.append(
                PrinterFinding(
                    .warning,
                    "The kiosk is set to profile \(configuredProfile), but \(printer.idPair) is \(best.vendor) \(best.model) (profile \(best.id)).",
                    fix: "set printer.profile to \"\(best.id)\" in the office configuration (or pass --printer-profile \(best.id))"))
        } else {
            findings.append(PrinterFinding(.ok, "Profile \(configuredProfile ?? best.id) fits \(printer.idPair) (\(best.vendor) \(best.model))."))
        }
        if matches.count > 1 && configuredProfile == nil {
            findings.append(
                PrinterFinding(
                    .warning,
                    "\(printer.idPair) is shared by several profiles (\(matches.map(\.id).joined(separator: ", "))): clones reuse controller ids.",
                    fix: "pin the right one with printer.profile after checking the paper width and a test page"))
        }
        return findings
    }

    /// What a transport failure means for the connection it happened on.
    public static func transportFailure(_ error: TransportError, connection: String) -> PrinterFinding {
        let isNetwork = connection.hasPrefix("tcp://")
        switch error.code {
        case .notFound where isNetwork:
            return PrinterFinding(
                .problem, "Nothing answers at \(error.endpoint): \(error.message).",
                fix: "check the printer's IP address (print its network status sheet: hold FEED while switching on), that it is on, and that port 9100 (raw) is enabled")
        case .timeout where isNetwork:
            return PrinterFinding(
                .problem, "\(error.endpoint) does not answer in time: \(error.message).",
                fix: "check the address and the network path (`ping`), that no firewall drops port 9100, and that no other computer holds the printer's only connection")
        case .notFound:
            return PrinterFinding(
                .problem, "\(error.endpoint) does not exist: \(error.message).",
                fix: "check the cable and power; `ls -l /dev/usb/` shows usblp device files; `turnero printer list` shows USB printers")
        case .permissionDenied:
            return PrinterFinding(
                .problem, "This user may not open \(error.endpoint): \(error.message).",
                fix: "add the user to group lp (sudo usermod -aG lp $USER, then log in again) and install the udev rules: \(installRules)")
        case .busy:
            return PrinterFinding(
                .problem, "\(error.endpoint) is held by another process: \(error.message).",
                fix: "stop the other user (a running kiosk: systemctl stop 'turnero-kiosk@*'; CUPS: sudo systemctl stop cups)")
        case .timeout:
            return PrinterFinding(
                .problem, "The printer does not accept or answer data: \(error.message).",
                fix: "check paper, cover and the error LED; switch the printer off and on")
        case .disconnected:
            return PrinterFinding(
                .problem, "The printer went away: \(error.message).", fix: "check the cable and power, then run the command again")
        case .unsupported:
            return PrinterFinding(.warning, "\(error.message).")
        default:
            return PrinterFinding(.problem, "\(error.description).", fix: "switch the printer off and on, reconnect it and try again")
        }
    }

    /// The staff alert for a roll near its end (never a customer error).
    public static let nearEndAlert = PrinterFinding(
        .warning, "STAFF ALERT: paper near end. Customers are still served.", fix: "change the roll soon")

    /// What a status reading means; near end is a staff alert, never a customer error.
    public static func status(_ status: PrinterStatus) -> [PrinterFinding] {
        var findings: [PrinterFinding] = []
        if status.paperOut {
            findings.append(PrinterFinding(.problem, "Out of paper.", fix: "load a new roll (thermal side out) and close the cover"))
        }
        if status.coverOpen { findings.append(PrinterFinding(.problem, "The cover is open.", fix: "close the cover until it clicks")) }
        if status.cutterError {
            findings.append(PrinterFinding(.problem, "Autocutter error.", fix: "open the cover, remove jammed paper, close it; switch off and on if it persists"))
        }
        if status.unrecoverableError {
            findings.append(PrinterFinding(.problem, "Unrecoverable printer error.", fix: "switch the printer off and on; call service if it persists"))
        }
        if status.autoRecoverableError {
            findings.append(PrinterFinding(.problem, "Temporary printer error (e.g. head too hot).", fix: "wait a minute; it clears by itself"))
        }
        if !status.online && findings.isEmpty {
            findings.append(PrinterFinding(.problem, "The printer is offline.", fix: "press the online/FEED button or switch it off and on"))
        }
        if findings.isEmpty {
            findings.append(PrinterFinding(.ok, "Online, paper loaded, cover closed, no error."))
        }
        if status.paperNearEnd && !status.paperOut { findings.append(nearEndAlert) }
        return findings
    }
}
