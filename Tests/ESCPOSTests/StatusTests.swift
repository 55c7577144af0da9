import ESCPOS
import Testing

@Suite("DLE EOT status parsing")
struct StatusTests {
    @Test("typical replies from the field notes")
    func typicalReplies() throws {
        let normal = try PrinterStatus(replies: [0x12, 0x12, 0x12, 0x12])
        #expect(normal == .normal && normal.canPrint)

        let paperOut = try PrinterStatus(replies: [0x1A, 0x32, 0x12, 0x7E])
        #expect(!paperOut.online && paperOut.paperOut && paperOut.paperNearEnd && !paperOut.canPrint)

        let coverOpen = try PrinterStatus(replies: [0x1A, 0x16, 0x12, 0x12])
        #expect(coverOpen.coverOpen && !coverOpen.online && !coverOpen.paperOut)

        let nearEnd = try PrinterStatus(replies: [0x12, 0x12, 0x12, 0x1E])
        #expect(nearEnd.paperNearEnd && !nearEnd.paperOut && nearEnd.canPrint)

        let cutter = try PrinterStatus(replies: [0x1A, 0x52, 0x1A, 0x12])
        #expect(cutter.cutterError && cutter.hasError && !cutter.canPrint)

        let unrecoverable = try PrinterStatus(replies: [0x1A, 0x52, 0x32, 0x12])
        #expect(unrecoverable.unrecoverableError)
    }

    @Test("reply(to:) and parsing agree for every combination of faults")
    func roundTrip() throws {
        for bits in 0..<64 {
            let status = PrinterStatus(
                online: bits & 1 == 0, coverOpen: bits & 2 != 0, paperNearEnd: bits & 4 != 0 || bits & 8 != 0,
                paperOut: bits & 8 != 0, cutterError: bits & 16 != 0, unrecoverableError: bits & 32 != 0)
            let replies = StatusQuery.allCases.map { status.reply(to: $0) }
            for reply in replies { #expect(reply & 0x93 == 0x12) }
            #expect(try PrinterStatus(replies: replies) == status)
        }
    }

    @Test("bytes without the fixed bits are rejected", arguments: [0x00, 0xFF, 0x10, 0x02, 0x13, 0x92, 0x32 | 0x80] as [UInt8])
    func fixedBits(byte: UInt8) {
        #expect {
            var status = PrinterStatus.normal
            try status.apply(byte, for: .paper)
        } throws: { error in
            (error as? StatusError)?.code == .missingFixedBits && (error as? StatusError)?.byte == byte
        }
    }

    @Test("a short reply is an error, not a guess")
    func missingReply() {
        #expect(throws: StatusError.self) { _ = try PrinterStatus(replies: [0x12, 0x12]) }
    }

    @Test("query commands")
    func commands() {
        #expect(StatusQuery.paper.command == [0x10, 0x04, 0x04])
        #expect(StatusQuery.allCommands == [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4])
    }
}
