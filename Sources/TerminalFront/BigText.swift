/// A 5-row block font for what must be read from across the room: ticket labels on the
/// screen and the board. Covers A–Z, 0–9 and `-`; other characters print as a space.
public enum BigText {
    public static let height = 5

    /// The rows of `text` in block letters (each glyph 5 columns + 1 space).
    public static func rows(_ text: String) -> [String] {
        var rows = Array(repeating: "", count: height)
        for character in text.uppercased() {
            let glyph = glyphs[character] ?? Array(repeating: "     ", count: height)
            for index in 0..<height { rows[index] += glyph[index].replacingOccurrences(of: "#", with: "█") + " " }
        }
        return rows.map { String($0.dropLast()) }
    }

    /// Columns taken by `text` in block letters.
    public static func width(_ text: String) -> Int { max(0, text.count * 6 - 1) }

    private static let glyphs: [Character: [String]] = {
        let source: [(Character, String)] = [
            ("0", " ### |#   #|#   #|#   #| ### "), ("1", "  #  | ##  |  #  |  #  | ### "),
            ("2", " ### |    #| ### |#    |#####"), ("3", "#### |    #| ### |    #|#### "),
            ("4", "#   #|#   #|#####|    #|    #"), ("5", "#####|#    |#### |    #|#### "),
            ("6", " ### |#    |#### |#   #| ### "), ("7", "#####|    #|   # |  #  |  #  "),
            ("8", " ### |#   #| ### |#   #| ### "), ("9", " ### |#   #| ####|    #| ### "),
            ("-", "     |     |#####|     |     "),
            ("A", " ### |#   #|#####|#   #|#   #"), ("B", "#### |#   #|#### |#   #|#### "),
            ("C", " ####|#    |#    |#    | ####"), ("D", "#### |#   #|#   #|#   #|#### "),
            ("E", "#####|#    |#### |#    |#####"), ("F", "#####|#    |#### |#    |#    "),
            ("G", " ####|#    |#  ##|#   #| ####"), ("H", "#   #|#   #|#####|#   #|#   #"),
            ("I", " ### |  #  |  #  |  #  | ### "), ("J", "  ###|    #|    #|#   #| ### "),
            ("K", "#   #|#  # |###  |#  # |#   #"), ("L", "#    |#    |#    |#    |#####"),
            ("M", "#   #|## ##|# # #|#   #|#   #"), ("N", "#   #|##  #|# # #|#  ##|#   #"),
            ("O", " ### |#   #|#   #|#   #| ### "), ("P", "#### |#   #|#### |#    |#    "),
            ("Q", " ### |#   #|# # #|#  # | ## #"), ("R", "#### |#   #|#### |#  # |#   #"),
            ("S", " ####|#    | ### |    #|#### "), ("T", "#####|  #  |  #  |  #  |  #  "),
            ("U", "#   #|#   #|#   #|#   #| ### "), ("V", "#   #|#   #|#   #| # # |  #  "),
            ("W", "#   #|#   #|# # #|## ##|#   #"), ("X", "#   #| # # |  #  | # # |#   #"),
            ("Y", "#   #| # # |  #  |  #  |  #  "), ("Z", "#####|   # |  #  | #   |#####"),
        ]
        var table: [Character: [String]] = [:]
        for (character, pattern) in source { table[character] = pattern.split(separator: "|").map(String.init) }
        return table
    }()
}
