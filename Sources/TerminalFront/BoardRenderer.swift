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

/// The office TV: the latest call in block letters, the previous calls below, waiting count.
public struct BoardRenderer: Sendable {
    public var officeName: String
    /// A call this recent is highlighted.
    public var highlight: TimeInterval = 10

    public init(officeName: String) { self.officeName = officeName }

    public func render(calls: [BoardCall], waiting: Int, columns: Int, rows: Int, now: Date, clock: String) -> Canvas {
        var canvas = Canvas(columns: columns, rows: rows)
        canvas.fill(Rect(column: 0, row: 0, width: columns, height: 1), style: .inverse)
        canvas.write(" \(officeName) — Turnos / Now serving", column: 0, row: 0, style: .inverse)
        canvas.write(clock, column: max(0, columns - clock.count - 1), row: 0, style: .inverse)
        guard let latest = calls.first else {
            canvas.center("Esperando el primer llamado…", row: rows / 2, style: .bold)
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
        canvas.write(" En espera / Waiting: \(waiting)", column: 0, row: rows - 1, style: .dim)
        return canvas
    }
}
