import Testing
@testable import TerminalFront

@Suite("Input decoding")
struct InputDecoderTests {
    @Test func tapArrivesAsPressAndRelease() {
        var decoder = InputDecoder()
        let events = decoder.decode(Array("\u{1B}[<0;20;7M\u{1B}[<0;20;7m".utf8))
        #expect(events == [
            .pointer(PointerEvent(button: 0, column: 20, row: 7, isPress: true)),
            .pointer(PointerEvent(button: 0, column: 20, row: 7, isPress: false)),
        ])
    }
}
