/// Masking of personal data: anyone can type any account number at a kiosk, so screens and
/// coupons show only what paying needs (Ley 1581 de 2012).
public enum PersonalData {
    /// `12345678` → `****5678`: only the last `visible` digits stay.
    public static func maskAccount(_ account: String, visible: Int = 4) -> String {
        let keep = min(max(0, visible), account.count)
        return String(repeating: "*", count: account.count - keep) + account.suffix(keep)
    }

    /// `JUAN CARLOS PÉREZ` → `JUA** CAR*** PÉR**`: the first three letters of each word.
    public static func maskName(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).map { word in
            word.count <= 3 ? String(word.prefix(1)) + String(repeating: "*", count: word.count - 1)
                : String(word.prefix(3)) + String(repeating: "*", count: word.count - 3)
        }.joined(separator: " ")
    }
}
