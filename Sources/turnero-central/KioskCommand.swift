import ArgumentParser
import CentralServer
import Foundation
import SyncProtocol

/// `enroll-code`: a one-time code for a kiosk of an office (optionally for one kiosk id).
struct EnrollCode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll-code", abstract: "Mint a one-time enrollment code for a kiosk of an office.",
        discussion: """
            The kiosk registers its own public key with the code (`turnero sync enroll`). An enrolled kiosk \
            id can be enrolled again only after `turnero-central kiosk revoke ID`, or with a code minted \
            for it with --kiosk ID (e.g. a replaced kiosk keeping its id).
            """)
    @OptionGroup var database: DatabaseOption
    @Option(help: "The office the kiosk belongs to.") var office: String
    @Option(help: "Only this kiosk id may use the code (and it may re-enroll an enrolled kiosk).") var kiosk: String?
    @Option(help: "Hours the code stays valid.") var validHours: Double = 24

    func run() async throws {
        guard Identifier.isValid(office) else { throw ValidationError("office ids are 1–64 letters, digits, '-', '_' or '.'") }
        if let kiosk, !Identifier.isValid(kiosk) { throw ValidationError("kiosk ids are 1–64 letters, digits, '-', '_' or '.'") }
        guard validHours > 0, validHours <= 24 * 30 else { throw ValidationError("--valid-hours must be more than 0 and at most 720") }
        let code = EnrollmentCode.make()
        let expiry = Date().addingTimeInterval(validHours * 3600)
        let (office, kiosk) = (office, kiosk)
        try await database.withStorage { storage in
            try await storage.addEnrollmentCode(
                hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: office, kioskId: kiosk, expiresAt: expiry)
        }
        print(code)
    }
}

/// `turnero-central kiosk …`: enrolled kiosks.
struct Kiosk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List enrolled kiosks, or revoke one.", subcommands: [List.self, Revoke.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every kiosk: office, key, enrollment, revocation, events lost.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let (kiosks, gaps) = try await database.withStorage { storage in
                (try await storage.kioskEnrollments(), try await storage.streamGaps(kioskId: nil))
            }
            let formatter = ISO8601DateFormatter()
            for kiosk in kiosks {
                let lost = gaps.filter { $0.kioskId == kiosk.kioskId }.reduce(Int64(0)) { $0 + $1.count }
                let state = kiosk.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                print("\(kiosk.kioskId)\t\(kiosk.officeId)\t\(kiosk.keyFingerprint)\t\(state)\tenrolled \(formatter.string(from: kiosk.enrolledAt))\tlost \(lost)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a kiosk: its requests are refused until it enrolls again (any code of its office).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "The kiosk id.") var kiosk: String

        func run() async throws {
            let kiosk = kiosk
            let revoked = try await database.withStorage { storage in try await storage.revokeKiosk(kioskId: kiosk, now: Date()) }
            guard revoked else { throw ValidationError("no enrolled kiosk \(kiosk) (or it is already revoked)") }
            print("revoked \(kiosk); it may enroll again with a new code")
        }
    }
}
