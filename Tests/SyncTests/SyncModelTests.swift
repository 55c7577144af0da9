import Foundation
import PropertyBased
import Testing

/// Model-based tests of the whole protocol: random interleavings of issuing, uploads that lose
/// their request or their answer, replays, concurrent retries, centre restarts and restores,
/// compaction and kiosk crashes, on real SQLite files through the real client and API.
@Suite("Sync model", .serialized)
struct SyncModelTests {
    static let steps = Gen.int(in: 0...9999).array(of: 4...40)

    /// Deterministic part: the same seeded cases on every run.
    static func seededCases(count: Int, seed: UInt64) -> [[Int]] {
        var generator = Xoshiro(seed: (seed, seed &* 31 &+ 7, 0x9E37_79B9_7F4A_7C15, 42))
        return (0..<count).map { _ in steps.run(using: &generator) }
    }

    @Test("seeded interleavings: no duplicate ever, and the centre ends equal to the kiosks")
    func seededInterleavings() async {
        for (index, values) in Self.seededCases(count: 40, seed: 2026).enumerated() {
            let ops = values.map(ModelOp.decode)
            let violations = await SyncModel.check(ops)
            #expect(violations.isEmpty, "case \(index): \(ops)\n\(violations.prefix(3).joined(separator: "\n"))")
            if !violations.isEmpty { return }
        }
    }

    @Test("random interleavings (shrinking on failure)", .shrinking)
    func randomInterleavings() async {
        await propertyCheck(count: 25, input: Self.steps) { values in
            let ops = values.map(ModelOp.decode)
            let violations = await SyncModel.check(ops)
            #expect(violations.isEmpty, "\(ops)\n\(violations.prefix(3).joined(separator: "\n"))")
        }
    }

    @Test("broken client (acknowledge on send) is caught")
    func ackOnSendIsCaught() async {
        let found = await Self.findViolation(variant: ModelVariant(ackOnSend: true))
        #expect(found != nil, "the model did not catch a client that acknowledges on send")
        if let found { print("ack-on-send counterexample: \(found.ops) → \(found.violation)") }
    }

    @Test("broken centre (check-then-insert) is caught")
    func checkThenInsertIsCaught() async {
        let found = await Self.findViolation(variant: ModelVariant(checkThenInsert: true))
        #expect(found != nil, "the model did not catch a centre that checks then inserts")
        if let found { print("check-then-insert counterexample: \(found.ops) → \(found.violation)") }
    }

    @Test("hand-written story: lost answers, restore from backup after compaction, crash")
    func restoreAfterCompaction() async {
        let ops: [ModelOp] = [
            .issue(kiosk: 0, count: 4), .upload(kiosk: 0, fault: .lostResponse), .upload(kiosk: 0, fault: .none),
            .backup, .upload(kiosk: 0, fault: .none), .compact(kiosk: 0), .issue(kiosk: 0, count: 3),
            .upload(kiosk: 0, fault: .none), .restore, .crash(kiosk: 0), .upload(kiosk: 0, fault: .none),
            .issue(kiosk: 1, count: 2), .concurrentRetry(kiosk: 1), .replay(kiosk: 1), .serverRestart, .replay(kiosk: 1),
        ]
        let violations = await SyncModel.check(ops)
        #expect(violations.isEmpty, "\(violations)")
    }

    /// Searches seeded cases for a violation and shrinks it greedily (drop one step at a time).
    static func findViolation(variant: ModelVariant) async -> (ops: [ModelOp], violation: String)? {
        for values in seededCases(count: 40, seed: 7) {
            var ops = values.map(ModelOp.decode)
            guard var violation = await SyncModel.check(ops, variant: variant).first else { continue }
            var index = 0
            while index < ops.count {
                var shorter = ops
                shorter.remove(at: index)
                if let found = await SyncModel.check(shorter, variant: variant).first {
                    ops = shorter
                    violation = found
                } else {
                    index += 1
                }
            }
            return (ops, violation)
        }
        return nil
    }
}
