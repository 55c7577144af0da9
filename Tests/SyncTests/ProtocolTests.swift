import Foundation
import SyncClient
import SyncProtocol
import Testing
import TurneroCore

/// Pure pieces: signing, gzip, checksums, batch shape, backoff and the uploader's state machine.
@Suite("Sync protocol pieces")
struct ProtocolTests {
    let secret = Array("0123456789abcdef0123456789abcdef".utf8)

    @Test("a signature verifies only for the same method, target, body, kiosk, time and nonce")
    func signature() {
        let body = Array("{\"a\":1}".utf8)
        let parts = RequestSignature.sign(
            method: "POST", target: "/v1/kiosks/k/events", body: body, kioskId: "k", timestamp: 1000, nonce: "00112233445566778899aabbccddeeff",
            secret: secret)
        #expect(RequestSignature.isValid(parts, method: "POST", target: "/v1/kiosks/k/events", body: body, secret: secret))
        #expect(!RequestSignature.isValid(parts, method: "GET", target: "/v1/kiosks/k/events", body: body, secret: secret))
        #expect(!RequestSignature.isValid(parts, method: "POST", target: "/v1/kiosks/x/events", body: body, secret: secret))
        #expect(!RequestSignature.isValid(parts, method: "POST", target: "/v1/kiosks/k/events", body: body + [0x20], secret: secret))
        var later = parts
        later.timestamp += 1
        #expect(!RequestSignature.isValid(later, method: "POST", target: "/v1/kiosks/k/events", body: body, secret: secret))
        var other = parts
        other.kioskId = "j"
        #expect(!RequestSignature.isValid(other, method: "POST", target: "/v1/kiosks/k/events", body: body, secret: secret))
        var garbage = parts
        garbage.signature = "not base64!"
        #expect(!RequestSignature.isValid(garbage, method: "POST", target: "/v1/kiosks/k/events", body: body, secret: secret))
        #expect(RequestSignature.isWellFormedNonce("00112233445566778899aabbccddeeff"))
        #expect(!RequestSignature.isWellFormedNonce("xyz"))
    }

    @Test("gzip round-trips, refuses garbage and stops at the inflate limit")
    func gzip() throws {
        let data = Array(String(repeating: "turnero ", count: 10_000).utf8)
        let packed = try Gzip.compress(data)
        #expect(packed.count < data.count / 20)
        #expect(try Gzip.decompress(packed, limit: data.count) == data)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(packed, limit: data.count - 1) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(packed.prefix(packed.count / 2)), limit: 1 << 20) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress([1, 2, 3], limit: 100) }
        #expect(try Gzip.decompress(Gzip.compress([]), limit: 10) == [])
    }

    @Test("dataset checksum: order-independent input, sensitive to every byte and to row boundaries")
    func checksum() {
        let a = DatasetSnapshot(name: "bills", version: 1, rows: [.init(key: "b", value: "2"), .init(key: "a", value: "1")])
        let b = DatasetSnapshot(name: "bills", version: 1, rows: [.init(key: "a", value: "1"), .init(key: "b", value: "2")])
        #expect(a.checksum == b.checksum && a.rows.map(\.key) == ["a", "b"] && a.isIntact)
        let shifted = DatasetSnapshot(name: "bills", version: 1, rows: [.init(key: "a", value: "1b"), .init(key: "", value: "2")])
        #expect(shifted.checksum != a.checksum)
        var tampered = a
        tampered.rows[0].value = "9"
        #expect(!tampered.isIntact)
    }

    @Test("batch shape: contiguous, in order, from ≥ 1, valid epoch")
    func batchShape() {
        func event(_ seq: Int64) -> WireEvent { WireEvent(seq: seq, eventId: "x", type: "t", day: "2026-01-01", occurredAt: 0, payload: "{}") }
        #expect(EventBatch(dbEpoch: "e", events: [event(3), event(4)], next: 3).shapeProblem == nil)
        #expect(EventBatch(dbEpoch: "e", events: [], next: 7).shapeProblem == nil)
        #expect(EventBatch(dbEpoch: "e", fromSeq: 3, toSeq: 4, events: [event(4), event(3)]).shapeProblem != nil)
        #expect(EventBatch(dbEpoch: "e", fromSeq: 3, toSeq: 5, events: [event(3), event(5)]).shapeProblem != nil)
        #expect(EventBatch(dbEpoch: "e", fromSeq: 0, toSeq: -1, events: []).shapeProblem != nil)
        #expect(EventBatch(dbEpoch: "bad epoch!", events: [], next: 1).shapeProblem != nil)
    }

    @Test("full-jitter backoff stays under its ceiling and never under Retry-After")
    func backoff() {
        var random = SplitMix64(seed: 3)
        let backoff = Backoff(base: 1, cap: 60)
        for attempt in 1...12 {
            let delay = backoff.delay(attempt: attempt, using: &random)
            #expect(delay >= 0 && delay <= min(60, pow(2, Double(attempt - 1))))
            #expect(backoff.delay(attempt: attempt, retryAfter: 30, using: &random) >= 30)
        }
    }

    @Test("the uploader's state machine: drain, rest, back off, shrink batches, block")
    func stateMachine() {
        var random = SplitMix64(seed: 5)
        var loop = SyncLoop(batchSize: 200, interval: 30, backoff: Backoff(base: 1, cap: 8))
        #expect(loop.next(after: .uploaded(more: true), using: &random) == .upload(batchSize: 200))
        #expect(loop.next(after: .uploaded(more: false), using: &random) == .rest(seconds: 30))
        #expect(loop.state == .idle)
        guard case .retry(let first) = loop.next(after: .failed(retryAfter: 5), using: &random) else { Issue.record(); return }
        #expect(first >= 5 && loop.state == .backingOff(attempt: 1))
        _ = loop.next(after: .failed(retryAfter: nil), using: &random)
        #expect(loop.state == .backingOff(attempt: 2) && loop.batchSize == 100)
        _ = loop.next(after: .batchRefused, using: &random)
        #expect(loop.batchSize == 25)
        #expect(loop.next(after: .uploaded(more: true), using: &random) == .upload(batchSize: 50))
        #expect(loop.next(after: .blocked(reason: "seq_conflict"), using: &random) == .rest(seconds: 300))
        #expect(loop.state == .blocked(reason: "seq_conflict"))
        #expect(loop.next(after: .caughtUp, using: &random) == .rest(seconds: 30))
    }
}
