import PropertyBased
import Testing
import TurneroCore

/// Numbers as the board says them. The oracle is an independent reader of Spanish (and English)
/// number words written here from the grammar, not from the code under test.
@Suite("Numbers read as words (Spanish and English)")
struct SpokenNumberTests {
    @Test("the Real Academia's forms", arguments: [
        (1, "uno"), (9, "nueve"), (10, "diez"), (15, "quince"), (16, "dieciséis"), (19, "diecinueve"), (20, "veinte"),
        (21, "veintiuno"), (22, "veintidós"), (23, "veintitrés"), (26, "veintiséis"), (30, "treinta"), (31, "treinta y uno"),
        (42, "cuarenta y dos"), (99, "noventa y nueve"), (100, "cien"), (101, "ciento uno"), (110, "ciento diez"),
        (116, "ciento dieciséis"), (200, "doscientos"), (500, "quinientos"), (555, "quinientos cincuenta y cinco"),
        (700, "setecientos"), (900, "novecientos"), (999, "novecientos noventa y nueve"), (1000, "mil"), (1001, "mil uno"),
        (1100, "mil cien"), (1999, "mil novecientos noventa y nueve"), (2000, "dos mil"), (2021, "dos mil veintiuno"),
        (9999, "nueve mil novecientos noventa y nueve"), (21_000, "veintiún mil"), (31_000, "treinta y un mil"),
        (100_000, "cien mil"), (101_000, "ciento un mil"), (0, "cero"),
    ])
    func spanishForms(number: Int, words: String) {
        #expect(SpokenNumber.spanish(number) == words)
    }

    @Test("English forms", arguments: [
        (1, "one"), (13, "thirteen"), (20, "twenty"), (42, "forty-two"), (100, "one hundred"), (101, "one hundred one"),
        (999, "nine hundred ninety-nine"), (1000, "one thousand"), (2012, "two thousand twelve"),
        (9999, "nine thousand nine hundred ninety-nine"),
    ])
    func englishForms(number: Int, words: String) {
        #expect(SpokenNumber.english(number) == words)
    }

    @Test("every number 1–9999 reads back as itself, in the grammar of Spanish numerals")
    func everySpanishNumberReadsBack() {
        for number in 1...9999 {
            let words = SpokenNumber.spanish(number)
            guard let read = SpanishNumeralReader.read(words) else {
                Issue.record("\(number): '\(words)' is not Spanish numerals")
                return
            }
            guard read == number else {
                Issue.record("\(number) reads back as \(read): '\(words)'")
                return
            }
        }
    }

    @Test("random numbers 1–9999: words only, read back, one word per numeral slot")
    func spanishProperties() async {
        await propertyCheck(count: 3000, input: Gen.int(in: 1...9999)) { number in
            let words = SpokenNumber.spanish(number)
            #expect(SpanishNumeralReader.read(words) == number, "\(number): \(words)")
            let hasDigit = words.contains { $0.isNumber }
            #expect(!hasDigit, "\(words)")
            let tokens = words.split(separator: " ")
            // "y" joins tens (30–90) and units only; "cien" is exactly one hundred.
            for (index, token) in tokens.enumerated() where token == "y" {
                #expect(index > 0 && SpanishNumeralReader.tens.keys.contains(String(tokens[index - 1])), "\(words)")
                #expect(index + 1 < tokens.count && (1...9).contains(SpanishNumeralReader.units[String(tokens[index + 1])] ?? 0), "\(words)")
            }
            if tokens.contains("cien") { #expect(number % 1000 == 100, "\(words)") }
            // "uno" only at the end; the shortened "un"/"veintiún" never in 1–9999.
            #expect(!tokens.dropLast().contains("uno") && !tokens.contains("un") && !tokens.contains("veintiún"), "\(words)")
            // 1000–1999 is "mil …", never "uno mil".
            if (1000...1999).contains(number) { #expect(tokens.first == "mil", "\(words)") }
        }
    }

    @Test("random numbers 1–9999 in English read back")
    func englishProperties() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 1...9999)) { number in
            #expect(EnglishNumeralReader.read(SpokenNumber.english(number)) == number, "\(number): \(SpokenNumber.english(number))")
        }
    }

    @Test("numbers out of range are read digit by digit, never as wrong words")
    func outOfRange() {
        #expect(SpokenNumber.spanish(1_000_000) == "uno cero cero cero cero cero cero")
        #expect(SpokenNumber.english(-4) == "minus four")
    }
}

/// Reads Spanish numerals up to 999,999 from their words (RAE grammar), or nil.
enum SpanishNumeralReader {
    static let units: [String: Int] = [
        "uno": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
        "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16, "diecisiete": 17,
        "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiún": 21, "veintidós": 22, "veintitrés": 23,
        "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
    ]
    static let tens: [String: Int] = [
        "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
    ]
    static let hundreds: [String: Int] = [
        "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
        "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
    ]

    static func read(_ text: String) -> Int? {
        var total = 0
        var group = 0
        var expectUnitAfterY = false
        var lastPlace = 1000  // the place of the previous word in this group: words must descend
        for token in text.split(separator: " ").map(String.init) {
            if token == "y" {
                guard lastPlace == 10 else { return nil }
                expectUnitAfterY = true
                continue
            }
            if token == "mil" {
                guard !expectUnitAfterY, total == 0 else { return nil }
                total = (group == 0 ? 1 : group) * 1000
                group = 0
                lastPlace = 1000
                continue
            }
            let place: Int
            let value: Int
            if let v = hundreds[token] {
                (place, value) = (100, v)
            } else if let v = tens[token] {
                (place, value) = (10, v)
            } else if let v = units[token] {
                (place, value) = (v >= 10 ? 10 : 1, v)
            } else {
                return nil
            }
            if expectUnitAfterY {
                guard place == 1 else { return nil }
                expectUnitAfterY = false
            } else if place == 1 && lastPlace == 10 && group % 100 != 0 {
                return nil  // "treinta uno" without "y"
            }
            guard place < lastPlace || (place == 1 && lastPlace == 10 && group % 100 >= 30) else { return nil }
            group += value
            lastPlace = place
        }
        return expectUnitAfterY ? nil : total + group
    }
}

/// Reads English numerals up to 999,999 ("forty-two", "one hundred one").
enum EnglishNumeralReader {
    static let words: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90,
    ]

    static func read(_ text: String) -> Int? {
        var total = 0
        var group = 0
        for token in text.split(separator: " ") {
            switch token {
            case "hundred": group *= 100
            case "thousand":
                total += group * 1000
                group = 0
            default:
                var value = 0
                for part in token.split(separator: "-") {
                    guard let v = words[String(part)] else { return nil }
                    value += v
                }
                group += value
            }
        }
        return total + group
    }
}
