/// The two languages the customer front speaks. Spanish comes first.
public enum Language: String, Codable, Sendable, CaseIterable {
    case spanish = "es"
    case english = "en"
}

/// A text shown to people, in Spanish and English.
public struct LocalizedText: Codable, Sendable, Hashable {
    /// The Spanish text (always present: Spanish is the office language).
    public var es: String
    /// The English text; falls back to Spanish when empty.
    public var en: String

    public init(es: String, en: String) {
        self.es = es
        self.en = en
    }

    /// The text in `language`, falling back to Spanish.
    public func text(in language: Language) -> String {
        switch language {
        case .spanish: es
        case .english: en.isEmpty ? es : en
        }
    }
}
