public import ESCPOS
public import TurneroCore

/// What the kiosk knows about its printer right now.
public enum PrinterCondition: Sendable, Hashable, CustomStringConvertible {
    /// Can print; `nearEnd` asks staff to change the roll soon (never a customer error).
    case ready(nearEnd: Bool)
    /// Cannot print, with the customer-facing reason and the technician's detail.
    case notReady(OutOfServiceReason, detail: String)
    /// The model cannot report status (profile without DLE EOT): assumed ready.
    case unknown

    /// From a parsed DLE EOT status.
    public init(_ status: PrinterStatus) {
        if status.paperOut {
            self = .notReady(.paperOut, detail: status.description)
        } else if status.coverOpen {
            self = .notReady(.coverOpen, detail: status.description)
        } else if !status.canPrint {
            self = .notReady(.printerOffline, detail: status.description)
        } else {
            self = .ready(nearEnd: status.paperNearEnd)
        }
    }

    /// The out-of-service reason, nil when printing is possible.
    public var problem: OutOfServiceReason? {
        if case .notReady(let reason, _) = self { return reason }
        return nil
    }

    public var description: String {
        switch self {
        case .ready(let nearEnd): nearEnd ? "ready, paper near end" : "ready"
        case .notReady(let reason, let detail): "not ready (\(reason.rawValue)): \(detail)"
        case .unknown: "status not supported by this model (assumed ready)"
        }
    }
}
