/// How a set of buttons is arranged on screen.
struct ButtonArrangement: Equatable {
    var columns: Int
    /// Drawn as a box (touch target of 3–4 rows) or as bare text rows.
    var framed: Bool
    /// Blank rows between buttons.
    var gap: Int
    /// Text lines per button (2 when a label wraps).
    var lines: Int

    var buttonHeight: Int { framed ? lines + 2 : lines }
}

extension Painter {
    /// Buttons one per row, framed with a blank row between them when there is room, then
    /// framed without the blank rows, then in two or three columns on wide screens, and only
    /// then as bare rows. A label that does not fit its button wraps onto a second line.
    mutating func buttonList(_ buttons: [Button], bottomAligned: Bool = false) {
        guard !buttons.isEmpty else { return }
        let available = contentBottom - cursor + 1
        var candidates: [(columns: Int, framed: Bool, gap: Int)] = [(1, true, 1), (1, true, 0)]
        for columns in 2...3 where width >= 60 * columns / 2 + 20 { candidates += [(columns, true, 1), (columns, true, 0)] }
        candidates += [(1, false, 0), (2, false, 0), (3, false, 0)]
        var chosen = ButtonArrangement(columns: 1, framed: false, gap: 0, lines: 1)
        var raise = 0
        for candidate in candidates {
            let columnWidth = self.columnWidth(columns: candidate.columns)
            guard let lines = Self.lines(buttons, width: Self.textWidth(columnWidth, framed: candidate.framed)) else { continue }
            let arrangement = ButtonArrangement(columns: candidate.columns, framed: candidate.framed, gap: candidate.gap, lines: lines)
            let perColumn = (buttons.count + candidate.columns - 1) / candidate.columns
            let needed = perColumn * arrangement.buttonHeight + (perColumn - 1) * candidate.gap
            // Framed buttons may use the title's blank row rather than lose their frames.
            let spare = candidate.framed && blankAbove && !bottomAligned ? 1 : 0
            if needed <= available + spare {
                chosen = arrangement
                raise = needed > available ? 1 : 0
                break
            }
        }
        let perColumn = (buttons.count + chosen.columns - 1) / chosen.columns
        let used = perColumn * chosen.buttonHeight + (perColumn - 1) * chosen.gap
        let top = bottomAligned ? max(cursor, contentBottom - used + 1) : cursor - raise
        layout(buttons, chosen, top: top, rowMajor: false)
        cursor = top + used + 1
    }

    /// Keys (scores, keypad characters) in a grid of about `columnsWanted` columns, then the
    /// actions (Delete, OK, Back, the language) in a row of their own, or two rows of two, wide
    /// enough for their labels.
    mutating func buttonGrid(_ buttons: [Button], columnsWanted: Int) {
        let keys = buttons.filter { DisplayWidth.of(ButtonLabel.line($0)) <= 2 }
        let actions = buttons.filter { DisplayWidth.of(ButtonLabel.line($0)) > 2 }
        let keyColumns = max(1, min(columnsWanted, width / 6))
        let keyRows = (keys.count + keyColumns - 1) / keyColumns
        var actionArrangement = actionsArrangement(actions)
        let actionRows = actions.isEmpty ? 0 : (actions.count + actionArrangement.columns - 1) / actionArrangement.columns
        let available = contentBottom - cursor + 1
        var keyFramed = true
        if keyRows * 3 + actionRows * actionArrangement.buttonHeight > available {
            actionArrangement.framed = false
            keyFramed = keyRows * 3 + actionRows * actionArrangement.buttonHeight <= available
        }
        let keyArrangement = ButtonArrangement(columns: keyColumns, framed: keyFramed, gap: 0, lines: 1)
        layout(keys, keyArrangement, top: cursor, rowMajor: true)
        cursor += keyRows * keyArrangement.buttonHeight
        guard !actions.isEmpty else { return }
        layout(actions, actionArrangement, top: cursor, rowMajor: true)
        cursor += actionRows * actionArrangement.buttonHeight
    }

    /// All actions on one row when their labels fit, else two to a row, else wrapped labels.
    private func actionsArrangement(_ actions: [Button]) -> ButtonArrangement {
        for columns in [actions.count, 2] where columns >= 1 && columns <= actions.count {
            if Self.lines(actions, width: Self.textWidth(columnWidth(columns: columns), framed: true)) == 1 {
                return ButtonArrangement(columns: columns, framed: true, gap: 0, lines: 1)
            }
        }
        let columns = min(2, max(1, actions.count))
        let lines = Self.lines(actions, width: Self.textWidth(columnWidth(columns: columns), framed: true)) ?? 1
        return ButtonArrangement(columns: columns, framed: true, gap: 0, lines: lines)
    }

    /// The width of one column of buttons.
    func columnWidth(columns: Int) -> Int {
        (width - 2 * margin - (columns - 1) * 2) / columns
    }

    private var margin: Int { width >= 40 ? 4 : 1 }

    /// Room for the label inside a button `columnWidth` wide (a space inside each side of a box).
    static func textWidth(_ columnWidth: Int, framed: Bool) -> Int {
        framed ? columnWidth - 4 : columnWidth - 1
    }

    /// Lines the longest label needs at `width` (1 or 2), nil when one cannot fit whole.
    /// Buttons with a detail (an amount) keep one line: their title gives way.
    static func lines(_ buttons: [Button], width: Int) -> Int? {
        var most = 1
        for button in buttons where button.detail == nil {
            guard let lines = ButtonLabel.lines(button, width: width) else { return nil }
            most = max(most, lines.count)
        }
        return most
    }

    private mutating func layout(_ buttons: [Button], _ arrangement: ButtonArrangement, top: Int, rowMajor: Bool) {
        let columnWidth = self.columnWidth(columns: arrangement.columns)
        let perColumn = (buttons.count + arrangement.columns - 1) / arrangement.columns
        for (index, button) in buttons.enumerated() {
            // Row by row in grids, column by column in lists.
            let (column, row) = rowMajor ? (index % arrangement.columns, index / arrangement.columns) : (index / perColumn, index % perColumn)
            let rect = Rect(
                column: margin + column * (columnWidth + 2), row: top + row * (arrangement.buttonHeight + arrangement.gap),
                width: columnWidth, height: arrangement.buttonHeight)
            guard rect.row + rect.height - 1 <= contentBottom else { continue }
            draw(button, in: rect, framed: arrangement.framed)
        }
    }

    private mutating func draw(_ button: Button, in rect: Rect, framed: Bool) {
        let isPressed = pressed == button.id
        let textWidth = Self.textWidth(rect.width, framed: framed)
        var lines: [String]
        if let detail = button.detail {
            // The detail (an amount) is never cut: the title gives way first.
            let room = max(1, textWidth - DisplayWidth.of(detail) - 2)
            lines = [DisplayWidth.truncate(ButtonLabel.line(button), to: room) + "  " + detail]
        } else {
            let textRows = framed ? rect.height - 2 : rect.height
            lines = ButtonLabel.lines(button, width: textWidth, maximumLines: textRows)
                ?? [ButtonLabel.truncated(button, width: framed ? rect.width - 2 : rect.width)]
        }
        // The lines as one block, centred (framed) or after one space (bare rows).
        let blockWidth = lines.map(DisplayWidth.of).max() ?? 0
        let block = lines.map { DisplayWidth.pad($0, to: blockWidth) }
        let style: Canvas.Style = isPressed ? [.inverse, .bold] : (framed ? .bold : [])
        if framed {
            canvas.box(rect, style: isPressed ? [.inverse, .bold] : .bold)
            let inner = Rect(column: rect.column + 1, row: rect.row + 1, width: rect.width - 2, height: rect.height - 2)
            if isPressed { canvas.fill(inner, style: .inverse) }
            for (offset, line) in block.enumerated() {
                canvas.write(DisplayWidth.center(line, in: inner.width), column: inner.column, row: inner.row + offset, style: style)
            }
        } else {
            for offset in 0..<rect.height {
                let line = offset < block.count ? " " + block[offset] : ""
                canvas.write(DisplayWidth.pad(line, to: rect.width), column: rect.column, row: rect.row + offset, style: isPressed ? .inverse : [])
            }
        }
        hits.append(RenderedScreen.Hit(rect: rect, button: button.id))
    }

    /// "¿Necesita más tiempo?" over the screen: the screen's own buttons stay visible around
    /// it but stop answering; the dialog's button is the only live one.
    mutating func idleWarning(_ button: Button?) {
        // The screen behind stays readable but dimmed: it does not answer while the dialog shows.
        canvas.fill(Rect(column: 0, row: 1, width: width, height: max(0, height - 1)), style: .dim)
        let boxWidth = min(width - 2, 50)
        let box = Rect(column: (width - boxWidth) / 2, row: max(1, height / 2 - 4), width: boxWidth, height: min(9, height - 2))
        for y in box.row..<(box.row + box.height) { canvas.write(String(repeating: " ", count: boxWidth), column: box.column, row: y) }
        canvas.box(box, style: .bold)
        hits.removeAll()
        let language = self.language
        let t = { (key: UIText.Key) in UIText.text(key, language) }
        canvas.write(DisplayWidth.center(t(.needMoreTime), in: boxWidth - 2), column: box.column + 1, row: box.row + 1, style: .bold)
        canvas.write(DisplayWidth.center(t(.resetSoon), in: boxWidth - 2), column: box.column + 1, row: box.row + 2)
        if let button {
            let framed = box.height >= 8
            draw(button, in: Rect(column: box.column + 4, row: box.row + 4, width: boxWidth - 8, height: framed ? 3 : 1), framed: framed)
        }
    }
}
