/// Whole numbers as words, the way an announcement reads them: "cuarenta y dos",
/// "forty-two". Pure; covers 0…999,999 (labels have at most six digits, counters three).
public enum SpokenNumber {
    /// The largest number read as words.
    public static let maximum = 999_999

    /// The number in words in `language`; numbers outside 0…``maximum`` are read digit by digit.
    public static func words(_ number: Int, in language: Language) -> String {
        switch language {
        case .spanish: spanish(number)
        case .english: english(number)
        }
    }

    // MARK: - Spanish (Real Academia Española, Ortografía 2010)

    private static let spanishUnits = [
        "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece",
        "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós",
        "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve",
    ]
    private static let spanishTens = ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
    private static let spanishHundreds = [
        "", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos", "ochocientos",
        "novecientos",
    ]

    /// "cuarenta y dos", "cien", "ciento uno", "mil", "veintiún mil doscientos".
    public static func spanish(_ number: Int) -> String {
        guard (0...maximum).contains(number) else { return digits(number, in: .spanish) }
        if number == 0 { return "cero" }
        let thousands = number / 1000
        let rest = number % 1000
        var parts: [String] = []
        if thousands == 1 {
            parts.append("mil")
        } else if thousands > 1 {
            // Before "mil" the one is shortened: "veintiún mil", "treinta y un mil".
            parts.append(spanishBelowThousand(thousands, apocopated: true) + " mil")
        }
        if rest > 0 { parts.append(spanishBelowThousand(rest, apocopated: false)) }
        return parts.joined(separator: " ")
    }

    private static func spanishBelowThousand(_ number: Int, apocopated: Bool) -> String {
        if number == 100 { return "cien" }
        var parts: [String] = []
        let hundreds = number / 100
        let rest = number % 100
        if hundreds > 0 { parts.append(spanishHundreds[hundreds]) }
        if rest > 0 {
            var words: String
            if rest < 30 {
                words = spanishUnits[rest]
            } else {
                words = spanishTens[rest / 10]
                if rest % 10 > 0 { words += " y " + spanishUnits[rest % 10] }
            }
            if apocopated {
                if words == "veintiuno" {
                    words = "veintiún"
                } else if words.hasSuffix("uno") {
                    words.removeLast()
                }
            }
            parts.append(words)
        }
        return parts.joined(separator: " ")
    }

    // MARK: - English (American usage: no "and")

    private static let englishUnits = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let englishTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    /// "forty-two", "one hundred one", "two thousand twelve".
    public static func english(_ number: Int) -> String {
        guard (0...maximum).contains(number) else { return digits(number, in: .english) }
        if number == 0 { return "zero" }
        var parts: [String] = []
        if number >= 1000 { parts.append(englishBelowThousand(number / 1000) + " thousand") }
        if number % 1000 > 0 { parts.append(englishBelowThousand(number % 1000)) }
        return parts.joined(separator: " ")
    }

    private static func englishBelowThousand(_ number: Int) -> String {
        var parts: [String] = []
        if number >= 100 { parts.append(englishUnits[number / 100] + " hundred") }
        let rest = number % 100
        if rest >= 20 {
            parts.append(englishTens[rest / 10] + (rest % 10 > 0 ? "-" + englishUnits[rest % 10] : ""))
        } else if rest > 0 {
            parts.append(englishUnits[rest])
        }
        return parts.joined(separator: " ")
    }

    /// A number too large (or negative) for words: its digits one by one.
    private static func digits(_ number: Int, in language: Language) -> String {
        let units = language == .spanish ? spanishUnits : englishUnits
        let sign = number < 0 ? (language == .spanish ? "menos " : "minus ") : ""
        return sign + String(number.magnitude).compactMap { $0.wholeNumberValue }.map { units[$0] }.joined(separator: " ")
    }
}
