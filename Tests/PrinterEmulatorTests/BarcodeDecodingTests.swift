import ESCPOS
import Foundation
import PrinterEmulator
import TestSupport
import Testing

/// zxing-cpp (PyPI `zxing-cpp`) through `Tests/Support/decode_barcodes.py`: a decoder that
/// shares no code with libzint or libqrencode.
enum IndependentDecoder {
    struct Symbol: Decodable {
        var format: String
        var symbologyIdentifier: String
        var text: String
        var bytesHex: String
        var valid: Bool
    }

    static let script = Fixtures.repository.appendingPathComponent("Tests/Support/decode_barcodes.py")
    static let environment = ProcessInfo.processInfo.environment

    /// CI (and anyone setting TURNERO_REQUIRE_DECODER=1) must run these tests: a missing
    /// decoder is then a failure, not a skip.
    static let required = environment["CI"] != nil || environment["TURNERO_REQUIRE_DECODER"] == "1"
    static let available: Bool = (try? run(["--check"]).status) == 0
    static let shouldRun = available || required

    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Every symbol zxing-cpp finds in the job's picture.
    static func decode(_ job: RenderedJob) throws -> [Symbol] {
        let folder = try TempDirectory("decode").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("job.png")
        try Data(job.pngData()).write(to: file)
        let (status, output) = try run([file.path])
        guard status == 0 else {
            throw FixtureError(
                message: "decoder failed (status \(status)): \(String(decoding: output, as: UTF8.self)) — run `pip install zxing-cpp Pillow`")
        }
        return try JSONDecoder().decode([Symbol].self, from: output)
    }
}

@Suite(
    "Rendered barcodes and QR codes decode with an independent decoder",
    .enabled(if: IndependentDecoder.shouldRun, "needs zxing-cpp: pip install zxing-cpp Pillow (CI installs it)"))
struct BarcodeDecodingTests {
    static let coupon = "(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331"

    private func render(_ elements: [Document.Element], on id: String) throws -> RenderedJob {
        let encoded = try ESCPOSEncoder(profile: try Fixtures.profile(id)).encode(Document(elements + [.feed(lines: 2), .cut(.partial)]))
        return try Fixtures.render(encoded.bytes, on: id)
    }

    @Test("the ticket's QR decodes to the turn id on every profile (native and raster)", arguments: Fixtures.profileIDs)
    func ticketQR(id: String) throws {
        let job = try Fixtures.render(try Fixtures.ticket(id).bytes, on: id)
        let symbols = try IndependentDecoder.decode(job)
        #expect(symbols.count == 1)
        #expect(symbols.first?.symbologyIdentifier == "]Q1")
        #expect(symbols.first?.text == TicketContent.sample.qrPayload)
    }

    @Test("GS1-128 from the native command decodes as ]C1 with its AIs")
    func nativeGS1() throws {
        let short = "(8020)0012345678(3900)0000131225(96)20260331"
        let job = try render([.barcode(Barcode(.gs1_128(short), heightDots: 100))], on: "epson-tm-t20iii")
        #expect(job.symbols.map(\.symbology) == ["GS1-128"])
        let symbol = try #require(try IndependentDecoder.decode(job).first)
        #expect(symbol.symbologyIdentifier == "]C1")
        #expect(symbol.text == short)
        #expect(symbol.bytesHex.contains("1d"))  // FNC1 after the variable-length AIs
    }

    @Test("the full coupon GS1-128 decodes as raster at 1 dot per module on 80 mm", arguments: ["epson-tm-t20iii", "bixolon-srp-350ii", "generic-80mm"])
    func rasterGS1(id: String) throws {
        let job = try render([.barcode(Barcode(.gs1_128(Self.coupon), heightDots: 120))], on: id)
        let symbol = try #require(try IndependentDecoder.decode(job).first)
        #expect(symbol.symbologyIdentifier == "]C1")
        #expect(symbol.text == Self.coupon)
    }

    @Test("a GS1-128 too wide for 58 mm prints rotated and still decodes")
    func rotatedGS1() throws {
        let job = try render([.barcode(Barcode(.gs1_128(Self.coupon), heightDots: 120, moduleWidth: 2, minimumModuleWidth: 2))], on: "pos-5890")
        let symbol = try #require(try IndependentDecoder.decode(job).first)
        #expect(symbol.symbologyIdentifier == "]C1")
        #expect(symbol.text == Self.coupon)
        #expect(job.image.height > 730)  // 365 modules × 2 dots down the paper
    }

    @Test("plain CODE128 decodes as ]C0, natively and as raster", arguments: ["epson-tm-t88vi", "pos-5890"])
    func code128(id: String) throws {
        let job = try render([.barcode(Barcode(.code128("Turno P-027 {ok}"), heightDots: 80))], on: id)
        let symbol = try #require(try IndependentDecoder.decode(job).first)
        #expect(symbol.symbologyIdentifier == "]C0")
        #expect(symbol.text == "Turno P-027 {ok}")
    }
}
