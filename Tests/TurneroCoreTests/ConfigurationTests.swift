import Foundation
import Testing
import TurneroCore

@Suite("Office configuration")
struct ConfigurationTests {
    static let exampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("kiosk-scripts/config/office.example.json")

    @Test func shippedExampleLoadsWithDefaults() throws {
        let configuration = try OfficeConfiguration.load(json: Data(contentsOf: Self.exampleURL))
        #expect(configuration.timeZone == "America/Bogota")
        #expect(configuration.services.map(\.code.rawValue).contains("reclamos"))
        #expect(configuration.ordering == OrderingRule(preferential: 1, normal: 2, maxWaitMinutes: 40))
        #expect(configuration.rating.callbackHours == 24)
    }

    static let minimal = #"{"officeId":"o","officeName":"O","services":[{"code":"pagos","prefix":"P","name":{"es":"Pagos","en":""}}],"counters":[{"number":1,"services":["pagos"]}]}"#

    @Test func minimalFileGetsTheDocumentedDefaults() throws {
        let configuration = try OfficeConfiguration.load(json: Data(Self.minimal.utf8))
        #expect(configuration.ordering == OrderingRule(preferential: 1, normal: 2, maxWaitMinutes: 45))
        #expect(configuration.calling == CallingRules(maxCalls: 3, reactivationMinutes: 15))
        #expect(configuration.services[0].name.text(in: .english) == "Pagos")
    }

    /// Each broken file must name the field at fault.
    @Test(arguments: [
        (#"{"officeName":"O","services":[],"counters":[]}"#, "officeId"),
        (#"{"officeId":"o","officeName":"O","services":[{"code":"pagos","prefix":"P"}],"counters":[]}"#, "services[0].name"),
        (#"{"officeId":"o","officeName":"O","services":"x","counters":[]}"#, "services"),
        (#"{"officeId":"o","officeName":"O","services":[{"code":"pagos","prefix":"P","name":{"es":"P","en":""}}],"counters":[{"number":"one","services":[]}]}"#, "counters[0].number"),
        (#"{"officeId":"o","officeName":"O","services":[{"code":"pagos","prefix":"P","name":{"es":"P","en":""}}],"counters":[{"number":1,"services":["caja"]}]}"#, "counters[0].services[0]"),
        (#"{"officeId":"o","officeName":"O","timeZone":"Mars/Olympus","services":[{"code":"pagos","prefix":"P","name":{"es":"P","en":""}}],"counters":[]}"#, "timeZone"),
        (#"{"officeId":"o","officeName":"O","services":[{"code":"pagos","prefix":"P","name":{"es":"P","en":""}},{"code":"caja","prefix":"P","name":{"es":"C","en":""}}],"counters":[]}"#, "services[1].prefix"),
        (#"{"officeId":"o","officeName":"O","services":[{"code":"Pagos Ya","prefix":"P","name":{"es":"P","en":""}}],"counters":[]}"#, "services[0].code"),
        (#"{"officeId":"o","officeName":"O","services":[{"code":"pagos","prefix":"P","name":{"es":"P","en":""}}],"counters":[],"ordering":{"normal":0}}"#, "ordering.normal"),
        (#"{"officeId":"o","officeName":"O","#, "(file)"),
    ])
    func brokenConfigurationNamesTheField(json: String, field: String) {
        let error = #expect(throws: ConfigurationError.self) { try OfficeConfiguration.load(json: Data(json.utf8)) }
        #expect(error?.field == field, "\(error?.description ?? "no error")")
    }
}
