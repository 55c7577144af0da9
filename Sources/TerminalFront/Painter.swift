import TurneroCore

/// Layout helpers shared by the screens: header, titles, messages, footer (buttons in
/// Painter+Buttons.swift).
struct Painter {
    var canvas: Canvas
    var hits: [RenderedScreen.Hit] = []
    let language: Language
    let pressed: ButtonID?
    /// First free row below what has been drawn.
    var cursor = 1
    /// Whether the row just above `cursor` is the blank row a title leaves: buttons may take
    /// it when that is what lets them keep their frames.
    var blankAbove = false

    init(columns: Int, rows: Int, language: Language, pressed: ButtonID?) {
        canvas = Canvas(columns: columns, rows: rows)
        self.language = language
        self.pressed = pressed
    }

    var width: Int { canvas.columns }
    var height: Int { canvas.rows }
    /// Last row available to content (the footer takes the bottom row).
    var contentBottom: Int { height - 2 }

    mutating func header(_ office: String, clock: String) {
        canvas.fill(Rect(column: 0, row: 0, width: width, height: 1), style: .inverse)
        canvas.write(" " + DisplayWidth.truncate(office, to: max(1, width - 9)), column: 0, row: 0, style: .inverse)
        canvas.write(clock, column: max(0, width - DisplayWidth.of(clock) - 1), row: 0, style: .inverse)
        cursor = height >= 16 ? 2 : 1
    }

    /// Centred lines, the first bold; a line wider than the screen wraps (balanced), never cut.
    mutating func title(_ lines: [String]) {
        for (index, line) in lines.enumerated() {
            for part in Self.wrap(line, width: width - 2) where cursor <= contentBottom {
                canvas.center(part, row: cursor, style: index == 0 ? .bold : [])
                cursor += 1
            }
        }
        if height >= 16 {
            cursor += 1
            blankAbove = true
        }
    }

    /// Centred lines in the middle of the screen; lines in `boldLines` bold. Long lines wrap.
    mutating func message(_ lines: [String], boldLines: Set<Int> = [0]) {
        let parts = lines.enumerated().flatMap { index, line in
            (line.isEmpty ? [""] : Self.wrap(line, width: width - 2)).map { (index, $0) }
        }
        let top = max(cursor, (height - parts.count) / 2 - 1)
        for (offset, part) in parts.enumerated() where top + offset <= contentBottom {
            canvas.center(part.1, row: top + offset, style: boldLines.contains(part.0) ? .bold : [])
        }
        cursor = top + parts.count + 1
    }

    /// Text wrapped at word boundaries to the screen's width, centred line by line.
    mutating func paragraph(_ text: String) {
        for line in Self.wrap(text, width: max(10, width - 4)) where cursor <= contentBottom {
            canvas.center(line, row: cursor)
            cursor += 1
        }
        if height >= 16 { cursor += 1 }
    }

    mutating func message(_ lines: [String], bold: Bool) {
        message(lines, boldLines: bold ? [0] : [])
    }

    /// `text` in lines of at most `width` columns, as even as possible; one line when it fits.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width, width > 0 else { return [text] }
        let words = text.split(separator: " ").map(String.init)
        func greedy(_ limit: Int) -> [String] {
            var lines: [String] = []
            var line = ""
            for word in words {
                let candidate = line.isEmpty ? word : line + " " + word
                if DisplayWidth.of(candidate) <= limit || line.isEmpty {
                    line = candidate
                } else {
                    lines.append(line)
                    line = word
                }
            }
            return lines + [line]
        }
        let count = greedy(width).count
        // The narrowest width that still needs no more lines than greedy wrapping.
        var narrow = max(1, words.map(DisplayWidth.of).max() ?? 1)
        while narrow < width, greedy(narrow).count > count { narrow += 1 }
        return greedy(narrow)
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
