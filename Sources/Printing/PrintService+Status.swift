public import ESCPOS

/// The four `DLE EOT` reply bytes and what they say, for technicians.
public struct PrinterStatusReading: Sendable, Hashable {
    /// Replies to `DLE EOT 1…4`, in order.
    public var replies: [UInt8]
    /// The parsed status.
    public var status: PrinterStatus

    /// A reading.
    public init(replies: [UInt8], status: PrinterStatus) {
        self.replies = replies
        self.status = status
    }
}

extension PrintService {
    /// Asks the printer for its real-time status once (stale bytes drained first, short
    /// timeouts), without the reconnect and logging of `condition()`: `turnero printer status`.
    ///
    /// - Returns: nil when the profile says the model cannot report status.
    /// - Throws: `PrintFailure` (`.printerOffline`) when the printer does not answer usefully.
    public func readStatus() async throws(PrintFailure) -> PrinterStatusReading? {
        guard profile.status.dleEot else { return nil }
        switch await queryOnce() {
        case .success(let reading):
            return reading
        case .failure(.failed(let detail)):
            await transport.close()
            throw PrintFailure(reason: .printerOffline, detail: detail)
        }
    }
}
