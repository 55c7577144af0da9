/// GS1 numbering helpers: the mod-10 check digit used by GLNs (and GTINs).
public enum GS1 {
    /// The check digit for `digits` (the number without its check digit): weights 3, 1, 3…
    /// from the right.
    public static func checkDigit(for digits: String) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            let value = Int(character.asciiValue! - 48)
            sum += index % 2 == 0 ? value * 3 : value
        }
        return (10 - sum % 10) % 10
    }

    /// Whether `gln` is 13 digits with a correct check digit (7709998000018 is; …019 is not).
    public static func isValidGLN(_ gln: String) -> Bool {
        guard gln.count == 13, let expected = checkDigit(for: String(gln.dropLast())),
            let last = gln.last?.wholeNumberValue
        else { return false }
        return expected == last
    }
}
