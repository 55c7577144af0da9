import ESCPOS
import Foundation
import TestSupport
import Testing

/// 58 mm layout and profile errors as technicians met them (issue 13, findings 4 and 5).
@Suite("58 mm layout: balanced lines; profile errors that say where and what")
struct LayoutFindingsTests {
    static let company = "Aguas y Energía del Valle S.A. E.S.P."

    static func lines(_ document: Document, on id: String) throws -> [String] {
        try ESCPOSEncoder(profile: try Fixtures.profile(id)).encode(document).textLines.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    @Test("no word is left alone on the last line of a wrapped paragraph", arguments: ["pos-5890", "generic-58mm"])
    func noOrphans(id: String) throws {
        var ticket = TicketContent.sample
        ticket.companyName = Self.company
        let lines = try Self.lines(TicketLayout().document(for: ticket, profile: try Fixtures.profile(id)), on: id)
        #expect(!lines.contains("E.S.P."), "\(lines)")
        #expect(!lines.contains("turno"), "\(lines)")
        // The company name in two lines of nearly the same length.
        let first = try #require(lines.firstIndex { $0.hasPrefix("Aguas") })
        #expect(abs(lines[first].count - lines[first + 1].count) <= 6, "\(lines[first...(first + 1)])")
        // Every wrapped paragraph's last line holds more than one word.
        let footer = try #require(lines.firstIndex { $0.hasPrefix("¿Dudas?") })
        #expect(lines[(footer + 1)...].allSatisfy { $0.split(separator: " ").count > 1 }, "\(lines[footer...])")
    }

    @Test(arguments: ["pos-5890", "epson-tm-t88vi"])
    func balancedWrapUsesNoMoreLinesThanGreedyWrapping(id: String) throws {
        let columns = try Fixtures.profile(id).fontA.columns
        for text in [TicketContent.sample.footer, Self.company, "Escanee para seguir su turno en el celular y calificar la atención"] {
            var greedy: [String] = []
            for word in text.split(separator: " ").map(String.init) {
                if let last = greedy.last, last.count + 1 + word.count <= columns {
                    greedy[greedy.count - 1] = last + " " + word
                } else {
                    greedy.append(word)
                }
            }
            var document = Document()
            document.text(text)
            let balanced = try Self.lines(document, on: id)
            #expect(balanced.count == greedy.count, "\(balanced) vs \(greedy)")
            #expect(balanced.joined(separator: " ") == text)
            #expect(balanced.allSatisfy { $0.count <= columns })
        }
        var document = Document()
        document.text("Palabrasinespaciosmuchomaslargaquelalíneadeltiquete y más")
        let hard = try Self.lines(document, on: "pos-5890")
        #expect(hard.allSatisfy { $0.count <= 32 } && hard.joined().replacingOccurrences(of: " ", with: "").count == 55)
    }

    @Test("a right-aligned value wraps beside its label: 'Titular' never stands alone", arguments: ["pos-5890", "generic-58mm"])
    func labelKeepsItsValue(id: String) throws {
        var document = Document()
        document.columns("Titular", "MAR*** JOS**** VAL********* DE LA TOR** ECH*******")
        document.columns("Cuenta", "****5678")
        let lines = try ESCPOSEncoder(profile: try Fixtures.profile(id)).encode(document).textLines
        let columns = try Fixtures.profile(id).fontA.columns
        #expect(lines.allSatisfy { $0.count <= columns }, "\(lines)")
        let titular = try #require(lines.first { $0.hasPrefix("Titular") })
        #expect(titular.trimmingCharacters(in: .whitespaces) != "Titular", "\(lines)")
        #expect(titular.hasSuffix("*"), "the value starts on the label's line, flush right: \(lines)")
        // Continuation lines stay flush right, and nothing of the name is lost.
        let index = try #require(lines.firstIndex(of: titular))
        let rest = lines[(index + 1)...].prefix { !$0.hasPrefix("Cuenta") }
        #expect(rest.allSatisfy { $0.count == columns }, "continuation lines are flush right: \(lines)")
        let words = (titular.dropFirst(7) + " " + rest.joined(separator: " ")).split(separator: " ")
        #expect(words.joined(separator: " ") == "MAR*** JOS**** VAL********* DE LA TOR** ECH*******")
        #expect(lines.contains { $0.hasPrefix("Cuenta") && $0.hasSuffix("****5678") })
    }

    @Test func invalidJSONSaysTheLineAndColumn() throws {
        let text = "{\n  \"id\": \"broken\",\n  \"vendor\": Epson,\n  \"model\": \"X\"\n}\n"
        do {
            _ = try PrinterProfile.decode(json: Data(text.utf8), file: "broken.json")
            Issue.record("accepted invalid JSON")
        } catch {
            #expect(error.code == .malformed && error.reason.contains("line 3, column 13"), "\(error)")
        }
        do {
            _ = try PrinterProfile.decode(json: Data("{\n  \"id\": \"x\"\n  \"vendor\": \"y\"\n}".utf8), file: "comma.json")
            Issue.record("accepted a missing comma")
        } catch {
            #expect(error.reason.contains("line 3, column 3") && error.reason.contains("','"), "\(error)")
        }
    }

    @Test func anUnknownCodePageListsTheAcceptedNames() throws {
        var object = try Fixtures.profileJSON()
        object["codePage"] = ["name": "CP1252", "escT": 16]
        do {
            _ = try Fixtures.decode(object)
            Issue.record("accepted CP1252")
        } catch {
            #expect(error.field == "codePage.name", "\(error)")
            for name in ["CP437", "CP850", "CP858", "WPC1252"] { #expect(error.reason.contains(name), "\(error)") }
            #expect(!error.reason.contains("Cannot initialize"), "\(error)")
        }
    }

    @Test func anEmptyDevicesFolderIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-devices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("notes".utf8).write(to: folder.appendingPathComponent("README.md"))
        do {
            _ = try ProfileCatalog.load(directory: folder)
            Issue.record("an empty folder loaded as a catalog")
        } catch {
            #expect(error.code == .notFound && error.reason.contains("no printer profiles"), "\(error)")
        }
    }
}
