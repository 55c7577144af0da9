/// One call as the board says it aloud: "Turno pe, cuarenta y dos, módulo tres".
///
/// The spoken text is words only: the label's letters by their names (a lone "A" or "Y" would
/// be read as a word), its number and the counter's as words, so a speech synthesizer cannot
/// read them any other way. Pure.
public struct CallAnnouncement: Sendable, Hashable {
    /// The turn called (its id: a recall of the same turn is the same turn).
    public var turnId: String
    /// The printed label (`P-042`).
    public var label: String
    /// The counter that called.
    public var counter: Int
    /// 1 for the first call, more for recalls.
    public var call: Int
    /// The language the customer chose at the kiosk.
    public var language: Language

    public init(turnId: String, label: String, counter: Int, call: Int, language: Language) {
        self.turnId = turnId
        self.label = label
        self.counter = counter
        self.call = call
        self.language = language
    }

    /// The sentence to speak, from the office's template for the customer's language.
    public func text(settings: AnnouncementSettings = .init()) -> String {
        settings.template.text(in: language)
            .replacingOccurrences(of: "{label}", with: Self.spokenLabel(label, in: language))
            .replacingOccurrences(of: "{counter}", with: SpokenNumber.words(counter, in: language))
    }

    /// A label as words: `P-042` → "pe, cuarenta y dos" / "pee, forty-two"; `AB-007` → "a, be, siete".
    ///
    /// Each letter is followed by a pause (a comma), as people spell: said alone, a letter is
    /// stressed, so "a" is heard as the letter and not as the word "a".
    public static func spokenLabel(_ label: String, in language: Language) -> String {
        guard let parsed = TurnLabel.parse(label) else {
            return label.map { spokenCharacter($0, in: language) }.filter { !$0.isEmpty }.joined(separator: ", ")
        }
        let prefix = parsed.prefix.map { spokenCharacter($0, in: language) }.filter { !$0.isEmpty }
        return (prefix + [SpokenNumber.words(parsed.number, in: language)]).joined(separator: ", ")
    }

    /// A letter's name or a digit's word; other characters are not spoken.
    static func spokenCharacter(_ character: Character, in language: Language) -> String {
        if let digit = character.wholeNumberValue, character.isASCII { return SpokenNumber.words(digit, in: language) }
        let names = language == .spanish ? spanishLetters : englishLetters
        return names[String(character).uppercased()] ?? ""
    }

    /// Spanish letter names (Colombian usage). B and V sound alike in Spanish: "be larga",
    /// "ve corta", as people in Colombia tell them apart.
    static let spanishLetters: [String: String] = [
        "A": "a", "B": "be larga", "C": "ce", "D": "de", "E": "e", "F": "efe", "G": "ge", "H": "hache", "I": "i",
        "J": "jota", "K": "ka", "L": "ele", "M": "eme", "N": "ene", "Ñ": "eñe", "O": "o", "P": "pe", "Q": "cu", "R": "erre",
        "S": "ese", "T": "te", "U": "u", "V": "ve corta", "W": "doble ve", "X": "equis", "Y": "ye", "Z": "zeta",
    ]

    /// English letter names.
    static let englishLetters: [String: String] = [
        "A": "ay", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "gee", "H": "aitch", "I": "eye",
        "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en", "O": "oh", "P": "pee", "Q": "cue", "R": "ar", "S": "ess",
        "T": "tee", "U": "you", "V": "vee", "W": "double-you", "X": "ex", "Y": "why", "Z": "zee",
    ]
}

/// How the board announces calls (office configuration `announcements`).
public struct AnnouncementSettings: Codable, Sendable, Hashable {
    /// The sentence per language; `{label}` and `{counter}` are replaced by words.
    public var template: LocalizedText
    /// A chime before each announcement.
    public var chime: Bool
    /// How many times each call is said (a recall is a call of its own and is said again).
    public var repetitions: Int

    public static let defaultTemplate = LocalizedText(es: "Turno {label}, módulo {counter}", en: "Ticket {label}, counter {counter}")

    public init(template: LocalizedText = Self.defaultTemplate, chime: Bool = true, repetitions: Int = 1) {
        self.template = template
        self.chime = chime
        self.repetitions = repetitions
    }

    private enum CodingKeys: String, CodingKey { case template, chime, repetitions }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        template = try c.decodeIfPresent(LocalizedText.self, forKey: .template) ?? Self.defaultTemplate
        chime = try c.decodeIfPresent(Bool.self, forKey: .chime) ?? true
        repetitions = try c.decodeIfPresent(Int.self, forKey: .repetitions) ?? 1
    }

    /// Checks the template names the label, uses only known placeholders and is short enough to say.
    public func validate() throws(ConfigurationError) {
        for (language, text) in [("es", template.es), ("en", template.en)] where !(language == "en" && text.isEmpty) {
            let field = "announcements.template.\(language)"
            guard text.count <= 200 else { throw ConfigurationError(field: field, reason: "must have at most 200 characters") }
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                guard let close = rest[open...].firstIndex(of: "}") else {
                    throw ConfigurationError(field: field, reason: "an unclosed '{'")
                }
                let name = rest[rest.index(after: open)..<close]
                guard name == "label" || name == "counter" else {
                    throw ConfigurationError(field: field, reason: "unknown placeholder {\(name)}; use {label} and {counter}")
                }
                rest = rest[rest.index(after: close)...]
            }
            guard text.contains("{label}") else { throw ConfigurationError(field: field, reason: "must contain {label}") }
        }
        guard (1...3).contains(repetitions) else {
            throw ConfigurationError(field: "announcements.repetitions", reason: "must be between 1 and 3")
        }
    }
}
