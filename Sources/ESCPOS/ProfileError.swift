/// A printer profile that cannot be used, naming the file, the field and the reason.
public struct ProfileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem, for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case unreadable, malformed, invalid, contradictory, duplicate, notFound
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file or directory could not be read.
        public static let unreadable = Code(.unreadable)
        /// Not JSON, a wrong type, a missing or unknown field.
        public static let malformed = Code(.malformed)
        /// A value out of its range (a 5-digit USB id, 0 dpi).
        public static let invalid = Code(.invalid)
        /// Fields that disagree (fonts wider than the line, GS1-128 without CODE128).
        public static let contradictory = Code(.contradictory)
        /// Another profile already has this id.
        public static let duplicate = Code(.duplicate)
        /// No profile with the requested id.
        public static let notFound = Code(.notFound)

        public var description: String { value.rawValue }
    }

    /// What kind of problem.
    public var code: Code
    /// The profile file (or the devices directory).
    public var file: String
    /// Dotted path of the field at fault (`fonts[1].columns`), or `(file)`.
    public var field: String
    /// What is wrong, for a technician.
    public var reason: String

    /// A profile error.
    public init(_ code: Code, file: String, field: String, reason: String) {
        self.code = code
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(file): \(field): \(reason)" }
}
