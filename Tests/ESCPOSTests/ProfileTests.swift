import ESCPOS
import Foundation
import TestSupport
import Testing

@Suite("Printer profiles in devices/")
struct ProfileTests {
    @Test("the catalog loads every file without problems")
    func catalogLoadsCleanly() throws {
        let catalog = try ProfileCatalog.load(directory: Fixtures.devices)
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        #expect(catalog.profiles.count == Fixtures.profileIDs.count)
        let real = catalog.profiles.filter { !$0.id.hasPrefix("generic-") }
        #expect(real.count >= 8)
        for required in ["epson-tm-t20ii", "epson-tm-t20iii", "epson-tm-t88v", "epson-tm-t88vi", "star-tsp650ii", "pos-5890", "generic-80mm", "generic-58mm"] {
            #expect(catalog.profile(id: required) != nil, "missing \(required)")
        }
        #expect(catalog.profiles.contains { $0.vendor == "Bixolon" && $0.model.hasPrefix("SRP-350") })
    }

    @Test("each profile is valid and consistent", arguments: Fixtures.profileIDs)
    func profileIsValid(id: String) throws {
        let profile = try PrinterProfile.load(contentsOf: Fixtures.devices.appendingPathComponent("\(id).json"))
        #expect(profile.id == id)
        try profile.validate()
        #expect(profile.fontA.columns * profile.fontA.widthDots <= profile.paper.dotsPerLine)
        #expect([58.0, 80.0].contains(profile.paper.widthMm))
        if !id.hasPrefix("generic-") { #expect(!profile.usb.isEmpty) }
        // Spanish must print: the code page has every letter we need.
        for character in "áéíóúñÑÁÉÍÓÚ¿¡€".unicodeScalars {
            #expect(profile.codePage.name.byte(for: character) != nil, "\(id) cannot print \(character)")
        }
    }

    @Test("USB lookup finds the model, preferring the interface class it shows")
    func usbLookup() {
        let catalog = Fixtures.catalog
        #expect(catalog.profile(vendorID: 0x04b8, productID: 0x0e28)?.id == "epson-tm-t20iii")
        #expect(catalog.profile(vendorID: 0x04b8, productID: 0x0e21, interfaceClass: 7)?.id == "epson-tm-t88vi")
        // 0202 is the vendor-class id of several Epson models: all are candidates.
        let vendorClass = catalog.profiles(vendorID: 0x04b8, productID: 0x0202, interfaceClass: 255).map(\.id)
        #expect(Set(vendorClass) == ["epson-tm-t20iii", "epson-tm-t88v", "epson-tm-t88vi"])
        #expect(catalog.profiles(vendorID: 0x0fe6, productID: 0x811e).count == 2)
        #expect(catalog.profile(vendorID: 0x1234, productID: 0x5678) == nil)
        #expect(catalog.fallback(paperWidthMm: 58)?.id == "generic-58mm")
        #expect(catalog.fallback(paperWidthMm: 80)?.id == "generic-80mm")
    }

    @Test("an unknown id names the known ones")
    func unknownProfile() {
        #expect {
            _ = try Fixtures.catalog.requireProfile(id: "epson-tm-t1000")
        } throws: { error in
            let error = error as? ProfileError
            return error?.code == .notFound && error?.field == "id" && error?.reason.contains("epson-tm-t20iii") == true
        }
    }
}

@Suite("Malformed and contradictory profiles are rejected with file, field and reason")
struct MalformedProfileTests {
    /// Breaks one field of a valid profile and returns the error.
    private func rejection(_ change: (inout [String: Any]) -> Void) throws -> ProfileError? {
        var object = try Fixtures.profileJSON()
        change(&object)
        do {
            _ = try Fixtures.decode(object)
            return nil
        } catch {
            return error
        }
    }

    private static func nested(_ object: inout [String: Any], _ key: String, _ change: (inout [String: Any]) -> Void) {
        var inner = object[key] as? [String: Any] ?? [:]
        change(&inner)
        object[key] = inner
    }

    @Test func missingField() throws {
        let error = try #require(try rejection { $0["paper"] = nil })
        #expect(error.code == .malformed && error.field == "paper" && error.reason.contains("missing"))
        #expect(error.file == "test.json")
    }

    @Test func wrongType() throws {
        let error = try #require(try rejection { Self.nested(&$0, "paper") { $0["dpi"] = "203" } })
        #expect(error.field == "paper.dpi" && error.reason.contains("whole number"))
    }

    @Test func unknownField() throws {
        let error = try #require(try rejection { $0["buzer"] = ["command": "ESC B"] })
        #expect(error.code == .malformed && error.field == "buzer" && error.reason.contains("unknown field"))
    }

    @Test func unknownNestedField() throws {
        let error = try #require(try rejection { Self.nested(&$0, "cutter") { $0["feedlines"] = 3 } })
        #expect(error.field == "cutter.feedlines")
    }

    /// An unknown key inside an array element is named with its index, and the element is
    /// checked against the array's schema (`fonts[]`).
    @Test func unknownFieldInAnArrayElement() throws {
        let error = try #require(try rejection { object in
            var fonts = object["fonts"] as? [[String: Any]] ?? []
            fonts[fonts.count - 1]["heigthDots"] = 24
            object["fonts"] = fonts
        })
        let fonts = try #require(try Fixtures.profileJSON()["fonts"] as? [Any])
        #expect(error.code == .malformed && error.field == "fonts[\(fonts.count - 1)].heigthDots", "\(error)")
        #expect(error.reason.contains("unknown field") && error.reason.contains("heightDots"))
    }

    @Test func unknownCodePage() throws {
        let error = try #require(try rejection { Self.nested(&$0, "codePage") { $0["name"] = "CP999" } })
        #expect(error.field == "codePage.name")
    }

    @Test func badUSBIdentifier() throws {
        let error = try #require(try rejection { $0["usb"] = [["vendorId": "4b8", "productId": "0e28", "interfaceClass": 7]] })
        #expect(error.code == .invalid && error.field == "usb[0].vendorId")
    }

    @Test func fontsWiderThanTheLine() throws {
        let error = try #require(
            try rejection {
                $0["fonts"] = [["name": "A", "widthDots": 12, "heightDots": 24, "columns": 64]]
            })
        #expect(error.code == .contradictory && error.field == "fonts[0].columns" && error.reason.contains("exceeds 576"))
    }

    @Test func printableWidthDisagreesWithDots() throws {
        let error = try #require(try rejection { Self.nested(&$0, "paper") { $0["dotsPerLine"] = 384 } })
        #expect(error.code == .contradictory && error.field == "paper.printableWidthMm")
    }

    @Test func gs1WithoutCode128() throws {
        let error = try #require(try rejection { Self.nested(&$0, "symbols") { $0["code128"] = false } })
        #expect(error.code == .contradictory && error.field == "symbols.gs1_128")
    }

    @Test func nearEndSensorWithoutStatus() throws {
        let error = try #require(try rejection { $0["status"] = ["dleEot": false, "nearEndSensor": true] })
        #expect(error.code == .contradictory && error.field == "status.nearEndSensor")
    }

    @Test func notJSON() throws {
        #expect(throws: ProfileError.self) { _ = try PrinterProfile.decode(json: Data("{ \"id\": ".utf8)) }
    }

    @Test("a bad file in a directory is reported, the others still load")
    func directoryWithBadFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try Data(contentsOf: Fixtures.devices.appendingPathComponent("pos-5890.json"))
        try good.write(to: folder.appendingPathComponent("pos-5890.json"))
        try good.write(to: folder.appendingPathComponent("renamed.json"))  // id ≠ file name
        try Data("not json".utf8).write(to: folder.appendingPathComponent("broken.json"))
        let catalog = try ProfileCatalog.load(directory: folder)
        #expect(catalog.profiles.map(\.id) == ["pos-5890"])
        #expect(catalog.problems.count == 2)
        let renamed = try #require(catalog.problems.first { $0.file.hasSuffix("renamed.json") })
        #expect(renamed.field == "id" && renamed.code == .contradictory)
        let broken = try #require(catalog.problems.first { $0.file.hasSuffix("broken.json") })
        #expect(broken.code == .malformed && broken.reason.contains("not valid JSON"))
        #expect(throws: ProfileError.self) { _ = try catalog.requireProfile(id: "broken") }
    }
}
