public import Foundation

/// One call shown on the announcements board.
public struct BoardCall: Sendable, Hashable {
    public var label: String
    public var counterName: String
    public var calledAt: Date
    public var preferential: Bool

    public init(label: String, counterName: String, calledAt: Date, preferential: Bool) {
        self.label = label
        self.counterName = counterName
        self.calledAt = calledAt
        self.preferential = preferential
    }
}

/// How many people wait for one service, and how long a newcomer would wait, as the board shows it.
public struct BoardWaiting: Sendable, Hashable {
    public var serviceName: String
    public var count: Int
    /// "10–15 min", or nil when the office has no trustworthy estimate.
    public var estimate: String?

    public init(serviceName: String, count: Int, estimate: String? = nil) {
        self.serviceName = serviceName
        self.count = count
        self.estimate = estimate
    }
}

/// The office TV: the latest call in block letters, the previous calls below, and who waits
/// for each service (before the first call of the day, that is all there is to show).
public struct BoardRenderer: Sendable {
    public var officeName: String
    /// A call this recent is highlighted.
    public var highlight: TimeInterval = 10

    public init(officeName: String) { self.officeName = officeName }

    /// Draws the board; `waiting` lists the services in the office's order.
    public func render(calls: [BoardCall], waiting: [BoardWaiting], columns: Int, rows: Int, now: Date, clock: String) -> Canvas {
        var canvas = Canvas(columns: columns, rows: rows)
        canvas.fill(Rect(column: 0, row: 0, width: columns, height: 1), style: .inverse)
        canvas.write(" \(officeName) — Turnos / Now serving", column: 0, row: 0, style: .inverse)
        canvas.write(clock, column: max(0, columns - clock.count - 1), row: 0, style: .inverse)
        let total = waiting.reduce(0) { $0 + $1.count }
        guard let latest = calls.first else {
            drawWaitingTable(waiting, total: total, on: &canvas)
            return canvas
        }
        let fresh = now.timeIntervalSince(latest.calledAt) < highlight
        var row = 2
        let big = BigText.rows(latest.label)
        if BigText.width(latest.label) <= columns - 2 && rows >= 14 {
            for line in big {
                canvas.center(line, row: row, style: fresh ? [.bold, .inverse] : .bold)
                row += 1
            }
        } else {
            canvas.center(latest.label, row: row, style: fresh ? [.bold, .inverse] : .bold)
            row += 1
        }
        row += 1
        canvas.center("→ \(latest.counterName)", row: row, style: .bold)
        row += 2
        canvas.center("Anteriores / Previous", row: row, style: .dim)
        row += 1
        for call in calls.dropFirst() where row < rows - 1 {
            canvas.center("\(DisplayWidth.pad(call.label, to: 8)) → \(DisplayWidth.pad(call.counterName, to: 22))", row: row)
            row += 1
        }
        let perService = waiting.filter { $0.count > 0 }
            .map { "\($0.serviceName) \($0.count)" + ($0.estimate.map { " (~\($0))" } ?? "") }.joined(separator: " · ")
        let bottom = " En espera / Waiting: \(total)" + (perService.isEmpty ? "" : " — \(perService)")
        canvas.write(DisplayWidth.truncate(bottom, to: columns), column: 0, row: rows - 1, style: .dim)
        return canvas
    }

    /// Before the first call: who waits for what and the estimated wait, one service a line, centred.
    private func drawWaitingTable(_ waiting: [BoardWaiting], total: Int, on canvas: inout Canvas) {
        let nameWidth = min(max(20, waiting.map { DisplayWidth.of($0.serviceName) }.max() ?? 0), max(1, canvas.columns - 24))
        let lines = waiting.map {
            "\(DisplayWidth.pad($0.serviceName, to: nameWidth))  \(String(format: "%3d", $0.count))  "
                + DisplayWidth.pad($0.estimate.map { "~\($0)" } ?? "", to: 12)
        }
        var row = max(2, (canvas.rows - lines.count - 4) / 2)
        canvas.center("Esperando el primer llamado… / Waiting for the first call…", row: row, style: .bold)
        row += 2
        canvas.center("En espera / Waiting: \(total)   Espera estimada / Estimated wait", row: row)
        row += 1
        for line in lines where row < canvas.rows - 1 {
            row += 1
            canvas.center(line, row: row)
        }
    }
}
