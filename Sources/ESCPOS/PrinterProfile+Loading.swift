import DecodingDiagnostics
public import Foundation

extension PrinterProfile {
    /// Reads, decodes and validates `devices/<id>.json`.
    ///
    /// - Throws: `ProfileError` naming the file, the field and the reason; the profile's `id`
    ///   must equal the file name.
    public static func load(contentsOf url: URL) throws(ProfileError) -> PrinterProfile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ProfileError(.unreadable, file: url.path, field: "(file)", reason: error.localizedDescription)
        }
        let profile = try decode(json: data, file: url.path)
        let expected = url.deletingPathExtension().lastPathComponent
        guard profile.id == expected else {
            throw ProfileError(
                .contradictory, file: url.path, field: "id",
                reason: "is '\(profile.id)' but the file is named '\(expected).json'")
        }
        return profile
    }

    /// Decodes and validates a profile from JSON; `file` only labels errors.
    public static func decode(json data: Data, file: String = "(profile)") throws(ProfileError) -> PrinterProfile {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            if let failure = JSONSyntaxCheck.firstError(in: Array(data)) {
                throw ProfileError(
                    .malformed, file: file, field: "(file)",
                    reason: "not valid JSON at line \(failure.line), column \(failure.column): expected \(failure.expected)")
            }
            throw ProfileError(.malformed, file: file, field: "(file)", reason: "not valid JSON (\(error.localizedDescription))")
        }
        // Codable ignores unknown keys; a misspelt "buzer" must not pass silently.
        try rejectUnknownKeys(object, schema: Self.schema, path: "", file: file)
        // A code page the encoder has no table for: say which ones it has.
        if let name = ((object as? [String: Any])?["codePage"] as? [String: Any])?["name"] as? String,
            CodePage(rawValue: name) == nil
        {
            throw ProfileError(
                .invalid, file: file, field: "codePage.name",
                reason: "unknown code page '\(name.prefix(40))' (accepted: \(CodePage.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let profile: PrinterProfile
        do {
            profile = try JSONDecoder().decode(PrinterProfile.self, from: data)
        } catch let error as DecodingError {
            let diagnosis = DecodingDiagnosis(error)
            throw ProfileError(.malformed, file: file, field: diagnosis.field, reason: diagnosis.reason)
        } catch {
            throw ProfileError(.malformed, file: file, field: "(file)", reason: "\(error)")
        }
        do {
            try profile.validate()
        } catch var error {
            error.file = file
            throw error
        }
        return profile
    }

    /// Allowed keys per object path (`[]` marks array elements). Keys starting with `$` are
    /// comments and always allowed.
    private static let schema: [String: Set<String>] = [
        "": [
            "id", "vendor", "model", "notes", "usb", "paper", "fonts", "codePage", "cancelKanjiMode", "symbols",
            "raster", "cutter", "status", "buzzer", "speedMmPerSecond",
        ],
        "usb[]": ["vendorId", "productId", "interfaceClass"],
        "paper": ["widthMm", "printableWidthMm", "dpi", "dotsPerLine"],
        "fonts[]": ["name", "widthDots", "heightDots", "columns"],
        "codePage": ["name", "escT"],
        "symbols": ["code128", "gs1_128", "qr", "minModuleWidth", "maxModuleWidth", "maxQRModuleSize"],
        "raster": ["command", "bandRows"],
        "cutter": ["partial", "full", "command", "feedLines"],
        "status": ["dleEot", "nearEndSensor"],
        "buzzer": ["command", "duration"],
    ]

    /// `path` with each array index written `[]` (`fonts[1].name` → `fonts[].name`): the
    /// schema's name for the field. Written out rather than as a regex: a regex literal is
    /// parsed when first used, which loads Swift's regex libraries into every kiosk (1.7 MB
    /// resident, issue 15).
    static func schemaName(of path: String) -> String {
        var name: [UInt8] = []
        let bytes = Array(path.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "[") {
                var end = index + 1
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
                if end > index + 1, end < bytes.count, bytes[end] == UInt8(ascii: "]") {
                    name += Array("[]".utf8)
                    index = end + 1
                    continue
                }
            }
            name.append(bytes[index])
            index += 1
        }
        return String(decoding: name, as: UTF8.self)
    }

    private static func rejectUnknownKeys(
        _ value: Any, schema: [String: Set<String>], path: String, file: String
    ) throws(ProfileError) {
        if let array = value as? [Any] {
            for (index, element) in array.enumerated() where element is [String: Any] {
                try rejectUnknownKeys(element, schema: schema, path: path + "[\(index)]", file: file)
            }
            return
        }
        guard let object = value as? [String: Any] else { return }
        let schemaPath = schemaName(of: path)
        guard let allowed = schema[schemaPath] else { return }
        for key in object.keys.sorted() where !key.hasPrefix("$") {
            let field = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else {
                throw ProfileError(
                    .malformed, file: file, field: field,
                    reason: "unknown field (known here: \(allowed.sorted().joined(separator: ", ")))")
            }
            try rejectUnknownKeys(object[key] as Any, schema: schema, path: field, file: file)
        }
    }
}
