import Foundation

/// Every printer profile in a devices directory, plus the files that failed to load.
///
/// Loading never stops at a bad file: the kiosk keeps the good profiles and `turnero printer
/// profiles` shows the problems.
public struct ProfileCatalog: Sendable {
    /// Valid profiles, sorted by id.
    public private(set) var profiles: [PrinterProfile]
    /// One error per rejected file.
    public private(set) var problems: [ProfileError]
    /// The directory the catalog was loaded from.
    public let directory: String

    /// A catalog from profiles already in memory (tests, built-in defaults).
    public init(profiles: [PrinterProfile], problems: [ProfileError] = [], directory: String = "(memory)") {
        self.profiles = profiles.sorted { $0.id < $1.id }
        self.problems = problems
        self.directory = directory
    }

    /// The profile with this id, if it loaded.
    public func profile(id: String) -> PrinterProfile? {
        profiles.first { $0.id == id }
    }

    /// The profile with this id, or an error listing the known ids (and why it failed, if it did).
    public func requireProfile(id: String) throws(ProfileError) -> PrinterProfile {
        if let profile = profile(id: id) { return profile }
        if let problem = problems.first(where: { URL(fileURLWithPath: $0.file).deletingPathExtension().lastPathComponent == id }) {
            throw problem
        }
        throw ProfileError(
            .notFound, file: directory, field: "id",
            reason: "no profile '\(id)' (known: \(profiles.map(\.id).joined(separator: ", ")))")
    }

    /// Every profile claiming this USB vendor:product pair, best first: an exact interface-class
    /// match before others, named models before `generic-*` ones.
    ///
    /// Clones share ids (0416:5011 is on many 58 and 80 mm printers), so more than one may match;
    /// the kiosk configuration should then pin the profile id.
    public func profiles(vendorID: UInt16, productID: UInt16, interfaceClass: Int? = nil) -> [PrinterProfile] {
        let matches = profiles.filter { profile in
            profile.usb.contains { $0.vendorID == vendorID && $0.productID == productID }
        }
        func rank(_ profile: PrinterProfile) -> Int {
            let classMatches = profile.usb.contains {
                $0.vendorID == vendorID && $0.productID == productID && $0.interfaceClass == interfaceClass
            }
            return (classMatches ? 0 : 2) + (profile.id.hasPrefix("generic-") ? 1 : 0)
        }
        return matches.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// The best profile for a USB device, or nil when no profile names it.
    public func profile(vendorID: UInt16, productID: UInt16, interfaceClass: Int? = nil) -> PrinterProfile? {
        profiles(vendorID: vendorID, productID: productID, interfaceClass: interfaceClass).first
    }

    /// The generic profile for a paper width (`generic-58mm` below 70 mm, else `generic-80mm`).
    public func fallback(paperWidthMm: Double) -> PrinterProfile? {
        profile(id: paperWidthMm < 70 ? "generic-58mm" : "generic-80mm")
    }
}
