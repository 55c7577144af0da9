public import Foundation

// The catalog's only I/O: listing the devices directory (each file is read by
// PrinterProfile+Loading.swift).
extension ProfileCatalog {
    /// Loads every `*.json` file in `directory`.
    ///
    /// - Throws: `ProfileError` `.unreadable` when the directory cannot be listed, `.notFound`
    ///   when it holds no `*.json` file (a wrong `--devices` must not look like "no printers").
    public static func load(directory: URL) throws(ProfileError) -> ProfileCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ProfileError(
                .unreadable, file: directory.path, field: "(directory)", reason: "cannot list the directory")
        }
        guard names.contains(where: { $0.hasSuffix(".json") }) else {
            throw ProfileError(
                .notFound, file: directory.path, field: "(directory)",
                reason: "no printer profiles (*.json) in this directory; it should hold the files of the devices/ folder")
        }
        var profiles: [PrinterProfile] = []
        var problems: [ProfileError] = []
        var files: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = directory.appendingPathComponent(name)
            do throws(ProfileError) {
                let profile = try PrinterProfile.load(contentsOf: url)
                if let other = files[profile.id] {
                    throw ProfileError(.duplicate, file: url.path, field: "id", reason: "'\(profile.id)' is also in \(other)")
                }
                files[profile.id] = url.path
                profiles.append(profile)
            } catch {
                problems.append(error)
            }
        }
        return ProfileCatalog(profiles: profiles, problems: problems, directory: directory.path)
    }
}
