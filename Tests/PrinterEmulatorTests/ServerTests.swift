import ESCPOS
import Foundation
import PrinterEmulator
import Testing

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A minimal blocking TCP client for the tests.
final class TestClient {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw FixtureError(message: "connect failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func receive(_ count: Int) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: count)
        while received.count < count {
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, count - received.count, 0) }
            guard n > 0 else { break }
            received += buffer.prefix(n)
        }
        return received
    }

    func closeWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }
}

@Suite("TCP emulator", .serialized)
struct ServerTests {
    private func waitFor(_ condition: () -> Bool) async throws {
        await Waiting.until(timeout: .seconds(10), condition)
    }

    @Test("jobs arrive over TCP and land as PNG, transcript and bytes; DLE EOT reports injected faults")
    func endToEnd() async throws {
        let folder = try TempDirectory("emulator").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = LockedJobs()
        let server = try EmulatorServer(
            configuration: .init(
                profile: try Fixtures.profile("epson-tm-t88vi"), outputDirectory: folder, port: 0,
                onJob: { saved.append($0) }))
        try server.start()
        defer { server.stop() }
        #expect(server.port > 0)

        let ticket = try Fixtures.ticket("epson-tm-t88vi").bytes
        do {
            let client = try TestClient(port: server.port)
            client.send(StatusQuery.allCommands)
            #expect(client.receive(4) == [0x12, 0x12, 0x12, 0x12])
            server.faults = .coverOpen
            client.send(StatusQuery.allCommands)
            #expect(client.receive(4) == [0x1A, 0x16, 0x12, 0x12])
            server.faults = []
            client.send(ticket)
            client.send(Array("sin corte\n".utf8))
            client.closeWrite()
            _ = client.receive(1)  // wait for the server to close its side
        }
        try await waitFor { server.jobsWritten == 2 }
        #expect(server.jobsWritten == 2)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["0001.bin", "0001.png", "0001.txt", "0002.bin", "0002.png", "0002.txt"])
        let first = try Data(contentsOf: folder.appendingPathComponent("0001.bin"))
        #expect(Array(first) == StatusQuery.allCommands + StatusQuery.allCommands + ticket)
        let transcript = try String(contentsOf: folder.appendingPathComponent("0001.txt"), encoding: .utf8)
        #expect(transcript.contains("Personas antes de usted: 3") && transcript.contains("partial cut"))
        let second = try String(contentsOf: folder.appendingPathComponent("0002.txt"), encoding: .utf8)
        #expect(second.contains("sin corte") && second.contains("no cut"))
        #expect(saved.count == 2)
    }

    @Test("a second server on the same port fails with addressInUse; numbering continues after a restart")
    func portInUseAndNumbering() async throws {
        let folder = try TempDirectory("emulator").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try Fixtures.profile("generic-58mm")
        let first = try EmulatorServer(configuration: .init(profile: profile, outputDirectory: folder, port: 0))
        try first.start()
        let second = try EmulatorServer(configuration: .init(profile: profile, outputDirectory: folder, port: first.port))
        #expect {
            try second.start()
        } throws: { ($0 as? EmulatorError)?.code == .addressInUse }
        do {
            let client = try TestClient(port: first.port)
            client.send(Array("uno\n".utf8))
            client.closeWrite()
            _ = client.receive(1)
        }
        try await waitFor { first.jobsWritten == 1 }
        first.stop()
        first.stop()  // idempotent

        let restarted = try EmulatorServer(configuration: .init(profile: profile, outputDirectory: folder, port: 0))
        try restarted.start()
        do {
            let client = try TestClient(port: restarted.port)
            client.send(Array("dos\n".utf8))
            client.closeWrite()
            _ = client.receive(1)
        }
        try await waitFor { restarted.jobsWritten == 1 }
        restarted.stop()
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("0002.png").path))
    }

    @Test("stop() returns while a client keeps its connection open, and the partial job is kept")
    func stopWithOpenConnection() async throws {
        let folder = try TempDirectory("emulator").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try EmulatorServer(configuration: .init(profile: try Fixtures.profile("generic-80mm"), outputDirectory: folder, port: 0))
        try server.start()
        let client = try TestClient(port: server.port)
        client.send(Array("pendiente\n".utf8))
        try await waitFor { server.bytesReceived >= "pendiente\n".utf8.count }
        server.stop()
        #expect(server.jobsWritten == 1)
        _ = client
    }

    @Test("bad configuration is refused up front")
    func badConfiguration() throws {
        let profile = try Fixtures.profile("generic-80mm")
        let folder = FileManager.default.temporaryDirectory
        #expect(throws: EmulatorError.self) { _ = try EmulatorServer(configuration: .init(profile: profile, outputDirectory: folder, port: 70000)) }
        let server = try EmulatorServer(configuration: .init(profile: profile, outputDirectory: folder, host: "::1", port: 0))
        #expect {
            try server.start()
        } throws: { ($0 as? EmulatorError)?.code == .invalidConfiguration }
    }
}

/// Jobs reported by the server thread.
final class LockedJobs: @unchecked Sendable {  // `jobs` is only touched under `lock`
    private let lock = NSLock()
    private var jobs: [EmulatorServer.SavedJob] = []

    func append(_ job: EmulatorServer.SavedJob) { lock.withLock { jobs.append(job) } }
    var count: Int { lock.withLock { jobs.count } }
}
