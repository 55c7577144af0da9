/// Why the kiosk cannot hand out numbers right now. The customer sees a short reason and is
/// sent to the counter; the kiosk recovers by itself when the cause clears.
///
/// In the core because printing decides it (the printer's condition) and the screens show it:
/// neither may depend on the other.
public enum OutOfServiceReason: String, Sendable, Hashable, CaseIterable {
    case paperOut = "paper-out"
    case coverOpen = "cover-open"
    case printerOffline = "printer-offline"
    case database
}
