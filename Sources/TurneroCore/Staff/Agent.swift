/// The id of a staff member ("asesor") as offices and the centre write it (`ana.perez`).
public struct AgentID: RawRepresentable, Codable, Sendable, Hashable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// 1–32 lowercase letters, digits, `.`, `-` or `_`: safe in URLs, file names and logs.
    public var isValid: Bool {
        !rawValue.isEmpty && rawValue.utf8.count <= 32
            && rawValue.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0) }
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A staff member who signs in at counters: id, name, the hash of their PIN, and whether they
/// may still sign in. The PIN itself is never stored (``pinHash`` is PBKDF2, the scheme of the
/// centre's operator passwords: SyncProtocol's `PasswordHash`), so a kiosk's database or the
/// staff dataset does not reveal it.
public struct Agent: Codable, Sendable, Hashable, Identifiable {
    public var id: AgentID
    /// The name staff and managers read ("Ana Pérez").
    public var name: String
    /// `pbkdf2-sha256$ROUNDS$SALT$KEY`.
    public var pinHash: String
    /// Disabled agents cannot sign in; their history stays.
    public var active: Bool

    public init(id: AgentID, name: String, pinHash: String, active: Bool = true) {
        self.id = id
        self.name = name
        self.pinHash = pinHash
        self.active = active
    }

    private enum CodingKeys: String, CodingKey { case id, name, pinHash, active }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(AgentID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        pinHash = try c.decode(String.self, forKey: .pinHash)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
    }

    /// Why the agent cannot be stored, or nil.
    public var problem: String? {
        if !id.isValid { return "the id must be 1–32 lowercase letters, digits, '.', '-' or '_'" }
        let trimmed = name.trimmingWhitespace()
        if trimmed.isEmpty || trimmed.count > 60 { return "the name must have 1–60 characters" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the name must not contain control characters"
        }
        if pinHash.isEmpty || pinHash.utf8.count > 200 { return "the PIN hash is missing" }
        return nil
    }
}

/// The rule for PINs people choose: 4 to 8 digits.
public enum AgentPIN {
    /// Whether `pin` is 4–8 ASCII digits.
    public static func isWellFormed(_ pin: String) -> Bool {
        (4...8).contains(pin.utf8.count) && pin.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
