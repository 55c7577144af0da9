/// A small VT100/xterm screen model: enough to read what a full-screen program shows.
/// Understands UTF-8 text, CR/LF/BS, cursor positioning, erase, SGR (ignored) and private
/// modes (tracked, so tests can check the program switched them off again).
struct ScreenModel {
    let columns: Int
    let rows: Int
    private var cells: [[Character]]
    private var alternate: [[Character]]?
    private var row = 0
    private var column = 0
    private var pending: [UInt8] = []
    private(set) var privateModes: Set<String> = []

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
    }

    var text: String {
        cells.map { line in
            var text = String(line)
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        pending += bytes
        var index = 0
        while index < pending.count {
            let byte = pending[index]
            if byte == 0x1B {
                guard let consumed = escape(at: index) else { break }  // incomplete: wait for more
                index += consumed
                continue
            }
            if byte < 0x20 {
                control(byte)
                index += 1
                continue
            }
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            guard index + length <= pending.count else { break }
            if let scalar = String(validating: pending[index..<(index + length)], as: UTF8.self) {
                for character in scalar { put(character) }
            }
            index += length
        }
        pending.removeFirst(index)
    }

    private mutating func control(_ byte: UInt8) {
        switch byte {
        case 0x0D: column = 0
        case 0x0A: row = min(rows - 1, row + 1)
        case 0x08: column = max(0, column - 1)
        default: break
        }
    }

    private mutating func put(_ character: Character) {
        guard row < rows else { return }
        if column >= columns { return }  // autowrap is off in the programs under test
        cells[row][column] = character
        column += 1
    }

    /// Handles the escape sequence at `start`; returns its length, or nil if incomplete.
    private mutating func escape(at start: Int) -> Int? {
        guard start + 1 < pending.count else { return nil }
        guard pending[start + 1] == UInt8(ascii: "[") else { return 2 }
        var end = start + 2
        while end < pending.count, !(0x40...0x7E).contains(pending[end]) { end += 1 }
        guard end < pending.count else { return nil }
        let body = String(decoding: pending[(start + 2)..<end], as: UTF8.self)
        csi(body, final: Character(Unicode.Scalar(pending[end])))
        return end - start + 1
    }

    private mutating func csi(_ body: String, final: Character) {
        if body.hasPrefix("?") {
            let modes = body.dropFirst().split(separator: ";").map(String.init)
            for mode in modes {
                if final == "h" { privateModes.insert(mode) } else if final == "l" { privateModes.remove(mode) }
                if mode == "1049" { switchScreen(on: final == "h") }
            }
            return
        }
        let numbers = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        switch final {
        case "H", "f":
            row = min(rows - 1, max(0, (numbers.first.flatMap { $0 } ?? 1) - 1))
            column = min(columns - 1, max(0, (numbers.count > 1 ? numbers[1] ?? 1 : 1) - 1))
        case "J":
            if (numbers.first.flatMap { $0 } ?? 0) >= 2 {
                cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
            }
        case "K":
            for x in column..<columns { cells[row][x] = " " }
        default:
            break  // SGR and anything else: no effect on the text
        }
    }

    private mutating func switchScreen(on: Bool) {
        if on {
            alternate = cells
            cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
        } else if let saved = alternate {
            cells = saved
            alternate = nil
        }
    }
}
