import TurneroCore

/// Layout helpers shared by the screens: header, titles, button lists and grids, footer.
struct Painter {
    var canvas: Canvas
    var hits: [RenderedScreen.Hit] = []
    let language: Language
    let pressed: ButtonID?
    /// First free row below what has been drawn.
    private var cursor = 1

    init(columns: Int, rows: Int, language: Language, pressed: ButtonID?) {
        canvas = Canvas(columns: columns, rows: rows)
        self.language = language
        self.pressed = pressed
    }

    private var width: Int { canvas.columns }
    private var height: Int { canvas.rows }
    /// Last row available to content (the footer takes the bottom row).
    private var contentBottom: Int { height - 2 }

    mutating func header(_ office: String, clock: String) {
        canvas.fill(Rect(column: 0, row: 0, width: width, height: 1), style: .inverse)
        canvas.write(" " + DisplayWidth.truncate(office, to: max(1, width - 9)), column: 0, row: 0, style: .inverse)
        canvas.write(clock, column: max(0, width - DisplayWidth.of(clock) - 1), row: 0, style: .inverse)
        cursor = height >= 16 ? 2 : 1
    }

    mutating func title(_ lines: [String]) {
        for (index, line) in lines.enumerated() where cursor <= contentBottom {
            canvas.center(line, row: cursor, style: index == 0 ? .bold : [])
            cursor += 1
        }
        if height >= 16 { cursor += 1 }
    }

    /// Text wrapped at word boundaries to the screen's width, centred line by line.
    mutating func paragraph(_ text: String) {
        for line in Self.wrap(text, width: max(10, width - 4)) where cursor <= contentBottom {
            canvas.center(line, row: cursor)
            cursor += 1
        }
        if height >= 16 { cursor += 1 }
    }

    /// Greedy word wrap by display width (a word longer than a line is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if DisplayWidth.of(candidate) <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = DisplayWidth.truncate(String(word), to: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    mutating func message(_ lines: [String], bold: Bool) {
        let top = max(cursor, (height - lines.count) / 2 - 1)
        for (index, line) in lines.enumerated() where top + index <= contentBottom {
            canvas.center(line, row: top + index, style: bold && index == 0 ? .bold : [])
        }
        cursor = top + lines.count + 1
    }

    mutating func field(_ typed: String) {
        guard cursor <= contentBottom else { return }
        let box = DisplayWidth.pad(typed + "▏", to: 12)
        canvas.center("[ \(box) ]", row: cursor, style: .bold)
        cursor += height >= 16 ? 2 : 1
    }

    mutating func ticket(_ ticket: TicketView) {
        let language = self.language
        let t = { (key: UIText.Key) in UIText.text(key, language) }
        title([t(.takeYourTicket), ticket.serviceName.text(in: language)])
        let big = BigText.rows(ticket.label)
        if BigText.width(ticket.label) <= width - 2, cursor + big.count + 4 <= contentBottom {
            for line in big {
                canvas.center(line, row: cursor, style: .bold)
                cursor += 1
            }
            cursor += 1
        } else if cursor <= contentBottom {
            canvas.center("\(t(.yourTurn)): \(ticket.label)", row: cursor, style: .bold)
            cursor += 2
        }
        var lines: [String] = []
        if ticket.preferential { lines.append(t(.preferentialMark)) }
        lines.append("\(t(.peopleAhead)): \(ticket.ahead)")
        lines.append(ticket.estimate.map { "\(t(.estimatedWait)): \($0)" } ?? t(.noEstimate))
        for line in lines where cursor <= contentBottom {
            canvas.center(line, row: cursor)
            cursor += 1
        }
    }

    /// Buttons one per row, framed (3 rows) with a blank row between them when there is room,
    /// then framed without the blank rows, then in two or three columns on wide screens, and
    /// only then one row each.
    mutating func buttonList(_ buttons: [Button], bottomAligned: Bool = false) {
        guard !buttons.isEmpty else { return }
        let available = contentBottom - cursor + 1
        let count = buttons.count
        var options: [(columns: Int, height: Int, gap: Int)] = [(1, 3, 1), (1, 3, 0)]
        for columns in 2...3 where width >= 60 * columns / 2 + 20 { options += [(columns, 3, 1), (columns, 3, 0)] }
        options += [(1, 1, 0), (2, 1, 0), (3, 1, 0)]
        let chosen = options.first { option in
            let perColumn = (count + option.columns - 1) / option.columns
            return perColumn * option.height + (perColumn - 1) * option.gap <= available
        } ?? (1, 1, 0)
        let perColumn = (count + chosen.columns - 1) / chosen.columns
        let used = perColumn * chosen.height + (perColumn - 1) * chosen.gap
        let top = bottomAligned ? max(cursor, contentBottom - used + 1) : cursor
        layout(buttons, columns: chosen.columns, top: top, buttonHeight: chosen.height, gap: chosen.gap)
    }

    /// Buttons in a grid of about `columnsWanted` columns (keypads, scores).
    mutating func buttonGrid(_ buttons: [Button], columnsWanted: Int) {
        let available = contentBottom - cursor + 1
        let columns = max(1, min(columnsWanted, width / 6))
        let gridRows = (buttons.count + columns - 1) / columns
        let buttonHeight = gridRows * 3 <= available ? 3 : 1
        layout(buttons, columns: columns, top: cursor, buttonHeight: buttonHeight, gap: 0)
    }

    private mutating func layout(_ buttons: [Button], columns: Int, top: Int, buttonHeight: Int, gap: Int) {
        let margin = width >= 40 ? 4 : 1
        let columnWidth = (width - 2 * margin - (columns - 1) * 2) / columns
        let perColumn = (buttons.count + columns - 1) / columns
        for (index, button) in buttons.enumerated() {
            // Fill row by row in grids, column by column in lists.
            let (column, row) = buttonHeight == 3 && columns > 1 && perColumn > 1
                ? (index % columns, index / columns) : (index / perColumn, index % perColumn)
            let rect = Rect(
                column: margin + column * (columnWidth + 2), row: top + row * (buttonHeight + gap),
                width: columnWidth, height: buttonHeight)
            guard rect.row + rect.height - 1 <= contentBottom else { continue }
            draw(button, in: rect)
        }
    }

    private mutating func draw(_ button: Button, in rect: Rect) {
        let isPressed = pressed == button.id
        var label = button.key.isEmpty ? button.title : "\(button.key)  \(button.title)"
        if let detail = button.detail {
            // The detail (an amount) is never cut: the title gives way first.
            let room = max(1, rect.width - 4 - DisplayWidth.of(detail) - 2)
            label = DisplayWidth.truncate(label, to: room) + "  " + detail
        }
        if rect.height >= 3 {
            canvas.box(rect, style: isPressed ? [.inverse, .bold] : .bold)
            if isPressed { canvas.fill(Rect(column: rect.column + 1, row: rect.row + 1, width: rect.width - 2, height: 1), style: .inverse) }
            canvas.write(
                DisplayWidth.center(label, in: rect.width - 2), column: rect.column + 1, row: rect.row + 1,
                style: isPressed ? [.inverse, .bold] : .bold)
        } else {
            var title = button.key.isEmpty ? " \(button.title)" : "[\(button.key)] \(button.title)"
            if let detail = button.detail {
                title = DisplayWidth.truncate(title, to: max(1, rect.width - DisplayWidth.of(detail) - 2)) + "  " + detail
            }
            let text = DisplayWidth.pad(title, to: rect.width)
            canvas.write(text, column: rect.column, row: rect.row, style: isPressed ? .inverse : [])
        }
        hits.append(RenderedScreen.Hit(rect: rect, button: button.id))
    }

    /// The contact request: the question, the consent text or the number being typed, its buttons.
    mutating func contact(_ request: ContactRequest, buttons: [Button]) {
        let text = request.text(language)
        title([text.title])
        for paragraph in text.paragraphs { self.paragraph(paragraph) }
        switch request.step {
        case .consent:
            buttonList(buttons)
        case .phone:
            field(request.typed)
            buttonGrid(buttons, columnsWanted: 6)
        }
    }

    mutating func idleWarning(_ buttons: [Button]) {
        let boxWidth = min(width - 2, 50)
        let box = Rect(column: (width - boxWidth) / 2, row: max(1, height / 2 - 4), width: boxWidth, height: min(9, height - 2))
        for y in box.row..<(box.row + box.height) { canvas.write(String(repeating: " ", count: boxWidth), column: box.column, row: y) }
        canvas.box(box, style: .bold)
        hits.removeAll()
        let language = self.language
        let t = { (key: UIText.Key) in UIText.text(key, language) }
        canvas.write(DisplayWidth.center(t(.needMoreTime), in: boxWidth - 2), column: box.column + 1, row: box.row + 1, style: .bold)
        canvas.write(DisplayWidth.center(t(.resetSoon), in: boxWidth - 2), column: box.column + 1, row: box.row + 2)
        if let button = buttons.first {
            draw(button, in: Rect(column: box.column + 4, row: box.row + 4, width: boxWidth - 8, height: box.height >= 8 ? 3 : 1))
        }
    }

    mutating func footer(typed: String, hasButtons: Bool) {
        let row = height - 1
        guard row > cursor - 1 || row > 1 else { return }
        let hint = hasButtons ? "\(UIText.text(.touchHint, language)) \(UIText.text(.keyHint, language))" : ""
        canvas.write(DisplayWidth.truncate(" " + hint, to: width), column: 0, row: row, style: .dim)
        if !typed.isEmpty {
            let entry = "> \(typed)▏"
            canvas.write(entry, column: max(0, width - DisplayWidth.of(entry) - 1), row: row, style: .bold)
        }
    }
}
